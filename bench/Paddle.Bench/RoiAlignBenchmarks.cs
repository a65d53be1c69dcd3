using BenchmarkDotNet.Attributes;
using Paddle.Bench.Onnx;
using static Paddle.Bench.Onnx.OnnxGraph;

namespace Paddle.Bench;

/// <summary>
/// roi_align (issue 4): 8x256x50x50 float32 map, 1000 RoIs, 7x7 bins, sampling_ratio 2,
/// spatial_scale 1/16, aligned=False. Paddle.NET's native op vs a straightforward managed C#
/// roi_align (the usual Detectron-style loop, Parallel.For over RoIs, bilinear sample computed per
/// channel) on the same float[] data, and ONNX Runtime's RoiAlign (opset 16+, mode "avg").
/// All produce the full [1000, 256, 7, 7] output.
/// Semantics: Paddle's aligned=False (fluid.layers.roi_align) is ORT's
/// coordinate_transformation_mode="output_half_pixel" (no half-pixel shift, RoI sides clamped to
/// at least 1); aligned=True (paddle.vision.ops.roi_align's default) is ORT's "half_pixel" (the
/// opset-16 default). ORT takes a batch index per RoI where Paddle takes per-image RoI counts.
/// Verify checks both pairings.
/// </summary>
public class RoiAlignBench : PaddleBenchBase, IVerifiedBench
{
    private const int N = 8, C = 256, H = 50, W = 50, R = 1000, P = 7, SR = 2;
    private const float Scale = 1f / 16f;

    private float[] _x = null!, _rois = null!;
    private Tensor _tx = null!, _trois = null!, _tnums = null!;
    private long[] _batchIndex = null!;
    private OrtOp _ort = null!;

    private OrtOp OrtRoiAlign(string mode) =>
        new(new OnnxGraph("RoiAlign").Input("x", F32, N, C, H, W).Input("rois", F32, R, 4).Input("batch_indices", I64, R)
                .Attr("coordinate_transformation_mode", mode).Attr("mode", "avg")
                .Attr("output_height", (long)P).Attr("output_width", (long)P)
                .Attr("sampling_ratio", (long)SR).Attr("spatial_scale", Scale)
                .Output("y", F32, R, C, P, P),
            ("x", OrtOp.Tensor(_x, N, C, H, W)), ("rois", OrtOp.Tensor(_rois, R, 4)), ("batch_indices", OrtOp.Tensor(_batchIndex, R)));

    [GlobalSetup]
    public void Setup()
    {
        _x = RandomArray(N * C * H * W, 3);
        var rng = new Random(5);
        _rois = new float[R * 4];
        for (int r = 0; r < R; r++)
        {
            float x1 = rng.NextSingle() * 700f, y1 = rng.NextSingle() * 700f;
            _rois[4 * r] = x1;
            _rois[4 * r + 1] = y1;
            _rois[4 * r + 2] = Math.Min(799f, x1 + 16f + rng.NextSingle() * 284f);
            _rois[4 * r + 3] = Math.Min(799f, y1 + 16f + rng.NextSingle() * 284f);
        }
        _tx = paddle.to_tensor(_x).reshape(new long[] { N, C, H, W });
        _trois = paddle.to_tensor(_rois).reshape(new long[] { R, 4 });
        _tnums = paddle.to_tensor(Enumerable.Repeat(R / N, N).ToArray()).astype(DType.int32);
        _batchIndex = Enumerable.Range(0, R).Select(r => (long)(r / (R / N))).ToArray();
        _ort = OrtRoiAlign("output_half_pixel");
    }

    public void Verify()
    {
        var managed = Managed_RoiAlign_8x256x50x50_R1000();
        using (var o = paddle.fluid.layers.roi_align(_tx, _trois, P, P, Scale, SR, _tnums))
        {
            var ours = o.ToArray<float>();
            BenchCheck.Close("roi_align paddle vs managed", managed, ours, 1e-5f, 1e-5f);
            var (ort, shape) = _ort.RunCopy<float>();
            BenchCheck.Shape("roi_align ORT shape", new long[] { R, C, P, P }, shape);
            BenchCheck.Close("roi_align (aligned=False) ORT output_half_pixel vs paddle", ours, ort, 1e-5f, 1e-5f);
        }
        using (var o = paddle.vision.ops.roi_align(_tx, _trois, _tnums, P, Scale, SR, aligned: true))
        using (var half = OrtRoiAlign("half_pixel"))
            BenchCheck.Close("roi_align (aligned=True) ORT half_pixel vs paddle", o.ToArray<float>(), half.RunCopy<float>().data, 1e-5f, 1e-5f);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _tx.Dispose();
        _trois.Dispose();
        _tnums.Dispose();
        _ort.Dispose();
    }

    private static float Bilinear(float[] x, int plane, float y, float xx)
    {
        if (y < -1f || y > H || xx < -1f || xx > W) return 0f;
        if (y < 0f) y = 0f;
        if (xx < 0f) xx = 0f;
        int y0 = (int)y, x0 = (int)xx, y1, x1;
        if (y0 >= H - 1) { y0 = y1 = H - 1; y = y0; } else y1 = y0 + 1;
        if (x0 >= W - 1) { x0 = x1 = W - 1; xx = x0; } else x1 = x0 + 1;
        float ly = y - y0, lx = xx - x0, hy = 1f - ly, hx = 1f - lx;
        return hy * hx * x[plane + y0 * W + x0] + hy * lx * x[plane + y0 * W + x1]
             + ly * hx * x[plane + y1 * W + x0] + ly * lx * x[plane + y1 * W + x1];
    }

    [BenchmarkCategory("RoiAlign8x256x50x50R1000"), Benchmark(Baseline = true)]
    public float[] Managed_RoiAlign_8x256x50x50_R1000()
    {
        var x = _x;
        var rois = _rois;
        var output = new float[R * C * P * P];
        Parallel.For(0, R, r =>
        {
            int b = r / (R / N);
            float x1 = rois[4 * r] * Scale, y1 = rois[4 * r + 1] * Scale;
            float rw = Math.Max(rois[4 * r + 2] * Scale - x1, 1f), rh = Math.Max(rois[4 * r + 3] * Scale - y1, 1f);
            float bw = rw / P, bh = rh / P;
            for (int c = 0; c < C; c++)
            {
                int plane = (b * C + c) * H * W;
                for (int ph = 0; ph < P; ph++)
                    for (int pw = 0; pw < P; pw++)
                    {
                        float s = 0f;
                        for (int iy = 0; iy < SR; iy++)
                            for (int ix = 0; ix < SR; ix++)
                                s += Bilinear(x, plane, y1 + ph * bh + (iy + .5f) * bh / SR, x1 + pw * bw + (ix + .5f) * bw / SR);
                        output[((r * C + c) * P + ph) * P + pw] = s / (SR * SR);
                    }
            }
        });
        return output;
    }

    [BenchmarkCategory("RoiAlign8x256x50x50R1000"), Benchmark]
    public void Paddle_RoiAlign_8x256x50x50_R1000()
    {
        using var o = paddle.fluid.layers.roi_align(_tx, _trois, P, P, Scale, SR, _tnums);
    }

    [BenchmarkCategory("RoiAlign8x256x50x50R1000"), Benchmark]
    public void Ort_RoiAlign_8x256x50x50_R1000() { using var o = _ort.Run(); }
}
