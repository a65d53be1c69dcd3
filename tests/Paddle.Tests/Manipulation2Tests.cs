namespace Paddle.Tests;

public class Manipulation2Tests
{
    private static Tensor Seq(params long[] shape)
    {
        long n = shape.Aggregate(1L, (a, b) => a * b);
        return paddle.arange(n, dtype: "float32").reshape(shape);
    }

    private static Tensor F(float[] v, params long[] shape) => paddle.to_tensor(v).reshape(shape);
    private static Tensor L(long[] v, params long[] shape) => paddle.to_tensor(v).reshape(shape);
    private static Tensor B(bool[] v, params long[] shape) => paddle.to_tensor(v).reshape(shape);

    [Fact]
    public void AssignCopies()
    {
        using var s = paddle.NewScope();
        var x = Seq(2, 3);
        var y = paddle.assign(x);
        Assert.Equal(x.ToArray<float>(), y.ToArray<float>());
        x[0, 0] = paddle.to_tensor(new float[] { 9 });
        Assert.Equal(0f, y.ToArray<float>()[0]);
        var o = paddle.zeros(new[] { 2, 3 });
        var r = paddle.assign(Seq(2, 3), o);
        Assert.Same(o, r);
        T.Close(new double[] { 0, 1, 2, 3, 4, 5 }, o);
        T.Throws<PaddleArgumentException>(() => paddle.assign(Seq(3), o), "an in-place op cannot change shape");
        T.GradCheck(a => paddle.assign(a[0]), new[] { T.R(1, 2, 2) });
    }

    [Fact]
    public void Flatten()
    {
        using var s = paddle.NewScope();
        var x = Seq(2, 3, 4);
        T.Shape(new long[] { 24 }, paddle.flatten(x));
        T.Shape(new long[] { 2, 12 }, x.flatten(start_axis: 1));
        T.Shape(new long[] { 6, 4 }, paddle.flatten(x, 0, -2));
        T.Throws<PaddleArgumentException>(() => paddle.flatten(x, 2, 1), "expected start_axis <= stop_axis");
        T.Throws<PaddleArgumentException>(() => paddle.flatten(x, 3), "start_axis 3 is out of range");
        T.GradCheck(a => paddle.flatten(a[0], 1, 2), new[] { T.R(2, 2, 2, 3) });
    }

    [Fact]
    public void ExpandBroadcastToExpandAs()
    {
        using var s = paddle.NewScope();
        var x = paddle.to_tensor(new int[] { 1, 2, 3 });
        var e = paddle.expand(x, new[] { 2, 3 });
        Assert.Equal(new[] { 1, 2, 3, 1, 2, 3 }, e.ToArray<int>());
        var b = paddle.broadcast_to(x, new long[] { 2, -1 });
        Assert.Equal(new[] { 1, 2, 3, 1, 2, 3 }, b.ToArray<int>());
        var y = paddle.zeros(new[] { 2, 3 }, DType.int32);
        T.Shape(new long[] { 2, 3 }, x.expand_as(y));
        T.Throws<PaddleArgumentException>(() => paddle.expand(x, new[] { 2, 4 }), "expand_v2: cannot expand");
        T.Throws<PaddleArgumentException>(() => paddle.expand_as(x, paddle.zeros(new[] { 4 })), "expand_as_v2");
        T.GradCheck(a => paddle.expand(a[0], new[] { 2, 3, 2 }), new[] { T.R(3, 3, 1) });
        T.GradCheck(a => paddle.broadcast_to(a[0], new[] { 4, 2 }), new[] { T.R(4, 2) });
    }

    [Fact]
    public void StackUnstackUnbindChunk()
    {
        using var s = paddle.NewScope();
        var a = F(new float[] { 1, 2 }, 1, 2);
        var b = F(new float[] { 3, 4 }, 1, 2);
        var st = paddle.stack(new[] { a, b });
        T.Shape(new long[] { 2, 1, 2 }, st);
        var st2 = paddle.stack(new[] { a, b }, axis: -1);
        T.Shape(new long[] { 1, 2, 2 }, st2);
        Assert.Equal(new float[] { 1, 3, 2, 4 }, st2.ToArray<float>());
        T.Throws<PaddleArgumentException>(() => paddle.stack(new[] { a, Seq(2) }), "stack: input 1 has shape [2]");
        var parts = paddle.unstack(Seq(2, 3), axis: 1);
        Assert.Equal(3, parts.Length);
        Assert.Equal(new float[] { 1, 4 }, parts[1].ToArray<float>());
        var ub = Seq(2, 3).unbind(0);
        Assert.Equal(2, ub.Length);
        Assert.Equal(new float[] { 3, 4, 5 }, ub[1].ToArray<float>());
        Assert.Empty(paddle.unbind(paddle.zeros(new[] { 0, 2 })));
        var ch = paddle.chunk(Seq(3, 6), 3, axis: 1);
        Assert.Equal(3, ch.Length);
        T.Shape(new long[] { 3, 2 }, ch[2]);
        T.Throws<PaddleArgumentException>(() => paddle.chunk(Seq(3, 5), 3, axis: 1), "split");
        T.GradCheck(x => paddle.stack(new[] { x[0], x[1] }, axis: 1), new[] { T.R(5, 2, 2), T.R(6, 2, 2) });
        T.GradCheck(x => paddle.unstack(x[0], 1)[0] * paddle.unbind(x[0], 1)[1], new[] { T.R(7, 3, 2) });
    }

    [Fact]
    public void TileFlipRoll()
    {
        using var s = paddle.NewScope();
        var x = paddle.to_tensor(new long[] { 1, 2, 3 });
        Assert.Equal(new long[] { 1, 2, 3, 1, 2, 3 }, paddle.tile(x, new[] { 2 }).ToArray<long>());
        T.Shape(new long[] { 2, 3 }, x.tile(new[] { 2, 1 }));
        T.Throws<PaddleArgumentException>(() => paddle.tile(x, new[] { 0 }), "expected every repeat to be positive");
        var m = Seq(2, 2, 2);
        Assert.Equal(new float[] { 6, 7, 4, 5, 2, 3, 0, 1 }, paddle.flip(m, new[] { 0, 1 }).ToArray<float>());
        Assert.Equal(new float[] { 1, 0, 3, 2, 5, 4, 7, 6 }, m.flip(-1).ToArray<float>());
        T.Throws<PaddleArgumentException>(() => paddle.flip(m, 3), "flip: axis 3 is out of range");
        var r = F(new float[] { 1, 2, 3, 4, 5, 6, 7, 8, 9 }, 3, 3);
        Assert.Equal(new float[] { 9, 1, 2, 3, 4, 5, 6, 7, 8 }, paddle.roll(r, 1).ToArray<float>());
        Assert.Equal(new float[] { 7, 8, 9, 1, 2, 3, 4, 5, 6 }, paddle.roll(r, 1, axis: 0).ToArray<float>());
        Assert.Equal(new float[] { 2, 3, 1, 5, 6, 4, 8, 9, 7 }, r.roll(-1, 1).ToArray<float>());
        T.Throws<ArgumentException>(() => paddle.roll(r, 1, axis: 2), "roll: axis 2 is out of range");
        T.GradCheck(a => paddle.tile(a[0], new[] { 2, 2 }), new[] { T.R(8, 2, 3) });
        T.GradCheck(a => paddle.flip(a[0], new[] { 0 }), new[] { T.R(9, 3, 2) });
        T.GradCheck(a => paddle.roll(a[0], new long[] { 1, 2 }, new[] { 0, 1 }), new[] { T.R(10, 2, 3) });
    }

    [Fact]
    public void IndexSelectGatherNdIndexSample()
    {
        using var s = paddle.NewScope();
        var x = Seq(3, 4) + 1;
        var idx = paddle.to_tensor(new long[] { 0, 1, 1 });
        Assert.Equal(new float[] { 1, 2, 2, 5, 6, 6, 9, 10, 10 }, paddle.index_select(x, idx, axis: 1).ToArray<float>());
        T.Shape(new long[] { 3, 4 }, x.index_select(idx));
        T.Throws<PaddleIndexException>(() => paddle.index_select(x, paddle.to_tensor(new long[] { 5 }), 1), "index_select: index 5 is out of range");
        var g = Seq(2, 3, 4);
        var gn = paddle.gather_nd(g, L(new long[] { 0, 2 }, 1, 2));
        Assert.Equal(new float[] { 8, 9, 10, 11 }, gn.ToArray<float>());
        T.Shape(new long[] { 1 }, g.gather_nd(L(new long[] { 1, 2, 3 }, 1, 3)));
        T.Throws<PaddleIndexException>(() => paddle.gather_nd(g, L(new long[] { 2 }, 1, 1)), "gather_nd: index 2 is out of range");
        var si = paddle.index_sample(x, L(new long[] { 0, 1, 2, 1, 2, 3, 0, 0, 0 }, 3, 3));
        Assert.Equal(new float[] { 1, 2, 3, 6, 7, 8, 9, 9, 9 }, si.ToArray<float>());
        T.Throws<PaddleArgumentException>(() => paddle.index_sample(x, L(new long[] { 0 }, 1, 1)), "index_sample: Index has shape [1, 1]");
        T.GradCheck(a => paddle.index_select(a[0], paddle.to_tensor(new int[] { 2, 0, 2 })), new[] { T.R(11, 3, 2) });
        T.GradCheck(a => paddle.gather_nd(a[0], L(new long[] { 1, 0, 1, 0 }, 2, 2)), new[] { T.R(12, 2, 2, 3) });
        T.GradCheck(a => paddle.index_sample(a[0], L(new long[] { 1, 1, 0, 2 }, 2, 2)), new[] { T.R(13, 2, 3) });
    }

    [Fact]
    public void MaskedSelectWhereNonzero()
    {
        using var s = paddle.NewScope();
        var x = Seq(3, 4) + 1;
        var mask = B(new[] { true, false, false, false, true, true, false, false, true, false, false, false }, 3, 4);
        Assert.Equal(new float[] { 1, 5, 6, 9 }, paddle.masked_select(x, mask).ToArray<float>());
        T.Throws<PaddleArgumentException>(() => x.masked_select(B(new[] { true }, 1)), "masked_select: Mask has shape [1]");
        var a = paddle.to_tensor(new float[] { 0.9383f, 0.1983f, 3.2f, 1.2f });
        var ones = paddle.ones(new[] { 4 });
        var w = paddle.where(paddle.greater_than(a, ones), a, ones);
        T.Close(new double[] { 1, 1, 3.2, 1.2 }, w);
        var wb = paddle.where(B(new[] { true, false }, 2, 1), paddle.to_tensor(new float[] { 1, 2, 3 }), paddle.zeros(new[] { 2, 1 }));
        T.Shape(new long[] { 2, 3 }, wb);
        T.Close(new double[] { 1, 2, 3, 0, 0, 0 }, wb);
        T.Throws<PaddleArgumentException>(() => paddle.where(a, a, ones), "where: Condition has dtype float32; expected bool");
        var nz = paddle.nonzero(F(new float[] { 1, 0, 0, 0, 2, 0, 0, 0, 3 }, 3, 3));
        Assert.Equal(DType.int64, nz.dtype);
        Assert.Equal(new long[] { 0, 0, 1, 1, 2, 2 }, nz.ToArray<long>());
        var tup = paddle.nonzero(F(new float[] { 0, 1, 1, 0 }, 2, 2), as_tuple: true);
        Assert.Equal(2, tup.Length);
        Assert.Equal(new long[] { 0, 1 }, tup[0].ToArray<long>());
        Assert.Equal(new long[] { 1, 0 }, tup[1].ToArray<long>());
        T.Shape(new long[] { 2, 1 }, tup[1]);
        T.Shape(new long[] { 0, 1 }, paddle.to_tensor(new float[] { 0, 0 }).nonzero());
        T.GradCheck(t => paddle.masked_select(t[0], mask), new[] { T.R(14, 3, 4) });
        var cond = B(new[] { true, false, false, true, true, false }, 2, 3);
        T.GradCheck(t => paddle.where(cond, t[0], t[1]), new[] { T.R(15, 2, 3), T.R(16, 1, 3) });
    }

    [Fact]
    public void ScatterFamily()
    {
        using var s = paddle.NewScope();
        var x = F(new float[] { 1, 1, 2, 2, 3, 3 }, 3, 2);
        var idx = paddle.to_tensor(new long[] { 2, 1, 0, 1 });
        var upd = F(new float[] { 1, 1, 2, 2, 3, 3, 4, 4 }, 4, 2);
        Assert.Equal(new float[] { 3, 3, 4, 4, 1, 1 }, paddle.scatter(x, idx, upd).ToArray<float>());
        Assert.Equal(new float[] { 3, 3, 6, 6, 1, 1 }, x.scatter(idx, upd, overwrite: false).ToArray<float>());
        var xi = F(new float[] { 1, 1, 2, 2, 3, 3 }, 3, 2);
        var r = paddle.scatter_(xi, paddle.to_tensor(new long[] { 0 }), F(new float[] { 7, 8 }, 1, 2));
        Assert.Same(xi, r);
        Assert.Equal(new float[] { 7, 8, 2, 2, 3, 3 }, xi.ToArray<float>());
        var leaf = F(new float[] { 1, 2 }, 1, 2);
        leaf.stop_gradient = false;
        T.Throws<PaddleInvalidOperationException>(() => leaf.scatter_(paddle.to_tensor(new long[] { 0 }), F(new float[] { 0, 0 }, 1, 2)),
            "Leaf Tensor that doesn't stop gradient can't use inplace strategy");
        T.Throws<PaddleIndexException>(() => paddle.scatter(x, paddle.to_tensor(new long[] { 3 }), F(new float[] { 0, 0 }, 1, 2)), "scatter: index 3 is out of range");
        var na = paddle.scatter_nd_add(x, L(new long[] { 1, 0, 1 }, 3, 1), F(new float[] { 10, 20, 30, 40, 50, 60 }, 3, 2));
        Assert.Equal(new float[] { 31, 41, 62, 82, 3, 3 }, na.ToArray<float>());
        var nd = paddle.scatter_nd(L(new long[] { 1, 1, 0, 1, 1, 1 }, 3, 2), paddle.to_tensor(new float[] { 9, 10, 11 }), new[] { 3, 2 });
        Assert.Equal(new float[] { 0, 10, 0, 20, 0, 0 }, nd.ToArray<float>());
        T.Throws<PaddleArgumentException>(() => paddle.scatter_nd_add(x, L(new long[] { 0 }, 1, 1), paddle.ones(new[] { 3 })), "scatter_nd_add: Updates has shape [3]");
        T.GradCheck(t => paddle.scatter(t[0], paddle.to_tensor(new long[] { 2, 0 }), t[1]), new[] { T.R(17, 3, 2), T.R(18, 2, 2) });
        T.GradCheck(t => paddle.scatter_nd_add(t[0], L(new long[] { 0, 1, 0 }, 3, 1), t[1]), new[] { T.R(19, 2, 2), T.R(20, 3, 2) });
        T.GradCheck(t => paddle.scatter_nd(L(new long[] { 0, 1, 1, 0 }, 2, 2), t[0], new[] { 2, 2 }), new[] { T.R(21, 2) });
    }

    [Fact]
    public void TrilTriuDiag()
    {
        using var s = paddle.NewScope();
        var x = Seq(3, 4) + 1;
        Assert.Equal(new float[] { 1, 0, 0, 0, 5, 6, 0, 0, 9, 10, 11, 0 }, paddle.tril(x).ToArray<float>());
        Assert.Equal(new float[] { 1, 2, 3, 0, 5, 6, 7, 8, 9, 10, 11, 12 }, x.tril(2).ToArray<float>());
        Assert.Equal(new float[] { 1, 2, 3, 4, 0, 6, 7, 8, 0, 0, 11, 12 }, paddle.triu(x).ToArray<float>());
        Assert.Equal(new float[] { 1, 2, 3, 4, 5, 6, 7, 8, 0, 10, 11, 12 }, x.triu(-1).ToArray<float>());
        T.Throws<PaddleArgumentException>(() => paddle.tril(Seq(3)), "tril_triu: X has shape [3] (rank 1); expected rank >= 2");
        var v = paddle.to_tensor(new float[] { 1, 2, 3 });
        Assert.Equal(new float[] { 1, 0, 0, 0, 2, 0, 0, 0, 3 }, paddle.diag(v).ToArray<float>());
        T.Shape(new long[] { 4, 4 }, paddle.diag(v, offset: 1));
        Assert.Equal(new float[] { 9, 9, 9, 9, 1, 9, 9, 9, 9, 2, 9, 9, 9, 9, 3, 9 }, v.diag(-1, 9).ToArray<float>());
        var m = F(new float[] { 1, 2, 3, 4, 5, 6 }, 2, 3);
        Assert.Equal(new float[] { 1, 5 }, paddle.diag(m).ToArray<float>());
        Assert.Equal(new float[] { 2, 6 }, paddle.diag(m, 1).ToArray<float>());
        Assert.Equal(new float[] { 4 }, paddle.diag(m, -1).ToArray<float>());
        T.Throws<PaddleArgumentException>(() => paddle.diag(Seq(2, 2, 2)), "diag_v2: X has shape [2, 2, 2]");
        T.GradCheck(t => paddle.tril(t[0], -1), new[] { T.R(22, 2, 3, 3) });
        T.GradCheck(t => paddle.triu(t[0], 1), new[] { T.R(23, 3, 4) });
        T.GradCheck(t => paddle.diag(t[0], 1), new[] { T.R(24, 3) });
        T.GradCheck(t => paddle.diag(t[0], -1), new[] { T.R(25, 3, 2) });
    }

    [Fact]
    public void MeshgridMultiplexShardIndex()
    {
        using var s = paddle.NewScope();
        var mg = paddle.meshgrid(paddle.to_tensor(new float[] { 1, 2 }), paddle.to_tensor(new float[] { 3, 4, 5 }));
        Assert.Equal(2, mg.Length);
        T.Shape(new long[] { 2, 3 }, mg[0]);
        Assert.Equal(new float[] { 1, 1, 1, 2, 2, 2 }, mg[0].ToArray<float>());
        Assert.Equal(new float[] { 3, 4, 5, 3, 4, 5 }, mg[1].ToArray<float>());
        T.Throws<PaddleArgumentException>(() => paddle.meshgrid(Seq(2, 2)), "meshgrid: input 0 has shape [2, 2]; expected a 1-D tensor");
        var a = F(new float[] { 1, 2, 3, 4 }, 2, 2);
        var b = F(new float[] { 5, 6, 7, 8 }, 2, 2);
        var mx = paddle.multiplex(new[] { a, b }, paddle.to_tensor(new int[] { 1, 0 }).reshape(new[] { 2, 1 }));
        Assert.Equal(new float[] { 5, 6, 3, 4 }, mx.ToArray<float>());
        T.Throws<PaddleIndexException>(() => paddle.multiplex(new[] { a, b }, L(new long[] { 2, 0 }, 2, 1)), "multiplex: index 2 in Ids is out of range");
        var lab = L(new long[] { 16, 1 }, 2, 1);
        Assert.Equal(new long[] { -1, 1 }, paddle.shard_index(lab, 20, 2, 0).ToArray<long>());
        Assert.Equal(new long[] { 6, -1 }, lab.shard_index(20, 2, 1).ToArray<long>());
        T.Throws<PaddleArgumentException>(() => paddle.shard_index(lab, 20, 2, 2), "shard_index: shard_id is 2");
        T.GradCheck(t =>
        {
            var g = paddle.meshgrid(t[0], t[1]);
            return g[0] * g[1];
        }, new[] { T.R(26, 2), T.R(27, 3) });
        T.GradCheck(t => paddle.multiplex(new[] { t[0], t[1] }, L(new long[] { 1, 0, 1 }, 3, 1)), new[] { T.R(28, 3, 2), T.R(29, 3, 2) });
    }

    [Fact]
    public void StridedSlice()
    {
        using var s = paddle.NewScope();
        var x = Seq(3, 4);
        var r = paddle.strided_slice(x, new[] { 0, 1 }, new[] { 0, 3 }, new[] { 3, 0 }, new[] { 2, -1 });
        T.Shape(new long[] { 2, 3 }, r);
        Assert.Equal(new float[] { 3, 2, 1, 11, 10, 9 }, r.ToArray<float>());
        T.Shape(new long[] { 3, 2 }, x.strided_slice(new[] { 1 }, new long[] { 0 }, new long[] { 4 }, new long[] { 2 }));
        T.Throws<PaddleArgumentException>(() => paddle.strided_slice(x, new[] { 0 }, new[] { 0 }, new[] { 3 }, new[] { 0 }), "strided_slice");
        T.GradCheck(t => paddle.strided_slice(t[0], new[] { 1 }, new[] { 3 }, new[] { 0 }, new[] { -2 }), new[] { T.R(30, 2, 4) });
    }

    [Fact]
    public void InplaceReshapeSqueezeUnsqueeze()
    {
        using var s = paddle.NewScope();
        var x = Seq(2, 3);
        var r = x.reshape_(new[] { 3, 2 });
        Assert.Same(x, r);
        T.Shape(new long[] { 3, 2 }, x);
        Assert.Equal(new float[] { 0, 1, 2, 3, 4, 5 }, x.ToArray<float>());
        paddle.unsqueeze_(x, new[] { 0, 2 });
        T.Shape(new long[] { 1, 3, 1, 2 }, x);
        x.squeeze_();
        T.Shape(new long[] { 3, 2 }, x);
        x.unsqueeze_(-1).squeeze_(2);
        T.Shape(new long[] { 3, 2 }, x);
        paddle.reshape_(x, new long[] { -1 });
        T.Shape(new long[] { 6 }, x);
        T.Throws<PaddleArgumentException>(() => x.reshape_(new[] { 4 }), "reshape2");
        T.Shape(new long[] { 6 }, x);
        var t = paddle.transpose(Seq(2, 3), new[] { 1, 0 });
        t.reshape_(new[] { 6 });
        Assert.Equal(new float[] { 0, 3, 1, 4, 2, 5 }, t.ToArray<float>());
        var leaf = Seq(2, 3);
        leaf.stop_gradient = false;
        T.Throws<PaddleInvalidOperationException>(() => leaf.reshape_(new[] { 6 }), "reshape2_: Leaf Tensor that doesn't stop gradient can't use inplace strategy");
        T.Throws<PaddleInvalidOperationException>(() => leaf.unsqueeze_(0), "unsqueeze2_: Leaf Tensor");
        T.Shape(new long[] { 2, 3 }, leaf);
        // autograd through the in-place forms
        var y = leaf * 2.0f;
        y.unsqueeze_(0).reshape_(new[] { 3, 2 });
        paddle.sum(y * y).backward();
        T.Close(new double[] { 0, 8, 16, 24, 32, 40 }, leaf.grad!);
        T.Shape(new long[] { 2, 3 }, leaf.grad!);
        T.GradCheck(a =>
        {
            var z = a[0] * 1.0;
            z.reshape_(new[] { 3, 2 }).unsqueeze_(1).squeeze_(1);
            return z * z;
        }, new[] { T.R(31, 2, 3) });
    }
}
