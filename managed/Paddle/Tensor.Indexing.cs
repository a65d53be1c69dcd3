namespace Paddle;

/// <summary>
/// One index of <c>x[...]</c>: an integer, a slice (<c>1..3</c>, <c>TensorIndex.Slice(0, null, 2)</c>),
/// <see cref="Ellipsis"/> (Python's <c>...</c>) or <see cref="None"/> (a new axis).
/// C# <c>^n</c> maps to Python's negative index <c>-n</c>.
/// </summary>
public readonly struct TensorIndex
{
    internal enum K { Int, Slice, Ellipsis, None }
    internal readonly K Kind;
    internal readonly long Value;
    internal readonly long? Start, Stop;
    internal readonly long Step;

    private TensorIndex(K kind, long value = 0, long? start = null, long? stop = null, long step = 1)
    {
        Kind = kind; Value = value; Start = start; Stop = stop; Step = step;
    }

    public static readonly TensorIndex Ellipsis = new(K.Ellipsis);
    public static readonly TensorIndex None = new(K.None);
    /// <summary>Python's <c>start:stop:step</c>; null bounds are open.</summary>
    public static TensorIndex Slice(long? start = null, long? stop = null, long step = 1)
    {
        if (step == 0) throw new ArgumentException("slice step cannot be zero");
        return new(K.Slice, start: start, stop: stop, step: step);
    }
    public static implicit operator TensorIndex(long i) => new(K.Int, i);
    public static implicit operator TensorIndex(int i) => new(K.Int, i);
    public static implicit operator TensorIndex(Range r)
    {
        long? s = r.Start.Equals(Index.Start) ? null : r.Start.IsFromEnd ? -(long)r.Start.Value : r.Start.Value;
        long? e = r.End.Equals(Index.End) ? null : r.End.IsFromEnd ? -(long)r.End.Value : r.End.Value;
        return new(K.Slice, start: s, stop: e);
    }
    public static implicit operator TensorIndex(Index i) => new(K.Int, i.IsFromEnd ? -(long)i.Value : i.Value);
}

public static partial class paddle
{
    public sealed partial class Tensor
    {
        // Translates Python-style indices into strided_slice / set_value attributes.
        private void PlanIndex(TensorIndex[] idx, out long[] axes, out long[] starts, out long[] ends, out long[] steps,
                               out long[] decrease, out long[] newAxes)
        {
            long[] dims = shape;
            int consumed = 0, ellipses = 0;
            foreach (var i in idx)
            {
                if (i.Kind is TensorIndex.K.Int or TensorIndex.K.Slice) consumed++;
                if (i.Kind == TensorIndex.K.Ellipsis) ellipses++;
            }
            if (ellipses > 1) throw new ArgumentException("An index can only have a single ellipsis ('...')");
            if (consumed > dims.Length)
                throw new ArgumentException($"Too many indices ({consumed}) for a tensor of rank {dims.Length}");
            var ax = new List<long>(); var st = new List<long>(); var en = new List<long>(); var sp = new List<long>();
            var dec = new List<long>(); var na = new List<long>();
            int dim = 0, outPos = 0;
            foreach (var i in idx)
            {
                switch (i.Kind)
                {
                    case TensorIndex.K.Ellipsis:
                        int skip = dims.Length - consumed;
                        dim += skip;
                        outPos += skip;
                        break;
                    case TensorIndex.K.None:
                        na.Add(outPos++);
                        break;
                    case TensorIndex.K.Int:
                    {
                        long size = dims[dim];
                        long v = i.Value < 0 ? i.Value + size : i.Value;
                        if (v < 0 || v >= size)
                            throw new IndexOutOfRangeException($"index {i.Value} is out of bounds for axis {dim} with size {size}");
                        ax.Add(dim); st.Add(v); en.Add(v + 1); sp.Add(1); dec.Add(dim);
                        dim++;
                        break;
                    }
                    case TensorIndex.K.Slice:
                    {
                        long size = dims[dim];
                        long step = i.Step;
                        long start = i.Start ?? (step > 0 ? 0 : size - 1);
                        // An open end: past the last element in the slice direction.
                        long end = i.Stop ?? (step > 0 ? long.MaxValue / 4 : -(size + 1));
                        if (i.Start is not null || i.Stop is not null || step != 1)
                        {
                            ax.Add(dim); st.Add(start); en.Add(end); sp.Add(step);
                        }
                        dim++;
                        outPos++;
                        break;
                    }
                }
            }
            axes = ax.ToArray(); starts = st.ToArray(); ends = en.ToArray(); steps = sp.ToArray();
            decrease = dec.ToArray(); newAxes = na.ToArray();
        }

        /// <summary>Python-style indexing: <c>x[1]</c>, <c>x[.., 0]</c>, <c>x[1..3, TensorIndex.Ellipsis]</c>.
        /// Reads return views where Paddle does; writes (<c>x[0] = v</c>) go through <c>set_value</c>.</summary>
        public Tensor this[params TensorIndex[] idx]
        {
            get
            {
                EnsureAlive();
                PlanIndex(idx, out var axes, out var starts, out var ends, out var steps, out var dec, out var newAxes);
                Tensor r = axes.Length == 0 ? paddle.reshape(this, shape)
                                           : paddle.StridedSlice(this, axes, starts, ends, steps, dec);
                if (newAxes.Length > 0)
                {
                    Tensor u = paddle.unsqueeze(r, Array.ConvertAll(newAxes, a => (int)a));
                    r.Dispose();
                    r = u;
                }
                return r;
            }
            set
            {
                ArgumentNullException.ThrowIfNull(value);
                EnsureAlive();
                PlanIndex(idx, out var axes, out var starts, out var ends, out var steps, out var dec, out _);
                if (axes.Length == 0)
                {
                    // Whole tensor: x[...] = v.
                    axes = new long[] { 0 };
                    long d0 = ndim == 0 ? 1 : shape[0];
                    starts = new long[] { 0 }; ends = new long[] { d0 }; steps = new long[] { 1 };
                }
                Tensor v = value.dtype == dtype ? value : paddle.cast(value, dtype);
                try { paddle.SetValueInplace(this, v, axes, starts, ends, steps, dec); }
                finally { if (!ReferenceEquals(v, value)) v.Dispose(); }
            }
        }

        /// <summary>Writes a scalar into the indexed region: <c>x[0, 1..] = 2.5</c> via <see cref="SetItem"/>.</summary>
        public void SetItem(double value, params TensorIndex[] idx)
        {
            using var v = paddle.full(new long[] { 1 }, value, dtype);
            this[idx] = v;
        }
    }
}
