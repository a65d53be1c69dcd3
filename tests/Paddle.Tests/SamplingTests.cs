namespace Paddle.Tests;

public class SamplingTests
{
    [Fact]
    public void RandintRandpermReproducible()
    {
        using var s = paddle.NewScope();
        paddle.seed(9);
        var a = paddle.randint(10, shape: new long[] { 100 });
        var p = paddle.randperm(20);
        paddle.seed(9);
        var b = paddle.randint(10, shape: new long[] { 100 });
        var q = paddle.randperm(20);
        Assert.Equal(a.ToArray<long>(), b.ToArray<long>());
        Assert.Equal(p.ToArray<long>(), q.ToArray<long>());
        Assert.All(a.ToArray<long>(), v => Assert.InRange(v, 0L, 9L));
        Assert.Equal(Enumerable.Range(0, 20).Select(i => (long)i), p.ToArray<long>().OrderBy(v => v));
        var r = paddle.randint(-5, -2, new[] { 3, 4 }, "int32");
        Assert.Equal(DType.int32, r.dtype);
        T.Shape(new long[] { 3, 4 }, r);
        T.Throws<PaddleArgumentException>(() => paddle.randint(3, 3), "low must be less than high");
        T.Throws<PaddleArgumentException>(() => paddle.randperm(0), "n must be greater than 0");
    }

    [Fact]
    public void BernoulliMultinomialAndCudaState()
    {
        using var s = paddle.NewScope();
        var b = paddle.bernoulli(paddle.to_tensor(new float[] { 0, 1, 1, 0 }));
        Assert.Equal(new float[] { 0, 1, 1, 0 }, b.ToArray<float>());
        var m = paddle.multinomial(paddle.to_tensor(new double[] { 0, 0, 5, 0 }), 3, replacement: true);
        Assert.Equal(new long[] { 2, 2, 2 }, m.ToArray<long>());
        T.Throws<PaddleArgumentException>(() => paddle.multinomial(paddle.to_tensor(new double[] { 1, 0 }), 2), "fewer than num_samples");
        Assert.Empty(paddle.get_cuda_rng_state());
        paddle.set_cuda_rng_state(new List<Tensor>());
        T.Throws<ArgumentException>(() => paddle.set_cuda_rng_state(new List<Tensor> { b }), "cuda device count");
    }
}
