namespace Paddle.Bench.Report;

/// <summary>What each side of a category runs, printed under the report's table.</summary>
internal static class CaseNotes
{
    public static readonly (string Category, string Note)[] Managed =
    {
        ("CallOverhead", "1-element add. Managed: `new float[1]` + `TensorPrimitives.Add`. ORT: one `session.Run` of a 1-element Add. Measures per-call cost (target: `paddle.add` < 1 µs)."),
        ("Add1M", "Managed: `TensorPrimitives.Add` (one thread, SIMD) into a preallocated array. ORT: `Add`, output allocated per call (as ours)."),
        ("Add16M", "As Add1M, 16M floats (64 MiB per tensor: memory-bandwidth bound)."),
        ("Sum16M", "Full reduction. Managed: `TensorPrimitives.Sum` (one thread). ORT: `ReduceSum`, no axes input, keepdims=0."),
        ("MatMul256", "Managed: i-k-j loop with `TensorPrimitives.MultiplyAdd` per row, `Parallel.For` over rows. Ours: oneDNN sgemm. ORT: `MatMul` (MLAS)."),
        ("MatMul1024", "As MatMul256, 1024³."),
        ("Softmax1024x1024", "Last axis. Managed: `TensorPrimitives.SoftMax` per row, `Parallel.For` over rows. ORT: `Softmax` axis=-1 (opset 13 semantics: per row)."),
        ("RoiAlign8x256x50x50R1000", "8×256×50×50 map, 1000 RoIs, 7×7, sampling_ratio 2, scale 1/16, aligned=False. Managed: Detectron-style loop, `Parallel.For` over RoIs. ORT: `RoiAlign` mode avg with coordinate_transformation_mode=output_half_pixel (= Paddle aligned=False; Paddle aligned=True = ORT half_pixel, also verified); ORT takes a batch index per RoI where Paddle takes per-image counts."),
        ("Sort1M", "Managed: copy + `Array.Sort`. ORT has no Sort op (TopK with k=N would add indices): no ORT column."),
        ("TopK1M", "Managed: copy + full `Array.Sort`. ORT: `TopK` largest=1 sorted=1, values + int64 indices (as `paddle.topk`); ties may come in another index order (checked: each index points at its value)."),
        ("MulticlassNms_1x21x8732_top400_keep200", "SSD300 setting: 21 classes (0 = background), nms_top_k 400, keep_top_k 200, score > 0.01, IoU > 0.45. Managed: per class threshold, sort, top-k, greedy IoU, `Parallel.For` over classes. No ORT column: ORT's NonMaxSuppression has no pre-NMS top-k nor a keep-top-k across classes."),
        ("MulticlassNms_1x21x8732_all", "The setting ORT can express: no nms_top_k / keep_top_k, no background class, max_output_boxes_per_class = M (no cap), center_point_box=0, normalized (no +1). Paddle, managed and ORT pick the same (class, box) sequence (checked)."),
        ("Nms_10000", "One class, 10 000 boxes, same semantics as the row above (checked)."),
    };

    /// <summary>Position of a category in the report (unknown ones last).</summary>
    public static int Order(string category)
    {
        int i = Array.FindIndex(Managed, n => n.Category == category);
        return i < 0 ? int.MaxValue : i;
    }

    public static string For(string category) =>
        Managed.FirstOrDefault(n => n.Category == category).Note ?? "";
}
