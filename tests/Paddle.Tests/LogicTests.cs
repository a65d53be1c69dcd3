namespace Paddle.Tests;

public class LogicTests
{
    [Fact]
    public void LogicalOpsDocExamples()
    {
        using var s = paddle.NewScope();
        var x = paddle.to_tensor(new[] { true });
        var y = paddle.to_tensor(new[] { true, false, true, false });
        Assert.Equal(new[] { true, false, true, false }, paddle.logical_and(x, y).ToArray<bool>());
        Assert.Equal(new[] { true, true, true, true }, paddle.logical_or(x, y).ToArray<bool>());
        Assert.Equal(new[] { false, true, false, true }, paddle.logical_xor(x, y).ToArray<bool>());
        Assert.Equal(new[] { false, true, false, true }, paddle.logical_not(y).ToArray<bool>());
        T.Throws<PaddleArgumentException>(() => paddle.logical_and(paddle.ones(new[] { 1 }), paddle.ones(new[] { 1 })), "expected one of [bool]");
    }

    [Fact]
    public void ClassesAllcloseEqualAll()
    {
        using var s = paddle.NewScope();
        var x = paddle.to_tensor(new[] { double.NegativeInfinity, -2, 0, double.NaN });
        Assert.Equal(new[] { false, true, true, false }, paddle.isfinite(x).ToArray<bool>());
        Assert.Equal(new[] { true, false, false, false }, paddle.isinf(x).ToArray<bool>());
        Assert.Equal(new[] { false, false, false, true }, paddle.isnan(x).ToArray<bool>());
        var a = paddle.to_tensor(new[] { 10000.0, 1e-07 });
        var b = paddle.to_tensor(new[] { 10000.1, 1e-08 });
        Assert.False((bool)paddle.allclose(a, b).item());
        Assert.True((bool)paddle.allclose(paddle.to_tensor(new[] { double.NaN }), paddle.to_tensor(new[] { double.NaN }), equal_nan: true).item());
        Assert.True((bool)paddle.equal_all(a, a).item());
        Assert.False((bool)paddle.equal_all(a, b).item());
        var m = paddle.to_tensor(new[,] { { true, false }, { true, true } });
        Assert.False((bool)paddle.all(m).item());
        Assert.True((bool)paddle.any(m).item());
        Assert.Equal(new[] { true, false }, paddle.all(m, axis: 0).ToArray<bool>());
        T.Shape(new long[] { 2, 1 }, paddle.any(m, axis: 1, keepdim: true));
    }
}
