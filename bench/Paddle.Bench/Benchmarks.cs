using System.Numerics.Tensors;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Paddle.Bench.Onnx;
using static Paddle.Bench.Onnx.OnnxGraph;

namespace Paddle.Bench;

/// <summary>Shared settings; the job (iterations, in- or out-of-process) comes from Program's config.
/// Method names say the side: Paddle_* (ours, through the C# API), Managed_* (the C# baseline,
/// Baseline = true) and Ort_* (ONNX Runtime, CPU EP, same inputs).</summary>
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
[MemoryDiagnoser]
public abstract class PaddleBenchBase
{
    internal static float[] RandomArray(int n, int seed)
    {
        var rng = new Random(seed);
        var a = new float[n];
        for (int i = 0; i < a.Length; i++) a[i] = rng.NextSingle() * 2f - 1f;
        return a;
    }
}

/// <summary>Elementwise add: paddle.add on pre-made tensors vs TensorPrimitives.Add on float[]
/// (single-threaded, SIMD; the output array is preallocated, so it measures pure bandwidth) vs
/// ONNX Runtime's Add (output allocated by ORT per call, as Paddle's).</summary>
public class AddBench : PaddleBenchBase, IVerifiedBench
{
    const int N1M = 1 << 20, N16M = 1 << 24;
    float[] a1 = null!, b1 = null!, c1 = null!, a16 = null!, b16 = null!, c16 = null!;
    Tensor ta1 = null!, tb1 = null!, ta16 = null!, tb16 = null!;
    OrtOp ort1 = null!, ort16 = null!;

    internal static OrtOp OrtAdd(float[] a, float[] b) =>
        new(new OnnxGraph("Add").Input("a", F32, a.Length).Input("b", F32, b.Length).Output("c", F32, a.Length),
            ("a", OrtOp.Tensor(a, a.Length)), ("b", OrtOp.Tensor(b, b.Length)));

    [GlobalSetup]
    public void Setup()
    {
        a1 = RandomArray(N1M, 1); b1 = RandomArray(N1M, 2); c1 = new float[N1M];
        a16 = RandomArray(N16M, 3); b16 = RandomArray(N16M, 4); c16 = new float[N16M];
        ta1 = paddle.to_tensor(a1); tb1 = paddle.to_tensor(b1);
        ta16 = paddle.to_tensor(a16); tb16 = paddle.to_tensor(b16);
        ort1 = OrtAdd(a1, b1); ort16 = OrtAdd(a16, b16);
    }

    [GlobalCleanup]
    public void Cleanup() { ta1.Dispose(); tb1.Dispose(); ta16.Dispose(); tb16.Dispose(); ort1.Dispose(); ort16.Dispose(); }

    public void Verify()
    {
        Managed_Add1M(); Managed_Add16M();
        using (var c = paddle.add(ta1, tb1)) BenchCheck.Close("Add1M paddle vs managed", c1, c.ToArray<float>(), 0f);
        using (var c = paddle.add(ta16, tb16)) BenchCheck.Close("Add16M paddle vs managed", c16, c.ToArray<float>(), 0f);
        BenchCheck.Close("Add1M ORT vs managed", c1, ort1.RunCopy<float>().data, 0f);
        BenchCheck.Close("Add16M ORT vs managed", c16, ort16.RunCopy<float>().data, 0f);
    }

    [BenchmarkCategory("Add1M"), Benchmark(Baseline = true)]
    public float Managed_Add1M() { TensorPrimitives.Add(a1, b1, c1); return c1[0]; }

    [BenchmarkCategory("Add1M"), Benchmark]
    public void Paddle_Add1M() { using var c = paddle.add(ta1, tb1); }

    [BenchmarkCategory("Add1M"), Benchmark]
    public void Ort_Add1M() { using var c = ort1.Run(); }

    [BenchmarkCategory("Add16M"), Benchmark(Baseline = true)]
    public float Managed_Add16M() { TensorPrimitives.Add(a16, b16, c16); return c16[0]; }

    [BenchmarkCategory("Add16M"), Benchmark]
    public void Paddle_Add16M() { using var c = paddle.add(ta16, tb16); }

    [BenchmarkCategory("Add16M"), Benchmark]
    public void Ort_Add16M() { using var c = ort16.Run(); }
}

/// <summary>Full reduction of 16M floats: paddle.sum vs TensorPrimitives.Sum (single-threaded SIMD)
/// vs ORT ReduceSum (no axes input, keepdims=0: all axes, a scalar, as paddle.sum).</summary>
public class SumBench : PaddleBenchBase, IVerifiedBench
{
    const int N = 1 << 24;
    float[] a = null!;
    Tensor ta = null!;
    OrtOp ort = null!;

    [GlobalSetup]
    public void Setup()
    {
        a = RandomArray(N, 5); ta = paddle.to_tensor(a);
        ort = new OrtOp(new OnnxGraph("ReduceSum").Input("x", F32, N).SkipInput().Attr("keepdims", 0L).Output("s", F32),
            ("x", OrtOp.Tensor(a, N)));
    }

    [GlobalCleanup]
    public void Cleanup() { ta.Dispose(); ort.Dispose(); }

    public void Verify()
    {
        // Summation orders differ (SIMD lanes, threads); allow float rounding relative to sum |x|.
        float tol = 1e-5f * TensorPrimitives.SumOfMagnitudes(a);
        float expected = Managed_Sum16M();
        using (var s = paddle.sum(ta)) BenchCheck.Close("Sum16M paddle vs managed", new[] { expected }, s.ToArray<float>(), tol);
        var (o, shape) = ort.RunCopy<float>();
        BenchCheck.Shape("Sum16M ORT shape", Array.Empty<long>(), shape);
        BenchCheck.Close("Sum16M ORT vs managed", new[] { expected }, o, tol);
    }

    [BenchmarkCategory("Sum16M"), Benchmark(Baseline = true)]
    public float Managed_Sum16M() => TensorPrimitives.Sum(a);

    [BenchmarkCategory("Sum16M"), Benchmark]
    public void Paddle_Sum16M() { using var s = paddle.sum(ta); }

    [BenchmarkCategory("Sum16M"), Benchmark]
    public void Ort_Sum16M() { using var s = ort.Run(); }
}

/// <summary>Square float32 matmul: paddle.matmul (oneDNN sgemm) vs a managed i-k-j matmul that
/// runs C[i,:] += A[i,k] * B[k,:] with TensorPrimitives.MultiplyAdd (SIMD) over rows split
/// across cores with Parallel.For, vs ORT MatMul (its own MLAS sgemm).</summary>
public class MatMulBench : PaddleBenchBase, IVerifiedBench
{
    float[] a256 = null!, b256 = null!, c256 = null!, a1024 = null!, b1024 = null!, c1024 = null!;
    Tensor ta256 = null!, tb256 = null!, ta1024 = null!, tb1024 = null!;
    OrtOp ort256 = null!, ort1024 = null!;

    static Tensor Matrix(float[] data, int n)
    {
        using var flat = paddle.to_tensor(data);
        return paddle.reshape(flat, new long[] { n, n });
    }

    static OrtOp OrtMatMul(float[] a, float[] b, int n) =>
        new(new OnnxGraph("MatMul").Input("a", F32, n, n).Input("b", F32, n, n).Output("c", F32, n, n),
            ("a", OrtOp.Tensor(a, n, n)), ("b", OrtOp.Tensor(b, n, n)));

    [GlobalSetup]
    public void Setup()
    {
        a256 = RandomArray(256 * 256, 6); b256 = RandomArray(256 * 256, 7); c256 = new float[256 * 256];
        a1024 = RandomArray(1024 * 1024, 8); b1024 = RandomArray(1024 * 1024, 9); c1024 = new float[1024 * 1024];
        ta256 = Matrix(a256, 256); tb256 = Matrix(b256, 256);
        ta1024 = Matrix(a1024, 1024); tb1024 = Matrix(b1024, 1024);
        ort256 = OrtMatMul(a256, b256, 256); ort1024 = OrtMatMul(a1024, b1024, 1024);
    }

    [GlobalCleanup]
    public void Cleanup() { ta256.Dispose(); tb256.Dispose(); ta1024.Dispose(); tb1024.Dispose(); ort256.Dispose(); ort1024.Dispose(); }

    public void Verify()
    {
        Managed_MatMul256(); Managed_MatMul1024();
        // Entries are sums of n products of values in (-1, 1): |c| is about sqrt(n)/3; the
        // blocked sgemm kernels sum in other orders than the i-k-j loop.
        using (var c = paddle.matmul(ta256, tb256)) BenchCheck.Close("MatMul256 paddle vs managed", c256, c.ToArray<float>(), 1e-3f, 1e-4f);
        using (var c = paddle.matmul(ta1024, tb1024)) BenchCheck.Close("MatMul1024 paddle vs managed", c1024, c.ToArray<float>(), 2e-3f, 1e-4f);
        BenchCheck.Close("MatMul256 ORT vs managed", c256, ort256.RunCopy<float>().data, 1e-3f, 1e-4f);
        BenchCheck.Close("MatMul1024 ORT vs managed", c1024, ort1024.RunCopy<float>().data, 2e-3f, 1e-4f);
    }

    internal static void ManagedMatMul(float[] a, float[] b, float[] c, int n)
    {
        Parallel.For(0, n, i =>
        {
            Span<float> crow = c.AsSpan(i * n, n);
            crow.Clear();
            ReadOnlySpan<float> arow = a.AsSpan(i * n, n);
            for (int k = 0; k < n; k++)
                TensorPrimitives.MultiplyAdd(b.AsSpan(k * n, n), arow[k], crow, crow);
        });
    }

    [BenchmarkCategory("MatMul256"), Benchmark(Baseline = true)]
    public float Managed_MatMul256() { ManagedMatMul(a256, b256, c256, 256); return c256[0]; }

    [BenchmarkCategory("MatMul256"), Benchmark]
    public void Paddle_MatMul256() { using var c = paddle.matmul(ta256, tb256); }

    [BenchmarkCategory("MatMul256"), Benchmark]
    public void Ort_MatMul256() { using var c = ort256.Run(); }

    [BenchmarkCategory("MatMul1024"), Benchmark(Baseline = true)]
    public float Managed_MatMul1024() { ManagedMatMul(a1024, b1024, c1024, 1024); return c1024[0]; }

    [BenchmarkCategory("MatMul1024"), Benchmark]
    public void Paddle_MatMul1024() { using var c = paddle.matmul(ta1024, tb1024); }

    [BenchmarkCategory("MatMul1024"), Benchmark]
    public void Ort_MatMul1024() { using var c = ort1024.Run(); }
}

/// <summary>Softmax over the last axis of a 1024x1024 float32 matrix: paddle.nn.functional.softmax
/// vs TensorPrimitives.SoftMax per row, rows split across cores with Parallel.For, vs ORT Softmax
/// (opset 13+: axis -1 normalises each row alone, as Paddle's).</summary>
public class SoftmaxBench : PaddleBenchBase, IVerifiedBench
{
    const int R = 1024, C = 1024;
    float[] x = null!, y = null!;
    Tensor tx = null!;
    OrtOp ort = null!;

    [GlobalSetup]
    public void Setup()
    {
        x = RandomArray(R * C, 10); y = new float[R * C];
        using var flat = paddle.to_tensor(x);
        tx = paddle.reshape(flat, new long[] { R, C });
        ort = new OrtOp(new OnnxGraph("Softmax").Input("x", F32, R, C).Attr("axis", -1L).Output("y", F32, R, C),
            ("x", OrtOp.Tensor(x, R, C)));
    }

    [GlobalCleanup]
    public void Cleanup() { tx.Dispose(); ort.Dispose(); }

    public void Verify()
    {
        Managed_Softmax();
        using (var o = paddle.nn.functional.softmax(tx, -1)) BenchCheck.Close("Softmax paddle vs managed", y, o.ToArray<float>(), 1e-7f, 1e-4f);
        BenchCheck.Close("Softmax ORT vs managed", y, ort.RunCopy<float>().data, 1e-7f, 1e-4f);
    }

    [BenchmarkCategory("Softmax1024x1024"), Benchmark(Baseline = true)]
    public float Managed_Softmax()
    {
        Parallel.For(0, R, r => TensorPrimitives.SoftMax(x.AsSpan(r * C, C), y.AsSpan(r * C, C)));
        return y[0];
    }

    [BenchmarkCategory("Softmax1024x1024"), Benchmark]
    public void Paddle_Softmax1024x1024() { using var o = paddle.nn.functional.softmax(tx, -1); }

    [BenchmarkCategory("Softmax1024x1024"), Benchmark]
    public void Ort_Softmax1024x1024() { using var o = ort.Run(); }
}

/// <summary>Per-call overhead: paddle.add on two 1-element tensors (result disposed) vs a managed
/// 1-element add that allocates its result vs one ORT session.Run of a 1-element Add. The Mean
/// column is the absolute cost per call (target: under 1 µs for paddle.add).</summary>
public class CallOverheadBench : PaddleBenchBase, IVerifiedBench
{
    float[] a = null!, b = null!;
    Tensor ta = null!, tb = null!;
    OrtOp ort = null!;

    [GlobalSetup]
    public void Setup()
    {
        a = new[] { 1.5f }; b = new[] { 2.25f };
        ta = paddle.to_tensor(a); tb = paddle.to_tensor(b);
        ort = AddBench.OrtAdd(a, b);
    }

    [GlobalCleanup]
    public void Cleanup() { ta.Dispose(); tb.Dispose(); ort.Dispose(); }

    public void Verify()
    {
        using (var c = paddle.add(ta, tb)) BenchCheck.Close("Add1 paddle", new[] { 3.75f }, c.ToArray<float>(), 0f);
        BenchCheck.Close("Add1 ORT", new[] { 3.75f }, ort.RunCopy<float>().data, 0f);
    }

    [BenchmarkCategory("CallOverhead"), Benchmark(Baseline = true)]
    public float[] Managed_Add1()
    {
        var c = new float[1];
        TensorPrimitives.Add(a, b, c);
        return c;
    }

    [BenchmarkCategory("CallOverhead"), Benchmark]
    public void Paddle_CallOverhead_Add1() { using var c = paddle.add(ta, tb); }

    [BenchmarkCategory("CallOverhead"), Benchmark]
    public void Ort_CallOverhead_Add1() { using var c = ort.Run(); }
}
