using F = Paddle.paddle.nn.functional;

namespace Paddle.Tests;

public class NnTests
{
    [Fact]
    public void ReluSigmoid()
    {
        using var s = paddle.NewScope();
        var x = paddle.to_tensor(new float[] { -2, 0, 3 });
        T.Close(new double[] { 0, 0, 3 }, F.relu(x));
        T.Close(new[] { 1 / (1 + Math.Exp(2)), 0.5, 1 / (1 + Math.Exp(-3)) }, F.sigmoid(x));
    }

    [Fact]
    public void SoftmaxDocExample()
    {
        using var s = paddle.NewScope();
        var x = paddle.to_tensor(new double[,,]
        {
            { { 2, 3, 4, 5 }, { 3, 4, 5, 6 }, { 7, 8, 8, 9 } },
            { { 1, 2, 3, 4 }, { 5, 6, 7, 8 }, { 6, 7, 8, 9 } },
        });
        var o = F.softmax(x);
        var v = T.Doubles(o);
        T.Close(new[] { 0.0320586, 0.08714432, 0.23688282, 0.64391426 }, paddle.to_tensor(v[..4]), 1e-6);
        T.Close(new[] { 0.07232949, 0.19661193, 0.19661193, 0.53444665 }, paddle.to_tensor(v[8..12]), 1e-6);
        var o0 = F.softmax(x, axis: 0);
        T.Close(new[] { 1 / (1 + Math.Exp(-1)) }, paddle.to_tensor(T.Doubles(o0)[..1]), 1e-6);
        T.Throws<PaddleArgumentException>(() => F.softmax(x, axis: 3), "softmax");
    }

    [Fact]
    public void CrossEntropyHardLabels()
    {
        using var s = paddle.NewScope();
        var logits = paddle.to_tensor(new double[,] { { 1, 2, 3 }, { 1, 2, 3 } });
        var label = paddle.to_tensor(new long[,] { { 2 }, { 0 } });
        var none = F.cross_entropy(logits, label, reduction: "none");
        T.Shape(new long[] { 2, 1 }, none);
        T.Close(new[] { 0.40760596, 2.40760596 }, none, 1e-6);
        T.Close(new[] { 1.40760596 }, F.cross_entropy(logits, label), 1e-6);
        T.Close(new[] { 2.81521192 }, F.cross_entropy(logits, label, reduction: "sum"), 1e-6);
        var flat = paddle.to_tensor(new long[] { 2, 0 });
        T.Close(new[] { 1.40760596 }, F.cross_entropy(logits, flat), 1e-6);
        var ignored = paddle.to_tensor(new long[,] { { 2 }, { -100 } });
        T.Close(new[] { 0.40760596 }, F.cross_entropy(logits, ignored, ignore_index: -100, reduction: "sum"), 1e-6);
        var ig1 = paddle.to_tensor(new long[,] { { 2 }, { 1 } });
        T.Close(new[] { 0.40760596 }, F.cross_entropy(logits, ig1, ignore_index: 1), 1e-6);
        T.Throws<PaddleIndexException>(() => F.cross_entropy(logits, paddle.to_tensor(new long[] { 3, 0 })), "out of range");
        T.Throws<ArgumentException>(() => F.cross_entropy(logits, label, reduction: "avg"), "reduction should be 'sum', 'mean' or 'none'");
    }

    [Fact]
    public void RandomIsReproducibleUnderSeed()
    {
        using var s = paddle.NewScope();
        paddle.seed(123);
        var a = paddle.rand(new[] { 1000 });
        var n1 = paddle.randn(new[] { 3 });
        paddle.seed(123);
        var b = paddle.rand(new[] { 1000 });
        var n2 = paddle.randn(new[] { 3 });
        Assert.Equal(a.ToArray<float>(), b.ToArray<float>());
        Assert.Equal(n1.ToArray<float>(), n2.ToArray<float>());
        Assert.All(a.ToArray<float>(), v => Assert.InRange(v, 0f, 1f));
        var u = paddle.uniform(new[] { 10000 }, min: 2, max: 3, dtype: "float64");
        Assert.All(u.ToArray<double>(), v => Assert.InRange(v, 2.0, 3.0));
        Assert.InRange(paddle.mean(u).item<double>(), 2.45, 2.55);
        var g = paddle.normal(1.0, 2.0, new[] { 20000 });
        Assert.InRange(paddle.mean(g).item<double>(), 0.9, 1.1);
        T.Throws<PaddleArgumentException>(() => paddle.uniform(new[] { 2 }, min: 1, max: 0), "uniform_random");
    }
}

public class CrossEntropyWeightTests
{
    [Fact]
    public void ClassWeightsScaleLossAndMean()
    {
        using var s = paddle.NewScope();
        var logits = paddle.to_tensor(new double[,] { { 1, 2, 3 }, { 1, 2, 3 } });
        var label = paddle.to_tensor(new long[] { 2, 0 });
        var weight = paddle.to_tensor(new double[] { 0.5, 1, 2 });
        // losses 0.40760596 (w=2) and 2.40760596 (w=0.5)
        T.Close(new[] { 0.81521192, 1.20380298 }, F.cross_entropy(logits, label, weight, reduction: "none"), 1e-6);
        T.Close(new[] { (0.81521192 + 1.20380298) / 2.5 }, F.cross_entropy(logits, label, weight), 1e-6);
        var ignored = paddle.to_tensor(new long[] { 2, -100 });
        T.Close(new[] { 0.40760596 }, F.cross_entropy(logits, ignored, weight), 1e-6);
        T.GradCheck(a => F.cross_entropy(a[0], label, weight), new[] { T.R(4, 2, 3) });
    }
}
