namespace Paddle.Tests;

public class ReduceTests
{
    private static Tensor X() => paddle.to_tensor(new double[,] { { 0.2, 0.3, 0.5, 0.9 }, { 0.1, 0.2, 0.6, 0.7 } });

    [Fact]
    public void SumDocExample()
    {
        using var s = paddle.NewScope();
        var x = X();
        var all = paddle.sum(x);
        T.Shape(new long[] { 1 }, all);   // Paddle 2.0: a full reduction has shape [1]
        T.Close(new[] { 3.5 }, all);
        T.Close(new[] { 0.3, 0.5, 1.1, 1.6 }, paddle.sum(x, axis: 0));
        T.Close(new[] { 1.9, 1.6 }, paddle.sum(x, axis: -1));
        var k = paddle.sum(x, axis: 1, keepdim: true);
        T.Shape(new long[] { 2, 1 }, k);
        T.Close(new[] { 3.5 }, paddle.sum(x, axis: new[] { 0, 1 }));
        var i = paddle.to_tensor(new[] { 1, 2, 3 });
        var si = paddle.sum(i);
        Assert.Equal(DType.int64, si.dtype);
        Assert.Equal(6L, si.item());
        var b = paddle.sum(paddle.to_tensor(new[] { true, true, false }));
        Assert.Equal(2L, b.item());
    }

    [Fact]
    public void MeanMaxMinProd()
    {
        using var s = paddle.NewScope();
        var x = X();
        T.Close(new[] { 0.4375 }, paddle.mean(x));
        T.Close(new[] { 0.15, 0.25, 0.55, 0.8 }, paddle.mean(x, axis: 0));
        T.Close(new[] { 0.9 }, paddle.max(x));
        T.Close(new[] { 0.9, 0.7 }, paddle.max(x, axis: -1));
        T.Close(new[] { 0.1, 0.2, 0.5, 0.7 }, paddle.min(x, axis: 0));
        var p = paddle.to_tensor(new double[,] { { 1, 2 }, { 3, 4 } });
        T.Close(new double[] { 24 }, paddle.prod(p));
        T.Close(new double[] { 2, 12 }, paddle.prod(p, axis: 1));
        T.Shape(new long[] { 1, 1 }, paddle.max(p, axis: new[] { 0, 1 }, keepdim: true));
    }

    [Fact]
    public void EmptyAndBadAxes()
    {
        using var s = paddle.NewScope();
        var e = paddle.zeros(new[] { 0, 3 });
        T.Close(new double[] { 0, 0, 0 }, paddle.sum(e, axis: 0));
        T.Close(new double[] { 1, 1, 1 }, paddle.prod(e, axis: 0));
        var x = X();
        T.Throws<PaddleArgumentException>(() => paddle.sum(x, axis: 2), "out of range");
        T.Throws<PaddleArgumentException>(() => paddle.mean(x, axis: -3), "out of range");
        T.Throws<PaddleArgumentException>(() => paddle.mean(paddle.to_tensor(new[] { 1, 2 })), "reduce_mean: input 'X' has dtype int32");
    }
}
