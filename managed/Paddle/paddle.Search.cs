namespace Paddle;

// Sorting and searching: argsort, sort, topk, argmax, argmin, unique (native ops argsort,
// top_k_v2, arg_max, arg_min, unique). Ordering follows Paddle: stable (ties keep the lower
// index first, in both directions) and NaN sorts as the largest value.
public static partial class paddle
{
    private static OpInfo? s_argsort, s_topk, s_argmax, s_argmin, s_unique;

    private static Tensor[] ArgsortRun(Tensor x, int axis, bool descending)
    {
        ArgumentNullException.ThrowIfNull(x);
        var op = s_argsort ??= OpInfo.Get("argsort", "axis", "descending");
        return op.Run(new[] { x }, new[] { Attr.Int(0, axis), Attr.Bool(1, descending) });
    }

    /// <summary><c>paddle.argsort(x, axis=-1, descending=False)</c>: int64 indices that sort x
    /// along axis (stable; NaN sorts last ascending, first descending).</summary>
    public static Tensor argsort(Tensor x, int axis = -1, bool descending = false)
    {
        var r = ArgsortRun(x, axis, descending);
        r[0].Dispose();
        return r[1];
    }

    /// <summary><c>paddle.sort(x, axis=-1, descending=False)</c>: the sorted values (differentiable).</summary>
    public static Tensor sort(Tensor x, int axis = -1, bool descending = false)
    {
        var r = ArgsortRun(x, axis, descending);
        r[1].Dispose();
        return r[0];
    }

    /// <summary><c>paddle.topk(x, k, axis=-1, largest=True, sorted=True)</c>: (values, int64
    /// indices) of the k largest (or smallest) entries along axis; ties keep the lower index first.</summary>
    public static (Tensor values, Tensor indices) topk(Tensor x, int k, int? axis = null, bool largest = true, bool sorted = true)
    {
        ArgumentNullException.ThrowIfNull(x);
        var op = s_topk ??= OpInfo.Get("top_k_v2", "k", "axis", "largest", "sorted");
        var r = op.Run(new Tensor?[] { x, null },
            new[] { Attr.Int(0, k), Attr.Int(1, axis ?? -1), Attr.Bool(2, largest), Attr.Bool(3, sorted) });
        return (r[0], r[1]);
    }

    /// <summary><c>paddle.topk</c> with k given as a one-element int32/int64 tensor.</summary>
    public static (Tensor values, Tensor indices) topk(Tensor x, Tensor k, int? axis = null, bool largest = true, bool sorted = true)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(k);
        var op = s_topk ??= OpInfo.Get("top_k_v2", "k", "axis", "largest", "sorted");
        var r = op.Run(new Tensor?[] { x, k },
            new[] { Attr.Int(1, axis ?? -1), Attr.Bool(2, largest), Attr.Bool(3, sorted) });
        return (r[0], r[1]);
    }

    private static Tensor ArgRun(OpInfo op, Tensor x, int? axis, bool keepdim, DType? dtype)
    {
        ArgumentNullException.ThrowIfNull(x);
        var dt = dtype ?? DType.int64;
        if (dt != DType.int32 && dt != DType.int64)
            throw new ArgumentException($"{(op.Name == "arg_max" ? "argmax" : "argmin")}: dtype {dt.Name} is not supported; expected int32 or int64");
        return op.Run1(new[] { x }, new[]
        {
            Attr.Int(0, axis ?? 0), Attr.Bool(1, keepdim), Attr.Bool(2, axis is null), Attr.Int(3, dt.Code),
        });
    }

    /// <summary><c>paddle.argmax(x, axis=None, keepdim=False, dtype='int64')</c>: index of the
    /// first maximum (a NaN counts as the maximum). axis=None searches the flattened tensor and
    /// returns shape [1].</summary>
    public static Tensor argmax(Tensor x, int? axis = null, bool keepdim = false, DType? dtype = null)
        => ArgRun(s_argmax ??= OpInfo.Get("arg_max", "axis", "keepdims", "flatten", "dtype"), x, axis, keepdim, dtype);

    /// <summary><c>paddle.argmin(x, axis=None, keepdim=False, dtype='int64')</c>.</summary>
    public static Tensor argmin(Tensor x, int? axis = null, bool keepdim = false, DType? dtype = null)
        => ArgRun(s_argmin ??= OpInfo.Get("arg_min", "axis", "keepdims", "flatten", "dtype"), x, axis, keepdim, dtype);

    private static Tensor[] UniqueRun(Tensor x, int? axis, DType? dtype)
    {
        ArgumentNullException.ThrowIfNull(x);
        var dt = dtype ?? DType.int64;
        if (dt != DType.int32 && dt != DType.int64)
            throw new ArgumentException($"unique: dtype {dt.Name} is not supported; expected int32 or int64");
        var op = s_unique ??= OpInfo.Get("unique", "dtype", "axis", "is_sorted");
        return op.Run(new[] { x }, new[]
        {
            Attr.Int(0, dt.Code), Attr.Ints_(1, axis is null ? Array.Empty<long>() : new long[] { axis.Value }), Attr.Bool(2, true),
        });
    }

    /// <summary><c>paddle.unique(x)</c>: the sorted unique values of the flattened x.</summary>
    public static Tensor unique(Tensor x, int? axis = null, DType? dtype = null)
    {
        var r = UniqueRun(x, axis, dtype);
        for (int i = 1; i < r.Length; i++) r[i].Dispose();
        return r[0];
    }

    /// <summary><c>paddle.unique(x, return_index, return_inverse, return_counts, axis, dtype)</c>:
    /// [out, index (first occurrences)?, inverse?, counts?] — the requested extras in Paddle's order.</summary>
    public static Tensor[] unique(Tensor x, bool return_index, bool return_inverse = false, bool return_counts = false,
                                  int? axis = null, DType? dtype = null)
    {
        var r = UniqueRun(x, axis, dtype);
        var keep = new List<Tensor> { r[0] };
        if (return_index) keep.Add(r[1]); else r[1].Dispose();
        if (return_inverse) keep.Add(r[2]); else r[2].Dispose();
        if (return_counts) keep.Add(r[3]); else r[3].Dispose();
        return keep.ToArray();
    }
}

public static partial class paddle
{
    public sealed partial class Tensor
    {
        public Tensor argsort(int axis = -1, bool descending = false) => paddle.argsort(this, axis, descending);
        public Tensor sort(int axis = -1, bool descending = false) => paddle.sort(this, axis, descending);
        public (Tensor values, Tensor indices) topk(int k, int? axis = null, bool largest = true, bool sorted = true)
            => paddle.topk(this, k, axis, largest, sorted);
        public Tensor argmax(int? axis = null, bool keepdim = false, DType? dtype = null) => paddle.argmax(this, axis, keepdim, dtype);
        public Tensor argmin(int? axis = null, bool keepdim = false, DType? dtype = null) => paddle.argmin(this, axis, keepdim, dtype);
        public Tensor unique(int? axis = null, DType? dtype = null) => paddle.unique(this, axis, dtype);
        public Tensor[] unique(bool return_index, bool return_inverse = false, bool return_counts = false, int? axis = null, DType? dtype = null)
            => paddle.unique(this, return_index, return_inverse, return_counts, axis, dtype);
    }
}
