namespace Paddle.Tests;

using L = Paddle.paddle.fluid.layers;

public class SsdTests
{
    private static Tensor F32(float[,] v) => paddle.to_tensor(v);
    private static Tensor F64(double[,] v) => paddle.to_tensor(v);

    private static Tensor WithLod(Tensor t, params long[] lens)
    {
        t.set_recursive_sequence_lengths(new List<IReadOnlyList<long>> { lens });
        return t;
    }

    private static double Ce(double[] logits, int label)
    {
        double m = logits.Max();
        double s = logits.Sum(v => Math.Exp(v - m));
        return Math.Log(s) + m - logits[label];
    }

    private static double Sl1(double d) => Math.Abs(d) < 1 ? 0.5 * d * d : Math.Abs(d) - 0.5;

    // ---------------------------------------------------------------- helper ops

    [Fact]
    public void IouSimilarityDocsExample()
    {
        using var x = F32(new float[,] { { 0.5f, 0.5f, 2, 2 }, { 0, 0, 1, 1 } });
        using var y = F32(new float[,] { { 1, 1, 2.5f, 2.5f } });
        using var o = L.iou_similarity(x, y);
        T.Shape(new long[] { 2, 1 }, o);
        T.Close(new[] { 0.2857143, 0 }, o, 1e-6);
        using var lx = WithLod(F32(new float[,] { { 0.5f, 0.5f, 2, 2 }, { 0, 0, 1, 1 } }), 1, 1);
        using var lo = L.iou_similarity(lx, y, box_normalized: false);
        Assert.Equal(new long[] { 0, 1, 2 }, lo.lod()[0]);
    }

    [Fact]
    public void BipartiteMatchHandWorked()
    {
        using var d = F32(new float[,] { { 0.1f, 0.7f, 0.3f, 0.0f }, { 0.6f, 0.8f, 0.2f, 0.55f }, { 0.0f, 0.4f, 0.9f, 0.5f } });
        var (idx, dist) = L.bipartite_match(d);
        T.Close(new double[] { 0, 1, 2, -1 }, idx, 0);
        T.Close(new[] { 0.1, 0.8, 0.9, 0 }, dist, 1e-6);
        Assert.Equal(DType.int32, idx.dtype);
        var (pi, pd) = L.bipartite_match(d, "per_prediction", 0.5);
        T.Close(new double[] { 0, 1, 2, 1 }, pi, 0);
        T.Close(new[] { 0.1, 0.8, 0.9, 0.55 }, pd, 1e-6);
        T.Throws<ArgumentException>(() => L.bipartite_match(d, "greedy"), "match_type 'greedy' is not supported");
    }

    [Fact]
    public void TargetAssignWithNegatives()
    {
        using var x = WithLod(paddle.to_tensor(new int[] { 5, 6, 9 }).reshape(new long[] { 3, 1, 1 }), 1, 2);
        using var mi = paddle.to_tensor(new int[,] { { 0, -1, -1 }, { -1, 1, -1 } });
        using var neg = WithLod(paddle.to_tensor(new int[,] { { 2 }, { 0 }, { 2 } }), 1, 2);
        var (o, w) = L.target_assign(x, mi, neg, 0);
        T.Close(new double[] { 5, 0, 0, 0, 9, 0 }, o, 0);
        T.Close(new double[] { 1, 0, 1, 1, 1, 1 }, w, 0);
        using var bad = paddle.to_tensor(new int[,] { { 0, -1, -1 }, { -1, 2, -1 } });
        T.Throws<ArgumentOutOfRangeException>(() => L.target_assign(x, bad), "MatchIndices[1][1] = 2 is out of range");
        using var nolod = paddle.to_tensor(new int[] { 5, 6, 9 }).reshape(new long[] { 3, 1, 1 });
        T.Throws<ArgumentException>(() => L.target_assign(nolod, mi), "input 'X' has no LoD");
    }

    [Fact]
    public void MineHardExamplesUnitCases()
    {
        using var cls = F64(new double[,] { { 0.1, 0.1, 0.3 }, { 0.3, 0.1, 0.1 } });
        using var mi = paddle.to_tensor(new int[,] { { 0, -1, -1 }, { -1, 0, -1 } });
        using var md = F64(new double[,] { { 0.2, 0.4, 0.8 }, { 0.1, 0.9, 0.3 } });
        var (neg, upd) = L.mine_hard_examples(cls, null, mi, md, 1.0);
        T.Close(new double[] { 1, 0 }, neg, 0);
        Assert.Equal(new long[] { 0, 1, 2 }, neg.lod()[0]);
        T.Close(new double[] { 0, -1, -1, -1, 0, -1 }, upd, 0);
        using var cls2 = F64(new double[,] { { 0.5, 0.1, 0.3 }, { 0.3, 0.1, 0.1 } });
        using var loc2 = F64(new double[,] { { 0.2, 0.2, 0.3 }, { 0.3, 0.1, 0.2 } });
        var (neg2, upd2) = L.mine_hard_examples(cls2, loc2, mi, md, sample_size: 2, mining_type: "hard_example");
        T.Close(new double[] { 2, 0, 2 }, neg2, 0);
        Assert.Equal(new long[] { 0, 1, 3 }, neg2.lod()[0]);
        T.Close(new double[] { 0, -1, -1, -1, -1, -1 }, upd2, 0);
        T.Throws<ArgumentException>(() => L.mine_hard_examples(cls, null, mi, md, 0.0), "expected neg_pos_ratio > 0");
    }

    [Fact]
    public void BoxCoderRoundTripAndVariance()
    {
        using var prior = F64(new double[,] { { 0, 0, 2, 2 }, { 0.5, 0.5, 1.5, 2.5 } });
        using var pv = F64(new double[,] { { 0.1, 0.1, 0.2, 0.2 }, { 0.1, 0.1, 0.2, 0.2 } });
        using var target = WithLod(F64(new double[,] { { 1, 1, 3, 5 }, { 0.2, 0.3, 0.9, 1.1 } }), 1, 1);
        using var enc = L.box_coder(prior, pv, target);
        T.Shape(new long[] { 2, 2, 4 }, enc);
        Assert.Equal(new long[] { 0, 1, 2 }, enc.lod()[0]);
        double[] e = T.Doubles(enc);
        T.Close(new[] { 5, 10, 0, Math.Log(2) / 0.2 }, paddle.to_tensor(e.Take(4).ToArray()), 1e-9);
        using var enc2 = L.box_coder(prior, new[] { 0.1, 0.1, 0.2, 0.2 }, target);
        T.Close(e, enc2, 1e-12);
        using var dec = L.box_coder(prior, pv, enc, "decode_center_size");
        T.Close(new double[] { 1, 1, 3, 5, 1, 1, 3, 5, 0.2, 0.3, 0.9, 1.1, 0.2, 0.3, 0.9, 1.1 }, dec, 1e-9);
        T.Throws<ArgumentException>(() => L.box_coder(prior, null, target), "prior_box_var must be a Tensor or a list of 4 floats");
        T.Throws<ArgumentException>(() => L.box_coder(prior, pv, target, "decode_center_size"), "expected rank 3 [R, C, 4]");
        using var i32 = paddle.to_tensor(new int[,] { { 0, 0, 1, 1 } });
        T.Throws<ArgumentException>(() => L.box_coder(i32, pv, target), "box_coder: prior_box must be float32 or float64");
    }

    [Fact]
    public void SmoothL1ValuesAndGradients()
    {
        using var x = F64(new double[,] { { 0, 3, 0.5, 0 }, { 0, 0, 0, -2 } });
        using var y = paddle.zeros(new long[] { 2, 4 }, DType.float64);
        using var o = L.smooth_l1(x, y);
        T.Shape(new long[] { 2, 1 }, o);
        T.Close(new[] { 2.5 + 0.125, 1.5 }, o, 1e-12);
        using var o3 = L.smooth_l1(x, y, sigma: 3.0);
        T.Close(new[] { (3 - 0.5 / 9) + (0.5 - 0.5 / 9), 2 - 0.5 / 9 }, o3, 1e-12);
        T.GradCheck(t => L.smooth_l1(t[0], t[1], sigma: 1.5), new[] { T.R(1, 3, 4), T.R(2, 3, 4) });
        using var iw = paddle.to_tensor(T.Pos(3, 3, 4).data).reshape(new long[] { 3, 4 });
        using var ow = paddle.to_tensor(T.Pos(4, 3, 4).data).reshape(new long[] { 3, 4 });
        T.GradCheck(t => L.smooth_l1(t[0], t[1], iw, ow, 3.0), new[] { T.R(5, 3, 4), T.R(6, 3, 4) });
        T.Throws<ArgumentException>(() => L.smooth_l1(x, y, iw), "only InsideWeight is given");
    }

    [Fact]
    public void SoftmaxWithCrossEntropyFluidWrapper()
    {
        using var logits = F64(new double[,] { { 1, 2, 3 }, { 0, 0, 0 } });
        using var label = paddle.to_tensor(new long[,] { { 2 }, { -100 } });
        var r = L.softmax_with_cross_entropy(logits, label, return_softmax: true);
        Assert.Equal(2, r.Length);
        T.Close(new[] { Ce(new double[] { 1, 2, 3 }, 2), 0 }, r[0], 1e-12);
        T.Shape(new long[] { 2, 3 }, r[1]);
        using var soft = F64(new double[,] { { 0.2, 0.3, 0.5 }, { 1, 0, 0 } });
        var s = L.softmax_with_cross_entropy(logits, soft, soft_label: true);
        Assert.Single(s);
        double expected0 = 0.2 * Ce(new double[] { 1, 2, 3 }, 0) + 0.3 * Ce(new double[] { 1, 2, 3 }, 1) + 0.5 * Ce(new double[] { 1, 2, 3 }, 2);
        T.Close(new[] { expected0, Math.Log(3) }, s[0], 1e-12);
        using var lab0 = paddle.to_tensor(new long[] { 0, 1, 1 }).reshape(new long[] { 1, 3 });
        var a0 = L.softmax_with_cross_entropy(logits, lab0, axis: 0);
        T.Shape(new long[] { 1, 3 }, a0[0]);
    }

    [Fact]
    public void PriorBoxDocsExampleAndErrors()
    {
        using var input = paddle.zeros(new long[] { 1, 3, 6, 9 });
        using var image = paddle.zeros(new long[] { 1, 3, 9, 12 });
        var (box, v) = L.prior_box(input, image, new[] { 100.0 }, clip: true, flip: true);
        T.Shape(new long[] { 6, 9, 1, 4 }, box);
        T.Shape(new long[] { 6, 9, 1, 4 }, v);
        var (b2, _) = L.prior_box(input, image, new[] { 2.0, 4.0 }, new[] { 5.0, 10.0 }, new[] { 2.0, 3.0 }, flip: true);
        T.Shape(new long[] { 6, 9, 12, 4 }, b2);
        var (b3, _) = L.prior_box(input, image, new[] { 2.0 }, new[] { -1.0 });  // max_sizes[0] <= 0: ignored
        T.Shape(new long[] { 6, 9, 1, 4 }, b3);
        T.Throws<ArgumentException>(() => L.prior_box(input, image, new[] { 2.0 }, steps: new[] { 1.0 }), "steps should be a list or tuple with length 2");
        T.Throws<ArgumentException>(() => L.prior_box(input, image, new[] { -2.0 }), "min_size -2 is not positive");
        using var bad = paddle.zeros(new long[] { 3, 6, 9 });
        T.Throws<ArgumentException>(() => L.prior_box(bad, image, new[] { 2.0 }), "prior_box: input 'Input' has rank 3");
    }

    [Fact]
    public void DensityPriorBoxHandAndErrors()
    {
        using var input = paddle.zeros(new long[] { 1, 1, 1, 1 });
        using var image = paddle.zeros(new long[] { 1, 1, 8, 8 });
        var (b, v) = L.density_prior_box(input, image, new[] { 2 }, new[] { 4.0 }, new[] { 1.0 });
        T.Shape(new long[] { 1, 1, 4, 4 }, b);
        T.Close(new[] { 0, 0, 0.5, 0.5, 0.5, 0, 1, 0.5, 0, 0.5, 0.5, 1, 0.5, 0.5, 1, 1 }, b, 1e-6);
        var (f, _) = L.density_prior_box(input, image, new[] { 2 }, new[] { 4.0 }, new[] { 1.0 }, flatten_to_2d: true);
        T.Shape(new long[] { 4, 4 }, f);
        T.Throws<ArgumentException>(() => L.density_prior_box(input, image, new[] { 2, 1 }, new[] { 4.0 }, new[] { 1.0 }), "densities and fixed_sizes length should be euqal");
        T.Throws<ArgumentException>(() => L.density_prior_box(input, image, null, new[] { 4.0 }, new[] { 1.0 }), "densities must be a list or tuple");
        T.Throws<ArgumentException>(() => L.density_prior_box(input, image, new[] { 0 }, new[] { 4.0 }, new[] { 1.0 }), "density 0 is out of range");
    }

    // ---------------------------------------------------------------- ssd_loss

    // Priors: p0 top-left quarter, p1 bottom-right, p2 bottom-left. Image 0 has one gt box close to
    // p0 (IoU 0.9) with label 1; image 1 has no gt box.
    private static readonly double[,] Priors = { { 0, 0, 0.5, 0.5 }, { 0.5, 0.5, 1, 1 }, { 0, 0.5, 0.5, 1 } };
    private static readonly double[,] PriorVar = { { 0.1, 0.1, 0.2, 0.2 }, { 0.1, 0.1, 0.2, 0.2 }, { 0.1, 0.1, 0.2, 0.2 } };
    private static readonly double[] Loc = { 0.3, -0.2, 0.1, 0.4, 0.9, -0.7, 0.2, 0.1, -0.3, 0.5, 0.6, -0.1,
                                             0.2, 0.2, -0.4, 0.3, 0.1, 0.0, 0.5, -0.6, 0.7, 0.3, -0.2, 0.8 };
    private static readonly double[] Conf = { 0.2, -0.1, 0.5, 0.3, -0.4, 0.9, 1.0, -0.5, 0.3, 0.6, -0.2, 0.1 };

    private static double ExpectedImage0(bool bothNegatives)
    {
        // encoded gt [0.05,0,0.5,0.5] vs p0: [(0.275-0.25)/0.5/0.1, 0, ln(0.9)/0.2, 0]
        double[] t = { 0.5, 0, Math.Log(0.9) / 0.2, 0 };
        double loc = 0;
        for (int k = 0; k < 4; k++) loc += Sl1(Loc[k] - t[k]);
        double[] c0 = { Conf[0], Conf[1] }, c1 = { Conf[2], Conf[3] }, c2 = { Conf[4], Conf[5] };
        double conf = Ce(c0, 1);
        double n1 = Ce(c1, 0), n2 = Ce(c2, 0);
        conf += bothNegatives ? n1 + n2 : Math.Max(n1, n2);
        return loc + conf;
    }

    private static (Tensor box, Tensor label) Gt(DType labelType)
    {
        var box = WithLod(F64(new double[,] { { 0.05, 0, 0.5, 0.5 } }), 1, 0);
        var label = WithLod(paddle.to_tensor(new int[,] { { 1 } }).astype(labelType), 1, 0);
        return (box, label);
    }

    [Fact]
    public void SsdLossHandComputed()
    {
        using var scope = paddle.NewScope();
        var loc = paddle.to_tensor(Loc).reshape(new long[] { 2, 3, 4 });
        var conf = paddle.to_tensor(Conf).reshape(new long[] { 2, 3, 2 });
        var pb = F64(Priors);
        var pbv = F64(PriorVar);
        var (box, label) = Gt(DType.int32);
        var loss = L.ssd_loss(loc, conf, box, label, pb, pbv);
        T.Shape(new long[] { 2, 1 }, loss);
        T.Close(new[] { ExpectedImage0(true), 0 }, loss, 1e-10);   // normalized by 1 positive
        // neg_pos_ratio 1: only the hardest negative; loss weights; no normalization.
        var l1 = L.ssd_loss(loc, conf, box, label, pb, pbv, neg_pos_ratio: 1.0);
        T.Close(new[] { ExpectedImage0(false), 0 }, l1, 1e-10);
        var lw = L.ssd_loss(loc, conf, box, label, pb, pbv, neg_pos_ratio: 1.0, normalize: false, match_type: "bipartite");
        T.Close(new[] { ExpectedImage0(false), 0 }, lw, 1e-10);
        // float32 everywhere, float32 labels (the docs example's dtypes).
        var loss32 = L.ssd_loss(loc.astype(DType.float32), conf.astype(DType.float32),
            WithLod(box.astype(DType.float32), 1, 0), WithLod(label.astype(DType.float32), 1, 0),
            pb.astype(DType.float32), pbv.astype(DType.float32));
        Assert.Equal(DType.float32, loss32.dtype);
        T.Close(new[] { ExpectedImage0(true), 0 }, loss32, 1e-5);
    }

    [Fact]
    public void SsdLossPerImageListOverload()
    {
        using var scope = paddle.NewScope();
        var loc = paddle.to_tensor(Loc).reshape(new long[] { 2, 3, 4 });
        var conf = paddle.to_tensor(Conf).reshape(new long[] { 2, 3, 2 });
        var boxes = new[] { F64(new double[,] { { 0.05, 0, 0.5, 0.5 } }), paddle.zeros(new long[] { 0, 4 }, DType.float64) };
        var labels = new[] { paddle.to_tensor(new int[,] { { 1 } }), paddle.zeros(new long[] { 0, 1 }, DType.int32) };
        var loss = L.ssd_loss(loc, conf, boxes, labels, F64(Priors), F64(PriorVar));
        T.Close(new[] { ExpectedImage0(true), 0 }, loss, 1e-10);
        // Both images with gt: image 1's box equals p1 with label 1 -> 2 positives in the batch.
        var boxes2 = new[] { boxes[0], F64(new double[,] { { 0.5, 0.5, 1, 1 } }) };
        var labels2 = new[] { labels[0], paddle.to_tensor(new int[,] { { 1 } }) };
        var loss2 = L.ssd_loss(loc, conf, boxes2, labels2, F64(Priors), F64(PriorVar), normalize: false);
        double img1 = 0;
        for (int k = 0; k < 4; k++) img1 += Sl1(Loc[16 + k]);   // encoding of p1 against itself is 0
        img1 += Ce(new[] { Conf[8], Conf[9] }, 1) + Ce(new[] { Conf[6], Conf[7] }, 0) + Ce(new[] { Conf[10], Conf[11] }, 0);
        T.Close(new[] { ExpectedImage0(true), img1 }, loss2, 1e-10);
    }

    [Fact]
    public void SsdLossNoPositivesGivesNaNWhenNormalized()
    {
        using var scope = paddle.NewScope();
        var loc = paddle.to_tensor(Loc).reshape(new long[] { 2, 3, 4 });
        var conf = paddle.to_tensor(Conf).reshape(new long[] { 2, 3, 2 });
        var box = WithLod(paddle.zeros(new long[] { 0, 4 }, DType.float64), 0, 0);
        var label = WithLod(paddle.zeros(new long[] { 0, 1 }, DType.int32), 0, 0);
        var loss = L.ssd_loss(loc, conf, box, label, F64(Priors), F64(PriorVar));
        Assert.True(T.Doubles(loss).All(double.IsNaN));
        var raw = L.ssd_loss(loc, conf, box, label, F64(Priors), F64(PriorVar), normalize: false);
        T.Close(new double[] { 0, 0 }, raw, 0);
    }

    [Fact]
    public void SsdLossGradients()
    {
        using var pb = F64(Priors);
        using var pbv = F64(PriorVar);
        var (box, label) = Gt(DType.int32);
        using var b = box;
        using var l = label;
        T.GradCheck(t => L.ssd_loss(t[0], t[1], b, l, pb, pbv),
            new[] { (Loc, new long[] { 2, 3, 4 }), (Conf, new long[] { 2, 3, 2 }) });
        T.GradCheck(t => L.ssd_loss(t[0], t[1], b, l, pb, pbv, neg_pos_ratio: 1.0, loc_loss_weight: 0.5, conf_loss_weight: 2.0),
            new[] { (Loc, new long[] { 2, 3, 4 }), (Conf, new long[] { 2, 3, 2 }) });
    }

    [Fact]
    public void SsdLossErrors()
    {
        using var scope = paddle.NewScope();
        var loc = paddle.to_tensor(Loc).reshape(new long[] { 2, 3, 4 });
        var conf = paddle.to_tensor(Conf).reshape(new long[] { 2, 3, 2 });
        var pb = F64(Priors);
        var pbv = F64(PriorVar);
        var (box, label) = Gt(DType.int32);
        T.Throws<ArgumentException>(() => L.ssd_loss(loc, conf, box, label, pb, pbv, mining_type: "hard_example"),
            "Only support mining_type == max_negative now.");
        T.Throws<ArgumentException>(() => L.ssd_loss(loc, conf, new[] { box }, new[] { label }, pb, pbv, mining_type: "hard_example"),
            "Only support mining_type == max_negative now.");
        T.Throws<ArgumentException>(() => L.ssd_loss(loc, conf, box, label, pb),
            "prior_box_var must be a Tensor or a list of 4 floats");
        T.Throws<ArgumentException>(() => L.ssd_loss(loc, conf.reshape(new long[] { 6, 2 }), box, label, pb, pbv),
            "expected a 3-D tensor [N, Np, C]");
        T.Throws<ArgumentException>(() => L.ssd_loss(loc.reshape(new long[] { 2, 4, 3 }), conf, box, label, pb, pbv),
            "ssd_loss: location has shape [2, 4, 3]; expected [2, 3, 4]");
        var box3 = WithLod(F64(new double[,] { { 0.05, 0, 0.5, 0.5 } }), 1, 0, 0);
        T.Throws<ArgumentException>(() => L.ssd_loss(loc, conf, box3, label, pb, pbv),
            "gt_box's LoD has 3 images but location/confidence have batch size 2");
        var nolod = F64(new double[,] { { 0.05, 0, 0.5, 0.5 } });
        T.Throws<ArgumentException>(() => L.ssd_loss(loc, conf, nolod, label, pb, pbv),
            "gt_box must be a LoD tensor with one level");
        // LoD that does not add up is refused when it is set.
        T.Throws<ArgumentException>(() => nolod.set_lod(new List<IReadOnlyList<long>> { new long[] { 0, 2, 3 } }), "");
        T.Throws<ArgumentException>(() => L.ssd_loss(loc, conf, box, label, pb, pbv, match_type: "greedy"),
            "match_type 'greedy' is not supported");
        T.Throws<ArgumentException>(() => L.ssd_loss(loc, conf, box, label, pb, pbv, neg_overlap: 1.5),
            "expected 0 < neg_dist_threshold < 1");
        T.Throws<ArgumentException>(() => L.ssd_loss(loc, conf, new[] { box }, new[] { label, label }, pb, pbv),
            "1 gt_box tensors but 2 gt_label tensors");
    }
}
