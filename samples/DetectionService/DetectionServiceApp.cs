using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Configuration.Memory;
using Paddle.Interop;
using L = Paddle.paddle.fluid.layers;

namespace DetectionService;

/// <summary>The native library is missing, does not load, or speaks another ABI.</summary>
public sealed class ServiceStartupException(string message, Exception inner) : Exception(message, inner);

/// <summary>
/// Builds the detection service: POST /nms, POST /roi_align, GET /health. Program.cs runs it;
/// tests start the same app on 127.0.0.1 port 0 (<c>--urls http://127.0.0.1:0</c>).
/// </summary>
public static class DetectionServiceApp
{
    // Tensors have rank 9 at most (the engine checks that); JSON nested deeper than 16 is refused by the parser.
    private static readonly JsonDocumentOptions s_jsonLimits = new() { MaxDepth = 16 };

    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        // Defaults below every other source (appsettings, environment, command line override them):
        // per-request Information logs would cost more than a small NMS.
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource
        {
            InitialData = new Dictionary<string, string?> { ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning" },
        });
        var options = builder.Configuration.GetSection(DetectionServiceOptions.Section).Get<DetectionServiceOptions>()
                      ?? new DetectionServiceOptions();
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<RequestStats>();
        builder.Services.AddProblemDetails();
        builder.Services.ConfigureHttpJsonOptions(j =>
        {
            j.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
            // Finite inputs can still overflow float32 (roi_align sums its samples); such a value is
            // written "Infinity" / "NaN" instead of failing the response.
            j.SerializerOptions.NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals;
        });
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = options.MaxRequestBodyBytes);

        LoadNativeOrThrow();  // once, before the first request; a broken install stops here

        var app = builder.Build();
        var stats = app.Services.GetRequiredService<RequestStats>();
        app.MapPost("/nms", (HttpRequest req) =>
            Serve(req, stats, options, root => NmsEndpoint.Run(NmsRequest.Read(root, options), options)));
        app.MapPost("/roi_align", (HttpRequest req) =>
            Serve(req, stats, options, root => RoiAlignEndpoint.Run(RoiAlignRequest.Read(root, options), options)));
        app.MapGet("/health", () => Results.Json(HealthEndpoint.Read(stats)));
        return app;
    }

    /// <summary>
    /// Loads libpaddle_native, checks its ABI and resolves the two ops with a tiny run. Failures
    /// carry the loader's diagnostic (every path tried, the RID, the missing dependency).
    /// </summary>
    public static void LoadNativeOrThrow()
    {
        try
        {
            NativeLibraryLoader.Load();
            using var scope = paddle.NewScope();
            var boxes = paddle.to_tensor(new float[,,] { { { 0, 0, 1, 1 } } });
            var scores = paddle.to_tensor(new float[,,] { { { 0.5f } } });
            L.multiclass_nms3(boxes, scores, 0.0, -1, -1);
            L.roi_align(paddle.zeros(new[] { 1, 1, 2, 2 }), paddle.to_tensor(new float[,] { { 0, 0, 1, 1 } }),
                rois_num: paddle.to_tensor(new[] { 1 }));
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or BadImageFormatException
                                       or InvalidOperationException)
        {
            throw new ServiceStartupException($"DetectionService: the Paddle native library is unusable: {e.Message}", e);
        }
    }

    // Parses the body, runs the op synchronously on this thread (a DisposeScope belongs to one
    // thread, so no await may happen between opening and closing it) and maps client errors to 400.
    private static async Task<IResult> Serve<T>(HttpRequest request, RequestStats stats, DetectionServiceOptions options,
        Func<JsonElement, T> compute)
    {
        try
        {
            using var doc = await JsonDocument.ParseAsync(request.Body, s_jsonLimits, request.HttpContext.RequestAborted);
            // omp_set_num_threads is per calling thread, so it is set on the thread that runs the op.
            paddle.Runtime.SetNumThreads(options.IntraOpThreads);
            T result = compute(doc.RootElement);
            stats.Ok();
            return Results.Json(result);
        }
        catch (Exception e) when (ErrorResults.ForClientError(e) is IResult bad)
        {
            stats.Rejected();
            return bad;
        }
        catch (OperationCanceledException) when (request.HttpContext.RequestAborted.IsCancellationRequested)
        {
            return Results.Empty;  // the client went away while sending its body; nobody reads an answer
        }
        catch
        {
            stats.Failed();
            throw;
        }
    }
}
