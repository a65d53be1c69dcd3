namespace Paddle.Tests;

using L = Paddle.paddle.fluid.layers;
using V = Paddle.paddle.vision.ops;

public class RoiTests
{
    private static Tensor Map(double[] v, params long[] shape) => paddle.to_tensor(v).reshape(shape);
    private static Tensor Boxes(double[,] v) => paddle.to_tensor(v);
    private static Tensor Nums(params int[] v) => paddle.to_tensor(v).astype(DType.int32);

    private static double[] Seq(int n) => Enumerable.Range(0, n).Select(i => (double)i).ToArray();

    private static Tensor Delta(int h, int w)
    {
        var v = new double[16];
        v[h * 4 + w] = 1;
        return Map(v, 1, 1, 4, 4);
    }

    [Fact]
    public void VisionRoiAlignValueExample()
    {
        // paddle.vision.ops test: X = 1..16, boxes [[1,1,2,2],[1.5,1.5,3,3]], output_size 1, aligned=True.
        using var scope = paddle.NewScope();
        var x = paddle.to_tensor(Enumerable.Range(1, 16).Select(i => (float)i).ToArray()).reshape(new long[] { 1, 1, 4, 4 });
        var boxes = paddle.to_tensor(new float[,] { { 1, 1, 2, 2 }, { 1.5f, 1.5f, 3, 3 } });
        var out1 = V.roi_align(x, boxes, Nums(2), 1);
        T.Shape(new long[] { 2, 1, 1, 1 }, out1);
        T.Close(new[] { 6.0, 9.75 }, out1);
        // Shapes for output_size 3 and (3, 4).
        var big = paddle.to_tensor(new float[1 * 256 * 32 * 32]).reshape(new long[] { 1, 256, 32, 32 });
        var b3 = paddle.to_tensor(new float[,] { { 4, 4, 7, 7 }, { 10, 10, 14, 14 }, { 0, 0, 31, 31 } });
        T.Shape(new long[] { 3, 256, 3, 3 }, V.roi_align(big, b3, Nums(3), 3));
        T.Shape(new long[] { 3, 256, 3, 4 }, V.roi_align(big, b3, Nums(3), (3, 4)));
    }

    [Fact]
    public void FluidRoiAlignSamplingOn4x4()
    {
        using var scope = paddle.NewScope();
        var d = Delta(1, 1);
        var roi = Boxes(new double[,] { { 0, 0, 3, 3 } });
        // fluid: aligned=False. sr=2: samples .75/2.25 -> .75 per axis / 4; sr=1: .5 per axis; adaptive: 1/9.
        T.Close(new[] { 0.5625 / 4 }, L.roi_align(d, roi, 1, 1, 1.0, 2, Nums(1)), 1e-12);
        T.Close(new[] { 0.25 }, L.roi_align(d, roi, 1, 1, 1.0, 1, Nums(1)), 1e-12);
        T.Close(new[] { 1.0 / 9 }, L.roi_align(d, roi, rois_num: Nums(1)), 1e-12);
        // vision: aligned=True. sr=2: samples .25/1.75 -> .5 per axis / 4; sr=1: sample at 1.0 -> 1.
        T.Close(new[] { 0.0625 }, V.roi_align(d, roi, Nums(1), 1, sampling_ratio: 2), 1e-12);
        T.Close(new[] { 1.0 }, V.roi_align(d, roi, Nums(1), 1, sampling_ratio: 1), 1e-12);
        T.Close(new[] { 0.25 }, V.roi_align(d, roi, Nums(1), 1, sampling_ratio: 1, aligned: false), 1e-12);
        // 2x2 bins on the linear map 4y + x.
        var lin = Map(Seq(16), 1, 1, 4, 4);
        T.Close(new[] { 3.75, 5.25, 9.75, 11.25 }, L.roi_align(lin, roi, 2, 2, 1.0, 1, Nums(1)), 1e-12);
    }

    [Fact]
    public void RoiAlignWithLodAndOutsideRois()
    {
        using var scope = paddle.NewScope();
        var x = paddle.concat(new[] { Delta(3, 3), Delta(0, 0) }, 0);  // 2 images
        var rois = Boxes(new double[,] { { 3, 3, 4, 4 }, { 4, 4, 5, 5 }, { -1.5, -1.5, -0.5, -0.5 }, { -3, -3, -2, -2 } });
        rois.set_recursive_sequence_lengths(new List<IReadOnlyList<long>> { new long[] { 2, 2 } });
        var o = L.roi_align(x, rois, 1, 1, 1.0, 1);
        T.Close(new[] { 1.0, 0.0, 1.0, 0.0 }, o, 1e-12);
        // Empty RoI list.
        var empty = paddle.to_tensor(new double[0, 4]);
        T.Shape(new long[] { 0, 1, 2, 2 }, L.roi_align(x, empty, 2, 2, rois_num: Nums(0, 0)));
    }

    [Fact]
    public void RoiAlignGradient()
    {
        var rois = (new double[] { 0, 0, 3, 3, 1, 0.5, 4.5, 3.5, -1, -1, 2, 5 }, new long[] { 3, 4 });
        foreach (bool aligned in new[] { false, true })
            T.GradCheck(xs =>
            {
                var r = paddle.to_tensor(rois.Item1).reshape(rois.Item2);
                return V.roi_align(xs[0], r, Nums(2, 1), (2, 3), 1.0, 2, aligned);
            }, new[] { T.R(1, 2, 2, 5, 4) });
        T.GradCheck(xs =>
        {
            var r = paddle.to_tensor(rois.Item1).reshape(rois.Item2);
            return L.roi_align(xs[0], r, 2, 2, 0.5, -1, Nums(2, 1));
        }, new[] { T.R(2, 2, 2, 5, 4) });
    }

    [Fact]
    public void RoiPoolValuesAndGradient()
    {
        using (var scope = paddle.NewScope())
        {
            var lin = Map(Seq(16), 1, 1, 4, 4);
            T.Close(new[] { 5.0, 7, 13, 15 }, L.roi_pool(lin, Boxes(new double[,] { { 0, 0, 3, 3 } }), 2, 2, rois_num: Nums(1)));
            T.Close(new[] { 5.0, 6, 9, 10 }, V.roi_pool(lin, Boxes(new double[,] { { 1, 1, 2, 2 } }), Nums(1), 2));
            T.Close(new[] { 0.0, 0, 0, 0 }, V.roi_pool(lin, Boxes(new double[,] { { 10, 10, 12, 12 } }), Nums(1), (2, 2)));
        }
        T.GradCheck(xs =>
        {
            var r = Boxes(new double[,] { { 0, 0, 3, 4 }, { 1, 1, 4, 5 } });
            return V.roi_pool(xs[0], r, Nums(1, 1), (2, 3));
        }, new[] { T.R(3, 2, 2, 6, 5) });
    }

    [Fact]
    public void PsroiPoolValuesAndGradient()
    {
        using (var scope = paddle.NewScope())
        {
            var v = new double[8 * 16];
            for (int k = 0; k < 8; k++)
                for (int i = 0; i < 16; i++) v[k * 16 + i] = k == 0 ? i : k + 1;
            var x = Map(v, 1, 8, 4, 4);
            var roi = Boxes(new double[,] { { 0, 0, 3, 3 } });
            roi.set_recursive_sequence_lengths(new List<IReadOnlyList<long>> { new long[] { 1 } });
            var o = L.psroi_pool(x, roi, 2, 1.0, 2, 2);
            T.Shape(new long[] { 1, 2, 2, 2 }, o);
            T.Close(new[] { 2.5, 2, 3, 4, 5, 6, 7, 8 }, o);
            T.Close(new[] { 2.5, 2, 3, 4, 5, 6, 7, 8 }, V.psroi_pool(x, Boxes(new double[,] { { 0, 0, 3, 3 } }), Nums(1), 2));
            T.Throws<ArgumentException>(() => V.psroi_pool(x, roi, Nums(1), 3),
                "the channel of input X (8) should be divided by output_size[0]*output_size[1] (3*3)");
        }
        T.GradCheck(xs =>
        {
            var r = Boxes(new double[,] { { 0, 0, 3, 4 }, { 1.2, 0.7, 5, 4 } });
            return V.psroi_pool(xs[0], r, Nums(2), (2, 3));
        }, new[] { T.R(4, 1, 12, 5, 6) });
    }

    [Fact]
    public void PrroiPoolValuesAndGradients()
    {
        using (var scope = paddle.NewScope())
        {
            var lin = Map(Seq(16), 1, 1, 4, 4);
            var nums = paddle.to_tensor(new long[] { 1 });
            T.Close(new[] { 7.5 }, L.prroi_pool(lin, Boxes(new double[,] { { 0.5, 1, 2.5, 2 } }), batch_roi_nums: nums), 1e-12);
            T.Close(new[] { 3.75, 5.25, 9.75, 11.25 }, L.prroi_pool(lin, Boxes(new double[,] { { 0, 0, 6, 6 } }), 0.5, 2, 2, nums), 1e-12);
        }
        // Gradient w.r.t. both the feature map and the RoI coordinates.
        T.GradCheck(xs =>
        {
            xs[1].set_recursive_sequence_lengths(new List<IReadOnlyList<long>> { new long[] { 2, 1 } });
            return L.prroi_pool(xs[0], xs[1], 1.0, 2, 2);
        }, new[] { T.R(5, 2, 2, 5, 6), (new double[] { 0.3, 0.6, 3.7, 3.2, 1.1, 0.4, 4.6, 4.3, -1.3, 2.2, 2.4, 5.7 }, new long[] { 3, 4 }) });
    }

    [Fact]
    public void MalformedInputThrows()
    {
        using var scope = paddle.NewScope();
        var x = Map(new double[32], 2, 1, 4, 4);
        var r = Boxes(new double[,] { { 0, 0, 1, 1 }, { 0, 0, 2, 2 } });
        T.Throws<ArgumentException>(() => L.roi_align(x, r, 2, 2, rois_num: Nums(1, 2)),
            "roi_align: input RoisNum adds up to 3 RoIs but ROIs has 2 rows");
        T.Throws<ArgumentException>(() => L.roi_align(x, r, 2, 2, rois_num: Nums(2)),
            "roi_align: input RoisNum has 1 entries but X has batch size 2");
        T.Throws<ArgumentException>(() => L.roi_align(x, r, 2, 2),
            "roi_align: input ROIs does not contain LoD and RoisNum is not given");
        T.Throws<ArgumentException>(() => L.roi_align(x, r, -1, 2, rois_num: Nums(1, 1)),
            "roi_align: pooled_height is -1; expected pooled_height > 0");
        T.Throws<ArgumentException>(() => L.roi_align(Map(new double[16], 1, 4, 4), r, 2, 2, rois_num: Nums(2)),
            "roi_align: input X has shape [1, 4, 4]; expected a 4-D tensor [N, C, H, W]");
        T.Throws<ArgumentException>(() => L.roi_align(x, Map(new double[10], 2, 5), 2, 2, rois_num: Nums(1, 1)),
            "roi_align: input ROIs has shape [2, 5]; expected a 2-D tensor [R, 4]");
        T.Throws<ArgumentException>(() => L.roi_pool(x, r, 0, 2, rois_num: Nums(1, 1)),
            "roi_pool: pooled_height is 0; expected pooled_height > 0");
        T.Throws<ArgumentException>(() => L.prroi_pool(x, r, 0.0, 2, 2, paddle.to_tensor(new long[] { 1, 1 })),
            "prroi_pool: spatial_scale is 0; expected spatial_scale > 0");
        T.Throws<ArgumentException>(() => L.psroi_pool(x, r, 2, 1.0, 2, 2, rois_num: Nums(1, 1)),
            "psroi_pool: X has 1 channels; expected output_channels * pooled_height * pooled_width = 2 * 2 * 2 = 8");
        T.Throws<ArgumentException>(() => V.roi_align(x, r, null!, 2), "boxes_num should not be None in dygraph mode.");
    }
}
