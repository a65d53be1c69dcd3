using System.Runtime.InteropServices;
using Paddle.Interop;

namespace Paddle;

public static partial class paddle
{
    private static OpInfo? s_fill_constant, s_fill_any_like, s_empty, s_range, s_linspace, s_eye;

    internal static long[] ToLongs(int[] shape) => Array.ConvertAll(shape, v => (long)v);

    /// <summary>
    /// <c>paddle.to_tensor</c>. .NET scalars map like Python scalars (double → the default float
    /// dtype, int/long → int64, bool → bool); arrays keep their element type like NumPy arrays
    /// (float[] → float32, double[] → float64, int[] → int32, long[] → int64, bool[] → bool …).
    /// Multi-dimensional (<c>float[,]</c>) and rectangular jagged (<c>float[][]</c>) arrays give
    /// their rank. <paramref name="dtype"/> casts the result.
    /// </summary>
    public static Tensor to_tensor(object data, DType? dtype = null, Place? place = null, bool stop_gradient = true)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (place != null && !place.is_cpu_place())
            throw new PaddleException($"to_tensor: place {place} is not available: Paddle.NET is not compiled with CUDA", pd_status.PD_UNIMPLEMENTED, "to_tensor");
        Tensor t;
        switch (data)
        {
            case Tensor src:
                t = assign(src);
                break;
            case Array arr:
                t = FromArray(arr);
                break;
            case double d: t = FromScalar(DefaultFloat, d); break;
            case float f: t = FromScalar(DefaultFloat, f); break;
            case int i: t = FromBuffer(new[] { (long)i }, DType.int64, new long[] { 1 }); break;
            case long l: t = FromBuffer(new[] { l }, DType.int64, new long[] { 1 }); break;
            case bool b: t = FromBuffer(new[] { b }, DType.@bool, new long[] { 1 }); break;
            default:
                throw new ArgumentException($"to_tensor: cannot convert a {data.GetType().Name}; expected a .NET scalar, an array or a Tensor");
        }
        if (dtype is DType want && want != t.dtype)
        {
            Tensor c = cast(t, want);
            t.Dispose();
            t = c;
        }
        t.stop_gradient = stop_gradient;
        return t;
    }

    // A Python scalar becomes a shape-[1] tensor in Paddle 2.0.
    private static Tensor FromScalar(DType dtype, double value)
    {
        if (dtype == DType.float32) return FromBuffer(new[] { (float)value }, dtype, new long[] { 1 });
        if (dtype == DType.float64) return FromBuffer(new[] { value }, dtype, new long[] { 1 });
        return full(new long[] { 1 }, value, dtype);
    }

    private static unsafe Tensor FromArray(Array arr)
    {
        Type et = arr.GetType().GetElementType()!;
        if (et.IsArray)
        {
            // Jagged: walk to the leaf element type and check every row has the same length.
            var dims = new List<long>();
            Array level = arr;
            Type leaf = et;
            dims.Add(arr.Length);
            while (leaf.IsArray)
            {
                if (level.Length == 0) break;
                var first = (Array?)level.GetValue(0) ?? throw new ArgumentException("to_tensor: jagged array has a null row");
                dims.Add(first.Length);
                level = first;
                leaf = leaf.GetElementType()!;
            }
            long total = 1;
            foreach (var d in dims) total *= d;
            var flat = Array.CreateInstance(leaf, total);
            long pos = 0;
            FlattenJagged(arr, dims, 0, flat, ref pos);
            return FromFlat(flat, leaf, dims.ToArray());
        }
        var shape = new long[arr.Rank];
        for (int i = 0; i < arr.Rank; i++) shape[i] = arr.GetLongLength(i);
        return FromFlat(arr, et, shape);
    }

    private static void FlattenJagged(Array a, List<long> dims, int depth, Array flat, ref long pos)
    {
        if (a.Length != dims[depth])
            throw new ArgumentException($"to_tensor: the jagged array is not rectangular: a row at depth {depth} has {a.Length} elements, expected {dims[depth]}");
        if (depth == dims.Count - 1)
        {
            Array.Copy(a, 0, flat, pos, a.Length);
            pos += a.Length;
            return;
        }
        for (int i = 0; i < a.Length; i++)
        {
            var row = (Array?)a.GetValue(i) ?? throw new ArgumentException("to_tensor: jagged array has a null row");
            FlattenJagged(row, dims, depth + 1, flat, ref pos);
        }
    }

    private static unsafe Tensor FromFlat(Array flat, Type et, long[] shape)
    {
        DType dt = et == typeof(float) ? DType.float32
            : et == typeof(double) ? DType.float64
            : et == typeof(int) ? DType.int32
            : et == typeof(long) ? DType.int64
            : et == typeof(bool) ? DType.@bool
            : et == typeof(byte) ? DType.uint8
            : et == typeof(sbyte) ? DType.int8
            : et == typeof(short) ? DType.int16
            : et == typeof(Half) ? DType.float16
            : et == typeof(System.Numerics.Complex) ? DType.complex128
            : et == typeof(ComplexFloat) ? DType.complex64
            : throw new ArgumentException($"to_tensor: arrays of {et.Name} are not supported; expected float, double, int, long, bool, byte, sbyte, short, Half or Complex elements");
        return FromBuffer(flat, dt, shape);
    }

    internal static unsafe Tensor FromBuffer(Array flat, DType dt, long[] shape)
    {
        Native.EnsureAbi();
        GCHandle h = GCHandle.Alloc(flat, GCHandleType.Pinned);
        try
        {
            fixed (long* ps = shape)
            {
                Native.Check(NativeMethods.pd_tensor_create_from_data(dt.Code, ps, shape.Length, 0,
                    (void*)h.AddrOfPinnedObject(), flat.LongLength * dt.ItemSize, out TensorHandle th));
                return new Tensor(th);
            }
        }
        finally { h.Free(); }
    }

    /// <summary>Creates a tensor from a flat span and a shape (no intermediate array).</summary>
    public static unsafe Tensor to_tensor<T>(ReadOnlySpan<T> data, long[] shape, bool stop_gradient = true) where T : unmanaged
    {
        DType dt = typeof(T) == typeof(float) ? DType.float32 : typeof(T) == typeof(double) ? DType.float64
            : typeof(T) == typeof(int) ? DType.int32 : typeof(T) == typeof(long) ? DType.int64
            : typeof(T) == typeof(bool) ? DType.@bool : typeof(T) == typeof(byte) ? DType.uint8
            : throw new ArgumentException($"to_tensor: spans of {typeof(T).Name} are not supported");
        Native.EnsureAbi();
        fixed (T* p = data)
        fixed (long* ps = shape)
        {
            Native.Check(NativeMethods.pd_tensor_create_from_data(dt.Code, ps, shape.Length, 0, p,
                (long)data.Length * sizeof(T), out TensorHandle th));
            var t = new Tensor(th);
            t.stop_gradient = stop_gradient;
            return t;
        }
    }

    /// <summary><c>paddle.full(shape, fill_value, dtype)</c>; dtype defaults to the default float dtype.</summary>
    public static Tensor full(long[] shape, double fill_value, DType? dtype = null)
    {
        var op = s_fill_constant ??= OpInfo.Get("fill_constant", "shape", "dtype", "value", "str_value");
        var a = new[]
        {
            Attr.Ints_(0, shape), Attr.Int(1, (dtype ?? DefaultFloat).Code),
            double.IsFinite(fill_value) ? Attr.Float(2, fill_value) : Attr.Str(3, double.IsNaN(fill_value) ? "nan" : fill_value > 0 ? "inf" : "-inf"),
        };
        return op.Run1(ReadOnlySpan<Tensor?>.Empty, a);
    }
    public static Tensor full(int[] shape, double fill_value, DType? dtype = null) => full(ToLongs(shape), fill_value, dtype);

    /// <summary><c>paddle.zeros(shape, dtype)</c>.</summary>
    public static Tensor zeros(long[] shape, DType? dtype = null) => full(shape, 0, dtype);
    public static Tensor zeros(int[] shape, DType? dtype = null) => full(ToLongs(shape), 0, dtype);
    /// <summary><c>paddle.ones(shape, dtype)</c>.</summary>
    public static Tensor ones(long[] shape, DType? dtype = null) => full(shape, 1, dtype);
    public static Tensor ones(int[] shape, DType? dtype = null) => full(ToLongs(shape), 1, dtype);

    /// <summary><c>paddle.empty(shape, dtype)</c>: uninitialised contents.</summary>
    public static Tensor empty(long[] shape, DType? dtype = null)
    {
        var op = s_empty ??= OpInfo.Get("empty", "shape", "dtype");
        return op.Run1(ReadOnlySpan<Tensor?>.Empty, new[] { Attr.Ints_(0, shape), Attr.Int(1, (dtype ?? DefaultFloat).Code) });
    }
    public static Tensor empty(int[] shape, DType? dtype = null) => empty(ToLongs(shape), dtype);

    /// <summary><c>paddle.full_like(x, fill_value, dtype)</c>.</summary>
    public static Tensor full_like(Tensor x, double fill_value, DType? dtype = null)
    {
        var op = s_fill_any_like ??= OpInfo.Get("fill_any_like", "value", "dtype");
        return op.Run1(new[] { x }, new[] { Attr.Float(0, fill_value), Attr.Int(1, dtype?.Code ?? -1) });
    }
    public static Tensor zeros_like(Tensor x, DType? dtype = null) => full_like(x, 0, dtype);
    public static Tensor ones_like(Tensor x, DType? dtype = null) => full_like(x, 1, dtype);
    public static Tensor empty_like(Tensor x, DType? dtype = null) => empty(x.shape, dtype ?? x.dtype);

    /// <summary><c>paddle.arange(start, end, step, dtype)</c>. As in Paddle 2.0 the dtype
    /// defaults to int64; with one argument it is the end and start is 0.</summary>
    public static Tensor arange(double start = 0, double? end = null, double step = 1, DType? dtype = null)
    {
        DType dt = dtype ?? DType.int64;
        double s = start, e;
        if (end is null) { e = start; s = 0; } else e = end.Value;
        var op = s_range ??= OpInfo.Get("range");
        using var ts = full(new long[] { 1 }, s, dt);
        using var te = full(new long[] { 1 }, e, dt);
        using var tp = full(new long[] { 1 }, step, dt);
        return op.Run1(new[] { ts, te, tp });
    }

    /// <summary><c>paddle.linspace(start, stop, num, dtype)</c> (default float32).</summary>
    public static Tensor linspace(double start, double stop, int num, DType? dtype = null)
    {
        DType dt = dtype ?? DType.float32;
        var op = s_linspace ??= OpInfo.Get("linspace", "dtype");
        using var ts = full(new long[] { 1 }, start, dt.IsFloatingPoint ? dt : DType.float64);
        using var te = full(new long[] { 1 }, stop, dt.IsFloatingPoint ? dt : DType.float64);
        using var tn = full(new long[] { 1 }, num, DType.int32);
        return op.Run1(new[] { ts, te, tn }, new[] { Attr.Int(0, dt.Code) });
    }

    /// <summary><c>paddle.eye(num_rows, num_columns, dtype)</c> (default float32).</summary>
    public static Tensor eye(long num_rows, long? num_columns = null, DType? dtype = null)
    {
        var op = s_eye ??= OpInfo.Get("eye", "num_rows", "num_columns", "dtype");
        return op.Run1(ReadOnlySpan<Tensor?>.Empty, new[]
        {
            Attr.Int(0, num_rows), Attr.Int(1, num_columns ?? -1), Attr.Int(2, (dtype ?? DType.float32).Code),
        });
    }
}
