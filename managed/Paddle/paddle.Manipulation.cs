namespace Paddle;

public static partial class paddle
{
    private static OpInfo? s_reshape, s_transpose, s_concat, s_split, s_slice, s_gather, s_cast, s_matmul,
                           s_strided_slice, s_set_value, s_unsqueeze, s_squeeze;

    /// <summary><c>paddle.reshape(x, shape)</c>: one entry may be -1 (inferred), 0 copies the
    /// input's dim. Returns a view when x is contiguous.</summary>
    public static Tensor reshape(Tensor x, long[] shape)
    {
        ArgumentNullException.ThrowIfNull(x);
        var op = s_reshape ??= OpInfo.Get("reshape2", "shape");
        return op.Run1(new[] { x }, new[] { Attr.Ints_(0, shape) });
    }
    public static Tensor reshape(Tensor x, int[] shape) => reshape(x, ToLongs(shape));

    /// <summary><c>paddle.transpose(x, perm)</c> (a view).</summary>
    public static Tensor transpose(Tensor x, int[] perm)
    {
        ArgumentNullException.ThrowIfNull(x);
        var op = s_transpose ??= OpInfo.Get("transpose2", "axis");
        return op.Run1(new[] { x }, new[] { Attr.Ints_(0, ToLongs(perm)) });
    }

    /// <summary><c>paddle.concat(x, axis)</c>.</summary>
    public static Tensor concat(Tensor[] x, int axis = 0)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Length == 0) throw new ArgumentException("concat: x is an empty list; expected at least one tensor");
        var op = s_concat ??= OpInfo.Get("concat", "axis");
        return op.Run1(x, new[] { Attr.Int(0, axis) }, new[] { x.Length });
    }

    /// <summary><c>paddle.split(x, num_or_sections, axis)</c> with a number of equal parts.</summary>
    public static Tensor[] split(Tensor x, int num_or_sections, int axis = 0)
    {
        ArgumentNullException.ThrowIfNull(x);
        var op = s_split ??= OpInfo.Get("split", "axis", "num", "sections");
        return op.Run(new[] { x }, new[] { Attr.Int(0, axis), Attr.Int(1, num_or_sections) });
    }

    /// <summary><c>paddle.split(x, num_or_sections, axis)</c> with section sizes (one may be -1).</summary>
    public static Tensor[] split(Tensor x, int[] num_or_sections, int axis = 0)
    {
        ArgumentNullException.ThrowIfNull(x);
        var op = s_split ??= OpInfo.Get("split", "axis", "num", "sections");
        return op.Run(new[] { x }, new[] { Attr.Int(0, axis), Attr.Int(1, 0), Attr.Ints_(2, ToLongs(num_or_sections)) });
    }

    /// <summary><c>paddle.slice(input, axes, starts, ends)</c> (a view; Python-style clamping).</summary>
    public static Tensor slice(Tensor input, int[] axes, long[] starts, long[] ends)
    {
        ArgumentNullException.ThrowIfNull(input);
        var op = s_slice ??= OpInfo.Get("slice", "axes", "starts", "ends");
        return op.Run1(new[] { input }, new[] { Attr.Ints_(0, ToLongs(axes)), Attr.Ints_(1, starts), Attr.Ints_(2, ends) });
    }
    public static Tensor slice(Tensor input, int[] axes, int[] starts, int[] ends)
        => slice(input, axes, ToLongs(starts), ToLongs(ends));

    /// <summary><c>paddle.gather(x, index, axis)</c>: index is a 1-D int32/int64 tensor.</summary>
    public static Tensor gather(Tensor x, Tensor index, int? axis = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(index);
        var op = s_gather ??= OpInfo.Get("gather", "axis");
        return op.Run1(new[] { x, index }, new[] { Attr.Int(0, axis ?? 0) });
    }

    /// <summary><c>paddle.cast(x, dtype)</c>.</summary>
    public static Tensor cast(Tensor x, DType dtype)
    {
        ArgumentNullException.ThrowIfNull(x);
        var op = s_cast ??= OpInfo.Get("cast", "in_dtype", "out_dtype");
        return op.Run1(new[] { x }, new[] { Attr.Int(0, x.dtype.Code), Attr.Int(1, dtype.Code) });
    }

    /// <summary><c>paddle.assign(x)</c>: a copy with its own storage; gradients flow through it.</summary>
    public static Tensor assign(Tensor x) => AssignOp(x);

    /// <summary><c>paddle.matmul(x, y, transpose_x, transpose_y)</c> with Paddle's 1-D rules and
    /// batch broadcasting.</summary>
    public static Tensor matmul(Tensor x, Tensor y, bool transpose_x = false, bool transpose_y = false)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        var op = s_matmul ??= OpInfo.Get("matmul_v2", "trans_x", "trans_y");
        return op.Run1(new[] { x, y }, new[] { Attr.Bool(0, transpose_x), Attr.Bool(1, transpose_y) });
    }

    /// <summary><c>paddle.unsqueeze(x, axis)</c>.</summary>
    public static Tensor unsqueeze(Tensor x, int[] axis)
    {
        ArgumentNullException.ThrowIfNull(x);
        var op = s_unsqueeze ??= OpInfo.Get("unsqueeze2", "axes");
        return op.Run1(new[] { x }, new[] { Attr.Ints_(0, ToLongs(axis)) });
    }
    public static Tensor unsqueeze(Tensor x, int axis) => unsqueeze(x, new[] { axis });

    /// <summary><c>paddle.squeeze(x, axis)</c>; null removes every size-1 dim.</summary>
    public static Tensor squeeze(Tensor x, int[]? axis = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        var op = s_squeeze ??= OpInfo.Get("squeeze2", "axes");
        return op.Run1(new[] { x }, new[] { Attr.Ints_(0, ToLongs(axis ?? Array.Empty<int>())) });
    }
    public static Tensor squeeze(Tensor x, int axis) => squeeze(x, new[] { axis });

    internal static Tensor StridedSlice(Tensor x, long[] axes, long[] starts, long[] ends, long[] steps, long[] decrease)
    {
        var op = s_strided_slice ??= OpInfo.Get("strided_slice", "axes", "starts", "ends", "strides", "decrease_axis");
        return op.Run1(new[] { x }, new[]
        {
            Attr.Ints_(0, axes), Attr.Ints_(1, starts), Attr.Ints_(2, ends), Attr.Ints_(3, steps), Attr.Ints_(4, decrease),
        });
    }

    internal static void SetValueInplace(Tensor x, Tensor value, long[] axes, long[] starts, long[] ends, long[] steps, long[] decrease)
    {
        var op = s_set_value ??= OpInfo.Get("set_value", "axes", "starts", "ends", "steps", "decrease_axes");
        op.RunInplace(x, new[] { x, value }, new[]
        {
            Attr.Ints_(0, axes), Attr.Ints_(1, starts), Attr.Ints_(2, ends), Attr.Ints_(3, steps), Attr.Ints_(4, decrease),
        });
    }
}
