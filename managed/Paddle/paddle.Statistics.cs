namespace Paddle;

// paddle.* statistics: logsumexp, std, var, median, norm, dist, cumsum, histogram.
public static partial class paddle
{
    private static OpInfo? s_logsumexp, s_p_norm, s_fro_norm, s_dist, s_cumsum, s_histogram, s_median_topk;

    private static int NormAxis(string fn, int axis, int rank)
    {
        int nd = Math.Max(rank, 1);
        if (axis < -nd || axis >= nd)
            throw new ArgumentException($"{fn}: axis {axis} is out of range for a tensor of rank {rank}; expected {-nd} <= axis < {nd}");
        return axis < 0 ? axis + nd : axis;
    }

    /// <summary><c>paddle.logsumexp(x, axis=None, keepdim=False)</c> = log(sum(exp(x))), computed
    /// stably. axis null (or every axis) reduces all; the full result has shape [1].</summary>
    public static Tensor logsumexp(Tensor x, int[]? axis = null, bool keepdim = false)
    {
        ArgumentNullException.ThrowIfNull(x);
        var op = s_logsumexp ??= OpInfo.Get("logsumexp", "axis", "keepdim", "reduce_all");
        bool all = axis is null || axis.Length == 0 || axis.Length == x.shape.Length;
        long[] dims = axis is null || axis.Length == 0 ? new long[] { 0 } : ToLongs(axis);
        return op.Run1(new[] { x }, new[] { Attr.Ints_(0, dims), Attr.Bool(1, keepdim), Attr.Bool(2, all) });
    }
    public static Tensor logsumexp(Tensor x, int axis, bool keepdim = false) => logsumexp(x, new[] { axis }, keepdim);

    /// <summary><c>paddle.var(x, axis=None, unbiased=True, keepdim=False)</c> (float32/float64). As
    /// Paddle 2.0, the unbiased divisor is max(n - 1, 1), so one element gives 0, not NaN.</summary>
    public static Tensor var(Tensor x, int[]? axis = null, bool unbiased = true, bool keepdim = false)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.dtype != DType.float32 && x.dtype != DType.float64)
            throw new ArgumentException($"var: x must be float32 or float64, but got {x.dtype}");
        using var scope = NewScope();
        Tensor u = mean(x, axis ?? Array.Empty<int>(), keepdim: true);
        Tensor d = subtract(x, u);
        Tensor s = sum(multiply(d, d), axis ?? Array.Empty<int>(), keepdim: keepdim);
        long outN = Math.Max(1, s.size);
        double n = outN == 0 ? 0 : (double)x.size / outN;
        if (unbiased) n = n > 1 ? n - 1 : 1;
        return (s / n).MoveToOuterScope();
    }
    public static Tensor var(Tensor x, int axis, bool unbiased = true, bool keepdim = false) => var(x, new[] { axis }, unbiased, keepdim);

    /// <summary><c>paddle.std(x, axis=None, unbiased=True, keepdim=False)</c> = sqrt(var).</summary>
    public static Tensor std(Tensor x, int[]? axis = null, bool unbiased = true, bool keepdim = false)
    {
        using var scope = NewScope();
        return sqrt(var(x, axis, unbiased, keepdim)).MoveToOuterScope();
    }
    public static Tensor std(Tensor x, int axis, bool unbiased = true, bool keepdim = false) => std(x, new[] { axis }, unbiased, keepdim);

    /// <summary><c>paddle.median(x, axis=None, keepdim=False)</c>. axis null flattens x. An even
    /// count averages the two middle values. The result is float64 for float64 input and
    /// float32 otherwise (as Paddle 2.0). NaN is ordered as topk orders it.</summary>
    public static Tensor median(Tensor x, int? axis = null, bool keepdim = false)
    {
        ArgumentNullException.ThrowIfNull(x);
        int dims = x.shape.Length;
        bool flat = axis is null;
        int ax = 0;
        if (!flat)
        {
            int a = axis!.Value;
            if (a >= dims || a < -dims)
                throw new ArgumentException("In median, axis should be none or an integer in range [-rank(x), rank(x)).");
            ax = a < 0 ? a + dims : a;
        }
        using var scope = NewScope();
        Tensor xx = flat ? reshape(x, new long[] { -1 }) : x;
        long sz = xx.shape[ax];
        if (sz == 0) throw new ArgumentException($"median: cannot take the median of zero elements along axis {ax}");
        long kth = sz >> 1;
        var topk = s_median_topk ??= OpInfo.Get("top_k_v2", "k", "axis", "largest", "sorted");
        Tensor top = topk.Run1(new Tensor?[] { xx, null },
            new[] { Attr.Int(0, kth + 1), Attr.Int(1, ax), Attr.Bool(2, false), Attr.Bool(3, true) });
        DType dt = x.dtype == DType.float64 ? DType.float64 : DType.float32;
        Tensor outT;
        if ((sz & 1) == 0)
        {
            Tensor lo = cast(slice(top, new[] { ax }, new[] { kth - 1 }, new[] { kth }), dt);
            Tensor hi = cast(slice(top, new[] { ax }, new[] { kth }, new[] { kth + 1 }), dt);
            outT = add(lo, hi) / 2.0;
        }
        else
        {
            outT = cast(slice(top, new[] { ax }, new[] { kth }, new[] { kth + 1 }), dt);
        }
        long[] newShape;
        if (!keepdim || flat)
        {
            if (!flat) newShape = x.shape.Where((_, i) => i != ax).ToArray();
            else if (!keepdim) newShape = new long[] { 1 };
            else newShape = Enumerable.Repeat(1L, Math.Max(dims, 1)).ToArray();
            if (newShape.Length == 0) newShape = new long[] { 1 };
        }
        else newShape = outT.shape;
        return reshape(outT, newShape).MoveToOuterScope();
    }

    private static Tensor PNorm(Tensor x, double p, int axis, bool keepdim, bool asvector)
    {
        var op = s_p_norm ??= OpInfo.Get("p_norm", "porder", "axis", "epsilon", "keepdim", "asvector");
        return op.Run1(new[] { x }, new[]
        {
            Attr.Float(0, p), Attr.Int(1, axis), Attr.Float(2, 1e-12), Attr.Bool(3, keepdim), Attr.Bool(4, asvector),
        });
    }

    private static Tensor FroNorm(Tensor x, int[]? dim, bool keepdim)
    {
        var op = s_fro_norm ??= OpInfo.Get("frobenius_norm", "dim", "keep_dim", "reduce_all");
        bool all = dim is null;
        return op.Run1(new[] { x }, new[] { Attr.Ints_(0, all ? new long[] { 0 } : ToLongs(dim!)), Attr.Bool(1, keepdim), Attr.Bool(2, all) });
    }

    /// <summary><c>paddle.norm(x, p='fro', axis=None, keepdim=False)</c> with p = "fro".</summary>
    public static Tensor norm(Tensor x, string p = "fro", int[]? axis = null, bool keepdim = false)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (p != "fro") throw new ArgumentException($"only valid string values are 'fro', found {p}");
        if (axis is null) return FroNorm(x, null, keepdim);
        if (axis.Length == 1) return PNorm(x, 2.0, axis[0], keepdim, false);
        if (axis.Length == 2) return FroNorm(x, axis, keepdim);
        throw new ArgumentException($"except axis type int or list (length of list <=2), found [{string.Join(", ", axis)}]");
    }
    public static Tensor norm(Tensor x, string p, int axis, bool keepdim = false) => norm(x, p, new[] { axis }, keepdim);

    /// <summary><c>paddle.norm(x, p, axis=None, keepdim=False)</c> with a numeric order: vector
    /// p-norm (0, inf, -inf, any p) over all elements or one axis; with two axes the elementwise
    /// p-norm over both (inf/-inf: max/min |x|; p = 0 is an error there, as Paddle).</summary>
    public static Tensor norm(Tensor x, double p, int[]? axis = null, bool keepdim = false)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (axis is null) return PNorm(x, p, -1, keepdim, true);
        if (axis.Length == 1) return PNorm(x, p, axis[0], keepdim, false);
        if (axis.Length != 2)
            throw new ArgumentException($"except axis type int or list (length of list <=2), found [{string.Join(", ", axis)}]");
        if (p == 0)
            throw new ArgumentException($"just suport axis type int or list (length of list <=1) if p = 0, found [{string.Join(", ", axis)}]");
        using var scope = NewScope();
        Tensor a = abs(x);
        if (double.IsInfinity(p))
            return (p > 0 ? max(a, axis, keepdim) : min(a, axis, keepdim)).MoveToOuterScope();
        Tensor s = sum(pow(a, p), axis, keepdim: keepdim);
        return pow(s, 1.0 / p).MoveToOuterScope();
    }
    public static Tensor norm(Tensor x, double p, int axis, bool keepdim = false) => norm(x, p, new[] { axis }, keepdim);

    /// <summary><c>paddle.dist(x, y, p=2)</c>: the p-norm of x - y (broadcast); shape [1].</summary>
    public static Tensor dist(Tensor x, Tensor y, double p = 2)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        var op = s_dist ??= OpInfo.Get("dist", "p");
        return op.Run1(new[] { x, y }, new[] { Attr.Float(0, p) });
    }

    /// <summary><c>paddle.cumsum(x, axis=None, dtype=None)</c>: axis null flattens x first. dtype
    /// casts x before summing.</summary>
    public static Tensor cumsum(Tensor x, int? axis = null, DType? dtype = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        var op = s_cumsum ??= OpInfo.Get("cumsum", "axis", "flatten", "exclusive", "reverse");
        Tensor src = dtype is DType d && d != x.dtype ? cast(x, d) : x;
        try
        {
            return op.Run1(new[] { src }, new[]
            {
                Attr.Int(0, axis ?? -1), Attr.Bool(1, axis is null), Attr.Bool(2, false), Attr.Bool(3, false),
            });
        }
        finally
        {
            if (!ReferenceEquals(src, x)) src.Dispose();
        }
    }

    /// <summary><c>paddle.histogram(input, bins=100, min=0, max=0)</c>: int64 counts over
    /// [min, max] (min == max: the data's range). Values outside the range are ignored.</summary>
    public static Tensor histogram(Tensor input, long bins = 100, int min = 0, int max = 0)
    {
        ArgumentNullException.ThrowIfNull(input);
        var op = s_histogram ??= OpInfo.Get("histogram", "bins", "min", "max");
        return op.Run1(new[] { input }, new[] { Attr.Int(0, bins), Attr.Int(1, min), Attr.Int(2, max) });
    }
}

public static partial class paddle
{
    public sealed partial class Tensor
    {
        public Tensor logsumexp(int[]? axis = null, bool keepdim = false) => paddle.logsumexp(this, axis, keepdim);
        public Tensor logsumexp(int axis, bool keepdim = false) => paddle.logsumexp(this, axis, keepdim);
        public Tensor var(int[]? axis = null, bool unbiased = true, bool keepdim = false) => paddle.var(this, axis, unbiased, keepdim);
        public Tensor var(int axis, bool unbiased = true, bool keepdim = false) => paddle.var(this, axis, unbiased, keepdim);
        public Tensor std(int[]? axis = null, bool unbiased = true, bool keepdim = false) => paddle.std(this, axis, unbiased, keepdim);
        public Tensor std(int axis, bool unbiased = true, bool keepdim = false) => paddle.std(this, axis, unbiased, keepdim);
        public Tensor median(int? axis = null, bool keepdim = false) => paddle.median(this, axis, keepdim);
        public Tensor norm(string p = "fro", int[]? axis = null, bool keepdim = false) => paddle.norm(this, p, axis, keepdim);
        public Tensor norm(double p, int[]? axis = null, bool keepdim = false) => paddle.norm(this, p, axis, keepdim);
        public Tensor norm(double p, int axis, bool keepdim = false) => paddle.norm(this, p, axis, keepdim);
        public Tensor dist(Tensor y, double p = 2) => paddle.dist(this, y, p);
        public Tensor cumsum(int? axis = null, DType? dtype = null) => paddle.cumsum(this, axis, dtype);
        public Tensor histogram(long bins = 100, int min = 0, int max = 0) => paddle.histogram(this, bins, min, max);
    }
}
