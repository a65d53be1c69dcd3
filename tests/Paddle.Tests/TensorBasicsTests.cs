namespace Paddle.Tests;

public class TensorBasicsTests
{
    [Fact]
    public void ToTensorFromScalarsFollowsPythonScalarRules()
    {
        using var f = paddle.to_tensor(1.5);
        Assert.Equal(DType.float32, f.dtype);
        T.Shape(new long[] { 1 }, f);
        Assert.Equal(1.5f, f.item<float>());
        using var i = paddle.to_tensor(7);
        Assert.Equal(DType.int64, i.dtype);
        Assert.Equal(7L, i.item());
        using var b = paddle.to_tensor(true);
        Assert.Equal(DType.@bool, b.dtype);
        Assert.True((bool)b.item());
        using var l = paddle.to_tensor(long.MaxValue);
        Assert.Equal(long.MaxValue, l.item<long>());
    }

    [Fact]
    public void ToTensorFromArraysKeepsElementTypeAndRank()
    {
        using var a = paddle.to_tensor(new double[,] { { 1, 2, 3 }, { 4, 5, 6 } });
        Assert.Equal(DType.float64, a.dtype);
        T.Shape(new long[] { 2, 3 }, a);
        var n = (double[,])a.numpy();
        Assert.Equal(6.0, n[1, 2]);
        using var j = paddle.to_tensor(new[] { new[] { 1, 2 }, new[] { 3, 4 }, new[] { 5, 6 } });
        Assert.Equal(DType.int32, j.dtype);
        T.Shape(new long[] { 3, 2 }, j);
        Assert.Equal(new[] { 1, 2, 3, 4, 5, 6 }, j.ToArray<int>());
        using var c = paddle.to_tensor(new float[] { 1, 2 }, dtype: "float64", stop_gradient: false);
        Assert.Equal(DType.float64, c.dtype);
        Assert.False(c.stop_gradient);
        using var e = paddle.to_tensor(new float[0]);
        T.Shape(new long[] { 0 }, e);
        using var m = paddle.to_tensor(new long[2, 1, 3]);
        Assert.IsType<long[,,]>(m.numpy());
    }

    [Fact]
    public void ToTensorRejectsJaggedAndUnsupported()
    {
        T.Throws<ArgumentException>(() => paddle.to_tensor(new[] { new[] { 1f, 2f }, new[] { 3f } }), "not rectangular");
        T.Throws<ArgumentException>(() => paddle.to_tensor("text"), "cannot convert a String");
        T.Throws<ArgumentException>(() => paddle.to_tensor(new decimal[] { 1m }), "arrays of Decimal are not supported");
    }

    [Fact]
    public void MetadataAndPlace()
    {
        using var x = paddle.ones(new[] { 2, 3 });
        Assert.Equal(2, x.ndim);
        Assert.Equal(6, x.size);
        Assert.Equal("Place(cpu)", x.place.ToString());
        Assert.True(x.stop_gradient);
        Assert.True(x.is_leaf);
        Assert.Null(x.grad);
        Assert.Equal("paddle.float32", x.dtype.ToString());
        Assert.Equal(new long[] { 3, 1 }, x.strides);
    }

    [Fact]
    public void ToStringPrintsLikePaddle()
    {
        using var x = paddle.to_tensor(new float[,] { { 1, 2, 3 }, { 4, 5, 6 } });
        Assert.Equal(
            "Tensor(shape=[2, 3], dtype=float32, place=Place(cpu), stop_gradient=True,\n" +
            "       [[1., 2., 3.],\n" +
            "        [4., 5., 6.]])", x.ToString());
        using var y = paddle.to_tensor(new long[] { 1, -20 });
        Assert.Equal("Tensor(shape=[2], dtype=int64, place=Place(cpu), stop_gradient=True,\n       [  1, -20])", y.ToString());
        using var z = paddle.to_tensor(new float[] { 0.5f, 1.25f });
        Assert.EndsWith("[0.50000000, 1.25000000])", z.ToString());
        using var s = paddle.to_tensor(new[] { true, false });
        Assert.EndsWith("[True , False])", s.ToString());
    }

    [Fact]
    public void ItemRequiresOneElement()
    {
        using var x = paddle.zeros(new[] { 2 });
        T.Throws<ArgumentException>(() => x.item(), "only a tensor with one element");
    }

    [Fact]
    public void ToArrayChecksElementType()
    {
        using var x = paddle.zeros(new[] { 2 });
        T.Throws<ArgumentException>(() => x.ToArray<double>(), "holds Single elements, not Double");
    }

    [Fact]
    public void UseAfterDisposeThrowsObjectDisposed()
    {
        var x = paddle.ones(new[] { 2 });
        x.Dispose();
        Assert.Throws<ObjectDisposedException>(() => paddle.add(x, x));
        Assert.Throws<ObjectDisposedException>(() => x.shape);
        x.Dispose(); // double dispose is harmless
        Assert.Equal("Tensor(disposed)", x.ToString());
    }

    [Fact]
    public void DTypeParsesPaddleNames()
    {
        Assert.Equal(DType.int64, (DType)"int64");
        T.Throws<ArgumentException>(() => { DType d = "float128"; }, "Unknown dtype 'float128'");
        Assert.Equal("float32", paddle.get_default_dtype());
    }
}

public class LoDTests
{
    [Fact]
    public void LoDRoundTripsAndIsValidated()
    {
        using var x = paddle.zeros(new[] { 5, 2 });
        Assert.Empty(x.lod());
        x.set_recursive_sequence_lengths(new[] { new long[] { 2, 3 } });
        Assert.Equal(new long[] { 0, 2, 5 }, x.lod()[0]);
        Assert.Equal(new long[] { 2, 3 }, x.recursive_sequence_lengths()[0]);
        T.Throws<PaddleArgumentException>(() => x.set_lod(new[] { new long[] { 0, 2, 4 } }), "the tensor's first dimension is 5");
        T.Throws<PaddleArgumentException>(() => x.set_lod(new[] { new long[] { 0, 3, 2, 5 } }), "offsets decrease");
        T.Throws<PaddleArgumentException>(() => x.set_lod(new[] { new long[] { 1, 5 } }), "starts at 1");
        x.set_lod(new[] { new long[] { 0, 1, 2 }, new long[] { 0, 2, 5 } });
        Assert.Equal(2, x.lod().Count);
        T.Throws<PaddleArgumentException>(() => x.set_lod(new[] { new long[] { 0, 1, 3 }, new long[] { 0, 2, 5 } }), "level 0 ends at 3");
    }
}
