namespace Paddle.Tests;

using L = Paddle.paddle.fluid.layers;

// multiclass_nms (v1/v2/v3), matrix_nms, locality_aware_nms, detection_output, box_clip,
// yolo_box, anchor_generator through the C# API.
public class NmsTests
{
    private static Tensor Boxes(params float[] v) => paddle.reshape(paddle.to_tensor(v), new long[] { 1, v.Length / 4, 4 });

    [Fact]
    public void MulticlassNmsHandComputed()
    {
        using var b = Boxes(0, 0, 10, 10, 1, 1, 11, 11, 20, 20, 30, 30, 0, 0, 10, 9);
        using var s = paddle.to_tensor(new float[,,] { { { 0.9f, 0.9f, 0.9f, 0.9f }, { 0.8f, 0.9f, 0.1f, 0.7f }, { 0.05f, 0.3f, 0.6f, 0.2f } } });
        using var o = L.multiclass_nms(b, s, score_threshold: 0.15, nms_top_k: -1, keep_top_k: -1);
        T.Shape(new long[] { 3, 6 }, o);
        T.Close(new double[] { 1, 0.9, 1, 1, 11, 11, 2, 0.6, 20, 20, 30, 30, 2, 0.3, 1, 1, 11, 11 }, o, 1e-6);
        Assert.Equal(new long[] { 0, 3 }, o.lod()[0]);
    }

    [Fact]
    public void MulticlassNmsNothingSurvivesAndVariants()
    {
        using var b = Boxes(0, 0, 1, 1, 2, 2, 3, 3);
        using var s = paddle.to_tensor(new float[,,] { { { 0.1f, 0.1f }, { 0.2f, 0.3f } } });
        using var v1 = L.multiclass_nms(b, s, 2.0, 400, 200);
        T.Shape(new long[] { 1, 1 }, v1);
        T.Close(new double[] { -1 }, v1);
        Assert.Equal(new long[] { 0, 1 }, v1.lod()[0]);
        var v2 = L.multiclass_nms2(b, s, 2.0, 400, 200, return_index: true);
        T.Shape(new long[] { 0, 6 }, v2[0]);
        T.Shape(new long[] { 0, 1 }, v2[1]);
        Assert.Equal(new long[] { 0, 0 }, v2[0].lod()[0]);
        foreach (var t in v2) t.Dispose();
        var v3 = L.multiclass_nms3(b, s, 0.0, 400, 200);
        T.Close(new double[] { 1, 0.3, 2, 2, 3, 3, 1, 0.2, 0, 0, 1, 1 }, v3[0], 1e-6);
        T.Close(new double[] { 2 }, v3[1]);
        T.Close(new double[] { 1, 0 }, v3[2]);
        foreach (var t in v3) t.Dispose();
    }

    [Fact]
    public void MulticlassNmsPixelModeAndEta()
    {
        using var b = Boxes(0, 0, 1, 1, 1, 0, 2, 1);
        using var s = paddle.to_tensor(new float[,,] { { { 0, 0 }, { 0.9f, 0.8f } } });
        using var norm = L.multiclass_nms(b, s, 0.0, -1, -1, normalized: true);
        T.Shape(new long[] { 2, 6 }, norm);
        using var px = L.multiclass_nms(b, s, 0.0, -1, -1, normalized: false);
        T.Close(new double[] { 1, 0.9, 0, 0, 1, 1 }, px, 1e-6);
        using var b2 = Boxes(0, 0, 8, 1, 2, 0, 10, 1);  // IoU 0.6
        using var keep = L.multiclass_nms(b2, s, 0.0, -1, -1, nms_threshold: 0.7);
        T.Shape(new long[] { 2, 6 }, keep);
        using var dec = L.multiclass_nms(b2, s, 0.0, -1, -1, nms_threshold: 0.7, nms_eta: 0.8);
        T.Shape(new long[] { 1, 6 }, dec);
    }

    [Fact]
    public void MulticlassNmsLodLayoutWithEmptyImage()
    {
        using var b = paddle.to_tensor(new float[,,]
        {
            { { 0, 0, 1, 1 }, { 0, 0, 1, 1 } }, { { 5, 5, 6, 6 }, { 5, 5, 6, 6 } }, { { 0, 0, 1, 1 }, { 9, 9, 10, 10 } },
        });
        b.set_recursive_sequence_lengths(new List<IReadOnlyList<long>> { new long[] { 0, 3 } });
        using var s = paddle.to_tensor(new float[,] { { 0, 0.5f }, { 0, 0.9f }, { 0, 0.7f } });
        var r = L.multiclass_nms2(b, s, 0.1, -1, -1, return_index: true);
        T.Close(new double[] { 1, 0.5, 0, 0, 1, 1, 1, 0.9, 5, 5, 6, 6, 1, 0.7, 9, 9, 10, 10 }, r[0], 1e-6);
        T.Close(new double[] { 1, 3, 5 }, r[1]);
        Assert.Equal(new long[] { 0, 0, 3 }, r[0].lod()[0]);
        foreach (var t in r) t.Dispose();
    }

    [Fact]
    public void MulticlassNmsMalformed()
    {
        using var b = Boxes(0, 0, 1, 1, 2, 2, 3, 3);
        using var s = paddle.to_tensor(new float[,,] { { { 0.1f, 0.1f, 0.1f }, { 0.2f, 0.3f, 0.3f } } });
        T.Throws<ArgumentException>(() => L.multiclass_nms(b, s, 0.1, -1, -1), "has 2 boxes per image but Scores of shape [1, 2, 3] has 3");
        using var bi = paddle.to_tensor(new int[,,] { { { 0, 0, 1, 1 } } });
        T.Throws<ArgumentException>(() => L.multiclass_nms(bi, s, 0.1, -1, -1), "bboxes must be a float32 or float64 Tensor");
        using var bl = paddle.to_tensor(new float[,,] { { { 0, 0, 1, 1 } }, { { 0, 0, 1, 1 } } });
        using var sl = paddle.to_tensor(new float[,] { { 0.5f }, { 0.5f } });
        T.Throws<ArgumentException>(() => L.multiclass_nms(bl, sl, 0.1, -1, -1), "(LoD layout) has no LoD");
        using var rn = paddle.to_tensor(new int[] { 1 });
        T.Throws<ArgumentException>(() => L.multiclass_nms3(bl, sl, 0.1, -1, -1, rois_num: rn), "RoisNum adds up to 1 boxes but BBoxes has 2 rows");
        T.Throws<ArgumentException>(() => L.locality_aware_nms(b, s, 0.1, -1, -1), "scores must have shape [N, 1, M]");
    }

    [Fact]
    public void MatrixNmsLinearAndVisionOps()
    {
        using var b = paddle.reshape(paddle.to_tensor(new double[] { 0, 0, 8, 1, 2, 0, 10, 1, 20, 20, 21, 21 }), new long[] { 1, 3, 4 });
        using var s = paddle.to_tensor(new double[,,] { { { 0, 0, 0 }, { 0.9, 0.8, 0.5 } } });
        var r = L.matrix_nms(b, s, 0.1, 0.0, -1, -1, return_index: true);
        T.Close(new[] { 1, 0.9, 0, 0, 8, 1, 1, 0.5, 20, 20, 21, 21, 1, 0.32, 2, 0, 10, 1 }, r[0], 1e-9);
        T.Close(new double[] { 0, 2, 1 }, r[1]);
        foreach (var t in r) t.Dispose();
        var v = paddle.vision.ops.matrix_nms(b, s, 0.1, 0.0, -1, -1);
        Assert.Null(v[2]);
        T.Close(new double[] { 3 }, v[1]!);
        foreach (var t in v) t?.Dispose();
    }

    [Fact]
    public void LocalityAwareNmsMerges()
    {
        using var b = paddle.reshape(paddle.to_tensor(new double[] { 0, 0, 8, 1, 2, 0, 10, 1, 20, 20, 21, 21 }), new long[] { 1, 3, 4 });
        using var s = paddle.to_tensor(new double[,,] { { { 0.9, 0.3, 0.5 } } });
        using var o = L.locality_aware_nms(b, s, 0.1, -1, -1);
        T.Close(new[] { 0, 1.2, 0.5, 0, 8.5, 1, 0, 0.5, 20, 20, 21, 21 }, o, 1e-9);
    }

    [Fact]
    public void DetectionOutputComposes()
    {
        // Zero offsets decode to the priors themselves; softmax over 2 classes.
        using var loc = paddle.to_tensor(new float[1, 2, 4]);
        using var scores = paddle.to_tensor(new float[,,] { { { 0, 2 }, { 0, -2 } } });
        using var prior = paddle.to_tensor(new float[,] { { 0, 0, 0.5f, 0.5f }, { 0.5f, 0.5f, 1, 1 } });
        using var pvar = paddle.to_tensor(new float[,] { { 0.1f, 0.1f, 0.2f, 0.2f }, { 0.1f, 0.1f, 0.2f, 0.2f } });
        var o = L.detection_output(loc, scores, prior, pvar);
        var p1 = 1 / (1 + Math.Exp(-2)); var p2 = 1 / (1 + Math.Exp(2));
        T.Close(new[] { 1, p1, 0, 0, 0.5, 0.5, 1, p2, 0.5, 0.5, 1, 1 }, o[0], 1e-6);
        foreach (var t in o) t.Dispose();
    }

    [Fact]
    public void BoxClipYoloAnchor()
    {
        using var x = paddle.to_tensor(new float[,] { { -5, -5, 50, 50 }, { 10, 10, 20, 20 }, { 30, 2, 99, 99 } });
        x.set_recursive_sequence_lengths(new List<IReadOnlyList<long>> { new long[] { 2, 1 } });
        using var im = paddle.to_tensor(new float[,] { { 20, 40, 1 }, { 30, 60, 2 } });
        using var c = L.box_clip(x, im);
        T.Close(new double[] { 0, 0, 39, 19, 10, 10, 20, 19, 29, 2, 29, 14 }, c);

        using var inp = paddle.to_tensor(new float[1, 3, 2, 2]);
        var (an, va) = L.anchor_generator(inp, new[] { 64.0, 128, 256, 512 }, new[] { 0.5, 1, 2 }, stride: new[] { 16.0, 16 });
        T.Shape(new long[] { 2, 2, 12, 4 }, an);
        T.Close(new[] { 7.5 - 45.5, 7.5 - 23.5, 7.5 + 45.5, 7.5 + 23.5 }, paddle.reshape(an, new long[] { 48, 4 })[0], 1e-5);
        an.Dispose(); va.Dispose();
        T.Throws<ArgumentException>(() => L.anchor_generator(inp, stride: new[] { 16.0 }), "stride should be a list or tuple of length 2");

        using var yx = paddle.to_tensor(new float[1, 14, 2, 2]);
        using var isz = paddle.to_tensor(new int[,] { { 10, 10 } });
        var (yb, ys) = paddle.vision.ops.yolo_box(yx, isz, new[] { 10, 13, 16, 30 }, 2, 0.5, 32);
        T.Shape(new long[] { 1, 8, 4 }, yb);
        T.Shape(new long[] { 1, 8, 2 }, ys);
        T.Close(new[] { 0.25, 0.25 }, paddle.reshape(ys, new long[] { 8, 2 })[0], 1e-6);
        yb.Dispose(); ys.Dispose();
        T.Throws<ArgumentException>(() => L.yolo_box(yx, isz, new[] { 10, 13, 16, 30, 1, 1 }, 2, 0.5, 32), "X has 14 channels; expected 21");
    }
}
