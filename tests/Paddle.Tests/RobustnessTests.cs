namespace Paddle.Tests;

/// <summary>
/// Defined behaviour for the ways an embedding service misuses tensors: use after dispose, double
/// dispose, disposal racing a running op, finalization on the finalizer thread while other threads
/// work, and allocations the machine cannot satisfy.
/// </summary>
public class RobustnessTests
{
    [Fact]
    public void DoubleDisposeIsANoOpAndUseAfterDisposeThrows()
    {
        var x = paddle.to_tensor(new float[] { 1, 2, 3 });
        using var y = paddle.ones(new[] { 3 });
        x.Dispose();
        x.Dispose();
        Assert.True(x.IsDisposed);
        Assert.Throws<ObjectDisposedException>(() => x.shape);
        Assert.Throws<ObjectDisposedException>(() => x.numpy());
        Assert.Throws<ObjectDisposedException>(() => paddle.add(x, y));
        Assert.Throws<ObjectDisposedException>(() => paddle.add(y, x));
        Assert.Throws<ObjectDisposedException>(() => { x.stop_gradient = false; });
        Assert.Throws<ObjectDisposedException>(() => x.backward());
        // The other operand is untouched by the failed calls.
        Assert.Equal(new float[] { 1, 1, 1 }, y.ToArray<float>());
    }

    [Fact]
    public void DisposingAGradOrADetachedViewLeavesTheSourceIntact()
    {
        using var x = paddle.to_tensor(new double[] { 1, 2 });
        x.stop_gradient = false;
        using (var s = paddle.sum(x * x)) s.backward();
        x.grad!.Dispose();                       // a handle of its own, not the engine's gradient
        T.Close(new double[] { 2, 4 }, x.grad!);
        var d = x.detach();
        d.Dispose();
        T.Close(new double[] { 1, 2 }, x);
    }

    [Fact]
    public void DisposeRacingRunningOpsGivesResultsOrObjectDisposed()
    {
        // Readers use a tensor while another thread disposes it: each call must either see the tensor
        // whole (SafeHandle keeps the native reference alive for the call) or throw ObjectDisposed.
        for (int round = 0; round < 20; round++)
        {
            var shared = paddle.full(new[] { 64, 64 }, 2.0, "float32");
            using var ones = paddle.ones(new[] { 64, 64 });
            var bad = new System.Collections.Concurrent.ConcurrentBag<string>();
            int ok = 0, disposed = 0;
            var readers = Enumerable.Range(0, 4).Select(_ => new Thread(() =>
            {
                for (int i = 0; i < 200; i++)
                {
                    try
                    {
                        using var s = paddle.sum(paddle.multiply(shared, ones));
                        float v = s.item<float>();
                        if (v != 2.0f * 64 * 64) bad.Add($"sum {v}");
                        Interlocked.Increment(ref ok);
                    }
                    catch (ObjectDisposedException) { Interlocked.Increment(ref disposed); }
                    catch (Exception e) { bad.Add(e.GetType().Name + ": " + e.Message); }
                }
            })).ToList();
            readers.ForEach(t => t.Start());
            Thread.Sleep(round % 3);
            shared.Dispose();
            readers.ForEach(t => t.Join());
            Assert.Empty(bad);
            Assert.Equal(800, ok + disposed);
        }
    }

    [Fact]
    public void FinalizerThreadReleasesGraphsWhileOtherThreadsWork()
    {
        T.Settle();
        var before = paddle.Runtime.LiveStats();
        var errors = new System.Collections.Concurrent.ConcurrentBag<string>();
        using var stop = new ManualResetEventSlim();
        // Abandoned tensors with autograd graphs: only the finalizer thread releases them.
        var abandoners = Enumerable.Range(0, 2).Select(_ => new Thread(() =>
        {
            try
            {
                for (int i = 0; i < 300; i++)
                {
                    var w = paddle.ones(new[] { 8, 8 }, "float64");
                    w.stop_gradient = false;
                    var y = paddle.sum(paddle.tanh(paddle.matmul(w, w)));
                    y.backward();
                    if (i % 50 == 0) GC.Collect();
                }
            }
            catch (Exception e) { errors.Add(e.ToString()); }
        })).ToList();
        var workers = Enumerable.Range(0, 4).Select(tid => new Thread(() =>
        {
            try
            {
                for (int i = 0; i < 300; i++)
                {
                    using var scope = paddle.NewScope();
                    var a = paddle.full(new[] { 16 }, tid + 1.0, "float64");
                    var s = paddle.sum(a * a).item<double>();
                    if (s != 16 * (tid + 1.0) * (tid + 1.0)) errors.Add($"worker {tid}: {s}");
                }
            }
            catch (Exception e) { errors.Add(e.ToString()); }
        })).ToList();
        abandoners.Concat(workers).ToList().ForEach(t => t.Start());
        abandoners.Concat(workers).ToList().ForEach(t => t.Join());
        Assert.Empty(errors);
        T.Settle();
        var after = paddle.Runtime.LiveStats();
        Assert.Equal(before.Tensors, after.Tensors);
        Assert.Equal(before.GradNodes, after.GradNodes);
        Assert.Equal(before.StorageBytes, after.StorageBytes);
    }

    [Fact]
    public void EightThreadsReadSharedTensorsWhileFourCreateAndDisposeTheirOwn()
    {
        T.Settle();
        var before = paddle.Runtime.LiveStats();
        using var source = paddle.arange(0, 256, 1, "float32");
        using var a = source.reshape(new[] { 16, 16 });
        using var b = paddle.eye(16, dtype: "float32");
        float expected = 255f * 256 / 2;
        var errors = new System.Collections.Concurrent.ConcurrentBag<string>();
        var readers = Enumerable.Range(0, 8).Select(tid => new Thread(() =>
        {
            try
            {
                for (int i = 0; i < 300; i++)
                {
                    using var scope = paddle.NewScope();
                    float s = paddle.sum(paddle.matmul(a, b)).item<float>();
                    if (s != expected) errors.Add($"reader {tid}: {s}");
                    var row = a[tid].ToArray<float>();
                    if (row[0] != tid * 16 || row[15] != tid * 16 + 15) errors.Add($"reader {tid}: row {row[0]}..{row[15]}");
                }
            }
            catch (Exception e) { errors.Add(e.ToString()); }
        })).ToList();
        var writers = Enumerable.Range(0, 4).Select(tid => new Thread(() =>
        {
            try
            {
                for (int i = 0; i < 300; i++)
                {
                    using var own = paddle.rand(new[] { 32, 32 });
                    using var twice = own + own;
                    using var diff = twice - own - own;
                    if (paddle.abs(diff).max().item<float>() != 0) errors.Add($"writer {tid}: x+x-x-x != 0");
                    using var big = paddle.zeros(new[] { 1 << 19 });   // 2 MiB: the caching allocator's range
                }
            }
            catch (Exception e) { errors.Add(e.ToString()); }
        })).ToList();
        readers.Concat(writers).ToList().ForEach(t => t.Start());
        readers.Concat(writers).ToList().ForEach(t => t.Join());
        Assert.Empty(errors);
        using (var flat = a.flatten())
        using (var head = flat[..3])
            Assert.Equal(new float[] { 0, 1, 2 }, head.ToArray<float>());
        T.Settle();
        var after = paddle.Runtime.LiveStats();
        Assert.Equal(before.Tensors + 3, after.Tensors);   // source, a and b: every thread's tensors are gone
    }

    [Fact]
    public void TeraElementAllocationIsAnOutOfMemoryExceptionAndTheProcessGoesOn()
    {
        // 10^12 float32 elements = 4e12 bytes: no allocator can satisfy it.
        var ex = Assert.Throws<PaddleOutOfMemoryException>(() => paddle.empty(new long[] { 1_000_000, 1_000_000 }));
        Assert.IsAssignableFrom<OutOfMemoryException>(ex);
        Assert.Contains("4000000000000 bytes", ex.Message);
        // Ops whose output would be that large fail the same way, before touching memory.
        using var one = paddle.ones(new[] { 1, 1 });
        var ex2 = Assert.Throws<PaddleOutOfMemoryException>(() => paddle.expand(one, new long[] { 1_000_000, 1_000_000 }));
        Assert.Contains("4000000000000 bytes", ex2.Message);
        var ex3 = Assert.Throws<PaddleOutOfMemoryException>(() => paddle.tile(one, new long[] { 1_000_000, 1_000_000 }));
        Assert.Contains("4000000000000 bytes", ex3.Message);
        // ... and the engine keeps working.
        using var ok = paddle.ones(new[] { 1000, 1000 });
        Assert.Equal(1e6f, paddle.sum(ok).item<float>());
    }
}
