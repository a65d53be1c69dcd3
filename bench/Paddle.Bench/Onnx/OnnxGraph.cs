using System.Runtime.InteropServices;

namespace Paddle.Bench.Onnx;

/// <summary>
/// Builds a one-node ONNX model in memory (ModelProto bytes for InferenceSession). Field numbers
/// are those of onnx/onnx.proto (IR version 8, default-domain opset 17):
/// ModelProto{ir_version=1, graph=7, opset_import=8}, GraphProto{node=1, name=2, initializer=5,
/// input=11, output=12}, NodeProto{input=1, output=2, op_type=4, attribute=5},
/// AttributeProto{name=1, f=2, i=3, s=4, type=20}, ValueInfoProto{name=1, type=2},
/// TypeProto{tensor_type=1}, TypeProto.Tensor{elem_type=1, shape=2}, TensorShapeProto{dim=1},
/// Dimension{dim_value=1, dim_param=2}, TensorProto{dims=1, data_type=2, name=8, raw_data=9}.
/// </summary>
internal sealed class OnnxGraph
{
    public const int F32 = 1, I32 = 6, I64 = 7;   // TensorProto.DataType
    private const int AttrFloat = 1, AttrInt = 2, AttrString = 3;   // AttributeProto.AttributeType

    private readonly string _opType;
    private readonly List<ProtoWriter> _inputs = new(), _outputs = new(), _initializers = new(), _attributes = new();
    private readonly List<string> _nodeInputs = new(), _nodeOutputs = new();

    public OnnxGraph(string opType) => _opType = opType;

    /// <summary>A graph input fed at run time; a null dimension is symbolic (dim_param).</summary>
    public OnnxGraph Input(string name, int elemType, params long?[] shape)
    {
        _inputs.Add(ValueInfo(name, elemType, shape));
        _nodeInputs.Add(name);
        return this;
    }

    /// <summary>An optional node input left out (ONNX spells it as an empty name).</summary>
    public OnnxGraph SkipInput() { _nodeInputs.Add(""); return this; }

    /// <summary>A constant input stored in the model (raw little-endian data).</summary>
    public OnnxGraph Constant<T>(string name, int elemType, long[] dims, params T[] values) where T : unmanaged
    {
        var t = new ProtoWriter();
        foreach (long d in dims) t.Int(1, d);
        t.Int(2, elemType).String(8, name).Bytes(9, MemoryMarshal.AsBytes(values.AsSpan()));
        _initializers.Add(t);
        _nodeInputs.Add(name);
        return this;
    }

    public OnnxGraph Output(string name, int elemType, params long?[] shape)
    {
        _outputs.Add(ValueInfo(name, elemType, shape));
        _nodeOutputs.Add(name);
        return this;
    }

    public OnnxGraph Attr(string name, long value) => AddAttr(new ProtoWriter().String(1, name).Int(3, value).Int(20, AttrInt));

    public OnnxGraph Attr(string name, float value) => AddAttr(new ProtoWriter().String(1, name).Float(2, value).Int(20, AttrFloat));

    public OnnxGraph Attr(string name, string value) => AddAttr(new ProtoWriter().String(1, name).String(4, value).Int(20, AttrString));

    private OnnxGraph AddAttr(ProtoWriter a) { _attributes.Add(a); return this; }

    private static ProtoWriter ValueInfo(string name, int elemType, long?[] shape)
    {
        var dims = new ProtoWriter();
        for (int i = 0; i < shape.Length; i++)
            dims.Message(1, shape[i] is long d ? new ProtoWriter().Int(1, d) : new ProtoWriter().String(2, $"{name}_d{i}"));
        var tensorType = new ProtoWriter().Int(1, elemType).Message(2, dims);
        return new ProtoWriter().String(1, name).Message(2, new ProtoWriter().Message(1, tensorType));
    }

    public byte[] ToModel()
    {
        var node = new ProtoWriter();
        foreach (var i in _nodeInputs) node.String(1, i);
        foreach (var o in _nodeOutputs) node.String(2, o);
        node.String(3, _opType + "_0").String(4, _opType);
        foreach (var a in _attributes) node.Message(5, a);

        var graph = new ProtoWriter().Message(1, node).String(2, "bench_" + _opType);
        foreach (var t in _initializers) graph.Message(5, t);
        foreach (var i in _inputs) graph.Message(11, i);
        foreach (var o in _outputs) graph.Message(12, o);

        return new ProtoWriter()
            .Int(1, 8)                                               // ir_version
            .String(2, "Paddle.Bench")                               // producer_name
            .Message(7, graph)
            .Message(8, new ProtoWriter().String(1, "").Int(2, 17))  // opset_import: ai.onnx 17
            .ToArray();
    }
}
