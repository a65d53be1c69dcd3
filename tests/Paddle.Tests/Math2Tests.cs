using System.Numerics;

namespace Paddle.Tests;

public class Math2Tests
{
    private static readonly (string name, Func<Tensor, Tensor> f, Func<double, double> r, double lo, double hi)[] Cases =
    {
        ("acos", paddle.acos, Math.Acos, -0.9, 0.9),
        ("asin", paddle.asin, Math.Asin, -0.9, 0.9),
        ("atan", paddle.atan, Math.Atan, -3, 3),
        ("cosh", paddle.cosh, Math.Cosh, -2, 2),
        ("sinh", paddle.sinh, Math.Sinh, -2, 2),
        ("tan", paddle.tan, Math.Tan, -1.2, 1.2),
        ("log10", paddle.log10, Math.Log10, 0.2, 5),
        ("log1p", paddle.log1p, v => Math.Log(1 + v), -0.5, 5),
        ("log2", paddle.log2, Math.Log2, 0.2, 5),
        ("reciprocal", paddle.reciprocal, v => 1 / v, 0.3, 4),
        ("rsqrt", paddle.rsqrt, v => 1 / Math.Sqrt(v), 0.3, 4),
    };

    private static double[] Lin(double lo, double hi, int n) =>
        Enumerable.Range(0, n).Select(i => lo + (hi - lo) * (i + 0.5) / n).ToArray();

    [Fact]
    public void UnaryValuesAndGradients()
    {
        using var s = paddle.NewScope();
        foreach (var c in Cases)
        {
            var data = Lin(c.lo, c.hi, 6);
            var x = paddle.to_tensor(data).reshape(new[] { 2, 3 });
            var o = c.f(x);
            Assert.Equal(DType.float64, o.dtype);
            T.Shape(new long[] { 2, 3 }, o);
            T.Close(data.Select(c.r).ToArray(), o, 1e-12);
            var o32 = c.f(paddle.cast(x, DType.float32));
            Assert.Equal(DType.float32, o32.dtype);
            T.GradCheck(v => c.f(v[0]), new[] { (data, new long[] { 2, 3 }) });
        }
    }

    [Fact]
    public void RoundingErfAndDocExamples()
    {
        using var s = paddle.NewScope();
        var x = paddle.to_tensor(new double[] { 0.5, 1.5, 2.5, -0.5, -1.5, 2.4 });
        T.Close(new double[] { 1, 2, 3, -1, -2, 2 }, paddle.round(x));
        T.Close(new double[] { 1, 2, 3, -0.0, -1, 3 }, paddle.ceil(x));
        T.Close(new double[] { 0, 1, 2, -1, -2, 2 }, x.floor());
        var d = paddle.to_tensor(new float[] { -0.4f, -0.2f, 0.1f, 0.3f });
        T.Close(new[] { 1.98231317, 1.77215425, 1.47062891, 1.26610367 }, paddle.acos(d), 1e-6);
        T.Close(new[] { -0.41151685, -0.20135792, 0.10016742, 0.30469265 }, d.asin(), 1e-6);
        T.Close(new[] { -0.42839236, -0.22270259, 0.11246292, 0.32862676 }, paddle.erf(d), 1e-6);
        T.Close(new[] { 1.08107237, 1.02006674, 1.00500417, 1.04533851 }, paddle.cosh(d), 1e-6);
        T.Close(new[] { -2.5, -5, 10, 3.3333333 }, paddle.reciprocal(d), 1e-5);
        var e = paddle.to_tensor(new double[] { -1, 0.3, 2 });
        T.Close(e.ToArray<double>().Select(SpecialErf).ToArray(), paddle.erf(e), 1e-7);
        T.GradCheck(v => paddle.erf(v[0]), new[] { T.R(1, 5) });
        T.GradCheck(v => paddle.round(v[0]) + paddle.ceil(v[0]) + paddle.floor(v[0]),
            new[] { (new[] { 0.2, 0.7, -1.3, 1.1 }, new long[] { 4 }) });
        var nan = paddle.to_tensor(new double[] { double.NaN });
        Assert.True(double.IsNaN(paddle.log2(nan).item<double>()));
        T.Shape(new long[] { 0, 2 }, paddle.tan(paddle.zeros(new[] { 0, 2 })));
        var f16 = paddle.acos(paddle.cast(d, DType.float16));
        Assert.Equal(DType.float16, f16.dtype);
        T.Close(new[] { 1.98231317, 1.77215425, 1.47062891, 1.26610367 }, paddle.cast(f16, DType.float32), 3e-3);
        T.Throws<PaddleArgumentException>(() => paddle.sinh(paddle.to_tensor(new[] { 1, 2 })), "int32");
        T.Close(new double[] { -1, 0, 1 }, paddle.sign(paddle.to_tensor(new double[] { -3, 0, 2 })));
        Assert.Equal(DType.int64, paddle.to_tensor(new long[] { -3, 0, 2 }).sign().dtype);
    }

    private static double SpecialErf(double v)
    {
        // Series of erf (enough terms for |v| <= 2).
        double sum = 0, term = v;
        for (int n = 0; n < 60; n++)
        {
            sum += term / (2 * n + 1);
            term *= -v * v / (n + 1);
        }
        return 2 / Math.Sqrt(Math.PI) * sum;
    }

    [Fact]
    public void STanh()
    {
        using var s = paddle.NewScope();
        var x = paddle.to_tensor(new float[] { 1, 2, 3, 4 });
        T.Close(new[] { 1.00616539, 1.49927628, 1.65933108, 1.70390463 }, paddle.stanh(x, 0.67, 1.72), 1e-5);
        T.Close(new[] { 1, 2, 3, 4.0 }.Select(v => 1.7159 * Math.Tanh(0.67 * v)).ToArray(), x.stanh(), 1e-5);
        T.GradCheck(v => paddle.stanh(v[0], 0.5, 2.0), new[] { T.R(2, 2, 3) });
    }

    [Fact]
    public void Increment()
    {
        using var s = paddle.NewScope();
        var x = paddle.zeros(new[] { 1 }, DType.float32);
        T.Close(new double[] { 1 }, paddle.increment(x));
        T.Close(new double[] { 2.5 }, paddle.increment(x, 2.5));
        var i = paddle.to_tensor(new long[] { 7 }).increment(-2);
        Assert.Equal(DType.int64, i.dtype);
        Assert.Equal(5L, i.item<long>());
        T.Throws<PaddleArgumentException>(() => paddle.increment(paddle.ones(new[] { 2 })),
            "increment: X must have exactly 1 element, but X has shape [2]");
        T.GradCheck(v => paddle.increment(v[0], 3), new[] { T.R(3, 1) });
    }

    [Fact]
    public void AddN()
    {
        using var s = paddle.NewScope();
        var a = paddle.to_tensor(new double[] { 1, 2, 3, 4, 5, 6 }).reshape(new[] { 2, 3 });
        var b = paddle.to_tensor(new double[] { 10, 20, 30, 40, 50, 60 }).reshape(new[] { 2, 3 });
        var r = paddle.add_n(a, b);
        T.Shape(new long[] { 2, 3 }, r);
        T.Close(new double[] { 11, 22, 33, 44, 55, 66 }, r);
        T.Close(a.ToArray<double>(), paddle.add_n(a));
        T.Close(new double[] { 3, 6 }, paddle.add_n(new[] { paddle.to_tensor(new[] { 1, 2 }), paddle.to_tensor(new[] { 1, 2 }), paddle.to_tensor(new[] { 1, 2 }) }));
        T.Throws<PaddleArgumentException>(() => paddle.add_n(a, paddle.ones(new[] { 3 }, DType.float64)), "same shape");
        T.Throws<PaddleArgumentException>(() => paddle.add_n(a, paddle.cast(a, DType.float32)), "float32");
        Assert.Throws<ArgumentException>(() => paddle.add_n(Array.Empty<Tensor>()));
        T.GradCheck(v => paddle.add_n(v[0], v[1], v[0]), new[] { T.R(1, 2, 2), T.R(2, 2, 2) });
    }

    [Fact]
    public void Addmm()
    {
        using var s = paddle.NewScope();
        // Paddle's example: input 2*ones[2,2], x ones[2,2], y ones[2,2], beta 0.5, alpha 5 -> 11
        var input = paddle.full(new[] { 2, 2 }, 2.0, DType.float32);
        var o = paddle.ones(new[] { 2, 2 }, DType.float32);
        T.Close(new double[] { 11, 11, 11, 11 }, paddle.addmm(input, o, o, beta: 0.5, alpha: 5.0));
        var x = paddle.to_tensor(new double[] { 1, 2, 3, 4, 5, 6 }).reshape(new[] { 2, 3 });
        var y = paddle.to_tensor(new double[] { 1, 0, 0, 1, 1, 1 }).reshape(new[] { 3, 2 });
        T.Close(new double[] { 14, 25, 20, 31 }, paddle.to_tensor(new double[] { 10, 20 }).addmm(x, y));
        T.Throws<PaddleArgumentException>(() => paddle.addmm(paddle.ones(new[] { 2, 2 }, DType.float64), x, x), "addmm: X's width 3 must equal Y's height 2");
        T.Throws<PaddleArgumentException>(() => paddle.addmm(paddle.ones(new[] { 3 }, DType.float64), x, y), "cannot be broadcast");
        T.GradCheck(v => paddle.addmm(v[0], v[1], v[2], 0.3, 1.7), new[] { T.R(1, 2, 1), T.R(2, 2, 3), T.R(3, 3, 2) });
    }

    [Fact]
    public void TanhInplace()
    {
        using var s = paddle.NewScope();
        var x = paddle.to_tensor(new double[] { -1, 0, 0.5 });
        var r = paddle.tanh_(x);
        Assert.Same(x, r);
        T.Close(new[] { Math.Tanh(-1), 0, Math.Tanh(0.5) }, x, 1e-12);
        var leaf = paddle.to_tensor(new double[] { 1 });
        leaf.stop_gradient = false;
        Assert.ThrowsAny<Exception>(() => leaf.tanh_());
        // in place on a non-leaf keeps autograd working: d tanh(2a)/da = 2 (1 - tanh^2)
        var a = paddle.to_tensor(new double[] { 0.3 });
        a.stop_gradient = false;
        var b = a * 2.0;
        b.tanh_();
        b.backward();
        Assert.Equal(2 * (1 - Math.Pow(Math.Tanh(0.6), 2)), a.grad!.item<double>(), 10);
    }

    [Fact]
    public void ComplexParts()
    {
        using var s = paddle.NewScope();
        var z = paddle.to_tensor(new[] { new Complex(1, 2), new Complex(-3, 0.5) });
        Assert.Equal(DType.complex128, z.dtype);
        var re = paddle.real(z);
        Assert.Equal(DType.float64, re.dtype);
        T.Close(new double[] { 1, -3 }, re);
        T.Close(new double[] { 2, 0.5 }, z.imag());
        var c = paddle.conj(z).ToArray<Complex>();
        Assert.Equal(new Complex(1, -2), c[0]);
        Assert.Equal(new Complex(-3, -0.5), c[1]);
        var z64 = paddle.cast(z, DType.complex64);
        Assert.Equal(DType.float32, paddle.real(z64).dtype);
        Assert.Equal(DType.complex64, z64.conj().dtype);
        T.Close(new double[] { 1, -2 }, paddle.conj(paddle.to_tensor(new double[] { 1, -2 })));
        T.Throws<PaddleArgumentException>(() => paddle.real(paddle.ones(new[] { 2 })), "float32");
        var zg = paddle.to_tensor(new[] { new Complex(1, 2), new Complex(-3, 4) });
        zg.stop_gradient = false;
        // (Each backward uses zg once: the engine cannot yet add two complex gradients.)
        paddle.sum(paddle.real(zg) * 2.0).backward();
        Assert.Equal(new Complex(2, 0), zg.grad!.ToArray<Complex>()[0]);
        zg.clear_gradient();
        paddle.sum(paddle.imag(paddle.conj(zg)) * 3.0).backward();
        var g = zg.grad!.ToArray<Complex>();
        Assert.Equal(new Complex(0, -3), g[0]);
        Assert.Equal(new Complex(0, -3), g[1]);
        T.GradCheck(v => paddle.conj(v[0]), new[] { T.R(4, 3) });
    }
}
