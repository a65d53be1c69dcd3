namespace DetectionService.Tests;

/// <summary>Parameters of one multiclass_nms call (Paddle's names).</summary>
public sealed record NmsParams(float ScoreThreshold, int NmsTopK, int KeepTopK, float NmsThreshold, bool Normalized,
    float NmsEta, int BackgroundLabel);

/// <summary>Expected multiclass_nms output: rows [label, score, x1, y1, x2, y2], rows per image, kept index per row.</summary>
public sealed record NmsExpected(List<float[]> Rows, int[] Counts, List<int> Index);

/// <summary>
/// Plain C# multiclass_nms after Paddle's CPU kernel (multiclass_nms_op.cc): per (image, class)
/// candidates with score &gt; score_threshold, sorted by score (ties: lower index), cut to nms_top_k,
/// greedy suppression with JaccardOverlap &gt; an adaptive threshold; then keep_top_k over the
/// image (stable by score), rows ordered by class. All arithmetic in float32, as the kernel's.
/// </summary>
public static class NmsReference
{
    private static float Area(ReadOnlySpan<float> b, bool normalized)
    {
        if (b[2] < b[0] || b[3] < b[1]) return 0f;
        float w = b[2] - b[0], h = b[3] - b[1];
        return normalized ? w * h : (w + 1f) * (h + 1f);
    }

    public static float Iou(ReadOnlySpan<float> a, ReadOnlySpan<float> b, bool normalized)
    {
        if (b[0] > a[2] || b[2] < a[0] || b[1] > a[3] || b[3] < a[1]) return 0f;
        float off = normalized ? 0f : 1f;
        float ix0 = Math.Max(a[0], b[0]), iy0 = Math.Max(a[1], b[1]);
        float ix1 = Math.Min(a[2], b[2]), iy1 = Math.Min(a[3], b[3]);
        float inter = (ix1 - ix0 + off) * (iy1 - iy0 + off);
        return inter / (Area(a, normalized) + Area(b, normalized) - inter);
    }

    // Greedy NMS over m boxes of one (image, class); returns kept indices in keep order.
    private static List<int> Greedy(int m, Func<int, float> score, Func<int, float[]> box, NmsParams p)
    {
        var cand = new List<(float s, int i)>();
        for (int i = 0; i < m; i++)
            if (score(i) > p.ScoreThreshold) cand.Add((score(i), i));
        cand.Sort((x, y) => x.s != y.s ? y.s.CompareTo(x.s) : x.i.CompareTo(y.i));
        if (p.NmsTopK > -1 && p.NmsTopK < cand.Count) cand.RemoveRange(p.NmsTopK, cand.Count - p.NmsTopK);
        var keep = new List<int>();
        float thr = p.NmsThreshold;
        foreach (var (_, i) in cand)
        {
            bool ok = true;
            foreach (int k in keep)
                if (!(Iou(box(i), box(k), p.Normalized) <= thr)) { ok = false; break; }
            if (!ok) continue;
            keep.Add(i);
            if (p.NmsEta < 1f && thr > 0.5f) thr *= p.NmsEta;
        }
        return keep;
    }

    // One image: per-class kept lists, keep_top_k, rows. sortIdx: the LoD layout lists indices ascending.
    private static void Image(int C, int m, Func<int, int, float> score, Func<int, int, float[]> box, Func<int, int, int> index,
        NmsParams p, bool sortIdx, NmsExpected into, int n)
    {
        var sel = new List<int>[C];
        for (int c = 0; c < C; c++)
        {
            sel[c] = c == p.BackgroundLabel ? new List<int>() : Greedy(m, i => score(c, i), i => box(c, i), p);
            if (sortIdx) sel[c].Sort();
        }
        int total = sel.Sum(s => s.Count);
        if (p.KeepTopK > -1 && total > p.KeepTopK)
        {
            var all = new List<(float s, int c, int i)>();
            for (int c = 0; c < C; c++) foreach (int i in sel[c]) all.Add((score(c, i), c, i));
            // OrderByDescending is a stable sort.
            var kept = all.OrderByDescending(t => t.s).Take(p.KeepTopK).ToList();
            for (int c = 0; c < C; c++) sel[c] = kept.Where(t => t.c == c).Select(t => t.i).ToList();
            if (sortIdx) foreach (var s in sel) s.Sort();
        }
        int rows = 0;
        for (int c = 0; c < C; c++)
            foreach (int i in sel[c])
            {
                float[] b = box(c, i);
                into.Rows.Add(new[] { (float)c, score(c, i), b[0], b[1], b[2], b[3] });
                into.Index.Add(index(c, i));
                rows++;
            }
        into.Counts[n] = rows;
    }

    /// <summary>boxes [N, M, 4], scores [N, C, M].</summary>
    public static NmsExpected Dense(float[] boxes, float[] scores, int N, int C, int M, NmsParams p)
    {
        var r = new NmsExpected(new(), new int[N], new());
        for (int n = 0; n < N; n++)
        {
            int nn = n;
            Image(C, M, (c, i) => scores[(nn * C + c) * M + i], (c, i) => boxes.AsSpan((nn * M + i) * 4, 4).ToArray(),
                (c, i) => nn * M + i, p, false, r, n);
        }
        return r;
    }

    /// <summary>boxes [R, C, 4], scores [R, C], rows per image in roisNum.</summary>
    public static NmsExpected Lod(float[] boxes, float[] scores, int C, int[] roisNum, NmsParams p)
    {
        var r = new NmsExpected(new(), new int[roisNum.Length], new());
        int off = 0;
        for (int n = 0; n < roisNum.Length; n++)
        {
            int o = off;
            Image(C, roisNum[n], (c, i) => scores[(o + i) * C + c], (c, i) => boxes.AsSpan(((o + i) * C + c) * 4, 4).ToArray(),
                (c, i) => (o + i) * C + c, p, true, r, n);
            off += roisNum[n];
        }
        return r;
    }
}

/// <summary>Parameters of one roi_align call.</summary>
public sealed record RoiAlignParams(int PooledHeight, int PooledWidth, float SpatialScale, int SamplingRatio, bool Aligned);

/// <summary>
/// Plain C# RoI Align after Paddle's CPU kernel (roi_align_op.h): bins of (roi size / pooled
/// size), with aligned=False the RoI is at least 1x1 and with aligned=True shifted by half a
/// pixel; sampling_ratio (or ceil(bin size)) points per bin axis; a bilinear sample outside
/// [-1, H] x [-1, W] adds 0; the bin value is the sum over the divisor max(grid points, 1).
/// Geometry in float32 as the kernel computes it; sums in double.
/// </summary>
public static class RoiAlignReference
{
    private static double Bilinear(float[] x, int plane, int H, int W, float y, float xx)
    {
        if (y < -1f || y > H || xx < -1f || xx > W || H == 0 || W == 0) return 0;
        if (y <= 0) y = 0;
        if (xx <= 0) xx = 0;
        int yl = (int)y, xl = (int)xx, yh, xh;
        if (yl >= H - 1) { yh = yl = H - 1; y = yl; } else yh = yl + 1;
        if (xl >= W - 1) { xh = xl = W - 1; xx = xl; } else xh = xl + 1;
        float ly = y - yl, lx = xx - xl, hy = 1f - ly, hx = 1f - lx;
        double v(int r, int c) => x[plane + r * W + c];
        return hy * hx * v(yl, xl) + hy * lx * v(yl, xh) + ly * hx * v(yh, xl) + ly * lx * v(yh, xh);
    }

    public static double[] Run(float[] x, int N, int C, int H, int W, float[] rois, int[] roisNum, RoiAlignParams p,
        out long[] shape)
    {
        int R = rois.Length / 4, PH = p.PooledHeight, PW = p.PooledWidth;
        shape = new long[] { R, C, PH, PW };
        var batch = new int[R];
        for (int n = 0, r = 0; n < N; n++)
            for (int k = 0; k < roisNum[n]; k++) batch[r++] = n;
        var y = new double[R * C * PH * PW];
        float off = p.Aligned ? 0.5f : 0f;
        for (int r = 0; r < R; r++)
        {
            float x1 = rois[4 * r] * p.SpatialScale - off, y1 = rois[4 * r + 1] * p.SpatialScale - off;
            float x2 = rois[4 * r + 2] * p.SpatialScale - off, y2 = rois[4 * r + 3] * p.SpatialScale - off;
            float rw = x2 - x1, rh = y2 - y1;
            if (!p.Aligned) { rw = Math.Max(rw, 1f); rh = Math.Max(rh, 1f); }
            float binH = rh / PH, binW = rw / PW;
            int gh = p.SamplingRatio > 0 ? p.SamplingRatio : (int)MathF.Ceiling(binH);
            int gw = p.SamplingRatio > 0 ? p.SamplingRatio : (int)MathF.Ceiling(binW);
            double count = Math.Max(gh * gw, 1);
            for (int c = 0; c < C; c++)
            {
                int plane = (batch[r] * C + c) * H * W;
                for (int ph = 0; ph < PH; ph++)
                    for (int pw = 0; pw < PW; pw++)
                    {
                        double sum = 0;
                        for (int iy = 0; iy < gh; iy++)
                        {
                            float sy = y1 + ph * binH + (float)(iy + 0.5) * binH / gh;
                            for (int ix = 0; ix < gw; ix++)
                            {
                                float sx = x1 + pw * binW + (float)(ix + 0.5) * binW / gw;
                                sum += Bilinear(x, plane, H, W, sy, sx);
                            }
                        }
                        y[((r * C + c) * PH + ph) * PW + pw] = sum / count;
                    }
            }
        }
        return y;
    }
}
