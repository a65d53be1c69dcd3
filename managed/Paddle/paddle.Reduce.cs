namespace Paddle;

public static partial class paddle
{
    private static OpInfo? s_rsum, s_rmean, s_rmax, s_rmin, s_rprod;

    private static Tensor Reduce(ref OpInfo? slot, string op, Tensor x, int[]? axis, bool keepdim, DType? outDtype)
    {
        ArgumentNullException.ThrowIfNull(x);
        var info = slot ??= OpInfo.Get(op, "dim", "keep_dim", "reduce_all", "in_dtype", "out_dtype");
        bool all = axis is null || axis.Length == 0;
        long[] dims = all ? new long[] { 0 } : ToLongs(axis!);
        var attrs = new List<Attr>(5)
        {
            Attr.Ints_(0, dims), Attr.Bool(1, keepdim), Attr.Bool(2, all),
        };
        if (outDtype is DType od && od != x.dtype)
        {
            attrs.Add(Attr.Int(3, x.dtype.Code));
            attrs.Add(Attr.Int(4, od.Code));
        }
        return info.Run1(new[] { x }, attrs.ToArray());
    }

    private static int[]? Axis(int? axis) => axis is int a ? new[] { a } : null;

    // paddle.sum: bool and int32 inputs sum into int64 unless a dtype is given (as numpy).
    private static DType? SumDtype(Tensor x, DType? dtype)
    {
        if (dtype is not null) return dtype;
        DType d = x.dtype;
        return d == DType.@bool || d == DType.int32 ? DType.int64 : (DType?)null;
    }

    /// <summary><c>paddle.sum(x, axis, dtype, keepdim)</c>. A full reduction returns shape [1].</summary>
    public static Tensor sum(Tensor x, int? axis = null, DType? dtype = null, bool keepdim = false)
        => Reduce(ref s_rsum, "reduce_sum", x, Axis(axis), keepdim, SumDtype(x, dtype));
    public static Tensor sum(Tensor x, int[] axis, DType? dtype = null, bool keepdim = false)
        => Reduce(ref s_rsum, "reduce_sum", x, axis, keepdim, SumDtype(x, dtype));

    /// <summary><c>paddle.mean(x, axis, keepdim)</c>.</summary>
    public static Tensor mean(Tensor x, int? axis = null, bool keepdim = false)
        => Reduce(ref s_rmean, "reduce_mean", x, Axis(axis), keepdim, null);
    public static Tensor mean(Tensor x, int[] axis, bool keepdim = false)
        => Reduce(ref s_rmean, "reduce_mean", x, axis, keepdim, null);

    /// <summary><c>paddle.max(x, axis, keepdim)</c>.</summary>
    public static Tensor max(Tensor x, int? axis = null, bool keepdim = false)
        => Reduce(ref s_rmax, "reduce_max", x, Axis(axis), keepdim, null);
    public static Tensor max(Tensor x, int[] axis, bool keepdim = false)
        => Reduce(ref s_rmax, "reduce_max", x, axis, keepdim, null);

    /// <summary><c>paddle.min(x, axis, keepdim)</c>.</summary>
    public static Tensor min(Tensor x, int? axis = null, bool keepdim = false)
        => Reduce(ref s_rmin, "reduce_min", x, Axis(axis), keepdim, null);
    public static Tensor min(Tensor x, int[] axis, bool keepdim = false)
        => Reduce(ref s_rmin, "reduce_min", x, axis, keepdim, null);

    /// <summary><c>paddle.prod(x, axis, keepdim, dtype)</c>.</summary>
    public static Tensor prod(Tensor x, int? axis = null, bool keepdim = false, DType? dtype = null)
        => Reduce(ref s_rprod, "reduce_prod", x, Axis(axis), keepdim, dtype);
    public static Tensor prod(Tensor x, int[] axis, bool keepdim = false, DType? dtype = null)
        => Reduce(ref s_rprod, "reduce_prod", x, axis, keepdim, dtype);
}
