using System.Text.Json;
using L = Paddle.paddle.fluid.layers;

namespace DetectionService;

/// <summary>
/// POST /nms: <c>fluid.layers.multiclass_nms</c> with Paddle's parameters and defaults
/// (score_threshold, nms_top_k and keep_top_k are required, as in Paddle). Two layouts:
/// bboxes [N, M, 4] with scores [N, C, M]; or bboxes [M, C, 4] with scores [M, C] and
/// rois_num (boxes per image). Runs the multiclass_nms3 op, which also returns per-image counts.
/// </summary>
public sealed record NmsRequest(
    DenseTensor BBoxes, DenseTensor Scores, int[]? RoisNum, double ScoreThreshold, int NmsTopK, int KeepTopK,
    double NmsThreshold, bool Normalized, double NmsEta, int BackgroundLabel)
{
    private static readonly string[] Fields =
    {
        "bboxes", "scores", "rois_num", "score_threshold", "nms_top_k", "keep_top_k", "nms_threshold",
        "normalized", "nms_eta", "background_label",
    };

    public static NmsRequest Read(JsonElement root, DetectionServiceOptions o)
    {
        var r = new RequestReader(root, "nms", o.MaxTensorElements, Fields);
        return new NmsRequest(
            r.Tensor("bboxes"), r.Tensor("scores"), r.Ints("rois_num"),
            r.Float("score_threshold"), r.Int("nms_top_k"), r.Int("keep_top_k"),
            r.Float("nms_threshold", 0.3), r.Bool("normalized", true), r.Float("nms_eta", 1.0),
            r.Int("background_label", 0));
    }
}

/// <summary>
/// The multiclass_nms result: <c>out</c> rows [label, score, x1, y1, x2, y2] grouped by image
/// (classes ascending within an image), <c>rois_num</c> rows per image, <c>index</c> the kept
/// box of each row (n*M + i; in the rois_num layout (row*C + class)). An image with nothing
/// kept has count 0 (multiclass_nms v1's [[-1]] placeholder is not used).
/// </summary>
public sealed record NmsResponse(float[][] Out, int[] RoisNum, int[] Index);

internal static class NmsEndpoint
{
    public static NmsResponse Run(NmsRequest q, DetectionServiceOptions o)
    {
        CheckCost(q, o);
        using var scope = paddle.NewScope();  // every tensor below is freed when the request ends
        Tensor bboxes = Tensors.From("bboxes", q.BBoxes);
        Tensor scores = Tensors.From("scores", q.Scores);
        Tensor? roisNum = q.RoisNum is null ? null : paddle.to_tensor(q.RoisNum);
        Tensor[] r = L.multiclass_nms3(bboxes, scores, q.ScoreThreshold, q.NmsTopK, q.KeepTopK, q.NmsThreshold,
            q.Normalized, q.NmsEta, q.BackgroundLabel, roisNum);
        float[] flat = r[0].ToArray<float>();
        var rows = new float[flat.Length / 6][];
        for (int i = 0; i < rows.Length; i++) rows[i] = flat.AsSpan(i * 6, 6).ToArray();
        return new NmsResponse(rows, r[1].ToArray<int>(), r[2].ToArray<int>());
    }

    // Worst case of greedy NMS: every candidate compared with every kept box, per (image, class).
    private static void CheckCost(NmsRequest q, DetectionServiceOptions o)
    {
        long[] s = q.Scores.Shape;
        double groups, boxes;
        if (s.Length == 3) { groups = (double)s[0] * s[1]; boxes = s[2]; }       // [N, C, M]
        else if (s.Length == 2) { groups = s[1]; boxes = s[0]; }                // [M, C]: one image may hold all M
        else return;                                                            // the engine rejects the rank
        double k = q.NmsTopK > -1 ? Math.Min(boxes, q.NmsTopK) : boxes;
        double pairs = groups * k * k / 2;
        if (pairs > o.MaxNmsPairs)
            throw new RequestValidationException(
                $"nms: up to {pairs:0} IoU evaluations ({groups:0} image-class groups x {k:0} candidates); this service allows at most {o.MaxNmsPairs:0} (lower nms_top_k)");
    }
}
