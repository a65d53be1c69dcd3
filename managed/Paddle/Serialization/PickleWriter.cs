using System.Buffers.Binary;
using System.Collections;
using System.Text;

namespace Paddle.Serialization;

/// <summary>
/// Writes what Python Paddle 2.x <c>paddle.load</c> reads: a pickle (protocol 2, 3 or 4) of the
/// object, with every Tensor as a NumPy array (numpy.core.multiarray._reconstruct + BUILD, as
/// in model-format.md §5.2). A top-level dictionary is written as a state dict (tensor values
/// are bare arrays, as Paddle 2.0 writes them); tensors anywhere else are written as the tuple
/// (name, array) that Paddle ≥ 2.1 uses for tensors inside nested objects. Protocol 2 stores
/// array bytes as _codecs.encode(latin-1 text, "latin1"); protocols 3 and 4 as BINBYTES
/// (BINBYTES8 above 4 GiB in protocol 4). No memo and no FRAME opcodes are written (both are
/// optional for readers).
/// </summary>
internal sealed class PickleWriter
{
    private readonly Stream _s;
    private readonly int _protocol;
    private int _tensorCount;
    private readonly HashSet<object> _active = new(ReferenceEqualityComparer.Instance);
    private const int MaxDepth = 512;

    private PickleWriter(Stream s, int protocol) { _s = s; _protocol = protocol; }

    internal static void Write(Stream s, object? obj, int protocol)
    {
        TensorBytes.EnsureLittleEndianHost();
        var w = new PickleWriter(s, protocol);
        w.Op(0x80); w.Op((byte)protocol);          // PROTO
        w.Value(obj, "obj", 0, topLevel: true);
        w.Op(0x2e);                                 // STOP
    }

    private void Op(byte b) => _s.WriteByte(b);
    private void Raw(ReadOnlySpan<byte> b) => _s.Write(b);

    private void Int(long v)
    {
        if (v >= 0 && v <= 0xFF) { Op(0x4b); Op((byte)v); }                 // BININT1
        else if (v >= 0 && v <= 0xFFFF) { Op(0x4d); Span<byte> b = stackalloc byte[2]; BinaryPrimitives.WriteUInt16LittleEndian(b, (ushort)v); Raw(b); }
        else if (v >= int.MinValue && v <= int.MaxValue) { Op(0x4a); Span<byte> b = stackalloc byte[4]; BinaryPrimitives.WriteInt32LittleEndian(b, (int)v); Raw(b); }
        else
        {
            // LONG1: minimal little-endian two's complement
            Span<byte> b = stackalloc byte[8];
            BinaryPrimitives.WriteInt64LittleEndian(b, v);
            int n = 8;
            while (n > 1 && ((b[n - 1] == 0 && (b[n - 2] & 0x80) == 0) || (b[n - 1] == 0xFF && (b[n - 2] & 0x80) != 0))) n--;
            Op(0x8a); Op((byte)n); Raw(b[..n]);
        }
    }

    private void Float(double d)
    {
        Op(0x47);
        Span<byte> b = stackalloc byte[8];
        BinaryPrimitives.WriteDoubleBigEndian(b, d);
        Raw(b);
    }

    private void Str(string s)
    {
        byte[] b = Encoding.UTF8.GetBytes(s);
        if (_protocol >= 4 && b.Length < 256) { Op(0x8c); Op((byte)b.Length); }   // SHORT_BINUNICODE
        else { Op(0x58); Len32(b.Length); }                                           // BINUNICODE
        Raw(b);
    }

    private void Len32(long n)
    {
        if (n > uint.MaxValue) throw new NotSupportedException($"paddle.save: an object of {n} bytes is too large for pickle protocol {_protocol}; use protocol 4");
        Span<byte> b = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(b, (uint)n);
        Raw(b);
    }

    private void Global(string module, string name)
    {
        Op(0x63);
        Raw(Encoding.ASCII.GetBytes(module + "\n" + name + "\n"));
    }

    /// <summary>Writes a bytes object given its length and a producer of its content.</summary>
    private void BytesObj(long n, Action<Action<ReadOnlySpan<byte>>> produce)
    {
        if (_protocol >= 3)
        {
            if (n < 256) { Op(0x43); Op((byte)n); }
            else if (n <= uint.MaxValue || _protocol < 4) { Op(0x42); Len32(n); }
            else { Op(0x8e); Span<byte> b = stackalloc byte[8]; BinaryPrimitives.WriteUInt64LittleEndian(b, (ulong)n); Raw(b); }
            produce(span => _s.Write(span));
            return;
        }
        // Protocol 2 has no bytes opcode: _codecs.encode(<text whose code points are the bytes>, "latin1").
        // The text travels as UTF-8: bytes < 0x80 as one byte, the others as two.
        long utf8Len = 0;
        // First pass: count the UTF-8 length (the content is produced twice; cheap for tensors).
        produce(span => { foreach (byte x in span) utf8Len += x < 0x80 ? 1 : 2; });
        Global("_codecs", "encode");
        Op(0x58); Len32(utf8Len);
        long written = 0;
        var buf = new byte[1 << 16];
        produce(span =>
        {
            int k = 0;
            foreach (byte x in span)
            {
                if (k + 2 > buf.Length) { _s.Write(buf, 0, k); written += k; k = 0; }
                if (x < 0x80) buf[k++] = x;
                else { buf[k++] = (byte)(0xC0 | (x >> 6)); buf[k++] = (byte)(0x80 | (x & 0x3F)); }
            }
            _s.Write(buf, 0, k);
            written += k;
        });
        if (written != utf8Len) throw new InvalidOperationException("paddle.save: data changed while writing");
        Str("latin1");
        Op(0x86); // TUPLE2
        Op(0x52); // REDUCE
    }

    private void Tuple(IReadOnlyList<long> items)
    {
        if (items.Count == 0) { Op(0x29); return; }
        if (items.Count > 3) Op(0x28);
        foreach (long v in items) Int(v);
        Op(items.Count switch { 1 => 0x85, 2 => 0x86, 3 => 0x87, _ => 0x74 });
    }

    private static (string code, string order) NumpyType(DType dt)
    {
        if (dt == DType.@bool) return ("b1", "|");
        if (dt == DType.int8) return ("i1", "|");
        if (dt == DType.uint8) return ("u1", "|");
        if (dt == DType.int16) return ("i2", "<");
        if (dt == DType.bfloat16) return ("u2", "<"); // Paddle's numpy form of bfloat16
        if (dt == DType.int32) return ("i4", "<");
        if (dt == DType.int64) return ("i8", "<");
        if (dt == DType.float16) return ("f2", "<");
        if (dt == DType.float32) return ("f4", "<");
        if (dt == DType.float64) return ("f8", "<");
        if (dt == DType.complex64) return ("c8", "<");
        if (dt == DType.complex128) return ("c16", "<");
        throw new NotSupportedException($"paddle.save: dtype {dt.Name} has no numpy equivalent");
    }

    private void NdArray(Tensor t)
    {
        DType dt = t.dtype;
        long[] shape = t.shape;
        var (code, order) = NumpyType(dt);
        long nbytes = TensorBytes.ByteCount(dt, shape);

        Global("numpy.core.multiarray", "_reconstruct");
        Global("numpy", "ndarray");
        Tuple(new long[] { 0 });
        BytesObj(1, sink => sink("b"u8));
        Op(0x87); // TUPLE3
        Op(0x52); // REDUCE  -> empty ndarray
        Op(0x28); // MARK (state tuple)
        Int(1);
        Tuple(shape);
        Global("numpy", "dtype");
        Str(code); Op(0x89); Op(0x88); // "f4", False, True
        Op(0x87); Op(0x52);             // dtype("f4", False, True)
        Op(0x28);                       // dtype state (3, order, None, None, None, -1, -1, 0)
        Int(3); Str(order); Op(0x4e); Op(0x4e); Op(0x4e); Int(-1); Int(-1); Int(0);
        Op(0x74); Op(0x62);             // TUPLE, BUILD
        Op(0x89);                       // is_fortran False
        long seen = 0;
        BytesObj(nbytes, sink => { seen = 0; TensorBytes.Write(t, span => { seen += span.Length; sink(span); }); });
        if (seen != nbytes) throw new InvalidOperationException("paddle.save: tensor byte count changed while writing");
        Op(0x74); // TUPLE (state)
        Op(0x62); // BUILD
    }

    private void TensorValue(Tensor t, bool bare)
    {
        if (bare) { NdArray(t); return; }
        Str("tensor_" + _tensorCount++);
        NdArray(t);
        Op(0x86); // (name, ndarray)
    }

    private void Value(object? obj, string where, int depth, bool topLevel = false, bool stateDictValue = false)
    {
        var kind = SaveModel.Classify(obj, where);
        switch (kind)
        {
            case SaveModel.Kind.None: Op(0x4e); return;
            case SaveModel.Kind.Bool: Op((bool)obj! ? (byte)0x88 : (byte)0x89); return;
            case SaveModel.Kind.Int: Int(SaveModel.ToInt64(obj!, where)); return;
            case SaveModel.Kind.Float: Float(SaveModel.ToDouble(obj!)); return;
            case SaveModel.Kind.String: Str((string)obj!); return;
            case SaveModel.Kind.Bytes:
            {
                var b = (byte[])obj!;
                BytesObj(b.Length, sink => sink(b));
                return;
            }
            case SaveModel.Kind.Tensor: TensorValue((Tensor)obj!, stateDictValue); return;
            case SaveModel.Kind.NumericArray:
            {
                using var t = paddle.to_tensor(obj!);
                TensorValue(t, stateDictValue);
                return;
            }
        }
        if (depth >= MaxDepth) throw new ArgumentException($"paddle.save: {where} is nested more than {MaxDepth} levels deep");
        if (!_active.Add(obj!)) throw new ArgumentException($"paddle.save: {where} contains itself (a reference cycle); only trees of containers can be saved");
        try
        {
            if (kind == SaveModel.Kind.List)
            {
                var list = (IList)obj!;
                Op(0x5d); // EMPTY_LIST
                int i = 0;
                foreach (object? item in list)
                {
                    if (i % 1000 == 0) { if (i > 0) Op(0x65); Op(0x28); }
                    Value(item, $"{where}[{i}]", depth + 1);
                    i++;
                }
                if (i > 0) Op(0x65); // APPENDS
            }
            else
            {
                var dict = (IDictionary)obj!;
                Op(0x7d); // EMPTY_DICT
                int i = 0;
                foreach (DictionaryEntry e in dict)
                {
                    if (i % 1000 == 0) { if (i > 0) Op(0x75); Op(0x28); }
                    object key = e.Key;
                    if (key is string ks) Str(ks);
                    else if (SaveModel.IsInteger(key)) Int(SaveModel.ToInt64(key, where));
                    else throw new NotSupportedException($"paddle.save: {where} has a key of type {key.GetType().Name}; dictionary keys must be strings or integers");
                    Value(e.Value, $"{where}[{SaveModel.KeyText(key)}]", depth + 1, stateDictValue: topLevel);
                    i++;
                }
                if (i > 0) Op(0x75); // SETITEMS
            }
        }
        finally { _active.Remove(obj!); }
    }
}
