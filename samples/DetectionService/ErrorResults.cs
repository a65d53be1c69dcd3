using System.Text.Json;
using Paddle;
using Paddle.Interop;

namespace DetectionService;

/// <summary>
/// Turns what a bad request can raise into an HTTP answer (RFC 7807 problem details): the body's
/// "detail" is the exact message, "source" says who rejected the request (json, service,
/// engine), and for the engine "op" and "native_status" come from <see cref="IPaddleError"/>.
/// </summary>
internal static class ErrorResults
{
    public static IResult? ForClientError(Exception e) => e switch
    {
        JsonException j => Problem(400, "Malformed JSON", j.Message, "json"),
        RequestValidationException { InnerException: IPaddleError p } v =>
            Problem(400, "Rejected by the Paddle engine", v.Message, "engine", p.OpName, p.Status.ToString()),
        RequestValidationException v => Problem(400, "Invalid request", v.Message, "service"),
        // An engine bug (PD_INTERNAL) is not the client's fault: it stays a 500.
        IPaddleError p when p.Status != pd_status.PD_INTERNAL =>
            Problem(400, "Rejected by the Paddle engine", e.Message, "engine", p.OpName, p.Status.ToString()),
        // The managed API's own checks (e.g. "boxes_num should not be None in dygraph mode.").
        ArgumentException a => Problem(400, "Rejected by the Paddle API", a.Message, "paddle"),
        BadHttpRequestException b => Problem(b.StatusCode, "Bad HTTP request", b.Message, "http"),
        _ => null,
    };

    private static IResult Problem(int status, string title, string detail, string source, string? op = null,
        string? nativeStatus = null)
    {
        var ext = new Dictionary<string, object?> { ["source"] = source };
        if (op != null) ext["op"] = op;
        if (nativeStatus != null) ext["native_status"] = nativeStatus;
        return Results.Problem(detail: detail, statusCode: status, title: title, extensions: ext);
    }
}
