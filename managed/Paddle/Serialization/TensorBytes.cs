using System.Runtime.InteropServices;
using Paddle.Interop;

namespace Paddle.Serialization;

/// <summary>
/// Raw (row-major, packed, little-endian) element bytes in and out of native tensors, without
/// an intermediate managed array, so tensors larger than 2 GiB can be written and read.
/// </summary>
internal static unsafe class TensorBytes
{
    private const int Chunk = 1 << 20;

    internal static void EnsureLittleEndianHost()
    {
        if (!BitConverter.IsLittleEndian)
            throw new PlatformNotSupportedException("paddle.save/paddle.load: checkpoints are little-endian and this host is big-endian");
    }

    /// <summary>Number of data bytes of a tensor (numel × element size), checked for overflow.</summary>
    internal static long ByteCount(DType dt, long[] shape)
    {
        long n = 1;
        foreach (long d in shape)
        {
            if (d < 0) throw new InvalidDataException($"negative dimension {d} in shape {Tensor.ShapeString(shape)}");
            n = checked(n * d);
        }
        return checked(n * dt.ItemSize);
    }

    /// <summary>Writes the tensor's elements to <paramref name="sink"/> in chunks of at most 1 MiB.</summary>
    internal static void Write(Tensor t, Action<ReadOnlySpan<byte>> sink)
    {
        long nbytes = t.size * t.dtype.ItemSize;
        if (nbytes == 0) return;
        Native.Check(NativeMethods.pd_tensor_contiguous(t.Handle, out TensorHandle c));
        using (c)
        {
            void* p;
            Native.Check(NativeMethods.pd_tensor_data(c, &p));
            byte* b = (byte*)p;
            for (long off = 0; off < nbytes; off += Chunk)
            {
                int len = (int)Math.Min(Chunk, nbytes - off);
                sink(new ReadOnlySpan<byte>(b + off, len));
            }
        }
    }

    /// <summary>Creates an uninitialised contiguous CPU tensor and lets <paramref name="fill"/>
    /// write its bytes (called with consecutive chunks). The tensor is disposed if fill throws.</summary>
    internal static Tensor Create(DType dt, long[] shape, Action<Span<byte>> fill)
    {
        Native.EnsureAbi();
        long nbytes = ByteCount(dt, shape);
        TensorHandle th;
        fixed (long* ps = shape)
            Native.Check(NativeMethods.pd_tensor_create(dt.Code, ps, shape.Length, 0, out th));
        var t = new Tensor(th);
        try
        {
            if (nbytes > 0)
            {
                void* p;
                Native.Check(NativeMethods.pd_tensor_data(t.Handle, &p));
                byte* b = (byte*)p;
                for (long off = 0; off < nbytes; off += Chunk)
                {
                    int len = (int)Math.Min(Chunk, nbytes - off);
                    fill(new Span<byte>(b + off, len));
                }
                if (dt == DType.@bool) NormalizeBools(b, nbytes);
            }
            return t;
        }
        catch
        {
            t.Dispose();
            throw;
        }
    }

    /// <summary>Creates a tensor holding a copy of <paramref name="data"/>.</summary>
    internal static Tensor FromBytes(DType dt, long[] shape, ReadOnlySpan<byte> data)
    {
        long nbytes = ByteCount(dt, shape);
        if (nbytes != data.Length)
            throw new InvalidDataException($"array of dtype {dt.Name} and shape {Tensor.ShapeString(shape)} needs {nbytes} data bytes but {data.Length} were stored");
        Native.EnsureAbi();
        TensorHandle th;
        fixed (long* ps = shape)
        fixed (byte* pd = data)
            Native.Check(NativeMethods.pd_tensor_create_from_data(dt.Code, ps, shape.Length, 0, pd, nbytes, out th));
        var t = new Tensor(th);
        if (dt == DType.@bool && nbytes > 0)
        {
            try
            {
                void* p;
                Native.Check(NativeMethods.pd_tensor_data(t.Handle, &p));
                NormalizeBools((byte*)p, nbytes);
            }
            catch { t.Dispose(); throw; }
        }
        return t;
    }

    // A stored bool byte other than 0/1 (foreign writers) becomes 1, so .NET bools stay canonical.
    private static void NormalizeBools(byte* b, long n)
    {
        for (long i = 0; i < n; i++) if (b[i] > 1) b[i] = 1;
    }
}
