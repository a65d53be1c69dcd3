namespace Paddle.Tests;

public class StatisticsTests
{
    private static Tensor Arange24() =>
        paddle.to_tensor(Enumerable.Range(0, 24).Select(i => (float)(i - 12)).ToArray()).reshape(new[] { 2, 3, 4 });

    [Fact]
    public void Logsumexp()
    {
        using var s = paddle.NewScope();
        var x = paddle.to_tensor(new float[] { -1.5f, 0, 2, 3, 1.2f, -2.4f }).reshape(new[] { 2, 3 });
        var all = paddle.logsumexp(x);
        T.Shape(new long[] { 1 }, all);
        T.Close(new[] { 3.4691226 }, all, 1e-5);
        T.Close(new[] { 2.15317821, 3.15684602 }, paddle.logsumexp(x, 1), 1e-5);
        T.Close(new[] { 2.15317821, 3.15684602 }, x.logsumexp(-1), 1e-5);
        T.Shape(new long[] { 2, 1 }, paddle.logsumexp(x, 1, keepdim: true));
        T.Shape(new long[] { 1, 1 }, paddle.logsumexp(x, new[] { 0, 1 }, keepdim: true));
        T.Close(new[] { 1000 + Math.Log(2) }, paddle.logsumexp(paddle.to_tensor(new double[] { 1000, 1000 })), 1e-9);
        T.Throws<PaddleArgumentException>(() => paddle.logsumexp(x, 2), "logsumexp: axis 2 is out of range for a tensor of rank 2");
        T.GradCheck(v => paddle.logsumexp(v[0], 1), new[] { T.R(1, 2, 3, 4) });
        T.GradCheck(v => paddle.logsumexp(v[0]), new[] { T.R(2, 3, 2) });
    }

    [Fact]
    public void VarAndStd()
    {
        using var s = paddle.NewScope();
        // Paddle's example: x = [[1, 2, 3], [1, 2, 3]]... use [[1.0, 2.0, 3.0], [1.0, 4.0, 5.0]]
        var x = paddle.to_tensor(new double[] { 1, 2, 3, 1, 4, 5 }).reshape(new[] { 2, 3 });
        var v = paddle.var(x);
        T.Shape(new long[] { 1 }, v);
        T.Close(new[] { 2.66666667 }, v, 1e-7);
        T.Close(new[] { 1.0, 13.0 / 3 }, paddle.var(x, 1), 1e-12);
        T.Close(new[] { 0.0, 2.0, 2.0 }, paddle.var(x, 0), 1e-12);
        T.Close(new[] { 0.0, 1.0, 1.0 }, paddle.var(x, 0, unbiased: false), 1e-12);
        T.Shape(new long[] { 1, 3 }, x.var(0, keepdim: true));
        T.Close(new[] { Math.Sqrt(2.66666667) }, paddle.std(x), 1e-7);
        T.Close(new[] { 1.0, Math.Sqrt(13.0 / 3) }, x.std(1), 1e-12);
        T.Close(new[] { Math.Sqrt(8.0 / 3) }, paddle.std(x, new[] { 0, 1 }, unbiased: false) * Math.Sqrt(6.0 / 5.0) , 1e-7);
        // one element: unbiased divisor max(n-1, 1) -> 0, not NaN
        T.Close(new[] { 0.0 }, paddle.var(paddle.to_tensor(new double[] { 3 })));
        Assert.Throws<ArgumentException>(() => paddle.var(paddle.to_tensor(new[] { 1, 2 })));
        T.GradCheck(t => paddle.var(t[0], 1), new[] { T.R(3, 2, 4) });
        T.GradCheck(t => paddle.std(t[0], new[] { 0, 2 }, keepdim: true), new[] { T.R(4, 2, 3, 2) });
    }

    [Fact]
    public void Median()
    {
        using var s = paddle.NewScope();
        // Paddle's example: x = arange(12).reshape([3, 4])
        var x = paddle.to_tensor(Enumerable.Range(0, 12).Select(i => (long)i).ToArray()).reshape(new[] { 3, 4 });
        var y1 = paddle.median(x);
        Assert.Equal(DType.float32, y1.dtype);
        T.Shape(new long[] { 1 }, y1);
        T.Close(new[] { 5.5 }, y1);
        T.Close(new[] { 4.0, 5, 6, 7 }, paddle.median(x, 0));
        T.Close(new[] { 1.5, 5.5, 9.5 }, paddle.median(x, 1));
        var y4 = x.median(0, keepdim: true);
        T.Shape(new long[] { 1, 4 }, y4);
        T.Close(new[] { 4.0, 5, 6, 7 }, y4);
        T.Shape(new long[] { 1, 1 }, paddle.median(x, keepdim: true));
        var d = paddle.to_tensor(new double[] { 3, 1, 2, 9, 7 });
        Assert.Equal(DType.float64, paddle.median(d).dtype);
        T.Close(new[] { 3.0 }, paddle.median(d));
        T.Close(new[] { 2.0 }, paddle.median(paddle.to_tensor(new double[] { 1, 3 }), -1));
        Assert.Throws<ArgumentException>(() => paddle.median(x, 2));
        T.GradCheck(t => paddle.median(t[0], 1), new[] { T.R(5, 3, 4) });
        T.GradCheck(t => paddle.median(t[0]), new[] { T.R(6, 5) });
    }

    [Fact]
    public void NormDocExamples()
    {
        using var s = paddle.NewScope();
        var x = Arange24();
        T.Close(new[] { 17.435596, 16.911535, 16.7332, 16.911535 }, paddle.norm(x, "fro", new[] { 0, 1 }), 1e-4);
        T.Close(new[] { 21.118711, 13.190906, 5.477226, 3.7416575, 11.224972, 19.131126 }, paddle.norm(x, 2, -1), 1e-4);
        T.Close(new[] { 17.435596, 16.911535, 16.7332, 16.911535 }, paddle.norm(x, 2, new[] { 0, 1 }), 1e-4);
        var inf = paddle.norm(x, double.PositiveInfinity);
        T.Shape(new long[] { 1 }, inf);
        T.Close(new double[] { 12 }, inf);
        T.Close(new double[] { 12, 11, 10, 9, 8, 7, 6, 7, 8, 9, 10, 11 }, paddle.norm(x, double.PositiveInfinity, 0));
        T.Close(new double[] { 0 }, paddle.norm(x, double.NegativeInfinity));
        T.Close(new double[] { 0, 1, 2, 3, 4, 5, 6, 5, 4, 3, 2, 1 }, paddle.norm(x, double.NegativeInfinity, 0));
        var fro = paddle.norm(x);
        T.Shape(new long[] { 1 }, fro);
        T.Close(new[] { Math.Sqrt(Enumerable.Range(0, 24).Sum(i => (double)(i - 12) * (i - 12))) }, fro, 1e-5);
        T.Close(new double[] { 12, 11 }, paddle.norm(x, double.PositiveInfinity, new[] { 1, 2 }));
        T.Shape(new long[] { 2, 1, 1 }, x.norm(1.0, new[] { 1, 2 }, keepdim: true));
        T.Close(new double[] { 2 }, paddle.norm(paddle.to_tensor(new double[] { 0, 3, 0, 4 }), 0));
        Assert.Throws<ArgumentException>(() => paddle.norm(x, "nuc"));
        Assert.Throws<ArgumentException>(() => paddle.norm(x, 0, new[] { 0, 1 }));
        Assert.Throws<ArgumentException>(() => paddle.norm(x, 2, new[] { 0, 1, 2 }));
        T.Throws<PaddleArgumentException>(() => paddle.norm(x, 2, 3), "p_norm: axis 3 is out of range");
    }

    [Fact]
    public void NormGradients()
    {
        foreach (double p in new[] { 1.0, 2.0, 3.0, double.PositiveInfinity })
        {
            T.GradCheck(t => paddle.norm(t[0], p, 1), new[] { T.R(7, 2, 3, 4) });
            T.GradCheck(t => paddle.norm(t[0], p), new[] { T.R(8, 2, 3) });
            T.GradCheck(t => paddle.norm(t[0], p, new[] { 0, 2 }), new[] { T.R(9, 2, 3, 2) });
        }
        T.GradCheck(t => paddle.norm(t[0]), new[] { T.R(10, 2, 3) });
        T.GradCheck(t => paddle.norm(t[0], "fro", new[] { 0, 1 }, keepdim: true), new[] { T.R(11, 2, 3, 2) });
    }

    [Fact]
    public void Dist()
    {
        using var s = paddle.NewScope();
        var x = paddle.to_tensor(new float[] { 3, 3, 3, 3 }).reshape(new[] { 2, 2 });
        var y = paddle.to_tensor(new float[] { 3, 3, 3, 1 }).reshape(new[] { 2, 2 });
        var d = paddle.dist(x, y, 0);
        T.Shape(new long[] { 1 }, d);
        T.Close(new double[] { 1 }, d);
        T.Close(new double[] { 2 }, paddle.dist(x, y, 2));
        T.Close(new double[] { 2 }, x.dist(y, double.PositiveInfinity));
        T.Close(new double[] { 0 }, paddle.dist(x, y, double.NegativeInfinity));
        var a = paddle.to_tensor(new double[] { 1, 2, 3, 4 }).reshape(new[] { 2, 2 });
        T.Close(new[] { Math.Sqrt(24) }, paddle.dist(a, paddle.to_tensor(new double[] { 1, 0 })), 1e-12);
        T.Throws<PaddleArgumentException>(() => paddle.dist(a, paddle.to_tensor(new double[] { 1, 2, 3 })), "dist");
        foreach (double p in new[] { 1.0, 2.0, 3.0, double.PositiveInfinity })
            T.GradCheck(t => paddle.dist(t[0], t[1], p), new[] { T.R(1, 3, 4), T.R(2, 4) });
    }

    [Fact]
    public void Cumsum()
    {
        using var s = paddle.NewScope();
        var x = paddle.to_tensor(Enumerable.Range(0, 12).Select(i => (float)i).ToArray()).reshape(new[] { 3, 4 });
        var f = paddle.cumsum(x);
        T.Shape(new long[] { 12 }, f);
        T.Close(new double[] { 0, 1, 3, 6, 10, 15, 21, 28, 36, 45, 55, 66 }, f);
        T.Close(new double[] { 0, 1, 2, 3, 4, 6, 8, 10, 12, 15, 18, 21 }, paddle.cumsum(x, 0));
        T.Close(new double[] { 0, 1, 3, 6, 4, 9, 15, 22, 8, 17, 27, 38 }, x.cumsum(-1));
        var d = paddle.cumsum(x, 0, DType.float64);
        Assert.Equal(DType.float64, d.dtype);
        var i = paddle.cumsum(paddle.to_tensor(new[] { 1, 2, 3 }));
        Assert.Equal(DType.int32, i.dtype);
        Assert.Equal(new[] { 1, 3, 6 }, i.ToArray<int>());
        T.Throws<PaddleArgumentException>(() => paddle.cumsum(x, 2), "cumsum: axis 2 is out of range for a tensor of rank 2");
        T.GradCheck(t => paddle.cumsum(t[0], 1), new[] { T.R(3, 3, 4) });
        T.GradCheck(t => paddle.cumsum(t[0]), new[] { T.R(4, 2, 3) });
    }

    [Fact]
    public void Histogram()
    {
        using var s = paddle.NewScope();
        var h = paddle.histogram(paddle.to_tensor(new long[] { 1, 2, 1 }), bins: 4, min: 0, max: 3);
        Assert.Equal(DType.int64, h.dtype);
        Assert.Equal(new long[] { 0, 2, 1, 0 }, h.ToArray<long>());
        var r = paddle.to_tensor(new double[] { 0, 0.5, 1, 2, 4 }).histogram(4);
        Assert.Equal(new long[] { 2, 1, 1, 1 }, r.ToArray<long>());
        T.Shape(new long[] { 100 }, paddle.histogram(paddle.to_tensor(new float[] { 1, 2 })));
        T.Throws<PaddleArgumentException>(() => paddle.histogram(paddle.to_tensor(new float[] { 1 }), 4, 3, 1),
            "histogram: max 1 must be larger or equal to min 3");
        T.Throws<PaddleArgumentException>(() => paddle.histogram(paddle.to_tensor(new float[] { 1 }), 0), "bins 0 must be at least 1");
        T.Throws<PaddleIndexException>(() => paddle.histogram(paddle.to_tensor(new double[] { 1, double.PositiveInfinity })), "histogram: range of min, max is not finite");
    }
}
