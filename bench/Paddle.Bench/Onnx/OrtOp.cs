using Microsoft.ML.OnnxRuntime;

namespace Paddle.Bench.Onnx;

/// <summary>
/// One ONNX Runtime session (CPU execution provider) over a one-node model, with its inputs bound
/// once to pinned managed arrays (no copy per call). <see cref="Run"/> is what a user's
/// <c>session.Run(...)</c> costs: ORT allocates the outputs, the caller disposes them — the same
/// contract as a Paddle.NET op returning a new tensor.
/// Threads: intra-op pool of <see cref="Environment.ProcessorCount"/> threads, like the native
/// engine's OpenMP team; ORT's default spin-wait is kept (it is ORT's normal configuration).
/// </summary>
internal sealed class OrtOp : IDisposable
{
    private readonly InferenceSession _session;
    private readonly RunOptions _runOptions = new();
    private readonly string[] _inputNames, _outputNames;
    private readonly OrtValue[] _inputs;

    public OrtOp(OnnxGraph graph, params (string name, OrtValue value)[] inputs)
    {
        using var options = new SessionOptions
        {
            IntraOpNumThreads = Environment.ProcessorCount,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        _session = new InferenceSession(graph.ToModel(), options);
        _inputNames = inputs.Select(i => i.name).ToArray();
        _inputs = inputs.Select(i => i.value).ToArray();
        _outputNames = _session.OutputMetadata.Keys.ToArray();
    }

    public static OrtValue Tensor<T>(T[] data, params long[] shape) where T : unmanaged =>
        OrtValue.CreateTensorValueFromMemory(data, shape);

    /// <summary>Runs the node; the caller owns (and must dispose) the returned outputs.</summary>
    public IDisposableReadOnlyCollection<OrtValue> Run() => _session.Run(_runOptions, _inputNames, _inputs, _outputNames);

    /// <summary>Runs once and copies output <paramref name="index"/> out (for the correctness checks).</summary>
    public (T[] data, long[] shape) RunCopy<T>(int index = 0) where T : unmanaged
    {
        using var outs = Run();
        var o = outs[index];
        return (o.GetTensorDataAsSpan<T>().ToArray(), o.GetTensorTypeAndShape().Shape);
    }

    public void Dispose()
    {
        foreach (var v in _inputs) v.Dispose();
        _session.Dispose();
        _runOptions.Dispose();
    }
}
