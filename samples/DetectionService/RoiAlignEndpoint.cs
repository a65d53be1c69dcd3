using System.Text.Json;
using L = Paddle.paddle.fluid.layers;
using V = Paddle.paddle.vision.ops;

namespace DetectionService;

/// <summary>
/// POST /roi_align: <c>fluid.layers.roi_align(input, rois, pooled_height=1, pooled_width=1,
/// spatial_scale=1.0, sampling_ratio=-1, rois_num=None)</c> plus the op's <c>aligned</c> attribute
/// (default false as in the fluid API; <c>paddle.vision.ops.roi_align</c> uses true). input is
/// [N, C, H, W], rois [R, 4] (x1, y1, x2, y2), rois_num the RoIs per image (JSON cannot carry
/// Paddle's LoD, so without rois_num the engine reports the missing LoD).
/// </summary>
public sealed record RoiAlignRequest(
    DenseTensor Input, DenseTensor Rois, int[]? RoisNum, int PooledHeight, int PooledWidth, double SpatialScale,
    int SamplingRatio, bool Aligned)
{
    private static readonly string[] Fields =
    {
        "input", "rois", "rois_num", "pooled_height", "pooled_width", "spatial_scale", "sampling_ratio", "aligned",
    };

    public static RoiAlignRequest Read(JsonElement root, DetectionServiceOptions o)
    {
        var r = new RequestReader(root, "roi_align", o.MaxTensorElements, Fields);
        return new RoiAlignRequest(
            r.Tensor("input"), r.Tensor("rois"), r.Ints("rois_num"),
            r.Int("pooled_height", 1), r.Int("pooled_width", 1), r.Float("spatial_scale", 1.0),
            r.Int("sampling_ratio", -1), r.Bool("aligned", false));
    }
}

/// <summary>The output [R, C, pooled_height, pooled_width]: its shape and row-major values.</summary>
public sealed record RoiAlignResponse(long[] Shape, float[] Values);

internal static class RoiAlignEndpoint
{
    public static RoiAlignResponse Run(RoiAlignRequest q, DetectionServiceOptions o)
    {
        CheckCost(q, o);
        using var scope = paddle.NewScope();  // every tensor below is freed when the request ends
        Tensor x = Tensors.From("input", q.Input);
        Tensor rois = Tensors.From("rois", q.Rois);
        Tensor? num = q.RoisNum is null ? null : paddle.to_tensor(q.RoisNum);
        Tensor y = q.Aligned
            ? V.roi_align(x, rois, num!, (q.PooledHeight, q.PooledWidth), q.SpatialScale, q.SamplingRatio, aligned: true)
            : L.roi_align(x, rois, q.PooledHeight, q.PooledWidth, q.SpatialScale, q.SamplingRatio, num);
        return new RoiAlignResponse(y.shape, y.ToArray<float>());
    }

    // Output size and sampling work of a request the engine would accept; requests it rejects
    // (wrong ranks, sizes <= 0, spatial_scale <= 0) go to the engine for its message.
    private static void CheckCost(RoiAlignRequest q, DetectionServiceOptions o)
    {
        long[] xs = q.Input.Shape, rs = q.Rois.Shape;
        if (xs.Length != 4 || rs.Length != 2 || rs[1] != 4 || q.PooledHeight <= 0 || q.PooledWidth <= 0
            || !(q.SpatialScale > 0))
            return;
        double ph = q.PooledHeight, pw = q.PooledWidth, perRoi = xs[1] * ph * pw;
        double outputs = rs[0] * perRoi;
        if (outputs > o.MaxOutputElements)
            throw new RequestValidationException(
                $"roi_align: the output [{rs[0]}, {xs[1]}, {q.PooledHeight}, {q.PooledWidth}] would have {outputs:0} elements; this service allows at most {o.MaxOutputElements}");
        double samples = 0;
        float[] b = q.Rois.Data;
        for (long r = 0; r < rs[0]; r++)
        {
            double w = ((double)b[4 * r + 2] - b[4 * r]) * q.SpatialScale;
            double h = ((double)b[4 * r + 3] - b[4 * r + 1]) * q.SpatialScale;
            if (!q.Aligned) { w = Math.Max(w, 1); h = Math.Max(h, 1); }
            samples += perRoi * Grid(h / ph, q.SamplingRatio) * Grid(w / pw, q.SamplingRatio);
        }
        if (samples > o.MaxRoiAlignSamples)
            throw new RequestValidationException(
                $"roi_align: {samples:0} bilinear samples (RoIs x channels x bins x sampling grid); this service allows at most {o.MaxRoiAlignSamples:0} (set sampling_ratio or use smaller RoIs)");
    }

    // The engine's sampling grid per bin axis: sampling_ratio, or ceil(bin size) capped at 2^20.
    private static double Grid(double bin, int samplingRatio) =>
        samplingRatio > 0 ? samplingRatio : Math.Clamp(Math.Ceiling(double.IsNaN(bin) ? 0 : bin), 0, 1 << 20);
}
