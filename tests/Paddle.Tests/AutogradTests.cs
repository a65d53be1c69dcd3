using F = Paddle.paddle.nn.functional;

namespace Paddle.Tests;

public class AutogradTests
{
    private static Tensor Leaf(params double[] v)
    {
        var t = paddle.to_tensor(v);
        t.stop_gradient = false;
        return t;
    }

    [Fact]
    public void BackwardAccumulatesIntoLeaves()
    {
        using var s = paddle.NewScope();
        var x = Leaf(1, 2, 3);
        var y = paddle.sum(x * x);
        Assert.False(y.stop_gradient);
        Assert.False(y.is_leaf);
        y.backward();
        T.Close(new double[] { 2, 4, 6 }, x.grad!);
        var y2 = paddle.sum(x * 3.0);
        y2.backward();
        T.Close(new double[] { 5, 7, 9 }, x.grad!);   // accumulated
        x.clear_gradient();
        Assert.Null(x.grad);
    }

    [Fact]
    public void SecondBackwardNeedsRetainGraph()
    {
        using var s = paddle.NewScope();
        var x = Leaf(1, 2);
        var y = paddle.sum(paddle.exp(x));
        y.backward(retain_graph: true);
        y.backward();
        T.Close(new[] { 2 * Math.E, 2 * Math.Exp(2) }, x.grad!);
        T.Throws<PaddleInvalidOperationException>(() => y.backward(), "backward through the graph a second time");
    }

    [Fact]
    public void StopGradientAndNoGrad()
    {
        using var s = paddle.NewScope();
        var x = Leaf(1, 2);
        var c = paddle.to_tensor(new double[] { 3, 4 });   // stop_gradient = true
        var y = paddle.sum(x * c);
        y.backward();
        T.Close(new double[] { 3, 4 }, x.grad!);
        Assert.Null(c.grad);
        using (paddle.no_grad())
        {
            var z = x * 2.0;
            Assert.True(z.stop_gradient);
            Assert.False(paddle.is_grad_enabled());
        }
        Assert.True(paddle.is_grad_enabled());
        var d = paddle.to_tensor(new double[] { 1 });
        T.Throws<PaddleInvalidOperationException>(() => d.backward(), "stop_gradient=True");
    }

    [Fact]
    public void BackwardWithGradTensorAndDetach()
    {
        using var s = paddle.NewScope();
        var x = Leaf(1, 2);
        var y = x * x;
        y.backward(paddle.to_tensor(new double[] { 1, 10 }));
        T.Close(new double[] { 2, 40 }, x.grad!);
        var d = y.detach();
        Assert.True(d.stop_gradient);
        T.Throws<PaddleArgumentException>(() => (x * 2.0).backward(paddle.ones(new[] { 3 }, "float64")), "shape");
    }

    [Fact]
    public void PaddleGradDoesNotTouchDotGrad()
    {
        using var s = paddle.NewScope();
        var x = Leaf(1, 2, 3);
        var w = Leaf(0.5);
        var y = paddle.sum(x * x * w);
        var gx = paddle.grad(y, x, retain_graph: true)!;
        T.Close(new double[] { 1, 2, 3 }, gx);
        Assert.Null(x.grad);
        Assert.True(gx.stop_gradient);
        var both = paddle.grad(new[] { y }, new[] { x, w });
        T.Close(new double[] { 14 }, both[1]!);
        var unusedIn = Leaf(5);
        var y2 = paddle.sum(x * 2.0);
        T.Throws<PaddleArgumentException>(() => paddle.grad(new[] { y2 }, new[] { unusedIn }, retain_graph: true), "allow_unused");
        var r = paddle.grad(new[] { y2 }, new[] { x, unusedIn }, allow_unused: true);
        T.Close(new double[] { 2, 2, 2 }, r[0]!);
        Assert.Null(r[1]);
    }

    [Fact]
    public void CreateGraphGivesSecondDerivative()
    {
        using var s = paddle.NewScope();
        var x = Leaf(2);
        var y = x * x * x;   // y' = 3x^2 = 12, y'' = 6x = 12
        var g = paddle.grad(y, x, create_graph: true)!;
        Assert.False(g.stop_gradient);
        T.Close(new double[] { 12 }, g);
        g.backward();
        T.Close(new double[] { 12 }, x.grad!);
    }

    [Fact]
    public void InplaceOnLeafThatRequiresGradIsRejected()
    {
        using var s = paddle.NewScope();
        var x = Leaf(1, 2);
        T.Throws<PaddleInvalidOperationException>(() => x.SetItem(0, 0), "Leaf Tensor that doesn't stop gradient can't use inplace strategy");
        // Non-leaf in-place write keeps the graph correct: y = 2x; y[0] = 0; sum(y*y)
        var y = x * 2.0;
        y.SetItem(0, 0);
        paddle.sum(y * y).backward();
        T.Close(new double[] { 0, 16 }, x.grad!);
        // set_value on parameters (optimizer style) is allowed and records nothing.
        x.set_value(paddle.to_tensor(new double[] { 7, 8 }));
        T.Close(new double[] { 7, 8 }, x);
        Assert.True(x.is_leaf);
    }

    [Fact]
    public void TinyMlpLossDecreases()
    {
        using var s = paddle.NewScope();
        paddle.seed(1);
        var x = paddle.randn(new[] { 64, 4 });
        var yl = paddle.cast(paddle.sum(x, axis: 1, keepdim: true) > 0.0, "int64");
        var w1 = paddle.uniform(new[] { 4, 16 }); w1.stop_gradient = false;
        var b1 = paddle.zeros(new[] { 16 }); b1.stop_gradient = false;
        var w2 = paddle.uniform(new[] { 16, 2 }); w2.stop_gradient = false;
        float first = 0, last = 0;
        for (int i = 0; i < 60; i++)
        {
            using var step = paddle.NewScope();
            var loss = F.cross_entropy(paddle.matmul(F.relu(paddle.matmul(x, w1) + b1), w2), yl);
            loss.backward();
            foreach (var p in new[] { w1, b1, w2 })
            {
                p.set_value(p - p.grad! * 0.3);
                p.clear_gradient();
            }
            if (i == 0) first = loss.item<float>();
            last = loss.item<float>();
        }
        Assert.True(last < first * 0.5, $"loss went from {first} to {last}");
    }
}
