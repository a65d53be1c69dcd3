using System.Text.Json;

namespace DetectionService.Tests;

/// <summary>
/// One request and how to judge its answer: <see cref="Check"/> returns null when the (status, body)
/// is right, else what is wrong.
/// </summary>
public sealed record Case(string Kind, string Path, string Body, Func<int, JsonElement, string?> Check);

/// <summary>
/// Random small requests: valid /nms and /roi_align with their expected answers from the plain C#
/// references, and malformed ones (one per class of mistake) with the message fragment the 400
/// must carry. Every number is a dyadic rational, so JSON carries it exactly.
/// </summary>
public static class Cases
{
    private static T Pick<T>(Random r, params T[] v) => v[r.Next(v.Length)];

    // k / 2^bits for k in [lo, hi): exact in float32, double and JSON.
    private static float Dy(Random r, double lo, double hi, int bits) =>
        (float)(Math.Floor((lo + r.NextDouble() * (hi - lo)) * (1 << bits)) / (1 << bits));

    // ---------------------------------------------------------------- valid /nms

    public static (RequestBody Body, NmsExpected Expected) ValidNms(Random r)
    {
        var body = new RequestBody("/nms");
        int C = r.Next(1, 5);
        double scoreThr = Pick(r, 0.0, 0.05, 0.25, 0.5);
        int topK = r.Next(3) == 0 ? -1 : r.Next(0, 9);
        int keepTopK = r.Next(3) == 0 ? -1 : r.Next(0, 12);
        double? nmsThr = Pick<double?>(r, null, 0.1, 0.5, 0.7, 0.9);
        bool? normalized = Pick<bool?>(r, null, true, false);
        double? eta = Pick<double?>(r, null, 1.0, 0.9, 0.6);
        int? bg = Pick<int?>(r, null, 0, -1, r.Next(C));
        var p = new NmsParams((float)scoreThr, topK, keepTopK, (float)(nmsThr ?? 0.3), normalized ?? true,
            (float)(eta ?? 1.0), bg ?? 0);
        double extent = p.Normalized ? 1 : 24;
        // Coarse scores tie with each other and with the threshold; clustered boxes (jittered copies
        // of two boxes) give IoUs all over (0, 1), so the adaptive threshold matters.
        int scoreBits = Pick(r, 3, 12);
        bool clustered = r.Next(2) == 0;
        float[][] bases = { FreeBox(), FreeBox() };

        float[] FreeBox()
        {
            float x1 = Dy(r, 0, extent, 6), y1 = Dy(r, 0, extent, 6);
            float w = Dy(r, -0.1 * extent, 0.6 * extent, 6), h = Dy(r, -0.1 * extent, 0.6 * extent, 6);
            return new[] { x1, y1, x1 + w, y1 + h };
        }

        float[] Box()
        {
            if (!clustered) return FreeBox();
            float[] b = bases[r.Next(2)];
            return b.Select(v => v + Dy(r, -0.08 * extent, 0.08 * extent, 6)).ToArray();
        }

        NmsExpected expected;
        if (r.Next(4) > 0)
        {
            // Dense layout: bboxes [N, M, 4], scores [N, C, M].
            int N = r.Next(1, 4), M = r.Next(0, 10);
            float[] boxes = Enumerable.Range(0, N * M).SelectMany(_ => Box()).ToArray();
            float[] scores = Enumerable.Range(0, N * C * M).Select(_ => Dy(r, 0, 1, scoreBits)).ToArray();
            body.Set("bboxes", Json.Tensor(r, boxes, N, M, 4)).Set("scores", Json.Tensor(r, scores, N, C, M));
            expected = NmsReference.Dense(boxes, scores, N, C, M, p);
        }
        else
        {
            // LoD layout: bboxes [R, C, 4], scores [R, C], rois_num per image.
            int N = r.Next(1, 4);
            int[] num = Enumerable.Range(0, N).Select(_ => r.Next(0, 5)).ToArray();
            int R = num.Sum();
            float[] boxes = Enumerable.Range(0, R * C).SelectMany(_ => Box()).ToArray();
            float[] scores = Enumerable.Range(0, R * C).Select(_ => Dy(r, 0, 1, scoreBits)).ToArray();
            body.Set("bboxes", Json.Tensor(r, boxes, R, C, 4)).Set("scores", Json.Tensor(r, scores, R, C))
                .Set("rois_num", Json.Ints(num));
            expected = NmsReference.Lod(boxes, scores, C, num, p);
        }
        body.Set("score_threshold", Json.Num(scoreThr)).Set("nms_top_k", topK.ToString()).Set("keep_top_k", keepTopK.ToString());
        if (nmsThr is double t) body.Set("nms_threshold", Json.Num(t));
        if (normalized is bool nb) body.Set("normalized", nb ? "true" : "false");
        if (eta is double e) body.Set("nms_eta", Json.Num(e));
        if (bg is int b) body.Set("background_label", b.ToString());
        return (body, expected);
    }

    public static string? CheckNms(NmsExpected want, int status, JsonElement got)
    {
        if (status != 200) return $"status {status}: {got}";
        var rows = got.GetProperty("out");
        if (rows.GetArrayLength() != want.Rows.Count) return $"{rows.GetArrayLength()} rows, expected {want.Rows.Count}";
        int i = 0;
        foreach (var row in rows.EnumerateArray())
        {
            float[] v = row.EnumerateArray().Select(x => x.GetSingle()).ToArray();
            if (!v.SequenceEqual(want.Rows[i]))
                return $"row {i} is [{string.Join(", ", v)}], expected [{string.Join(", ", want.Rows[i])}]";
            i++;
        }
        int[] counts = got.GetProperty("rois_num").EnumerateArray().Select(x => x.GetInt32()).ToArray();
        if (!counts.SequenceEqual(want.Counts))
            return $"rois_num [{string.Join(", ", counts)}], expected [{string.Join(", ", want.Counts)}]";
        int[] index = got.GetProperty("index").EnumerateArray().Select(x => x.GetInt32()).ToArray();
        if (!index.SequenceEqual(want.Index))
            return $"index [{string.Join(", ", index)}], expected [{string.Join(", ", want.Index)}]";
        return null;
    }

    // ---------------------------------------------------------------- valid /roi_align

    public static (RequestBody Body, long[] Shape, double[] Values) ValidRoiAlign(Random r)
    {
        int N = r.Next(1, 3), C = r.Next(1, 4), H = r.Next(8) == 0 ? 0 : r.Next(1, 7), W = r.Next(1, 7);
        float[] x = Enumerable.Range(0, N * C * H * W).Select(_ => Dy(r, -2, 2, 8)).ToArray();
        int[] num = Enumerable.Range(0, N).Select(_ => r.Next(0, 4)).ToArray();
        int R = num.Sum();
        var p = new RoiAlignParams(r.Next(1, 4), r.Next(1, 4), Pick(r, 1f, 0.5f, 0.25f, 2f), Pick(r, -1, -1, 0, 1, 2),
            r.Next(2) == 0);
        float[] rois = new float[R * 4];
        for (int i = 0; i < R; i++)
        {
            float x1 = Dy(r, -2, W / p.SpatialScale + 2, 4), y1 = Dy(r, -2, H / p.SpatialScale + 2, 4);
            rois[4 * i] = x1;
            rois[4 * i + 1] = y1;
            rois[4 * i + 2] = x1 + Dy(r, -1, W / p.SpatialScale, 4);
            rois[4 * i + 3] = y1 + Dy(r, -1, H / p.SpatialScale, 4);
        }
        var body = new RequestBody("/roi_align")
            .Set("input", Json.Tensor(r, x, N, C, H, W)).Set("rois", Json.Tensor(r, rois, R, 4)).Set("rois_num", Json.Ints(num));
        // Defaults are sometimes left out, so the service's defaults are checked as well.
        if (p.PooledHeight != 1 || r.Next(2) == 0) body.Set("pooled_height", p.PooledHeight.ToString());
        if (p.PooledWidth != 1 || r.Next(2) == 0) body.Set("pooled_width", p.PooledWidth.ToString());
        if (p.SpatialScale != 1f || r.Next(2) == 0) body.Set("spatial_scale", Json.Num(p.SpatialScale));
        if (p.SamplingRatio != -1 || r.Next(2) == 0) body.Set("sampling_ratio", p.SamplingRatio.ToString());
        if (p.Aligned || r.Next(2) == 0) body.Set("aligned", p.Aligned ? "true" : "false");
        double[] y = RoiAlignReference.Run(x, N, C, H, W, rois, num, p, out long[] shape);
        return (body, shape, y);
    }

    public static string? CheckRoiAlign(long[] shape, double[] want, int status, JsonElement got)
    {
        if (status != 200) return $"status {status}: {got}";
        long[] s = got.GetProperty("shape").EnumerateArray().Select(v => v.GetInt64()).ToArray();
        if (!s.SequenceEqual(shape)) return $"shape [{string.Join(", ", s)}], expected [{string.Join(", ", shape)}]";
        float[] v = got.GetProperty("values").EnumerateArray().Select(e => e.GetSingle()).ToArray();
        if (v.Length != want.Length) return $"{v.Length} values, expected {want.Length}";
        for (int i = 0; i < v.Length; i++)
            if (!(Math.Abs(v[i] - want[i]) <= 1e-4 * (1 + Math.Abs(want[i]))))
                return $"value {i} is {v[i]}, expected {want[i]}";
        return null;
    }

    // ---------------------------------------------------------------- malformed

    /// <summary>A malformed request: 400, problem "source" and a fragment of "detail".</summary>
    public sealed record Bad(string Name, string Path, string Body, string Source, string Fragment);

    public static string? CheckBad(Bad b, int status, JsonElement got)
    {
        if (status != 400) return $"status {status}, expected 400: {got}";
        if (got.ValueKind != JsonValueKind.Object || !got.TryGetProperty("detail", out var d) || d.GetString() is not { Length: > 0 } detail)
            return $"no non-empty 'detail' in {got}";
        string source = got.TryGetProperty("source", out var s) ? s.GetString() ?? "" : "";
        if (source != b.Source) return $"source '{source}', expected '{b.Source}' (detail: {detail})";
        if (!detail.Contains(b.Fragment, StringComparison.Ordinal)) return $"detail '{detail}' lacks '{b.Fragment}'";
        return null;
    }

    private static RequestBody Nms(Random r) => ValidNms(r).Body;
    private static RequestBody Roi(Random r) => ValidRoiAlign(r).Body;

    // A dense-layout /nms body with fixed N, M, C, so shapes can be broken on purpose.
    private static RequestBody NmsDense(Random r, int N = 2, int M = 3, int C = 2) => new RequestBody("/nms")
        .Set("bboxes", Json.Tensor(r, new float[N * M * 4], N, M, 4))
        .Set("scores", Json.Tensor(r, Enumerable.Range(0, N * C * M).Select(i => i / 64f).ToArray(), N, C, M))
        .Set("score_threshold", "0.05").Set("nms_top_k", "10").Set("keep_top_k", "10");

    // A /roi_align body with N images, C channels, 2 RoIs, both on image 0.
    private static RequestBody RoiFixed(Random r, int N = 1, int C = 2) => new RequestBody("/roi_align")
        .Set("input", Json.Tensor(r, new float[N * C * 4 * 4], N, C, 4, 4))
        .Set("rois", Json.Tensor(r, new float[] { 0, 0, 2, 2, 1, 1, 3, 3 }, 2, 4))
        .Set("rois_num", Json.Ints(new[] { 2 }.Concat(Enumerable.Repeat(0, N - 1))));

    private static Bad B(string name, RequestBody body, string source, string fragment) =>
        new(name, body.Path, body.ToString(), source, fragment);

    /// <summary>Every class of malformed request; each entry makes one random instance.</summary>
    public static readonly (string Name, Func<Random, Bad> Make)[] Malformed =
    {
        ("truncated JSON", r =>
        {
            string s = (r.Next(2) == 0 ? Nms(r) : Roi(r)).ToString();
            return new Bad("truncated JSON", r.Next(2) == 0 ? "/nms" : "/roi_align", s[..r.Next(1, s.Length)], "json", "");
        }),
        ("not JSON", r => new Bad("not JSON", Pick(r, "/nms", "/roi_align"),
            Pick(r, "", "nope", "{\"bboxes\": NaN}", "{\"a\": 1,}", "[1, 2", "{'bboxes': 1}", "{\"x\": tru}"), "json", "")),
        ("too deeply nested", r => new Bad("too deeply nested", "/roi_align",
            "{\"input\": " + new string('[', 20) + "1" + new string(']', 20) + "}", "json", "maximum configured depth")),
        ("body not an object", r => new Bad("body not an object", Pick(r, "/nms", "/roi_align"),
            Pick(r, "[]", "42", "\"x\"", "null", "true"), "service", "the request body must be a JSON object")),
        ("unknown field", r => B("unknown field", Nms(r).Set("nms_treshold", "0.5"), "service", "unknown field 'nms_treshold'")),
        ("duplicate field", r => B("duplicate field", Roi(r).Append("rois_num", "[1]"), "service", "field 'rois_num' appears twice")),
        ("missing required", r => r.Next(2) == 0
            ? B("missing required", Nms(r).Remove("keep_top_k"), "service", "keep_top_k: required")
            : B("missing required", Roi(r).Remove("rois"), "service", "rois: required")),
        ("wrong field type", r => r.Next(4) switch
        {
            0 => B("wrong field type", Nms(r).Set("normalized", "\"yes\""), "service", "normalized: expected true or false"),
            1 => B("wrong field type", Nms(r).Set("score_threshold", "\"high\""), "service", "score_threshold: expected a number"),
            2 => B("wrong field type", Roi(r).Set("rois_num", "[1.5]"), "service", "rois_num[0]: expected a 32-bit integer"),
            _ => B("wrong field type", Roi(r).Set("sampling_ratio", "2.5"), "service", "sampling_ratio: expected a 32-bit integer"),
        }),
        ("non-numeric element", r => B("non-numeric element",
            NmsDense(r).Set("scores", Pick(r, "[[[0.1, \"NaN\", 0.3]]]", "[[[0.1, null, 0.3]]]", "[[[true, 0.2, 0.3]]]")),
            "service", "expected a number, got")),
        ("non-finite float32", r => B("non-finite float32",
            RoiFixed(r).Set("rois", Pick(r, "[[0, 0, 1e39, 2]]", "[[0, 0, 2, -1e300]]")), "service", "is not a finite float32 value")),
        ("ragged array", r => r.Next(2) == 0
            ? B("ragged array", NmsDense(r).Set("bboxes", "[[[0, 0, 1, 1], [0, 0, 1]]]"), "service", "nested arrays must be rectangular")
            : B("ragged array", RoiFixed(r).Set("rois", "[[0, 0, 1, 1], 5]"), "service", "the array is ragged")),
        ("negative dimension", r => B("negative dimension",
            RoiFixed(r).Set("input", "{\"shape\": [1, -2, 4, 4], \"data\": []}"), "service", "input.shape[1] is -2; expected a non-negative size")),
        ("data does not match shape", r => B("data does not match shape",
            NmsDense(r).Set("bboxes", "{\"shape\": [1, 2, 4], \"data\": [1, 2, 3]}"), "service", "bboxes.data has 3 values but shape [1, 2, 4] needs 8")),
        ("oversize tensor", r => B("oversize tensor",
            NmsDense(r).Set("scores", "{\"shape\": [1048576, 1048576, 4], \"data\": []}"), "service", "elements, the most this service accepts per tensor")),
        ("oversize output", r => B("oversize output",
            RoiFixed(r).Set("pooled_height", "100000").Set("pooled_width", "100000"), "service", "this service allows at most")),
        ("oversize sampling", r => B("oversize sampling",
            RoiFixed(r).Set("sampling_ratio", "1000000"), "service", "bilinear samples")),
        ("integer overflow", r => r.Next(2) == 0
            ? B("integer overflow", RoiFixed(r).Set("pooled_height", "3000000000"), "service", "pooled_height: expected a 32-bit integer")
            : B("integer overflow", NmsDense(r).Set("nms_top_k", "1e10"), "service", "nms_top_k: expected a 32-bit integer")),
        ("rank above 9", r => B("rank above 9",
            NmsDense(r).Set("bboxes", "{\"shape\": [1, 1, 1, 1, 1, 1, 1, 1, 1, 1], \"data\": [1]}"), "engine", "at most 9 is supported")),
        ("empty arrays", r => r.Next(3) switch
        {
            0 => B("empty arrays", NmsDense(r).Set("bboxes", "[]"), "engine", "BBoxes must have rank 3 ([N, M, 4])"),
            1 => B("empty arrays", RoiFixed(r).Set("input", "[]"), "engine", "expected a 4-D tensor [N, C, H, W]"),
            _ => B("empty arrays", RoiFixed(r).Set("rois", "[]").Set("rois_num", "[0]"), "engine", "expected a 2-D tensor [R, 4]"),
        }),
        ("nms box size", r => B("nms box size",
            NmsDense(r).Set("bboxes", Json.Tensor(r, new float[2 * 3 * 5], 2, 3, 5)), "engine", "has box size 5; only 4")),
        ("nms wrong rank", r => r.Next(2) == 0
            ? B("nms wrong rank", NmsDense(r).Set("bboxes", Json.Tensor(r, new float[12], 3, 4)), "engine", "BBoxes must have rank 3")
            : B("nms wrong rank", NmsDense(r).Set("scores", Json.Tensor(r, new float[12], 1, 2, 3, 2)), "engine",
                "Scores must have rank 3 ([N, C, M]) or rank 2")),
        ("nms shape mismatch", r => r.Next(2) == 0
            ? B("nms shape mismatch", NmsDense(r).Set("scores", Json.Tensor(r, new float[2 * 2 * 4], 2, 2, 4)), "engine",
                "expected BBoxes.dims[1] == Scores.dims[2]")
            : B("nms shape mismatch", NmsDense(r).Set("scores", Json.Tensor(r, new float[3 * 2 * 3], 3, 2, 3)), "engine",
                "have different batch sizes")),
        ("nms rois_num", r =>
        {
            var b = new RequestBody("/nms").Set("bboxes", Json.Tensor(r, new float[3 * 2 * 4], 3, 2, 4))
                .Set("scores", Json.Tensor(r, new float[6], 3, 2)).Set("score_threshold", "0").Set("nms_top_k", "-1").Set("keep_top_k", "-1");
            return r.Next(2) == 0
                ? B("nms rois_num", b.Set("rois_num", "[1, 1]"), "engine", "RoisNum adds up to 2 boxes but BBoxes has 3 rows")
                : B("nms rois_num", b.Set("rois_num", "[4, -1]"), "engine", "RoisNum[1] is -1; expected a non-negative box count");
        }),
        ("nms_eta not positive", r => B("nms_eta not positive",
            Nms(r).Set("nms_eta", Pick(r, "0", "-0.5", "\"NaN\"")), "engine", "expected nms_eta > 0")),
        ("roi wrong rank", r => B("roi wrong rank",
            RoiFixed(r).Set("input", Json.Tensor(r, new float[8], 2, 2, 2)), "engine", "expected a 4-D tensor [N, C, H, W]")),
        ("roi rois shape", r => B("roi rois shape",
            RoiFixed(r).Set("rois", Json.Tensor(r, new float[6], 2, 3)), "engine", "expected a 2-D tensor [R, 4] of boxes")),
        ("roi pooled size", r => r.Next(2) == 0
            ? B("roi pooled size", Roi(r).Set("pooled_height", Pick(r, "0", "-3")), "engine", "expected pooled_height > 0")
            : B("roi pooled size", Roi(r).Set("pooled_width", Pick(r, "0", "-3")), "engine", "expected pooled_width > 0")),
        ("roi spatial_scale", r => B("roi spatial_scale",
            Roi(r).Set("spatial_scale", Pick(r, "0", "-1", "\"NaN\"", "\"-Infinity\"")), "engine", "expected spatial_scale > 0")),
        ("roi rois_num", r => r.Next(3) switch
        {
            0 => B("roi rois_num", RoiFixed(r).Set("rois_num", "[2, 0]"), "engine", "input RoisNum has 2 entries but X has batch size 1"),
            1 => B("roi rois_num", RoiFixed(r).Set("rois_num", "[3]"), "engine", "RoisNum adds up to 3 RoIs but ROIs has 2 rows"),
            _ => B("roi rois_num", RoiFixed(r, N: 2).Set("rois_num", "[3, -1]"), "engine", "input RoisNum[1] is -1; expected a non-negative RoI count"),
        }),
        ("roi without rois_num", r => r.Next(2) == 0
            ? B("roi without rois_num", RoiFixed(r).Remove("rois_num"), "engine", "input ROIs does not contain LoD and RoisNum is not given")
            : B("roi without rois_num", RoiFixed(r).Remove("rois_num").Set("aligned", "true"), "paddle", "boxes_num should not be None")),
    };
}
