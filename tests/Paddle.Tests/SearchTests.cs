namespace Paddle.Tests;

public class SearchTests
{
    private static Tensor Doc() => paddle.to_tensor(new float[,,]
    {
        { { 5, 8, 9, 5 }, { 0, 0, 1, 7 }, { 6, 9, 2, 4 } },
        { { 5, 2, 4, 2 }, { 4, 7, 7, 9 }, { 1, 7, 0, 6 } },
    });

    [Fact]
    public void ArgsortDocExample()
    {
        using var s = paddle.NewScope();
        var x = Doc();
        var i1 = paddle.argsort(x, axis: -1);
        Assert.Equal(DType.int64, i1.dtype);
        T.Close(new double[] { 0, 3, 1, 2, 0, 1, 2, 3, 2, 3, 0, 1, 1, 3, 2, 0, 0, 1, 2, 3, 2, 0, 3, 1 }, i1);
        T.Close(new double[] { 0, 1, 1, 1, 0, 0, 0, 0, 1, 1, 1, 0, 1, 0, 0, 0, 1, 1, 1, 1, 0, 0, 0, 1 }, paddle.argsort(x, axis: 0));
        T.Close(new double[] { 1, 1, 1, 2, 0, 0, 2, 0, 2, 2, 0, 1, 2, 0, 2, 0, 1, 1, 0, 2, 0, 2, 1, 1 }, x.argsort(1));
        T.Close(new double[] { 5, 5, 8, 9, 0, 0, 1, 7, 2, 4, 6, 9, 2, 2, 4, 5, 4, 7, 7, 9, 0, 1, 6, 7 }, paddle.sort(x));
        T.Close(new double[] { 9, 8, 5, 5 }, paddle.sort(paddle.to_tensor(new[] { 5.0, 8, 9, 5 }), descending: true));
    }

    [Fact]
    public void StableWithNaN()
    {
        using var s = paddle.NewScope();
        var x = paddle.to_tensor(new[] { 1.0, 3, 3, 2, double.NaN, 3 });
        T.Close(new double[] { 0, 3, 1, 2, 5, 4 }, paddle.argsort(x));
        T.Close(new double[] { 4, 1, 2, 5, 3, 0 }, paddle.argsort(x, descending: true));
        T.Close(new[] { 1, 2, 3, 3, 3, double.NaN }, x.sort());
        T.Close(new[] { double.NaN, 3, 3, 3, 2, 1 }, x.sort(descending: true));
        var e = paddle.sort(paddle.zeros(new[] { 0, 2 }), axis: 0);
        T.Shape(new long[] { 0, 2 }, e);
    }

    [Fact]
    public void TopkDocExampleAndTies()
    {
        using var s = paddle.NewScope();
        var (v1, i1) = paddle.topk(paddle.to_tensor(new[] { 1f, 4, 5, 7 }), 1);
        T.Close(new double[] { 7 }, v1);
        T.Close(new double[] { 3 }, i1);
        var x = paddle.to_tensor(new float[,] { { 1, 4, 5, 7 }, { 2, 6, 2, 5 }, { 3, 1, 6, 7 } });
        var (v2, i2) = x.topk(1);
        T.Close(new double[] { 7, 6, 7 }, v2);
        T.Close(new double[] { 3, 1, 3 }, i2);
        var (v3, i3) = paddle.topk(x, 1, axis: 0);
        T.Shape(new long[] { 1, 4 }, v3);
        T.Close(new double[] { 3, 6, 6, 7 }, v3);
        T.Close(new double[] { 2, 1, 2, 0 }, i3);
        var (v4, i4) = paddle.topk(x, 2, axis: -1, largest: false);
        T.Close(new double[] { 1, 4, 2, 2, 1, 3 }, v4);
        T.Close(new double[] { 0, 1, 0, 2, 1, 0 }, i4);
        var (_, i5) = paddle.topk(paddle.to_tensor(new[] { 3.0, 1, 3, 3, double.NaN }), 3);
        T.Close(new double[] { 4, 0, 2 }, i5);
        var (v6, _) = paddle.topk(x, paddle.to_tensor(new long[] { 2 }));
        T.Shape(new long[] { 3, 2 }, v6);
        T.Throws<ArgumentException>(() => paddle.topk(x, 5), "top_k_v2: k 5 is out of range for axis 1 of size 4");
    }

    [Fact]
    public void ArgmaxArgminDocExample()
    {
        using var s = paddle.NewScope();
        var x = paddle.to_tensor(new float[,] { { 5, 8, 9, 5 }, { 0, 0, 1, 7 }, { 6, 9, 2, 4 } });
        var a = paddle.argmax(x);
        T.Shape(new long[] { 1 }, a);
        Assert.Equal(2L, a.item());
        T.Close(new double[] { 2, 3, 1 }, paddle.argmax(x, axis: 1));
        var k = x.argmax(axis: -1, keepdim: true);
        T.Shape(new long[] { 3, 1 }, k);
        T.Close(new double[] { 4 }, paddle.argmin(x));
        T.Close(new double[] { 0, 0, 2 }, x.argmin(1));
        var i32 = paddle.argmin(x, 0, dtype: DType.int32);
        Assert.Equal(DType.int32, i32.dtype);
        T.Close(new double[] { 1, 1, 1, 2 }, i32);
        T.Close(new double[] { 2 }, paddle.argmax(paddle.to_tensor(new[] { 1.0, 3, double.NaN, 3 })));
        T.Throws<ArgumentException>(() => paddle.argmax(x, 2), "arg_max: axis 2 is out of range for a tensor of rank 2");
        T.Throws<ArgumentException>(() => paddle.argmax(x, dtype: DType.float32), "argmax: dtype float32 is not supported");
        T.Throws<ArgumentException>(() => paddle.argmin(paddle.zeros(new[] { 0 })), "arg_min: the input of shape [0] is empty");
    }

    [Fact]
    public void UniqueDocExample()
    {
        using var s = paddle.NewScope();
        var x = paddle.to_tensor(new long[] { 2, 3, 3, 1, 5, 3 });
        T.Close(new double[] { 1, 2, 3, 5 }, paddle.unique(x));
        var r = paddle.unique(x, return_index: true, return_inverse: true, return_counts: true);
        Assert.Equal(4, r.Length);
        T.Close(new double[] { 1, 2, 3, 5 }, r[0]);
        T.Close(new double[] { 3, 0, 1, 4 }, r[1]);
        T.Close(new double[] { 1, 2, 2, 0, 3, 2 }, r[2]);
        T.Close(new double[] { 1, 1, 3, 1 }, r[3]);
        Assert.Equal(DType.int64, r[3].dtype);
        var c = x.unique(return_index: false, return_counts: true, dtype: DType.int32);
        Assert.Equal(2, c.Length);
        Assert.Equal(DType.int32, c[1].dtype);
        T.Close(new double[] { 1, 1, 3, 1 }, c[1]);
        var m = paddle.unique(paddle.to_tensor(new float[,] { { 2, 1 }, { 1, 3 } }));
        T.Close(new double[] { 1, 2, 3 }, m);
        T.Shape(new long[] { 0 }, paddle.unique(paddle.zeros(new[] { 0 })));
        var rows = paddle.unique(paddle.to_tensor(new[,] { { 2, 1, 3 }, { 3, 0, 1 }, { 2, 1, 3 } }), return_index: true, return_inverse: true, return_counts: true, axis: 0);
        T.Shape(new long[] { 2, 3 }, rows[0]);
        T.Close(new double[] { 2, 1, 3, 3, 0, 1 }, rows[0]);
        T.Close(new double[] { 0, 1 }, rows[1]);
        T.Close(new double[] { 0, 1, 0 }, rows[2]);
        T.Close(new double[] { 2, 1 }, rows[3]);
        T.Throws<ArgumentException>(() => paddle.unique(x, axis: 1), "unique: axis 1 is out of range for a tensor of rank 1");
    }

    [Fact]
    public void SortTopkGradients()
    {
        T.GradCheck(a => paddle.sort(a[0], axis: 1), new[] { T.R(1, 3, 5) });
        T.GradCheck(a => paddle.sort(a[0], axis: 0, descending: true), new[] { T.R(2, 4, 3) });
        T.GradCheck(a => paddle.topk(a[0], 2).values, new[] { T.R(3, 3, 5) });
        T.GradCheck(a => paddle.topk(a[0], 2, axis: 0, largest: false).values, new[] { T.R(4, 4, 3) });
    }
}
