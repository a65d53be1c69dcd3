[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace Paddle.Tests;

internal static class T
{
    /// <summary>Runs every pending finalizer so the native live counters are exact.</summary>
    public static void Settle()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }

    public static void Close(double[] expected, Tensor t, double tol = 1e-5)
    {
        double[] actual = Doubles(t);
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            if (double.IsNaN(expected[i])) { Assert.True(double.IsNaN(actual[i]), $"element {i}: expected NaN, got {actual[i]}"); continue; }
            if (double.IsInfinity(expected[i])) { Assert.Equal(expected[i], actual[i]); continue; }
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tol * Math.Max(1.0, Math.Abs(expected[i])),
                $"element {i}: expected {expected[i]}, got {actual[i]}");
        }
    }

    public static double[] Doubles(Tensor t)
    {
        DType d = t.dtype;
        if (d == DType.float32) return Array.ConvertAll(t.ToArray<float>(), v => (double)v);
        if (d == DType.float64) return t.ToArray<double>();
        if (d == DType.int32) return Array.ConvertAll(t.ToArray<int>(), v => (double)v);
        if (d == DType.int64) return Array.ConvertAll(t.ToArray<long>(), v => (double)v);
        if (d == DType.@bool) return Array.ConvertAll(t.ToArray<bool>(), v => v ? 1.0 : 0.0);
        using var c = t.astype(DType.float64);
        return c.ToArray<double>();
    }

    public static void Shape(long[] expected, Tensor t) => Assert.Equal(expected, t.shape);

    /// <summary>Asserts the exception type and that the message contains the fragment.</summary>
    public static TEx Throws<TEx>(Action a, string fragment) where TEx : Exception
    {
        var ex = Assert.ThrowsAny<TEx>(a);
        Assert.Contains(fragment, ex.Message);
        return ex;
    }

    /// <summary>
    /// Numerical gradient check through the C# API: loss = sum(f(inputs) * w) for a fixed
    /// random w; compares backward() with central differences on float64 inputs.
    /// </summary>
    public static void GradCheck(Func<Tensor[], Tensor> f, (double[] data, long[] shape)[] inputs, double eps = 1e-6, double tol = 1e-5)
    {
        using var scope = paddle.NewScope();
        var xs = inputs.Select(i =>
        {
            var t = paddle.to_tensor(i.data).reshape(i.shape);
            var leaf = t.detach();
            leaf.stop_gradient = false;
            return leaf;
        }).ToArray();
        var outT = f(xs);
        var rng = new Random(3);
        var wdata = Enumerable.Range(0, (int)outT.size).Select(_ => 0.5 + rng.NextDouble()).ToArray();
        var w = paddle.to_tensor(wdata).reshape(outT.shape);
        var loss = paddle.sum(outT * w);
        loss.backward();
        for (int k = 0; k < xs.Length; k++)
        {
            var g = xs[k].grad;
            Assert.True(g is not null, $"input {k} got no gradient");
            double[] analytic = g!.ToArray<double>();
            double[] data = (double[])inputs[k].data.Clone();
            for (int i = 0; i < data.Length; i++)
            {
                double Loss(double v)
                {
                    using var s = paddle.NewScope();
                    using var ng = paddle.no_grad();
                    var d2 = (double[])data.Clone();
                    d2[i] = v;
                    var ins = xs.Select((x, j) => j == k ? paddle.to_tensor(d2).reshape(inputs[k].shape) : x).ToArray();
                    return paddle.sum(f(ins) * w).item<double>();
                }
                double numeric = (Loss(data[i] + eps) - Loss(data[i] - eps)) / (2 * eps);
                Assert.True(Math.Abs(numeric - analytic[i]) <= tol * Math.Max(1.0, Math.Abs(numeric)),
                    $"input {k} element {i}: analytic {analytic[i]}, numeric {numeric}");
            }
        }
    }

    public static (double[] data, long[] shape) R(int seed, params long[] shape)
    {
        var rng = new Random(seed);
        long n = shape.Aggregate(1L, (a, b) => a * b);
        return (Enumerable.Range(0, (int)n).Select(_ => rng.NextDouble() * 2 - 1).ToArray(), shape);
    }

    public static (double[] data, long[] shape) Pos(int seed, params long[] shape)
    {
        var r = R(seed, shape);
        return (r.data.Select(v => Math.Abs(v) + 0.5).ToArray(), r.shape);
    }
}
