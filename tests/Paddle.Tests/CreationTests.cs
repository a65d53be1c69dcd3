namespace Paddle.Tests;

public class CreationTests
{
    [Fact]
    public void ZerosOnesFullEmpty()
    {
        using var z = paddle.zeros(new[] { 2, 2 });
        Assert.Equal(DType.float32, z.dtype);
        T.Close(new double[] { 0, 0, 0, 0 }, z);
        using var o = paddle.ones(new[] { 3 }, "int64");
        Assert.Equal(new long[] { 1, 1, 1 }, o.ToArray<long>());
        using var f = paddle.full(new[] { 2, 1 }, 2.5, "float64");
        T.Close(new[] { 2.5, 2.5 }, f);
        using var inf = paddle.full(new[] { 1 }, double.NegativeInfinity);
        T.Close(new[] { double.NegativeInfinity }, inf);
        using var nan = paddle.full(new[] { 1 }, double.NaN);
        T.Close(new[] { double.NaN }, nan);
        using var e = paddle.empty(new[] { 4, 0 });
        T.Shape(new long[] { 4, 0 }, e);
        using var b = paddle.full(new[] { 2 }, 1, "bool");
        Assert.Equal(new[] { true, true }, b.ToArray<bool>());
    }

    [Fact]
    public void LikeVariants()
    {
        using var x = paddle.to_tensor(new int[,] { { 1, 2 }, { 3, 4 } });
        using var z = paddle.zeros_like(x);
        Assert.Equal(DType.int32, z.dtype);
        Assert.Equal(new[] { 0, 0, 0, 0 }, z.ToArray<int>());
        using var o = paddle.ones_like(x, "float32");
        Assert.Equal(new float[] { 1, 1, 1, 1 }, o.ToArray<float>());
        using var f = paddle.full_like(x, 7);
        Assert.Equal(new[] { 7, 7, 7, 7 }, f.ToArray<int>());
        using var e = paddle.empty_like(x);
        T.Shape(new long[] { 2, 2 }, e);
        Assert.Equal(DType.int32, e.dtype);
    }

    [Fact]
    public void BadShapesAreRejected()
    {
        T.Throws<PaddleArgumentException>(() => paddle.zeros(new[] { 2, -3 }), "negative dimension -3");
        T.Throws<ArgumentException>(() => paddle.zeros(new long[10].Select(_ => 1L).ToArray()), "rank 10");
        var oom = Assert.Throws<PaddleOutOfMemoryException>(() => paddle.empty(new long[] { 1_000_000, 1_000_000 }));
        Assert.Contains("bytes", oom.Message);
    }

    [Fact]
    public void ArangeFollowsPaddle20()
    {
        using var a = paddle.arange(5);
        Assert.Equal(DType.int64, a.dtype);
        Assert.Equal(new long[] { 0, 1, 2, 3, 4 }, a.ToArray<long>());
        using var b = paddle.arange(3, 9, 2);
        Assert.Equal(new long[] { 3, 5, 7 }, b.ToArray<long>());
        using var c = paddle.arange(0, 1, 0.25, "float32");
        T.Close(new[] { 0, 0.25, 0.5, 0.75 }, c);
        using var d = paddle.arange(5, 1, -2);
        Assert.Equal(new long[] { 5, 3 }, d.ToArray<long>());
        T.Throws<ArgumentException>(() => paddle.arange(0, 5, 0), "step");
    }

    [Fact]
    public void LinspaceAndEye()
    {
        using var l = paddle.linspace(0, 10, 5);
        T.Close(new[] { 0, 2.5, 5, 7.5, 10 }, l);
        using var one = paddle.linspace(3, 10, 1);
        T.Close(new double[] { 3 }, one);
        T.Throws<ArgumentException>(() => paddle.linspace(0, 1, 0), "num");
        using var e = paddle.eye(2, 3);
        T.Shape(new long[] { 2, 3 }, e);
        T.Close(new double[] { 1, 0, 0, 0, 1, 0 }, e);
        using var sq = paddle.eye(3, dtype: "int32");
        Assert.Equal(new[] { 1, 0, 0, 0, 1, 0, 0, 0, 1 }, sq.ToArray<int>());
        T.Throws<ArgumentException>(() => paddle.eye(-1), "num_rows");
    }
}
