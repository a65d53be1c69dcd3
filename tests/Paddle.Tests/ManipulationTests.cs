namespace Paddle.Tests;

public class ManipulationTests
{
    private static Tensor Seq(params long[] shape)
    {
        long n = shape.Aggregate(1L, (a, b) => a * b);
        return paddle.arange(n, dtype: "float32").reshape(shape);
    }

    [Fact]
    public void ReshapeIsAViewAndInfersDims()
    {
        using var s = paddle.NewScope();
        var x = Seq(2, 3, 4);
        var r = paddle.reshape(x, new[] { 0, -1 });
        T.Shape(new long[] { 2, 12 }, r);
        var r2 = x.reshape(new[] { -1, 2 });
        T.Shape(new long[] { 12, 2 }, r2);
        T.Throws<PaddleArgumentException>(() => paddle.reshape(x, new[] { 5, -1 }), "reshape2");
        T.Throws<PaddleArgumentException>(() => paddle.reshape(x, new[] { -1, -1 }), "-1");
        // A view: writing through the reshaped tensor changes the original.
        r[0, 0] = paddle.to_tensor(new float[] { 100 });
        Assert.Equal(100f, x.ToArray<float>()[0]);
    }

    [Fact]
    public void TransposeConcatSplit()
    {
        using var s = paddle.NewScope();
        var x = Seq(2, 3);
        var t = paddle.transpose(x, new[] { 1, 0 });
        T.Shape(new long[] { 3, 2 }, t);
        Assert.Equal(new float[] { 0, 3, 1, 4, 2, 5 }, t.ToArray<float>());
        Assert.False(t.is_contiguous());
        T.Throws<PaddleArgumentException>(() => paddle.transpose(x, new[] { 0, 0 }), "transpose2");
        var c = paddle.concat(new[] { x, x }, axis: 1);
        T.Shape(new long[] { 2, 6 }, c);
        Assert.Equal(new float[] { 0, 1, 2, 0, 1, 2, 3, 4, 5, 3, 4, 5 }, c.ToArray<float>());
        var ct = paddle.concat(new[] { t, t }, axis: -2);
        T.Shape(new long[] { 6, 2 }, ct);
        T.Throws<PaddleArgumentException>(() => paddle.concat(new[] { x, Seq(3, 3) }, axis: 1), "concat");
        var parts = paddle.split(Seq(6, 2), 3);
        Assert.Equal(3, parts.Length);
        T.Shape(new long[] { 2, 2 }, parts[1]);
        Assert.Equal(new float[] { 4, 5, 6, 7 }, parts[1].ToArray<float>());
        var secs = paddle.split(Seq(2, 6), new[] { 1, -1, 2 }, axis: 1);
        T.Shape(new long[] { 2, 3 }, secs[1]);
        T.Throws<PaddleArgumentException>(() => paddle.split(Seq(5), 2), "split");
    }

    [Fact]
    public void SliceGatherCast()
    {
        using var s = paddle.NewScope();
        var x = Seq(3, 4);
        var sl = paddle.slice(x, new[] { 0, 1 }, new[] { 1, -3 }, new[] { 100, 3 });
        T.Shape(new long[] { 2, 2 }, sl);
        Assert.Equal(new float[] { 5, 6, 9, 10 }, sl.ToArray<float>());
        var idx = paddle.to_tensor(new long[] { 2, 0 });
        var g = paddle.gather(x, idx);
        Assert.Equal(new float[] { 8, 9, 10, 11, 0, 1, 2, 3 }, g.ToArray<float>());
        var g1 = paddle.gather(x, paddle.to_tensor(new[] { 3, 1 }), axis: 1);
        Assert.Equal(new float[] { 3, 1, 7, 5, 11, 9 }, g1.ToArray<float>());
        T.Throws<PaddleIndexException>(() => paddle.gather(x, paddle.to_tensor(new long[] { 3 })), "out of range");
        var ci = paddle.cast(paddle.to_tensor(new[] { 1.7, -1.7 }), "int32");
        Assert.Equal(new[] { 1, -1 }, ci.ToArray<int>());
        var cb = paddle.to_tensor(new[] { 0.0, 2.0 }).astype("bool");
        Assert.Equal(new[] { false, true }, cb.ToArray<bool>());
    }

    [Fact]
    public void IndexerReadsLikePython()
    {
        using var s = paddle.NewScope();
        var x = Seq(2, 3, 4);
        T.Shape(new long[] { 3, 4 }, x[1]);
        Assert.Equal(new float[] { 20, 21, 22, 23 }, x[1, 2].ToArray<float>());
        Assert.Equal(23f, x[1, 2, 3].item<float>());
        Assert.Equal(23f, x[^1, ^1, ^1].item<float>());
        var cols = x[TensorIndex.Ellipsis, 0];
        T.Shape(new long[] { 2, 3 }, cols);
        Assert.Equal(new float[] { 0, 4, 8, 12, 16, 20 }, cols.ToArray<float>());
        var rng = x[.., 1..3, TensorIndex.Slice(null, null, 2)];
        T.Shape(new long[] { 2, 2, 2 }, rng);
        Assert.Equal(new float[] { 4, 6, 8, 10, 16, 18, 20, 22 }, rng.ToArray<float>());
        var rev = x[0, 0, TensorIndex.Slice(null, null, -1)];
        Assert.Equal(new float[] { 3, 2, 1, 0 }, rev.ToArray<float>());
        T.Shape(new long[] { 2, 1, 3, 4 }, x[.., TensorIndex.None]);
        Assert.Throws<IndexOutOfRangeException>(() => x[2]);
        T.Throws<ArgumentException>(() => { _ = x[0, 0, 0, 0]; }, "Too many indices");
    }

    [Fact]
    public void IndexerWritesThroughSetValue()
    {
        using var s = paddle.NewScope();
        var x = paddle.zeros(new[] { 2, 3 });
        x[0] = paddle.to_tensor(new float[] { 1, 2, 3 });
        x.SetItem(9, 1, 1..);
        Assert.Equal(new float[] { 1, 2, 3, 0, 9, 9 }, x.ToArray<float>());
        x[.., 0] = paddle.to_tensor(new double[] { 5 });   // cast to float32, broadcast
        Assert.Equal(new float[] { 5, 2, 3, 5, 9, 9 }, x.ToArray<float>());
        var leaf = paddle.ones(new[] { 2 });
        leaf.stop_gradient = false;
        T.Throws<PaddleInvalidOperationException>(() => leaf[0] = paddle.zeros(new[] { 1 }), "Leaf Tensor that doesn't stop gradient can't use inplace strategy");
    }

    [Fact]
    public void MatmulShapesAndValues()
    {
        using var s = paddle.NewScope();
        var a = paddle.to_tensor(new float[,] { { 1, 2 }, { 3, 4 } });
        var b = paddle.to_tensor(new float[,] { { 5, 6 }, { 7, 8 } });
        T.Close(new double[] { 19, 22, 43, 50 }, paddle.matmul(a, b));
        T.Close(new double[] { 26, 30, 38, 44 }, paddle.matmul(a, b, transpose_x: true));
        T.Close(new double[] { 17, 23, 39, 53 }, paddle.matmul(a, b, transpose_y: true));
        var v = paddle.to_tensor(new float[] { 1, 1 });
        var vv = paddle.matmul(v, v);
        T.Shape(new long[] { 1 }, vv);
        T.Close(new double[] { 2 }, vv);
        T.Shape(new long[] { 2 }, paddle.matmul(a, v));
        T.Shape(new long[] { 2 }, paddle.matmul(v, a));
        var batch = paddle.ones(new[] { 3, 1, 2, 4 });
        var rhs = paddle.ones(new[] { 5, 4, 6 });
        T.Shape(new long[] { 3, 5, 2, 6 }, paddle.matmul(batch, rhs));
        T.Throws<PaddleArgumentException>(() => paddle.matmul(a, paddle.ones(new[] { 3, 2 })), "matmul_v2");
    }
}
