namespace Paddle.Tests;

public class DisposalTests
{
    [Fact]
    public void HundredThousandCreateDisposeCyclesLeakNothing()
    {
        T.Settle();
        var before = paddle.Runtime.LiveStats();
        using (var warm = paddle.ones(new[] { 4 })) { }
        for (int i = 0; i < 100_000; i++)
        {
            using var a = paddle.to_tensor(new float[] { i, 1, 2 });
            using var b = paddle.add(a, a);
        }
        var after = paddle.Runtime.LiveStats();
        Assert.Equal(before.StorageBytes, after.StorageBytes);
        Assert.Equal(before.Tensors, after.Tensors);
        Assert.Equal(before.Storages, after.Storages);
    }

    [Fact]
    public void AutogradGraphIsFreedWithItsTensors()
    {
        T.Settle();
        var before = paddle.Runtime.LiveStats();
        for (int i = 0; i < 200; i++)
        {
            using var scope = paddle.NewScope();
            var x = paddle.ones(new[] { 8 }, "float64");
            x.stop_gradient = false;
            var y = paddle.sum(paddle.exp(x) * x);
            y.backward();
            _ = x.grad;
        }
        var after = paddle.Runtime.LiveStats();
        Assert.Equal(before.GradNodes, after.GradNodes);
        Assert.Equal(before.Tensors, after.Tensors);
        Assert.Equal(before.StorageBytes, after.StorageBytes);
    }

    [Fact]
    public void ScopeDisposesEverythingButKeptTensors()
    {
        T.Settle();
        var before = paddle.Runtime.LiveStats();
        Tensor kept, moved, lost;
        using (var outer = paddle.NewScope())
        {
            using (var scope = paddle.NewScope())
            {
                var a = paddle.ones(new[] { 3 });
                var b = a + a;
                lost = b * 2.0;
                kept = b * 3.0;
                scope.Keep(kept);
                moved = (b * 4.0).MoveToOuterScope();
                Assert.Equal(3, scope.Count);   // a, b, lost (kept and moved left it)
            }
            Assert.True(lost.IsDisposed);
            Assert.False(kept.IsDisposed);
            Assert.False(moved.IsDisposed);
            T.Close(new double[] { 8, 8, 8 }, moved);
            Assert.Equal(1, outer.Count);
        }
        Assert.True(moved.IsDisposed);
        T.Close(new double[] { 6, 6, 6 }, kept);
        kept.Dispose();
        var after = paddle.Runtime.LiveStats();
        Assert.Equal(before.Tensors, after.Tensors);
        Assert.Equal(before.StorageBytes, after.StorageBytes);
    }

    [Fact]
    public void FinalizerReleasesUndisposedTensors()
    {
        T.Settle();
        var before = paddle.Runtime.LiveStats();
        static void Make() { for (int i = 0; i < 1000; i++) paddle.ones(new[] { 16 }); }
        Make();
        T.Settle();
        var after = paddle.Runtime.LiveStats();
        Assert.Equal(before.Tensors, after.Tensors);
        Assert.Equal(before.StorageBytes, after.StorageBytes);
    }

    [Fact]
    public void EightThreadsShareReadOnlyTensorsAndTrainIndependently()
    {
        using var shared = paddle.to_tensor(new double[,] { { 1, 2 }, { 3, 4 } });
        var errors = new System.Collections.Concurrent.ConcurrentBag<string>();
        var threads = Enumerable.Range(0, 8).Select(tid => new Thread(() =>
        {
            try
            {
                for (int i = 0; i < 200; i++)
                {
                    using var scope = paddle.NewScope();
                    var w = paddle.full(new[] { 2, 2 }, tid, "float64");
                    w.stop_gradient = false;
                    var y = paddle.sum(paddle.matmul(shared, w));
                    y.backward();
                    // d/dw sum(S·W) = column sums of S, broadcast: [[4,4],[6,6]]
                    var g = w.grad!.ToArray<double>();
                    if (g[0] != 4 || g[1] != 4 || g[2] != 6 || g[3] != 6) errors.Add($"thread {tid}: grad {string.Join(",", g)}");
                    double expect = 10 * 2 * tid;
                    if (y.item<double>() != expect) errors.Add($"thread {tid}: {y.item<double>()} != {expect}");
                    using (paddle.no_grad())
                    {
                        var z = w * 2.0;
                        if (!z.stop_gradient) errors.Add("no_grad leaked across threads");
                    }
                }
            }
            catch (Exception e) { errors.Add(e.ToString()); }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        Assert.Empty(errors);
        Assert.True(paddle.is_grad_enabled());
    }

    [Fact]
    public void NativeErrorsAreThreadLocal()
    {
        using var x = paddle.ones(new[] { 2 });
        var t = new Thread(() => { try { paddle.zeros(new[] { -1 }); } catch { } });
        t.Start(); t.Join();
        var ex = Assert.Throws<PaddleArgumentException>(() => paddle.reshape(x, new[] { 3 }));
        Assert.StartsWith("reshape2", ex.Message);
    }
}
