namespace Paddle.Tests;

public class MathTests
{
    [Fact]
    public void AddDocExampleAndBroadcasting()
    {
        using var s = paddle.NewScope();
        var x = paddle.to_tensor(new double[] { 2, 3, 4 });
        var y = paddle.to_tensor(new double[] { 1, 5, 2 });
        T.Close(new double[] { 3, 8, 6 }, paddle.add(x, y));
        var a = paddle.ones(new[] { 2, 3, 4 });
        var b = paddle.arange(4, dtype: "float32");
        var r = paddle.add(a, b);
        T.Shape(new long[] { 2, 3, 4 }, r);
        Assert.Equal(new float[] { 1, 2, 3, 4 }, r.ToArray<float>()[..4]);
        var c = paddle.ones(new[] { 2, 1, 4 });
        var d = paddle.ones(new[] { 3, 1 });
        T.Shape(new long[] { 2, 3, 4 }, paddle.multiply(c, d));
    }

    [Fact]
    public void MixedDtypesAreRejectedByFunctionsButCastByOperators()
    {
        using var s = paddle.NewScope();
        var x = paddle.to_tensor(new float[] { 1, 2 });
        var y = paddle.to_tensor(new long[] { 3, 4 });
        var ex = T.Throws<PaddleArgumentException>(() => paddle.add(x, y),
            "elementwise_add: input 'Y' has dtype int64 but input 'X' has dtype float32");
        Assert.Equal("elementwise_add", ex.OpName);
        var r = x + y;
        Assert.Equal(DType.float32, r.dtype);
        T.Close(new double[] { 4, 6 }, r);
        T.Throws<PaddleArgumentException>(() => paddle.add(paddle.ones(new[] { 2, 3 }), paddle.ones(new[] { 4 })), "cannot be broadcast");
    }

    [Fact]
    public void IntegerDivisionTruncatesAndModTakesDivisorSign()
    {
        using var s = paddle.NewScope();
        var x = paddle.to_tensor(new long[] { 7, -7, 7, -7 });
        var y = paddle.to_tensor(new long[] { 2, 2, -2, -2 });
        Assert.Equal(new long[] { 3, -3, -3, 3 }, paddle.divide(x, y).ToArray<long>());
        Assert.Equal(new long[] { 3, -3, -3, 3 }, paddle.floor_divide(x, y).ToArray<long>());
        Assert.Equal(new long[] { 1, 1, -1, -1 }, paddle.mod(x, y).ToArray<long>());
        // Paddle docs: mod([2,3,8,7], [1,5,3,3]) = [0,3,2,1]; floor_divide = [2,0,2,2]
        var a = paddle.to_tensor(new[] { 2, 3, 8, 7 });
        var b = paddle.to_tensor(new[] { 1, 5, 3, 3 });
        Assert.Equal(new[] { 0, 3, 2, 1 }, paddle.mod(a, b).ToArray<int>());
        Assert.Equal(new[] { 2, 0, 2, 2 }, paddle.floor_divide(a, b).ToArray<int>());
        var fm = paddle.mod(paddle.to_tensor(new[] { -3.5, 3.5 }), paddle.to_tensor(new[] { 2.0, -2.0 }));
        T.Close(new[] { 0.5, -0.5 }, fm);
        var zero = paddle.to_tensor(new long[] { 0, 1, 1, 1 });
        T.Throws<PaddleArgumentException>(() => paddle.divide(x, zero), "division by zero");
        T.Throws<PaddleArgumentException>(() => paddle.mod(x, zero), "by zero");
    }

    [Fact]
    public void MaximumMinimumPow()
    {
        using var s = paddle.NewScope();
        var x = paddle.to_tensor(new float[,] { { 1, 2 }, { 7, 8 } });
        var y = paddle.to_tensor(new float[,] { { 3, 4 }, { 5, 6 } });
        T.Close(new double[] { 3, 4, 7, 8 }, paddle.maximum(x, y));
        T.Close(new double[] { 1, 2, 5, 6 }, paddle.minimum(x, y));
        T.Close(new double[] { 1, 8, 343, 512 }, paddle.pow(x, 3));
        T.Close(new double[] { 1, 16, 16807, 262144 }, paddle.pow(x, y), 1e-5);
    }

    [Fact]
    public void UnaryFunctions()
    {
        using var s = paddle.NewScope();
        var x = paddle.to_tensor(new double[] { 0.25, 1, 4 });
        T.Close(new[] { Math.Exp(0.25), Math.E, Math.Exp(4) }, paddle.exp(x));
        T.Close(new[] { Math.Log(0.25), 0, Math.Log(4) }, paddle.log(x));
        T.Close(new[] { 0.5, 1, 2 }, paddle.sqrt(x));
        T.Close(new[] { Math.Sin(0.25), Math.Sin(1), Math.Sin(4) }, paddle.sin(x));
        T.Close(new[] { Math.Cos(0.25), Math.Cos(1), Math.Cos(4) }, paddle.cos(x));
        T.Close(new[] { Math.Tanh(0.25), Math.Tanh(1), Math.Tanh(4) }, paddle.tanh(x));
        T.Close(new[] { 0.0625, 1, 16 }, paddle.square(x));
        T.Close(new double[] { 3, 0, 2 }, paddle.abs(paddle.to_tensor(new double[] { -3, 0, 2 })));
        Assert.Equal(new long[] { 3, 0, 2 }, paddle.abs(paddle.to_tensor(new long[] { -3, 0, 2 })).ToArray<long>());
        T.Close(new[] { double.NaN }, paddle.log(paddle.to_tensor(new double[] { -1 })));
        T.Close(new[] { double.NegativeInfinity }, paddle.log(paddle.to_tensor(new double[] { 0 })));
        T.Throws<PaddleArgumentException>(() => paddle.exp(paddle.to_tensor(new[] { true })), "exp: input 'X' has dtype bool");
    }

    [Fact]
    public void ScaleAndClip()
    {
        using var s = paddle.NewScope();
        var x = paddle.to_tensor(new float[] { 1, 2 });
        T.Close(new double[] { 5, 8 }, paddle.scale(x, 3, 2));
        T.Close(new double[] { 9, 12 }, paddle.scale(x, 3, 2, bias_after_scale: false));
        // Paddle docs: clip([[1.2,3.5],[4.5,6.4]], min=3.5, max=5.0) = [[3.5,3.5],[4.5,5.0]]
        var c = paddle.to_tensor(new float[,] { { 1.2f, 3.5f }, { 4.5f, 6.4f } });
        T.Close(new double[] { 3.5, 3.5, 4.5, 5.0 }, paddle.clip(c, 3.5, 5.0));
        T.Close(new double[] { 1.2, 2.0, 2.0, 2.0 }, paddle.clip(c, max: 2.0), 1e-6);
        T.Throws<PaddleArgumentException>(() => paddle.clip(c, 2, 1), "clip");
    }

    [Fact]
    public void ScalarOperatorsFollowTensorRules()
    {
        using var s = paddle.NewScope();
        var i = paddle.to_tensor(new long[] { 1, 2, 7 });
        var a = i + 1;
        Assert.Equal(DType.int64, a.dtype);
        Assert.Equal(new long[] { 2, 3, 8 }, a.ToArray<long>());
        var f = i * 0.5;
        Assert.Equal(DType.float32, f.dtype);
        T.Close(new[] { 0.5, 1, 3.5 }, f);
        Assert.Equal(new long[] { 0, 1, 3 }, (i / 2).ToArray<long>());
        Assert.Equal(new long[] { 1, 0, 1 }, (i % 2).ToArray<long>());
        Assert.Equal(new long[] { 9, 8, 3 }, (10 - i).ToArray<long>());
        var x = paddle.to_tensor(new float[] { 1, 2, 4 });
        T.Close(new[] { 0.5, 1, 2 }, x / 2);
        T.Close(new[] { 4, 2, 1.0 }, 4.0 / x);
        T.Close(new double[] { -1, -2, -4 }, -x);
        Assert.Equal(new[] { false, true, true }, (x > 1.5).ToArray<bool>());
        Assert.Equal(new[] { false, true, false }, (x == 2.0).ToArray<bool>());
        Assert.Equal(new[] { true, true, false }, (x <= paddle.to_tensor(new float[] { 1, 3, 3 })).ToArray<bool>());
    }

    [Fact]
    public void FloatSixteenComputesThroughFloat32()
    {
        using var s = paddle.NewScope();
        var x = paddle.to_tensor(new float[] { 1.5f, 2.25f }).astype("float16");
        var y = paddle.add(x, x);
        Assert.Equal(DType.float16, y.dtype);
        T.Close(new[] { 3.0, 4.5 }, y);
        var b = paddle.to_tensor(new float[] { 1.5f, -2f }).astype("bfloat16");
        T.Close(new[] { 2.25, 4.0 }, paddle.square(b));
    }
}
