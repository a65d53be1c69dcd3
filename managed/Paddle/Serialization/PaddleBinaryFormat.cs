/*
 * Paddle.NET checkpoint format, version 1 (what paddle.save writes unless the pickle format is
 * chosen; paddle.load recognises it by its magic).
 *
 * Every integer is little-endian. A file is HEADER, one VALUE (the saved object), TRAILER:
 *
 *   HEADER (16 bytes)
 *     offset 0   8 bytes  magic "PDNETCKP" (50 44 4E 45 54 43 4B 50)
 *     offset 8   u32      format version, 1. A reader rejects any other version.
 *     offset 12  u32      flags, 0. Reserved; a reader rejects non-zero flags.
 *
 *   VALUE: a one-byte tag, then the tag's payload
 *     0x00 None        (nothing)
 *     0x01 False       (nothing)
 *     0x02 True        (nothing)
 *     0x03 Int64       i64
 *     0x04 Float64     8 bytes, IEEE 754 binary64
 *     0x05 String      u64 byte count n, n bytes of UTF-8 (must be valid UTF-8)
 *     0x06 Bytes       u64 byte count n, n bytes
 *     0x07 List        u64 item count n, n VALUEs
 *     0x08 Dict        u64 entry count n, n × (KEY VALUE, VALUE); a KEY VALUE is a String or an
 *                      Int64 VALUE (tag included); keys are unique; order is insertion order
 *     0x09 Tensor      i32 dtype (Paddle's VarType code: bool 0, int16 1, int32 2, int64 3,
 *                      float16 4, float32 5, float64 6, uint8 20, int8 21, bfloat16 22,
 *                      complex64 23, complex128 24), i32 rank r (0 ≤ r ≤ 64), r × i64 dims
 *                      (each ≥ 0), u64 data byte count (must equal numel × element size), then
 *                      the elements: row-major, packed, little-endian (complex = real, imag;
 *                      bool = one byte 0/1; float16/bfloat16 = their 16-bit patterns).
 *     Nesting depth is limited to 512 containers.
 *
 *   TRAILER (16 bytes)
 *     u64      T = offset of the trailer = byte length of HEADER + VALUE (so file size = T + 16)
 *     u32      CRC-32C (Castagnoli, reflected polynomial 0x82F63B78, initial value 0xFFFFFFFF,
 *              final XOR 0xFFFFFFFF; check value of "123456789" is 0xE3069283) of bytes [0, T)
 *     4 bytes  end magic "PEND" (50 45 4E 44)
 *
 * A reader checks, in order: size ≥ 32 and the magic (else "not a Paddle.NET checkpoint"),
 * version and flags, the end magic and T == size − 16 (else truncated / trailing garbage),
 * every length against the bytes that remain (before allocating anything), the VALUE ending
 * exactly at T, and the CRC. Any failure is an InvalidDataException naming the file and the
 * problem; tensors created before the failure are disposed.
 *
 * Writes are atomic: the bytes go to a temporary file in the target's directory, which is
 * flushed to disk (fsync) and then renamed over the target (paddle.Serialization.cs).
 */
using System.Buffers.Binary;
using System.Collections;
using System.Numerics;
using System.Text;

namespace Paddle.Serialization;

internal static class PaddleBinaryFormat
{
    internal static ReadOnlySpan<byte> Magic => "PDNETCKP"u8;
    internal static ReadOnlySpan<byte> EndMagic => "PEND"u8;
    internal const uint Version = 1;
    internal const int HeaderSize = 16, TrailerSize = 16, MaxDepth = 512, MaxRank = 64;

    internal const byte TNone = 0, TFalse = 1, TTrue = 2, TInt = 3, TFloat = 4, TString = 5,
        TBytes = 6, TList = 7, TDict = 8, TTensor = 9;

    internal static bool HasMagic(ReadOnlySpan<byte> head) => head.Length >= 8 && head[..8].SequenceEqual(Magic);

    // ---------------------------------------------------------------- CRC-32C

    internal static uint Crc32CUpdate(uint crc, ReadOnlySpan<byte> data)
    {
        while (data.Length >= 8)
        {
            crc = BitOperations.Crc32C(crc, BinaryPrimitives.ReadUInt64LittleEndian(data));
            data = data[8..];
        }
        foreach (byte b in data) crc = BitOperations.Crc32C(crc, b);
        return crc;
    }

    /// <summary>Standard CRC-32C of a buffer (init and final XOR 0xFFFFFFFF).</summary>
    internal static uint Crc32C(ReadOnlySpan<byte> data) => ~Crc32CUpdate(0xFFFFFFFFu, data);

    // ---------------------------------------------------------------- writer

    private sealed class CrcWriter
    {
        private readonly Stream _s;
        public uint Crc = 0xFFFFFFFFu;
        public long Position;
        public CrcWriter(Stream s) => _s = s;
        public void Write(ReadOnlySpan<byte> b)
        {
            _s.Write(b);
            Crc = Crc32CUpdate(Crc, b);
            Position += b.Length;
        }
        public void U8(byte v) => Write(stackalloc byte[] { v });
        public void I32(int v) { Span<byte> b = stackalloc byte[4]; BinaryPrimitives.WriteInt32LittleEndian(b, v); Write(b); }
        public void U32(uint v) { Span<byte> b = stackalloc byte[4]; BinaryPrimitives.WriteUInt32LittleEndian(b, v); Write(b); }
        public void I64(long v) { Span<byte> b = stackalloc byte[8]; BinaryPrimitives.WriteInt64LittleEndian(b, v); Write(b); }
        public void U64(ulong v) { Span<byte> b = stackalloc byte[8]; BinaryPrimitives.WriteUInt64LittleEndian(b, v); Write(b); }
    }

    internal static void Write(Stream stream, object? obj)
    {
        TensorBytes.EnsureLittleEndianHost();
        var w = new CrcWriter(stream);
        w.Write(Magic);
        w.U32(Version);
        w.U32(0);
        var active = new HashSet<object>(ReferenceEqualityComparer.Instance);
        WriteValue(w, obj, "obj", 0, active);
        long end = w.Position;
        uint crc = ~w.Crc;
        Span<byte> tr = stackalloc byte[TrailerSize];
        BinaryPrimitives.WriteUInt64LittleEndian(tr, (ulong)end);
        BinaryPrimitives.WriteUInt32LittleEndian(tr[8..], crc);
        EndMagic.CopyTo(tr[12..]);
        stream.Write(tr);
    }

    private static void WriteString(CrcWriter w, string s)
    {
        byte[] b = Encoding.UTF8.GetBytes(s);
        w.U8(TString);
        w.U64((ulong)b.Length);
        w.Write(b);
    }

    private static void WriteValue(CrcWriter w, object? obj, string where, int depth, HashSet<object> active)
    {
        var kind = SaveModel.Classify(obj, where);
        switch (kind)
        {
            case SaveModel.Kind.None: w.U8(TNone); return;
            case SaveModel.Kind.Bool: w.U8((bool)obj! ? TTrue : TFalse); return;
            case SaveModel.Kind.Int: w.U8(TInt); w.I64(SaveModel.ToInt64(obj!, where)); return;
            case SaveModel.Kind.Float:
                w.U8(TFloat);
                w.I64(BitConverter.DoubleToInt64Bits(SaveModel.ToDouble(obj!)));
                return;
            case SaveModel.Kind.String: WriteString(w, (string)obj!); return;
            case SaveModel.Kind.Bytes:
            {
                var b = (byte[])obj!;
                w.U8(TBytes); w.U64((ulong)b.Length); w.Write(b);
                return;
            }
            case SaveModel.Kind.Tensor: WriteTensor(w, (Tensor)obj!); return;
            case SaveModel.Kind.NumericArray:
            {
                using var t = paddle.to_tensor(obj!);
                WriteTensor(w, t);
                return;
            }
        }
        if (depth >= MaxDepth) throw new ArgumentException($"paddle.save: {where} is nested more than {MaxDepth} levels deep");
        if (!active.Add(obj!)) throw new ArgumentException($"paddle.save: {where} contains itself (a reference cycle); only trees of containers can be saved");
        try
        {
            if (kind == SaveModel.Kind.List)
            {
                var list = (IList)obj!;
                w.U8(TList);
                w.U64((ulong)list.Count);
                int i = 0;
                foreach (object? item in list) WriteValue(w, item, $"{where}[{i++}]", depth + 1, active);
            }
            else
            {
                var dict = (IDictionary)obj!;
                w.U8(TDict);
                w.U64((ulong)dict.Count);
                foreach (DictionaryEntry e in dict)
                {
                    object key = e.Key;
                    if (key is string ks) WriteString(w, ks);
                    else if (SaveModel.IsInteger(key)) { w.U8(TInt); w.I64(SaveModel.ToInt64(key, where)); }
                    else throw new NotSupportedException($"paddle.save: {where} has a key of type {key.GetType().Name}; dictionary keys must be strings or integers");
                    WriteValue(w, e.Value, $"{where}[{SaveModel.KeyText(key)}]", depth + 1, active);
                }
            }
        }
        finally { active.Remove(obj!); }
    }

    private static void WriteTensor(CrcWriter w, Tensor t)
    {
        DType dt = t.dtype;
        long[] shape = t.shape;
        w.U8(TTensor);
        w.I32(dt.Code);
        w.I32(shape.Length);
        foreach (long d in shape) w.I64(d);
        long nbytes = TensorBytes.ByteCount(dt, shape);
        w.U64((ulong)nbytes);
        long before = w.Position;
        TensorBytes.Write(t, w.Write);
        if (w.Position - before != nbytes) throw new InvalidOperationException("paddle.save: tensor byte count changed while writing");
    }

    // ---------------------------------------------------------------- reader

    private sealed class CrcReader
    {
        private readonly Stream _s;
        private readonly string _file;
        public uint Crc = 0xFFFFFFFFu;
        public long Position, End;
        public CrcReader(Stream s, string file, long start, long end) { _s = s; _file = file; Position = start; End = end; }
        public long Remaining => End - Position;
        public InvalidDataException Error(string what) => new($"paddle.load: '{_file}' is corrupted: {what} (at byte {Position})");
        public void Read(Span<byte> dst)
        {
            if (dst.Length > Remaining) throw Error($"a field needs {dst.Length} bytes but only {Remaining} remain before the trailer");
            _s.ReadExactly(dst);
            Crc = Crc32CUpdate(Crc, dst);
            Position += dst.Length;
        }
        public byte U8() { Span<byte> b = stackalloc byte[1]; Read(b); return b[0]; }
        public int I32() { Span<byte> b = stackalloc byte[4]; Read(b); return BinaryPrimitives.ReadInt32LittleEndian(b); }
        public long I64() { Span<byte> b = stackalloc byte[8]; Read(b); return BinaryPrimitives.ReadInt64LittleEndian(b); }
        public long Length(string what, long unit = 1)
        {
            Span<byte> b = stackalloc byte[8]; Read(b);
            ulong n = BinaryPrimitives.ReadUInt64LittleEndian(b);
            if (n > (ulong)Remaining / (ulong)unit) throw Error($"{what} {n} is larger than the {Remaining} bytes that remain");
            return (long)n;
        }
    }

    internal static object? Read(Stream stream, string file)
    {
        TensorBytes.EnsureLittleEndianHost();
        long size = stream.Length;
        if (size < HeaderSize + TrailerSize + 1)
            throw new InvalidDataException($"paddle.load: '{file}' is truncated: {size} bytes is shorter than the smallest Paddle.NET checkpoint ({HeaderSize + TrailerSize + 1} bytes)");
        Span<byte> head = stackalloc byte[HeaderSize];
        stream.Position = 0;
        stream.ReadExactly(head);
        if (!HasMagic(head)) throw new InvalidDataException($"paddle.load: '{file}' is not a Paddle.NET checkpoint (bad magic)");
        uint version = BinaryPrimitives.ReadUInt32LittleEndian(head[8..]);
        uint flags = BinaryPrimitives.ReadUInt32LittleEndian(head[12..]);
        if (version != Version)
            throw new InvalidDataException($"paddle.load: '{file}' is a Paddle.NET checkpoint of format version {version}; this build reads version {Version}");
        if (flags != 0)
            throw new InvalidDataException($"paddle.load: '{file}' has unknown header flags 0x{flags:X8}; it was written by a newer Paddle.NET");

        Span<byte> tr = stackalloc byte[TrailerSize];
        stream.Position = size - TrailerSize;
        stream.ReadExactly(tr);
        if (!tr[12..].SequenceEqual(EndMagic))
            throw new InvalidDataException($"paddle.load: '{file}' is truncated or damaged: the end marker is missing (the file was not completely written)");
        ulong end = BinaryPrimitives.ReadUInt64LittleEndian(tr);
        if (end != (ulong)(size - TrailerSize))
            throw new InvalidDataException($"paddle.load: '{file}' is truncated or has extra bytes: the trailer says the data ends at byte {end} but the file has {size} bytes (expected {end + TrailerSize})");
        uint storedCrc = BinaryPrimitives.ReadUInt32LittleEndian(tr[8..]);

        stream.Position = HeaderSize;
        var r = new CrcReader(stream, file, HeaderSize, (long)end);
        r.Crc = Crc32CUpdate(r.Crc, head);
        var created = new List<Tensor>();
        try
        {
            object? value = ReadValue(r, 0, created);
            if (r.Remaining != 0) throw r.Error($"{r.Remaining} unexpected bytes after the saved object");
            uint crc = ~r.Crc;
            if (crc != storedCrc)
                throw new InvalidDataException($"paddle.load: '{file}' is corrupted: checksum mismatch (stored CRC-32C 0x{storedCrc:X8}, computed 0x{crc:X8})");
            return value;
        }
        catch (EndOfStreamException)
        {
            foreach (var t in created) t.Dispose();
            throw new InvalidDataException($"paddle.load: '{file}' is truncated: it ended while reading the saved object");
        }
        catch
        {
            foreach (var t in created) t.Dispose();
            throw;
        }
    }

    private static string ReadStringPayload(CrcReader r)
    {
        long n = r.Length("string length");
        if (n > int.MaxValue) throw r.Error($"string of {n} bytes is too long");
        var b = new byte[n];
        r.Read(b);
        try { return new UTF8Encoding(false, true).GetString(b); }
        catch (DecoderFallbackException) { throw r.Error("a string is not valid UTF-8"); }
    }

    private static object? ReadValue(CrcReader r, int depth, List<Tensor> created)
    {
        byte tag = r.U8();
        switch (tag)
        {
            case TNone: return null;
            case TFalse: return false;
            case TTrue: return true;
            case TInt: return r.I64();
            case TFloat: return BitConverter.Int64BitsToDouble(r.I64());
            case TString: return ReadStringPayload(r);
            case TBytes:
            {
                long n = r.Length("byte string length");
                if (n > Array.MaxLength) throw r.Error($"byte string of {n} bytes is too long");
                var b = new byte[n];
                r.Read(b);
                return b;
            }
            case TTensor: return ReadTensor(r, created);
            case TList:
            case TDict:
                break;
            default:
                throw r.Error($"unknown value tag 0x{tag:X2}");
        }
        if (depth >= MaxDepth) throw r.Error($"containers are nested more than {MaxDepth} levels deep");
        if (tag == TList)
        {
            long n = r.Length("list length");
            var list = new List<object?>((int)Math.Min(n, 1 << 16));
            for (long i = 0; i < n; i++) list.Add(ReadValue(r, depth + 1, created));
            return list;
        }
        else
        {
            long n = r.Length("dict size", 3);
            var entries = new List<KeyValuePair<object, object?>>((int)Math.Min(n, 1 << 16));
            bool allStrings = true;
            var seen = new HashSet<object>();
            for (long i = 0; i < n; i++)
            {
                byte kt = r.U8();
                object key = kt switch
                {
                    TString => ReadStringPayload(r),
                    TInt => r.I64(),
                    _ => throw r.Error($"dictionary key tag 0x{kt:X2} is not a string or an integer"),
                };
                if (!seen.Add(key)) throw r.Error($"duplicate dictionary key {SaveModel.KeyText(key)}");
                allStrings &= key is string;
                entries.Add(new(key, ReadValue(r, depth + 1, created)));
            }
            return SaveModel.MakeDict(entries, allStrings);
        }
    }

    private static Tensor ReadTensor(CrcReader r, List<Tensor> created)
    {
        int code = r.I32();
        DType dt = DType.FromCode(code);
        if (dt.ItemSize == 0) throw r.Error($"unknown tensor dtype code {code}");
        int rank = r.I32();
        if (rank < 0 || rank > MaxRank) throw r.Error($"tensor rank {rank} is outside 0..{MaxRank}");
        var shape = new long[rank];
        for (int i = 0; i < rank; i++)
        {
            shape[i] = r.I64();
            if (shape[i] < 0) throw r.Error($"tensor dimension {i} is negative ({shape[i]})");
        }
        long expect;
        try { expect = TensorBytes.ByteCount(dt, shape); }
        catch (OverflowException) { throw r.Error($"tensor shape {Tensor.ShapeString(shape)} overflows 64 bits"); }
        long nbytes = r.Length("tensor data size");
        if (nbytes != expect)
            throw r.Error($"tensor of dtype {dt.Name} and shape {Tensor.ShapeString(shape)} needs {expect} data bytes but the record says {nbytes}");
        var t = TensorBytes.Create(dt, shape, span => r.Read(span));
        created.Add(t);
        return t;
    }
}
