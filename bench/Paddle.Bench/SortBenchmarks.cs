using BenchmarkDotNet.Attributes;

namespace Paddle.Bench;

/// <summary>Sorting 1M random floats: paddle.sort / paddle.argsort / paddle.topk vs .NET's
/// Array.Sort on a fresh copy of the same data (the copy is part of the baseline, as Paddle
/// also writes a new output). Issue 3's target: within 2x of the baseline.</summary>
public class SortBench : PaddleBenchBase
{
    const int N = 1 << 20;
    float[] a = null!, buf = null!;
    Tensor ta = null!;

    [GlobalSetup]
    public void Setup()
    {
        a = RandomArray(N, 7);
        buf = new float[N];
        ta = paddle.to_tensor(a);
    }

    [GlobalCleanup]
    public void Cleanup() => ta.Dispose();

    [BenchmarkCategory("Sort1M"), Benchmark(Baseline = true)]
    public float Managed_ArraySort1M() { a.CopyTo(buf, 0); Array.Sort(buf); return buf[0]; }

    [BenchmarkCategory("Sort1M"), Benchmark]
    public void Paddle_Sort1M() { using var s = paddle.sort(ta); }

    [BenchmarkCategory("Sort1M"), Benchmark]
    public void Paddle_Argsort1M() { using var s = paddle.argsort(ta); }

    [BenchmarkCategory("Sort1M"), Benchmark]
    public void Paddle_SortDescending1M() { using var s = paddle.sort(ta, descending: true); }

    [BenchmarkCategory("TopK1M"), Benchmark(Baseline = true)]
    public float Managed_ArraySortTopK1M() { a.CopyTo(buf, 0); Array.Sort(buf); return buf[N - 1]; }

    [BenchmarkCategory("TopK1M"), Benchmark]
    public void Paddle_TopK100_1M() { var (v, i) = paddle.topk(ta, 100); v.Dispose(); i.Dispose(); }

    [BenchmarkCategory("TopK1M"), Benchmark]
    public void Paddle_TopKHalf_1M() { var (v, i) = paddle.topk(ta, N / 2); v.Dispose(); i.Dispose(); }
}
