using BenchmarkDotNet.Attributes;

namespace Paddle.Bench;

/// <summary>
/// multiclass_nms (issue 4): SSD300's 8732 priors x 21 classes (background 0), nms_top_k 400,
/// keep_top_k 200, score_threshold 0.01, IoU 0.45; and single-class NMS over 10 000 boxes.
/// Paddle.NET's native op vs a straightforward managed C# implementation of the same algorithm
/// (per class: threshold, stable sort by score, top-k, greedy IoU suppression; then keep_top_k
/// over all classes) on the same float[] data — the honest "what a .NET team would write" baseline.
/// </summary>
public class NmsBench : PaddleBenchBase
{
    private const int M = 8732, C = 21, M1 = 10000;
    private float[] _boxes = null!, _scores = null!, _boxes1 = null!, _scores1 = null!;
    private Tensor _tb = null!, _ts = null!, _tb1 = null!, _ts1 = null!;

    private static float[] RandomBoxes(int m, int seed)
    {
        var rng = new Random(seed);
        var b = new float[m * 4];
        for (int i = 0; i < m; i++)
        {
            float cx = rng.NextSingle(), cy = rng.NextSingle(), w = 0.02f + rng.NextSingle() * 0.3f, h = 0.02f + rng.NextSingle() * 0.3f;
            b[4 * i] = cx - w / 2; b[4 * i + 1] = cy - h / 2; b[4 * i + 2] = cx + w / 2; b[4 * i + 3] = cy + h / 2;
        }
        return b;
    }

    private static float[] RandomScores(int n, int seed)
    {
        var rng = new Random(seed);
        var s = new float[n];
        // Mostly low scores with a tail of confident ones, like a softmaxed SSD head.
        for (int i = 0; i < n; i++) s[i] = MathF.Pow(rng.NextSingle(), 6f);
        return s;
    }

    [GlobalSetup]
    public void Setup()
    {
        _boxes = RandomBoxes(M, 1);
        _scores = RandomScores(C * M, 2);
        _boxes1 = RandomBoxes(M1, 3);
        _scores1 = RandomScores(M1, 4);
        _tb = paddle.to_tensor(_boxes).reshape(new long[] { 1, M, 4 });
        _ts = paddle.to_tensor(_scores).reshape(new long[] { 1, C, M });
        _tb1 = paddle.to_tensor(_boxes1).reshape(new long[] { 1, M1, 4 });
        _ts1 = paddle.to_tensor(_scores1).reshape(new long[] { 1, 1, M1 });
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _tb.Dispose(); _ts.Dispose(); _tb1.Dispose(); _ts1.Dispose();
    }

    private static float Iou(float[] b, int i, int j)
    {
        float ax0 = b[4 * i], ay0 = b[4 * i + 1], ax1 = b[4 * i + 2], ay1 = b[4 * i + 3];
        float bx0 = b[4 * j], by0 = b[4 * j + 1], bx1 = b[4 * j + 2], by1 = b[4 * j + 3];
        if (bx0 > ax1 || bx1 < ax0 || by0 > ay1 || by1 < ay0) return 0f;
        float iw = MathF.Min(ax1, bx1) - MathF.Max(ax0, bx0), ih = MathF.Min(ay1, by1) - MathF.Max(ay0, by0);
        float inter = iw * ih;
        float aa = (ax1 - ax0) * (ay1 - ay0), ab = (bx1 - bx0) * (by1 - by0);
        return inter / (aa + ab - inter);
    }

    // One class: candidates above threshold, stable sort by score desc, top-k, greedy suppression.
    private static List<int> NmsClass(float[] boxes, float[] scores, int offset, int m, float thr, int topK, float iouThr)
    {
        var cand = new List<int>();
        for (int i = 0; i < m; i++) if (scores[offset + i] > thr) cand.Add(i);
        var keys = cand.Select(i => -scores[offset + i]).ToArray();
        var idx = cand.ToArray();
        Array.Sort(keys, idx);   // ties keep index order closely enough for a timing baseline
        int n = topK > -1 ? Math.Min(topK, idx.Length) : idx.Length;
        var kept = new List<int>();
        for (int c = 0; c < n; c++)
        {
            int i = idx[c];
            bool keep = true;
            foreach (int k in kept) if (Iou(boxes, i, k) > iouThr) { keep = false; break; }
            if (keep) kept.Add(i);
        }
        return kept;
    }

    private static int ManagedMulticlass(float[] boxes, float[] scores, int m, int classes, int background, int topK, int keepTopK)
    {
        var perClass = new List<int>[classes];
        Parallel.For(0, classes, c =>
        {
            perClass[c] = c == background ? new List<int>() : NmsClass(boxes, scores, c * m, m, 0.01f, topK, 0.45f);
        });
        var all = new List<(float score, int cls, int idx)>();
        for (int c = 0; c < classes; c++) foreach (int i in perClass[c]) all.Add((scores[c * m + i], c, i));
        if (keepTopK > -1 && all.Count > keepTopK)
            all = all.OrderByDescending(t => t.score).Take(keepTopK).ToList();
        return all.Count;
    }

    [BenchmarkCategory("MulticlassNms_1x21x8732"), Benchmark(Baseline = true)]
    public int ManagedMulticlassNms() => ManagedMulticlass(_boxes, _scores, M, C, 0, 400, 200);

    [BenchmarkCategory("MulticlassNms_1x21x8732"), Benchmark]
    public long PaddleMulticlassNms()
    {
        using var r = paddle.fluid.layers.multiclass_nms(_tb, _ts, 0.01, 400, 200, nms_threshold: 0.45);
        return r.shape[0];
    }

    [BenchmarkCategory("Nms_10000"), Benchmark(Baseline = true)]
    public int ManagedSingleClassNms() => NmsClass(_boxes1, _scores1, 0, M1, 0.01f, -1, 0.45f).Count;

    [BenchmarkCategory("Nms_10000"), Benchmark]
    public long PaddleSingleClassNms()
    {
        using var r = paddle.fluid.layers.multiclass_nms(_tb1, _ts1, 0.01, -1, -1, nms_threshold: 0.45, background_label: -1);
        return r.shape[0];
    }
}
