using System.Text;

namespace Paddle.Bench.Onnx;

/// <summary>
/// The few protobuf wire-format primitives an ONNX ModelProto needs: varints (wire type 0),
/// 32-bit floats (wire type 5) and length-delimited bytes/strings/sub-messages (wire type 2).
/// No .proto is compiled in this repository, so the bench writes the handful of fields itself.
/// </summary>
internal sealed class ProtoWriter
{
    private readonly MemoryStream _buf = new();

    public byte[] ToArray() => _buf.ToArray();

    private void Varint(ulong v)
    {
        while (v >= 0x80) { _buf.WriteByte((byte)(v | 0x80)); v >>= 7; }
        _buf.WriteByte((byte)v);
    }

    private void Tag(int field, int wireType) => Varint(((ulong)field << 3) | (uint)wireType);

    /// <summary>int32/int64/enum field (negative values take ten bytes, as protobuf specifies).</summary>
    public ProtoWriter Int(int field, long value) { Tag(field, 0); Varint((ulong)value); return this; }

    public ProtoWriter Float(int field, float value)
    {
        Tag(field, 5);
        Span<byte> b = stackalloc byte[4];
        BitConverter.TryWriteBytes(b, value);
        if (!BitConverter.IsLittleEndian) b.Reverse();
        _buf.Write(b);
        return this;
    }

    public ProtoWriter Bytes(int field, ReadOnlySpan<byte> value)
    {
        Tag(field, 2);
        Varint((ulong)value.Length);
        _buf.Write(value);
        return this;
    }

    public ProtoWriter String(int field, string value) => Bytes(field, Encoding.UTF8.GetBytes(value));

    public ProtoWriter Message(int field, ProtoWriter message) => Bytes(field, message.ToArray());
}
