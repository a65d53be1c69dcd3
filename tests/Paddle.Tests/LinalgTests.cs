namespace Paddle.Tests;

public class LinalgTests
{
    [Fact]
    public void BmmMmMvDot()
    {
        using var s = paddle.NewScope();
        var x = paddle.to_tensor(new float[,,] { { { 1, 1, 1 }, { 2, 2, 2 } }, { { 3, 3, 3 }, { 4, 4, 4 } } });
        var y = paddle.to_tensor(new float[,,] { { { 1, 1 }, { 2, 2 }, { 3, 3 } }, { { 4, 4 }, { 5, 5 }, { 6, 6 } } });
        var o = paddle.bmm(x, y);
        T.Shape(new long[] { 2, 2, 2 }, o);
        T.Close(new double[] { 6, 6, 12, 12, 45, 45, 60, 60 }, o);
        T.Throws<ArgumentException>(() => x.bmm(x), "bmm: the last dimension of X (3) must equal the second dimension of Y (2)");

        var a = paddle.to_tensor(new double[,] { { 1, 2 }, { 3, 4 } });
        var b = paddle.to_tensor(new double[,] { { 5, 6 }, { 7, 8 } });
        T.Close(new double[] { 19, 22, 43, 50 }, paddle.mm(a, b));
        T.Close(new double[] { 17, 39 }, a.mm(paddle.to_tensor(new double[] { 5, 6 })));
        T.Throws<ArgumentException>(() => paddle.mm(a, paddle.ones(new[] { 3, 2 }, DType.float64)), "Input X's width should be equal to Y's width");
        T.Throws<ArgumentException>(() => paddle.mm(paddle.ones(new[] { 2, 2, 2 }), paddle.ones(new[] { 3, 2, 2 })), "x_shape[0] != y_shape[0]");

        var m = paddle.to_tensor(new double[,] { { 2, 1, 3 }, { 3, 0, 1 } });
        T.Close(new double[] { 14, 10 }, paddle.mv(m, paddle.to_tensor(new double[] { 3, 5, 1 })));
        T.Throws<ArgumentException>(() => m.mv(paddle.to_tensor(new double[] { 1, 2 })), "mv: the last dimension of X (3) must equal the length of Vec (2)");

        var d = paddle.dot(paddle.to_tensor(new float[] { 1, 2, 3, 4, 5 }), paddle.to_tensor(new float[] { 4, 5, 6, 7, 8 }));
        T.Shape(new long[] { 1 }, d);
        T.Close(new double[] { 100 }, d);
        var d2 = paddle.to_tensor(new[,] { { 1, 2 }, { 3, 4 } }).dot(paddle.to_tensor(new[,] { { 1, 1 }, { 2, 2 } }));
        T.Shape(new long[] { 2, 1 }, d2);
        T.Close(new double[] { 3, 14 }, d2);
        T.Throws<ArgumentException>(() => paddle.dot(paddle.ones(new[] { 2 }), paddle.ones(new[] { 3 })), "dot: X has shape [2] and Y has shape [3]");
    }

    [Fact]
    public void TCrossKronTrace()
    {
        using var s = paddle.NewScope();
        var a = paddle.to_tensor(new double[,] { { 1, 2, 3 }, { 4, 5, 6 } });
        var at = paddle.t(a);
        T.Shape(new long[] { 3, 2 }, at);
        T.Close(new double[] { 1, 4, 2, 5, 3, 6 }, at);
        T.Shape(new long[] { 3 }, paddle.t(paddle.to_tensor(new double[] { 1, 2, 3 })));
        T.Throws<ArgumentException>(() => paddle.ones(new[] { 1, 2, 3 }).t(), "only support N-D (N<=2) tensor");

        var x = paddle.to_tensor(new float[,] { { 1, 1, 1 }, { 2, 2, 2 }, { 3, 3, 3 } });
        var y = paddle.ones(new[] { 3, 3 });
        T.Close(new double[] { -1, -1, -1, 2, 2, 2, -1, -1, -1 }, paddle.cross(x, y));
        T.Close(new double[9], x.cross(y, axis: 1));
        T.Throws<ArgumentException>(() => paddle.cross(paddle.ones(new[] { 2 }), paddle.ones(new[] { 2 })), "cross: the input of shape [2] has no dimension of size 3");

        var k = paddle.kron(paddle.to_tensor(new long[,] { { 1, 2 }, { 3, 4 } }), paddle.to_tensor(new long[,] { { 1, 2, 3 }, { 4, 5, 6 }, { 7, 8, 9 } }));
        T.Shape(new long[] { 6, 6 }, k);
        T.Close(new double[] { 1, 2, 3, 2, 4, 6 }, paddle.slice(k, new[] { 0 }, new long[] { 0 }, new long[] { 1 }).reshape(new long[] { 6 }));

        T.Close(new double[] { 6 }, paddle.trace(a));
        T.Close(new double[] { 8 }, a.trace(offset: 1));
        T.Close(new double[] { 4 }, paddle.trace(a, offset: -1));
        var y3 = paddle.arange(12).reshape(new long[] { 2, 3, 2 });
        T.Close(new double[] { 7, 11, 15 }, paddle.trace(y3, axis1: 0, axis2: -1));
        T.Throws<ArgumentException>(() => paddle.trace(a, axis1: 1, axis2: -1), "trace: axis1 (1) and axis2 (-1) refer to the same dimension");
    }

    [Fact]
    public void InverseAndCholesky()
    {
        using var s = paddle.NewScope();
        T.Close(new[] { 0.6, -0.7, -0.2, 0.4 }, paddle.inverse(paddle.to_tensor(new double[,] { { 4, 7 }, { 2, 6 } })), 1e-12);
        T.Close(new[] { 0.5, 0, 0, 0.5 }, paddle.to_tensor(new float[,] { { 2, 0 }, { 0, 2 } }).inverse());
        var ex = T.Throws<PaddleArgumentException>(() => paddle.inverse(paddle.to_tensor(new double[,] { { 1, 2 }, { 2, 4 } })), "inverse: the matrix is singular");
        T.Throws<PaddleArgumentException>(() => paddle.inverse(paddle.to_tensor(new float[,] { { 1, 2, 3 }, { 4, 5, 6 }, { 7, 8, 9 } })), "inverse: the matrix is singular");
        T.Throws<ArgumentException>(() => paddle.inverse(paddle.ones(new[] { 2, 3 })), "expected a (batch of) square matrices");

        var spd = paddle.to_tensor(new double[,] { { 4, 12, -16 }, { 12, 37, -43 }, { -16, -43, 98 } });
        T.Close(new double[] { 2, 0, 0, 6, 1, 0, -8, 5, 3 }, paddle.cholesky(spd), 1e-12);
        T.Close(new double[] { 2, 6, -8, 0, 1, 5, 0, 0, 3 }, spd.cholesky(upper: true), 1e-12);
        T.Throws<PaddleArgumentException>(() => paddle.cholesky(paddle.to_tensor(new double[,] { { 1, 2 }, { 2, 1 } })), "cholesky: the input matrix is not positive definite");
    }

    [Fact]
    public void Gradients()
    {
        T.GradCheck(a => paddle.bmm(a[0], a[1]), new[] { T.R(1, 2, 3, 4), T.R(2, 2, 4, 2) });
        T.GradCheck(a => paddle.mm(a[0], a[1]), new[] { T.R(3, 3, 4), T.R(4, 4, 2) });
        T.GradCheck(a => paddle.mv(a[0], a[1]), new[] { T.R(5, 3, 4), T.R(6, 4) });
        T.GradCheck(a => paddle.dot(a[0], a[1]), new[] { T.R(7, 3, 4), T.R(8, 3, 4) });
        T.GradCheck(a => paddle.t(a[0]), new[] { T.R(9, 3, 4) });
        T.GradCheck(a => paddle.cross(a[0], a[1]), new[] { T.R(10, 3, 4), T.R(11, 3, 4) });
        T.GradCheck(a => paddle.kron(a[0], a[1]), new[] { T.R(12, 2, 3), T.R(13, 3, 2) });
        T.GradCheck(a => paddle.trace(a[0], offset: 1), new[] { T.R(14, 3, 4) });
        T.GradCheck(a => paddle.inverse(a[0] + paddle.eye(3, dtype: DType.float64) * 3.0), new[] { T.R(15, 2, 3, 3) });
        T.GradCheck(a =>
        {
            var m = paddle.matmul(a[0], a[0], transpose_y: true) + paddle.eye(3, dtype: DType.float64) * 3.0;
            return paddle.cholesky(m);
        }, new[] { T.R(16, 2, 3, 3) });
    }
}
