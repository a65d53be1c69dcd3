using Paddle.Interop;

namespace Paddle;

// paddle.* manipulation functions (second group): assign, flatten, expand/broadcast_to/expand_as,
// stack/unstack/unbind/chunk, tile, flip, roll, index_select, gather_nd, index_sample,
// masked_select, where, nonzero, scatter(_), scatter_nd(_add), tril/triu, diag, meshgrid,
// multiplex, shard_index, strided_slice, and the in-place squeeze_/unsqueeze_/reshape_.
public static partial class paddle
{
    private static OpInfo? s_assign, s_flatten, s_expand_v2, s_expand_as_v2, s_stack, s_unstack, s_unbind,
                           s_tile, s_flip, s_roll, s_index_select, s_gather_nd, s_index_sample,
                           s_masked_select, s_where, s_where_index, s_scatter, s_scatter_nd_add,
                           s_tril_triu, s_diag_v2, s_meshgrid, s_multiplex, s_shard_index,
                           s_strided_slice2;

    private static void NotNull(Tensor? t, string name)
    {
        if (t is null) throw new ArgumentNullException(name);
    }

    internal static Tensor AssignOp(Tensor x)
    {
        NotNull(x, nameof(x));
        var op = s_assign ??= OpInfo.Get("assign");
        return op.Run1(new[] { x });
    }

    /// <summary><c>paddle.assign(x, output)</c>: copies x into <paramref name="output"/> (same shape
    /// and dtype) and returns it.</summary>
    public static Tensor assign(Tensor x, Tensor output)
    {
        NotNull(x, nameof(x));
        NotNull(output, nameof(output));
        var op = s_assign ??= OpInfo.Get("assign");
        op.RunInplace(output, new[] { x });
        return output;
    }

    /// <summary><c>paddle.flatten(x, start_axis=0, stop_axis=-1)</c>: merges dims start..stop (a view
    /// when x is contiguous).</summary>
    public static Tensor flatten(Tensor x, int start_axis = 0, int stop_axis = -1)
    {
        NotNull(x, nameof(x));
        var op = s_flatten ??= OpInfo.Get("flatten_contiguous_range", "start_axis", "stop_axis");
        return op.Run1(new[] { x }, new[] { Attr.Int(0, start_axis), Attr.Int(1, stop_axis) });
    }

    /// <summary><c>paddle.expand(x, shape)</c>: -1 keeps x's dim; size-1 dims broadcast.</summary>
    public static Tensor expand(Tensor x, long[] shape)
    {
        NotNull(x, nameof(x));
        ArgumentNullException.ThrowIfNull(shape);
        var op = s_expand_v2 ??= OpInfo.Get("expand_v2", "shape");
        return op.Run1(new[] { x }, new[] { Attr.Ints_(0, shape) });
    }
    public static Tensor expand(Tensor x, int[] shape) => expand(x, ToLongs(shape));

    /// <summary><c>paddle.broadcast_to(x, shape)</c> (numpy broadcasting; same rules as expand).</summary>
    public static Tensor broadcast_to(Tensor x, long[] shape) => expand(x, shape);
    public static Tensor broadcast_to(Tensor x, int[] shape) => expand(x, ToLongs(shape));

    /// <summary><c>paddle.expand_as(x, y)</c>: x expanded to y's shape.</summary>
    public static Tensor expand_as(Tensor x, Tensor y)
    {
        NotNull(x, nameof(x));
        NotNull(y, nameof(y));
        var op = s_expand_as_v2 ??= OpInfo.Get("expand_as_v2", "target_shape");
        return op.Run1(new[] { x }, new[] { Attr.Ints_(0, y.shape) });
    }

    /// <summary><c>paddle.stack(x, axis=0)</c>: joins same-shaped tensors along a new axis.</summary>
    public static Tensor stack(Tensor[] x, int axis = 0)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Length == 0) throw new ArgumentException("stack: x is an empty list; expected at least one tensor");
        var op = s_stack ??= OpInfo.Get("stack", "axis");
        return op.Run1(x, new[] { Attr.Int(0, axis) }, new[] { x.Length });
    }

    /// <summary><c>paddle.unstack(x, axis=0, num=None)</c>: splits x into its slices along axis.</summary>
    public static Tensor[] unstack(Tensor x, int axis = 0, int? num = null)
    {
        NotNull(x, nameof(x));
        int rank = x.ndim;
        if (rank == 0) throw new ArgumentException("unstack: x has rank 0; expected rank >= 1");
        if (axis < -rank || axis >= rank)
            throw new ArgumentException($"unstack: axis {axis} is out of range for a tensor of rank {rank}; expected {-rank} <= axis < {rank}");
        long n = num ?? x.shape[axis < 0 ? axis + rank : axis];
        if (n == 0) return Array.Empty<Tensor>();
        var op = s_unstack ??= OpInfo.Get("unstack", "axis", "num");
        return op.Run(new[] { x }, new[] { Attr.Int(0, axis), Attr.Int(1, n) });
    }

    /// <summary><c>paddle.unbind(input, axis=0)</c>: the slices of input along axis.</summary>
    public static Tensor[] unbind(Tensor input, int axis = 0)
    {
        NotNull(input, nameof(input));
        var op = s_unbind ??= OpInfo.Get("unbind", "axis");
        int rank = input.ndim;
        if (rank > 0 && axis >= -rank && axis < rank && input.shape[axis < 0 ? axis + rank : axis] == 0)
            return Array.Empty<Tensor>();
        return op.Run(new[] { input }, new[] { Attr.Int(0, axis) });
    }

    /// <summary><c>paddle.chunk(x, chunks, axis=0)</c>: <paramref name="chunks"/> equal parts (the
    /// size of axis must be divisible by chunks, as in Paddle 2.0).</summary>
    public static Tensor[] chunk(Tensor x, int chunks, int axis = 0)
    {
        NotNull(x, nameof(x));
        if (chunks <= 0) throw new ArgumentException($"chunk: chunks is {chunks}; expected a positive number of chunks");
        return split(x, chunks, axis);
    }

    /// <summary><c>paddle.tile(x, repeat_times)</c>.</summary>
    public static Tensor tile(Tensor x, long[] repeat_times)
    {
        NotNull(x, nameof(x));
        ArgumentNullException.ThrowIfNull(repeat_times);
        var op = s_tile ??= OpInfo.Get("tile", "repeat_times");
        return op.Run1(new[] { x }, new[] { Attr.Ints_(0, repeat_times) });
    }
    public static Tensor tile(Tensor x, int[] repeat_times) => tile(x, ToLongs(repeat_times));

    /// <summary><c>paddle.flip(x, axis)</c>: reverses the order along the given axes.</summary>
    public static Tensor flip(Tensor x, int[] axis)
    {
        NotNull(x, nameof(x));
        ArgumentNullException.ThrowIfNull(axis);
        var op = s_flip ??= OpInfo.Get("flip", "axis");
        return op.Run1(new[] { x }, new[] { Attr.Ints_(0, ToLongs(axis)) });
    }
    public static Tensor flip(Tensor x, int axis) => flip(x, new[] { axis });

    /// <summary><c>paddle.roll(x, shifts, axis=None)</c>: without axis, rolls the flattened tensor.</summary>
    public static Tensor roll(Tensor x, long[] shifts, int[]? axis = null)
    {
        NotNull(x, nameof(x));
        ArgumentNullException.ThrowIfNull(shifts);
        if (axis is not null && axis.Length == 0) axis = null;
        if (axis is not null)
        {
            int rank = x.ndim;
            foreach (int a in axis)
                if (a < -rank || a >= rank)
                    throw new ArgumentException($"roll: axis {a} is out of range, it should be in range [{-rank}, {rank})");
        }
        var op = s_roll ??= OpInfo.Get("roll", "axis", "shifts");
        return op.Run1(new[] { x }, new[] { Attr.Ints_(0, axis is null ? Array.Empty<long>() : ToLongs(axis)), Attr.Ints_(1, shifts) });
    }
    public static Tensor roll(Tensor x, long shifts, int? axis = null)
        => roll(x, new[] { shifts }, axis is null ? null : new[] { axis.Value });
    public static Tensor roll(Tensor x, int[] shifts, int[]? axis = null) => roll(x, ToLongs(shifts), axis);

    /// <summary><c>paddle.index_select(x, index, axis=0)</c>: index is a 1-D int32/int64 tensor.</summary>
    public static Tensor index_select(Tensor x, Tensor index, int axis = 0)
    {
        NotNull(x, nameof(x));
        NotNull(index, nameof(index));
        var op = s_index_select ??= OpInfo.Get("index_select", "dim");
        return op.Run1(new[] { x, index }, new[] { Attr.Int(0, axis) });
    }

    /// <summary><c>paddle.gather_nd(x, index)</c>: index [..., k] selects x[i0, ..., ik-1, ...].</summary>
    public static Tensor gather_nd(Tensor x, Tensor index)
    {
        NotNull(x, nameof(x));
        NotNull(index, nameof(index));
        var op = s_gather_nd ??= OpInfo.Get("gather_nd");
        return op.Run1(new[] { x, index });
    }

    /// <summary><c>paddle.index_sample(x, index)</c>: out[b, k] = x[b, index[b, k]] for 2-D x.</summary>
    public static Tensor index_sample(Tensor x, Tensor index)
    {
        NotNull(x, nameof(x));
        NotNull(index, nameof(index));
        var op = s_index_sample ??= OpInfo.Get("index_sample");
        return op.Run1(new[] { x, index });
    }

    /// <summary><c>paddle.masked_select(x, mask)</c>: the elements where the bool mask (same shape)
    /// is true, as a 1-D tensor.</summary>
    public static Tensor masked_select(Tensor x, Tensor mask)
    {
        NotNull(x, nameof(x));
        NotNull(mask, nameof(mask));
        var op = s_masked_select ??= OpInfo.Get("masked_select");
        return op.Run1(new[] { x, mask });
    }

    /// <summary><c>paddle.where(condition, x, y)</c>: x where condition is true, else y
    /// (condition, x and y broadcast together).</summary>
    public static Tensor where(Tensor condition, Tensor x, Tensor y)
    {
        NotNull(condition, nameof(condition));
        NotNull(x, nameof(x));
        NotNull(y, nameof(y));
        var op = s_where ??= OpInfo.Get("where");
        return op.Run1(new[] { condition, x, y });
    }

    /// <summary><c>paddle.nonzero(x)</c>: int64 coordinates [M, rank] of the non-zero elements.</summary>
    public static Tensor nonzero(Tensor x)
    {
        NotNull(x, nameof(x));
        var op = s_where_index ??= OpInfo.Get("where_index");
        return op.Run1(new[] { x });
    }

    /// <summary><c>paddle.nonzero(x, as_tuple)</c>: with as_tuple, one int64 [M, 1] tensor per dim.</summary>
    public static Tensor[] nonzero(Tensor x, bool as_tuple)
    {
        if (!as_tuple) return new[] { nonzero(x) };
        var all = nonzero(x);
        int rank = x.ndim;
        if (rank <= 1) return new[] { all };
        var outs = new Tensor[rank];
        for (int i = 0; i < rank; i++) outs[i] = slice(all, new[] { 1 }, new long[] { i }, new long[] { i + 1 });
        return outs;
    }

    /// <summary><c>paddle.scatter(x, index, updates, overwrite=True)</c>: rows of x at index replaced
    /// by updates (overwrite) or zeroed then accumulated (overwrite=False).</summary>
    public static Tensor scatter(Tensor x, Tensor index, Tensor updates, bool overwrite = true)
    {
        NotNull(x, nameof(x));
        NotNull(index, nameof(index));
        NotNull(updates, nameof(updates));
        var op = s_scatter ??= OpInfo.Get("scatter", "overwrite");
        return op.Run1(new[] { x, index, updates }, new[] { Attr.Bool(0, overwrite) });
    }

    /// <summary><c>paddle.scatter_(x, index, updates, overwrite=True)</c>: in place on x; returns x.</summary>
    public static Tensor scatter_(Tensor x, Tensor index, Tensor updates, bool overwrite = true)
    {
        NotNull(x, nameof(x));
        NotNull(index, nameof(index));
        NotNull(updates, nameof(updates));
        var op = s_scatter ??= OpInfo.Get("scatter", "overwrite");
        op.RunInplace(x, new[] { x, index, updates }, new[] { Attr.Bool(0, overwrite) });
        return x;
    }

    /// <summary><c>paddle.scatter_nd_add(x, index, updates)</c>: adds updates at the index tuples
    /// (repeats accumulate).</summary>
    public static Tensor scatter_nd_add(Tensor x, Tensor index, Tensor updates)
    {
        NotNull(x, nameof(x));
        NotNull(index, nameof(index));
        NotNull(updates, nameof(updates));
        var op = s_scatter_nd_add ??= OpInfo.Get("scatter_nd_add");
        return op.Run1(new[] { x, index, updates });
    }

    /// <summary><c>paddle.scatter_nd(index, updates, shape)</c>: scatter_nd_add into zeros of
    /// <paramref name="shape"/> with updates' dtype.</summary>
    public static Tensor scatter_nd(Tensor index, Tensor updates, long[] shape)
    {
        NotNull(index, nameof(index));
        NotNull(updates, nameof(updates));
        ArgumentNullException.ThrowIfNull(shape);
        using var z = zeros(shape, updates.dtype);
        return scatter_nd_add(z, index, updates);
    }
    public static Tensor scatter_nd(Tensor index, Tensor updates, int[] shape) => scatter_nd(index, updates, ToLongs(shape));

    private static Tensor TrilTriu(Tensor x, int diagonal, bool lower)
    {
        NotNull(x, nameof(x));
        var op = s_tril_triu ??= OpInfo.Get("tril_triu", "diagonal", "lower");
        return op.Run1(new[] { x }, new[] { Attr.Int(0, diagonal), Attr.Bool(1, lower) });
    }

    /// <summary><c>paddle.tril(x, diagonal=0)</c>: lower triangle of the last two dims.</summary>
    public static Tensor tril(Tensor x, int diagonal = 0) => TrilTriu(x, diagonal, true);

    /// <summary><c>paddle.triu(x, diagonal=0)</c>: upper triangle of the last two dims.</summary>
    public static Tensor triu(Tensor x, int diagonal = 0) => TrilTriu(x, diagonal, false);

    /// <summary><c>paddle.diag(x, offset=0, padding_value=0)</c>: 1-D x gives a square matrix; 2-D x
    /// gives its offset diagonal.</summary>
    public static Tensor diag(Tensor x, int offset = 0, double padding_value = 0)
    {
        NotNull(x, nameof(x));
        var op = s_diag_v2 ??= OpInfo.Get("diag_v2", "offset", "padding_value");
        return op.Run1(new[] { x }, new[] { Attr.Int(0, offset), Attr.Float(1, padding_value) });
    }

    /// <summary><c>paddle.meshgrid(*args)</c>: N 1-D tensors give N tensors of shape [n0, ..., nN-1].</summary>
    public static Tensor[] meshgrid(params Tensor[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Length == 0) throw new ArgumentException("meshgrid: no tensors given; expected at least one");
        var op = s_meshgrid ??= OpInfo.Get("meshgrid");
        return op.Run(args, default, new[] { args.Length });
    }

    /// <summary><c>paddle.multiplex(inputs, index)</c>: row i of the result is row i of
    /// inputs[index[i]] (index: int32/int64 of shape [N, 1]).</summary>
    public static Tensor multiplex(Tensor[] inputs, Tensor index)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        NotNull(index, nameof(index));
        if (inputs.Length == 0) throw new ArgumentException("multiplex: inputs is an empty list; expected at least one tensor");
        var op = s_multiplex ??= OpInfo.Get("multiplex");
        var all = new Tensor[inputs.Length + 1];
        all[0] = index;
        Array.Copy(inputs, 0, all, 1, inputs.Length);
        return op.Run1(all, default, new[] { 1, inputs.Length });
    }

    /// <summary><c>paddle.shard_index(input, index_num, nshards, shard_id, ignore_value=-1)</c>.</summary>
    public static Tensor shard_index(Tensor input, int index_num, int nshards, int shard_id, int ignore_value = -1)
    {
        NotNull(input, nameof(input));
        var op = s_shard_index ??= OpInfo.Get("shard_index", "index_num", "nshards", "shard_id", "ignore_value");
        return op.Run1(new[] { input }, new[]
        {
            Attr.Int(0, index_num), Attr.Int(1, nshards), Attr.Int(2, shard_id), Attr.Int(3, ignore_value),
        });
    }

    /// <summary><c>paddle.strided_slice(x, axes, starts, ends, strides)</c> (numpy slicing rules per axis).</summary>
    public static Tensor strided_slice(Tensor x, int[] axes, long[] starts, long[] ends, long[] strides)
    {
        NotNull(x, nameof(x));
        ArgumentNullException.ThrowIfNull(axes);
        ArgumentNullException.ThrowIfNull(starts);
        ArgumentNullException.ThrowIfNull(ends);
        ArgumentNullException.ThrowIfNull(strides);
        var op = s_strided_slice2 ??= OpInfo.Get("strided_slice", "axes", "starts", "ends", "strides");
        return op.Run1(new[] { x }, new[]
        {
            Attr.Ints_(0, ToLongs(axes)), Attr.Ints_(1, starts), Attr.Ints_(2, ends), Attr.Ints_(3, strides),
        });
    }
    public static Tensor strided_slice(Tensor x, int[] axes, int[] starts, int[] ends, int[] strides)
        => strided_slice(x, axes, ToLongs(starts), ToLongs(ends), ToLongs(strides));

    private static (int op, int attr)? s_reshape_view, s_squeeze_view, s_unsqueeze_view;

    // Runs a one-input view op in place: x takes the result's shape (same storage) and its
    // autograd identity; a leaf that requires grad is rejected natively.
    private static unsafe Tensor ViewInplace(ref (int op, int attr)? cache, string opName, string attrName, Tensor x, long[] ints)
    {
        NotNull(x, nameof(x));
        if (cache is null)
        {
            Native.EnsureAbi();
            int id, idx;
            Native.Check(NativeMethods.pd_op_lookup(opName, &id));
            Native.Check(NativeMethods.pd_op_attr_index(id, attrName, &idx));
            cache = (id, idx);
        }
        fixed (long* p = ints)
        {
            pd_attr a = default;
            var (opId, attrIdx) = cache.Value;
            a.index = attrIdx;
            a.type = (int)pd_attr_type.PD_ATTR_INTS;
            a.ints = p;
            a.count = ints.Length;
            Native.Check(NativeMethods.pd_op_run_inplace_view(opId, x.Handle, &a, 1));
        }
        return x;
    }

    /// <summary><c>paddle.reshape_(x, shape)</c>: reshapes x in place (x keeps its storage; copied
    /// first when not contiguous) and returns x.</summary>
    public static Tensor reshape_(Tensor x, long[] shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        return ViewInplace(ref s_reshape_view, "reshape2", "shape", x, shape);
    }
    public static Tensor reshape_(Tensor x, int[] shape) => reshape_(x, ToLongs(shape ?? throw new ArgumentNullException(nameof(shape))));

    /// <summary><c>paddle.squeeze_(x, axis)</c>: removes size-1 dims of x in place; returns x.</summary>
    public static Tensor squeeze_(Tensor x, int[]? axis = null)
        => ViewInplace(ref s_squeeze_view, "squeeze2", "axes", x, ToLongs(axis ?? Array.Empty<int>()));
    public static Tensor squeeze_(Tensor x, int axis) => squeeze_(x, new[] { axis });

    /// <summary><c>paddle.unsqueeze_(x, axis)</c>: inserts size-1 dims into x in place; returns x.</summary>
    public static Tensor unsqueeze_(Tensor x, int[] axis)
    {
        ArgumentNullException.ThrowIfNull(axis);
        return ViewInplace(ref s_unsqueeze_view, "unsqueeze2", "axes", x, ToLongs(axis));
    }
    public static Tensor unsqueeze_(Tensor x, int axis) => unsqueeze_(x, new[] { axis });
}

public static partial class paddle
{
    public sealed partial class Tensor
    {
        public Tensor reshape_(long[] shape) => paddle.reshape_(this, shape);
        public Tensor reshape_(int[] shape) => paddle.reshape_(this, shape);
        public Tensor squeeze_(int[]? axis = null) => paddle.squeeze_(this, axis);
        public Tensor squeeze_(int axis) => paddle.squeeze_(this, axis);
        public Tensor unsqueeze_(int[] axis) => paddle.unsqueeze_(this, axis);
        public Tensor unsqueeze_(int axis) => paddle.unsqueeze_(this, axis);
        public Tensor flatten(int start_axis = 0, int stop_axis = -1) => paddle.flatten(this, start_axis, stop_axis);
        public Tensor expand(long[] shape) => paddle.expand(this, shape);
        public Tensor expand(int[] shape) => paddle.expand(this, shape);
        public Tensor broadcast_to(long[] shape) => paddle.broadcast_to(this, shape);
        public Tensor broadcast_to(int[] shape) => paddle.broadcast_to(this, shape);
        public Tensor expand_as(Tensor y) => paddle.expand_as(this, y);
        public Tensor[] unstack(int axis = 0, int? num = null) => paddle.unstack(this, axis, num);
        public Tensor[] unbind(int axis = 0) => paddle.unbind(this, axis);
        public Tensor[] chunk(int chunks, int axis = 0) => paddle.chunk(this, chunks, axis);
        public Tensor tile(long[] repeat_times) => paddle.tile(this, repeat_times);
        public Tensor tile(int[] repeat_times) => paddle.tile(this, repeat_times);
        public Tensor flip(int[] axis) => paddle.flip(this, axis);
        public Tensor flip(int axis) => paddle.flip(this, axis);
        public Tensor roll(long[] shifts, int[]? axis = null) => paddle.roll(this, shifts, axis);
        public Tensor roll(long shifts, int? axis = null) => paddle.roll(this, shifts, axis);
        public Tensor index_select(Tensor index, int axis = 0) => paddle.index_select(this, index, axis);
        public Tensor gather_nd(Tensor index) => paddle.gather_nd(this, index);
        public Tensor index_sample(Tensor index) => paddle.index_sample(this, index);
        public Tensor masked_select(Tensor mask) => paddle.masked_select(this, mask);
        public Tensor nonzero() => paddle.nonzero(this);
        public Tensor[] nonzero(bool as_tuple) => paddle.nonzero(this, as_tuple);
        public Tensor scatter(Tensor index, Tensor updates, bool overwrite = true) => paddle.scatter(this, index, updates, overwrite);
        public Tensor scatter_(Tensor index, Tensor updates, bool overwrite = true) => paddle.scatter_(this, index, updates, overwrite);
        public Tensor scatter_nd_add(Tensor index, Tensor updates) => paddle.scatter_nd_add(this, index, updates);
        public Tensor tril(int diagonal = 0) => paddle.tril(this, diagonal);
        public Tensor triu(int diagonal = 0) => paddle.triu(this, diagonal);
        public Tensor diag(int offset = 0, double padding_value = 0) => paddle.diag(this, offset, padding_value);
        public Tensor shard_index(int index_num, int nshards, int shard_id, int ignore_value = -1)
            => paddle.shard_index(this, index_num, nshards, shard_id, ignore_value);
        public Tensor strided_slice(int[] axes, long[] starts, long[] ends, long[] strides)
            => paddle.strided_slice(this, axes, starts, ends, strides);
        public Tensor strided_slice(int[] axes, int[] starts, int[] ends, int[] strides)
            => paddle.strided_slice(this, axes, starts, ends, strides);
    }
}
