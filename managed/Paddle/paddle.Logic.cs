namespace Paddle;

public static partial class paddle
{
    private static OpInfo? s_eq, s_ne, s_lt, s_le, s_gt, s_ge;

    /// <summary><c>paddle.equal(x, y)</c>: elementwise x == y as a bool tensor.</summary>
    public static Tensor equal(Tensor x, Tensor y) => Binary(ref s_eq, "equal", x, y);
    /// <summary><c>paddle.not_equal(x, y)</c>.</summary>
    public static Tensor not_equal(Tensor x, Tensor y) => Binary(ref s_ne, "not_equal", x, y);
    /// <summary><c>paddle.less_than(x, y)</c>.</summary>
    public static Tensor less_than(Tensor x, Tensor y) => Binary(ref s_lt, "less_than", x, y);
    /// <summary><c>paddle.less_equal(x, y)</c>.</summary>
    public static Tensor less_equal(Tensor x, Tensor y) => Binary(ref s_le, "less_equal", x, y);
    /// <summary><c>paddle.greater_than(x, y)</c>.</summary>
    public static Tensor greater_than(Tensor x, Tensor y) => Binary(ref s_gt, "greater_than", x, y);
    /// <summary><c>paddle.greater_equal(x, y)</c>.</summary>
    public static Tensor greater_equal(Tensor x, Tensor y) => Binary(ref s_ge, "greater_equal", x, y);
}

public static partial class paddle
{
    private static OpInfo? s_land, s_lor, s_lxor, s_lnot, s_isfinite, s_isinf, s_isnan, s_equal_all, s_allclose,
                           s_rall, s_rany;

    /// <summary><c>paddle.logical_and(x, y)</c> on bool tensors (broadcasting).</summary>
    public static Tensor logical_and(Tensor x, Tensor y) => Binary(ref s_land, "logical_and", x, y);
    /// <summary><c>paddle.logical_or(x, y)</c>.</summary>
    public static Tensor logical_or(Tensor x, Tensor y) => Binary(ref s_lor, "logical_or", x, y);
    /// <summary><c>paddle.logical_xor(x, y)</c>.</summary>
    public static Tensor logical_xor(Tensor x, Tensor y) => Binary(ref s_lxor, "logical_xor", x, y);
    /// <summary><c>paddle.logical_not(x)</c>.</summary>
    public static Tensor logical_not(Tensor x) => Unary(ref s_lnot, "logical_not", x);
    /// <summary><c>paddle.isfinite(x)</c>: elementwise, bool.</summary>
    public static Tensor isfinite(Tensor x) => Unary(ref s_isfinite, "isfinite_v2", x);
    /// <summary><c>paddle.isinf(x)</c>.</summary>
    public static Tensor isinf(Tensor x) => Unary(ref s_isinf, "isinf_v2", x);
    /// <summary><c>paddle.isnan(x)</c>.</summary>
    public static Tensor isnan(Tensor x) => Unary(ref s_isnan, "isnan_v2", x);

    /// <summary><c>paddle.equal_all(x, y)</c>: a bool tensor [1], true when shapes and all values match.</summary>
    public static Tensor equal_all(Tensor x, Tensor y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        return (s_equal_all ??= OpInfo.Get("equal_all")).Run1(new[] { x, y });
    }

    /// <summary><c>paddle.allclose(x, y, rtol, atol, equal_nan)</c>: |x - y| &lt;= atol + rtol·|y| everywhere.</summary>
    public static Tensor allclose(Tensor x, Tensor y, double rtol = 1e-05, double atol = 1e-08, bool equal_nan = false)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        var op = s_allclose ??= OpInfo.Get("allclose", "rtol", "atol", "equal_nan");
        return op.Run1(new[] { x, y }, new[] { Attr.Float(0, rtol), Attr.Float(1, atol), Attr.Bool(2, equal_nan) });
    }

    private static Tensor BoolReduce(ref OpInfo? slot, string op, Tensor x, int[]? axis, bool keepdim)
    {
        ArgumentNullException.ThrowIfNull(x);
        var info = slot ??= OpInfo.Get(op, "dim", "keep_dim", "reduce_all");
        bool all = axis is null || axis.Length == 0;
        return info.Run1(new[] { x }, new[]
        {
            Attr.Ints_(0, all ? new long[] { 0 } : ToLongs(axis!)), Attr.Bool(1, keepdim), Attr.Bool(2, all),
        });
    }

    /// <summary><c>paddle.all(x, axis, keepdim)</c> over a bool tensor.</summary>
    public static Tensor all(Tensor x, int? axis = null, bool keepdim = false) => BoolReduce(ref s_rall, "reduce_all", x, Axis(axis), keepdim);
    public static Tensor all(Tensor x, int[] axis, bool keepdim = false) => BoolReduce(ref s_rall, "reduce_all", x, axis, keepdim);
    /// <summary><c>paddle.any(x, axis, keepdim)</c> over a bool tensor.</summary>
    public static Tensor any(Tensor x, int? axis = null, bool keepdim = false) => BoolReduce(ref s_rany, "reduce_any", x, Axis(axis), keepdim);
    public static Tensor any(Tensor x, int[] axis, bool keepdim = false) => BoolReduce(ref s_rany, "reduce_any", x, axis, keepdim);
}

public static partial class paddle
{
    public sealed partial class Tensor
    {
        public Tensor logical_and(Tensor y) => paddle.logical_and(this, y);
        public Tensor logical_or(Tensor y) => paddle.logical_or(this, y);
        public Tensor logical_xor(Tensor y) => paddle.logical_xor(this, y);
        public Tensor logical_not() => paddle.logical_not(this);
        public Tensor isfinite() => paddle.isfinite(this);
        public Tensor isinf() => paddle.isinf(this);
        public Tensor isnan() => paddle.isnan(this);
        public Tensor equal_all(Tensor y) => paddle.equal_all(this, y);
        public Tensor allclose(Tensor y, double rtol = 1e-05, double atol = 1e-08, bool equal_nan = false) => paddle.allclose(this, y, rtol, atol, equal_nan);
        public Tensor all(int? axis = null, bool keepdim = false) => paddle.all(this, axis, keepdim);
        public Tensor any(int? axis = null, bool keepdim = false) => paddle.any(this, axis, keepdim);
    }
}
