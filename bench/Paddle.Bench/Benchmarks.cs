using System.Numerics.Tensors;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;

namespace Paddle.Bench;

/// <summary>Shared job settings: short, so the whole suite runs in minutes on 2 cores.</summary>
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 5)]
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
/// (single-threaded, SIMD; the output array is preallocated, so it measures pure bandwidth).</summary>
public class AddBench : PaddleBenchBase
{
    const int N1M = 1 << 20, N16M = 1 << 24;
    float[] a1 = null!, b1 = null!, c1 = null!, a16 = null!, b16 = null!, c16 = null!;
    Tensor ta1 = null!, tb1 = null!, ta16 = null!, tb16 = null!;

    [GlobalSetup]
    public void Setup()
    {
        a1 = RandomArray(N1M, 1); b1 = RandomArray(N1M, 2); c1 = new float[N1M];
        a16 = RandomArray(N16M, 3); b16 = RandomArray(N16M, 4); c16 = new float[N16M];
        ta1 = paddle.to_tensor(a1); tb1 = paddle.to_tensor(b1);
        ta16 = paddle.to_tensor(a16); tb16 = paddle.to_tensor(b16);
    }

    [GlobalCleanup]
    public void Cleanup() { ta1.Dispose(); tb1.Dispose(); ta16.Dispose(); tb16.Dispose(); }

    [BenchmarkCategory("Add1M"), Benchmark(Baseline = true)]
    public float Managed_Add1M() { TensorPrimitives.Add(a1, b1, c1); return c1[0]; }

    [BenchmarkCategory("Add1M"), Benchmark]
    public void Paddle_Add1M() { using var c = paddle.add(ta1, tb1); }

    [BenchmarkCategory("Add16M"), Benchmark(Baseline = true)]
    public float Managed_Add16M() { TensorPrimitives.Add(a16, b16, c16); return c16[0]; }

    [BenchmarkCategory("Add16M"), Benchmark]
    public void Paddle_Add16M() { using var c = paddle.add(ta16, tb16); }
}

/// <summary>Full reduction of 16M floats: paddle.sum vs TensorPrimitives.Sum (single-threaded SIMD).</summary>
public class SumBench : PaddleBenchBase
{
    const int N = 1 << 24;
    float[] a = null!;
    Tensor ta = null!;

    [GlobalSetup]
    public void Setup() { a = RandomArray(N, 5); ta = paddle.to_tensor(a); }

    [GlobalCleanup]
    public void Cleanup() => ta.Dispose();

    [BenchmarkCategory("Sum16M"), Benchmark(Baseline = true)]
    public float Managed_Sum16M() => TensorPrimitives.Sum(a);

    [BenchmarkCategory("Sum16M"), Benchmark]
    public void Paddle_Sum16M() { using var s = paddle.sum(ta); }
}

/// <summary>Square float32 matmul: paddle.matmul (oneDNN sgemm) vs a managed i-k-j matmul that
/// runs C[i,:] += A[i,k] * B[k,:] with TensorPrimitives.MultiplyAdd (SIMD) over rows split
/// across cores with Parallel.For.</summary>
public class MatMulBench : PaddleBenchBase
{
    float[] a256 = null!, b256 = null!, c256 = null!, a1024 = null!, b1024 = null!, c1024 = null!;
    Tensor ta256 = null!, tb256 = null!, ta1024 = null!, tb1024 = null!;

    static Tensor Matrix(float[] data, int n)
    {
        using var flat = paddle.to_tensor(data);
        return paddle.reshape(flat, new long[] { n, n });
    }

    [GlobalSetup]
    public void Setup()
    {
        a256 = RandomArray(256 * 256, 6); b256 = RandomArray(256 * 256, 7); c256 = new float[256 * 256];
        a1024 = RandomArray(1024 * 1024, 8); b1024 = RandomArray(1024 * 1024, 9); c1024 = new float[1024 * 1024];
        ta256 = Matrix(a256, 256); tb256 = Matrix(b256, 256);
        ta1024 = Matrix(a1024, 1024); tb1024 = Matrix(b1024, 1024);
    }

    [GlobalCleanup]
    public void Cleanup() { ta256.Dispose(); tb256.Dispose(); ta1024.Dispose(); tb1024.Dispose(); }

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

    [BenchmarkCategory("MatMul1024"), Benchmark(Baseline = true)]
    public float Managed_MatMul1024() { ManagedMatMul(a1024, b1024, c1024, 1024); return c1024[0]; }

    [BenchmarkCategory("MatMul1024"), Benchmark]
    public void Paddle_MatMul1024() { using var c = paddle.matmul(ta1024, tb1024); }
}

/// <summary>Softmax over the last axis of a 1024x1024 float32 matrix: paddle.nn.functional.softmax
/// vs TensorPrimitives.SoftMax per row, rows split across cores with Parallel.For.</summary>
public class SoftmaxBench : PaddleBenchBase
{
    const int R = 1024, C = 1024;
    float[] x = null!, y = null!;
    Tensor tx = null!;

    [GlobalSetup]
    public void Setup()
    {
        x = RandomArray(R * C, 10); y = new float[R * C];
        using var flat = paddle.to_tensor(x);
        tx = paddle.reshape(flat, new long[] { R, C });
    }

    [GlobalCleanup]
    public void Cleanup() => tx.Dispose();

    [BenchmarkCategory("Softmax1024x1024"), Benchmark(Baseline = true)]
    public float Managed_Softmax()
    {
        Parallel.For(0, R, r => TensorPrimitives.SoftMax(x.AsSpan(r * C, C), y.AsSpan(r * C, C)));
        return y[0];
    }

    [BenchmarkCategory("Softmax1024x1024"), Benchmark]
    public void Paddle_Softmax() { using var o = paddle.nn.functional.softmax(tx, -1); }
}

/// <summary>Per-call overhead: paddle.add on two 1-element tensors (result disposed) vs a managed
/// 1-element add that allocates its result. The Mean column is the absolute cost per call
/// (target: under 1 µs for paddle.add).</summary>
public class CallOverheadBench : PaddleBenchBase
{
    float[] a = null!, b = null!;
    Tensor ta = null!, tb = null!;

    [GlobalSetup]
    public void Setup()
    {
        a = new[] { 1.5f }; b = new[] { 2.25f };
        ta = paddle.to_tensor(a); tb = paddle.to_tensor(b);
    }

    [GlobalCleanup]
    public void Cleanup() { ta.Dispose(); tb.Dispose(); }

    [BenchmarkCategory("CallOverhead"), Benchmark(Baseline = true)]
    public float[] Managed_Add1()
    {
        var c = new float[1];
        TensorPrimitives.Add(a, b, c);
        return c;
    }

    [BenchmarkCategory("CallOverhead"), Benchmark]
    public void Paddle_Add1() { using var c = paddle.add(ta, tb); }
}
