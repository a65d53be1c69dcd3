namespace Paddle;

// RoI feature extraction: roi_align, roi_pool, psroi_pool, prroi_pool (native ops in
// native/kernels/detection/roi_ops.cc). RoIs are [R, 4] boxes [x1, y1, x2, y2] in input-image
// coordinates; the per-image RoI counts come from rois_num / boxes_num (int32 or int64, one entry
// per image) or, when that is null, from the RoIs' LoD.
public static partial class paddle
{
    public static partial class fluid
    {
        public static partial class layers
        {
            private static OpInfo? s_roi_align, s_roi_pool, s_psroi_pool, s_prroi_pool;

            internal static Tensor RoiAlignOp(Tensor input, Tensor rois, Tensor? rois_num, int pooled_height, int pooled_width,
                double spatial_scale, int sampling_ratio, bool aligned)
            {
                var op = s_roi_align ??= OpInfo.Get("roi_align", "pooled_height", "pooled_width", "spatial_scale", "sampling_ratio", "aligned");
                return op.Run1(new[] { input, rois, rois_num }, new[]
                {
                    Attr.Int(0, pooled_height), Attr.Int(1, pooled_width), Attr.Float(2, spatial_scale),
                    Attr.Int(3, sampling_ratio), Attr.Bool(4, aligned),
                });
            }

            internal static Tensor RoiPoolOp(Tensor input, Tensor rois, Tensor? rois_num, int pooled_height, int pooled_width, double spatial_scale)
            {
                var op = s_roi_pool ??= OpInfo.Get("roi_pool", "pooled_height", "pooled_width", "spatial_scale");
                return op.Run1(new[] { input, rois, rois_num }, new[]
                {
                    Attr.Int(0, pooled_height), Attr.Int(1, pooled_width), Attr.Float(2, spatial_scale),
                });
            }

            internal static Tensor PsroiPoolOp(Tensor input, Tensor rois, Tensor? rois_num, int output_channels, double spatial_scale,
                int pooled_height, int pooled_width)
            {
                var op = s_psroi_pool ??= OpInfo.Get("psroi_pool", "output_channels", "spatial_scale", "pooled_height", "pooled_width");
                return op.Run1(new[] { input, rois, rois_num }, new[]
                {
                    Attr.Int(0, output_channels), Attr.Float(1, spatial_scale), Attr.Int(2, pooled_height), Attr.Int(3, pooled_width),
                });
            }

            /// <summary>
            /// <c>paddle.fluid.layers.roi_align(input, rois, pooled_height=1, pooled_width=1, spatial_scale=1.0,
            /// sampling_ratio=-1, rois_num=None)</c>: bilinear RoI Align (aligned=False, as the fluid API has
            /// it). <paramref name="input"/> is [N, C, H, W]; <paramref name="rois"/> is [R, 4] with LoD or with
            /// <paramref name="rois_num"/> (per-image counts). Returns [R, C, pooled_height, pooled_width].
            /// sampling_ratio &lt;= 0 picks an adaptive grid of ceil(bin size) samples per bin.
            /// </summary>
            public static Tensor roi_align(Tensor input, Tensor rois, int pooled_height = 1, int pooled_width = 1,
                double spatial_scale = 1.0, int sampling_ratio = -1, Tensor? rois_num = null, string? name = null)
            {
                ArgumentNullException.ThrowIfNull(input);
                ArgumentNullException.ThrowIfNull(rois);
                return RoiAlignOp(input, rois, rois_num, pooled_height, pooled_width, spatial_scale, sampling_ratio, false);
            }

            /// <summary>
            /// <c>paddle.fluid.layers.roi_pool(input, rois, pooled_height=1, pooled_width=1, spatial_scale=1.0,
            /// rois_num=None)</c>: max pooling over quantized RoI bins. Returns [R, C, pooled_height, pooled_width]
            /// (the op's Argmax output is internal, used by the gradient).
            /// </summary>
            public static Tensor roi_pool(Tensor input, Tensor rois, int pooled_height = 1, int pooled_width = 1,
                double spatial_scale = 1.0, Tensor? rois_num = null, string? name = null)
            {
                ArgumentNullException.ThrowIfNull(input);
                ArgumentNullException.ThrowIfNull(rois);
                return RoiPoolOp(input, rois, rois_num, pooled_height, pooled_width, spatial_scale);
            }

            /// <summary>
            /// <c>paddle.fluid.layers.psroi_pool(input, rois, output_channels, spatial_scale, pooled_height,
            /// pooled_width)</c>: position-sensitive average RoI pooling. input has
            /// output_channels * pooled_height * pooled_width channels; rois carry LoD (or pass
            /// <paramref name="rois_num"/>, a Paddle.NET convenience). Returns [R, output_channels, ph, pw].
            /// </summary>
            public static Tensor psroi_pool(Tensor input, Tensor rois, int output_channels, double spatial_scale,
                int pooled_height, int pooled_width, string? name = null, Tensor? rois_num = null)
            {
                ArgumentNullException.ThrowIfNull(input);
                ArgumentNullException.ThrowIfNull(rois);
                return PsroiPoolOp(input, rois, rois_num, output_channels, spatial_scale, pooled_height, pooled_width);
            }

            /// <summary>
            /// <c>paddle.fluid.layers.prroi_pool(input, rois, spatial_scale=1.0, pooled_height=1, pooled_width=1,
            /// batch_roi_nums=None)</c>: precise RoI pooling (exact integral of the bilinearly interpolated
            /// feature over each bin, divided by the bin area). Differentiable w.r.t. input and rois.
            /// </summary>
            public static Tensor prroi_pool(Tensor input, Tensor rois, double spatial_scale = 1.0, int pooled_height = 1,
                int pooled_width = 1, Tensor? batch_roi_nums = null, string? name = null)
            {
                ArgumentNullException.ThrowIfNull(input);
                ArgumentNullException.ThrowIfNull(rois);
                var op = s_prroi_pool ??= OpInfo.Get("prroi_pool", "spatial_scale", "pooled_height", "pooled_width");
                return op.Run1(new[] { input, rois, batch_roi_nums }, new[]
                {
                    Attr.Float(0, spatial_scale), Attr.Int(1, pooled_height), Attr.Int(2, pooled_width),
                });
            }
        }
    }

    public static partial class vision
    {
        public static partial class ops
        {
            private static void CheckBoxesNum(Tensor? boxes_num)
            {
                if (boxes_num is null)
                    throw new ArgumentException("boxes_num should not be None in dygraph mode.");
            }

            /// <summary>
            /// <c>paddle.vision.ops.roi_align(x, boxes, boxes_num, output_size, spatial_scale=1.0,
            /// sampling_ratio=-1, aligned=True)</c> (Paddle 2.2+). output_size s means (s, s).
            /// </summary>
            public static Tensor roi_align(Tensor x, Tensor boxes, Tensor boxes_num, int output_size, double spatial_scale = 1.0,
                int sampling_ratio = -1, bool aligned = true, string? name = null)
                => roi_align(x, boxes, boxes_num, (output_size, output_size), spatial_scale, sampling_ratio, aligned, name);

            /// <summary><c>paddle.vision.ops.roi_align</c> with output_size = (height, width).</summary>
            public static Tensor roi_align(Tensor x, Tensor boxes, Tensor boxes_num, (int, int) output_size, double spatial_scale = 1.0,
                int sampling_ratio = -1, bool aligned = true, string? name = null)
            {
                ArgumentNullException.ThrowIfNull(x);
                ArgumentNullException.ThrowIfNull(boxes);
                CheckBoxesNum(boxes_num);
                return fluid.layers.RoiAlignOp(x, boxes, boxes_num, output_size.Item1, output_size.Item2, spatial_scale, sampling_ratio, aligned);
            }

            /// <summary><c>paddle.vision.ops.roi_pool(x, boxes, boxes_num, output_size, spatial_scale=1.0)</c>.</summary>
            public static Tensor roi_pool(Tensor x, Tensor boxes, Tensor boxes_num, int output_size, double spatial_scale = 1.0, string? name = null)
                => roi_pool(x, boxes, boxes_num, (output_size, output_size), spatial_scale, name);

            /// <summary><c>paddle.vision.ops.roi_pool</c> with output_size = (height, width).</summary>
            public static Tensor roi_pool(Tensor x, Tensor boxes, Tensor boxes_num, (int, int) output_size, double spatial_scale = 1.0, string? name = null)
            {
                ArgumentNullException.ThrowIfNull(x);
                ArgumentNullException.ThrowIfNull(boxes);
                CheckBoxesNum(boxes_num);
                return fluid.layers.RoiPoolOp(x, boxes, boxes_num, output_size.Item1, output_size.Item2, spatial_scale);
            }

            /// <summary>
            /// <c>paddle.vision.ops.psroi_pool(x, boxes, boxes_num, output_size, spatial_scale=1.0)</c>:
            /// output channels = C / (output_size[0] * output_size[1]).
            /// </summary>
            public static Tensor psroi_pool(Tensor x, Tensor boxes, Tensor boxes_num, int output_size, double spatial_scale = 1.0, string? name = null)
                => psroi_pool(x, boxes, boxes_num, (output_size, output_size), spatial_scale, name);

            /// <summary><c>paddle.vision.ops.psroi_pool</c> with output_size = (height, width).</summary>
            public static Tensor psroi_pool(Tensor x, Tensor boxes, Tensor boxes_num, (int, int) output_size, double spatial_scale = 1.0, string? name = null)
            {
                ArgumentNullException.ThrowIfNull(x);
                ArgumentNullException.ThrowIfNull(boxes);
                CheckBoxesNum(boxes_num);
                var (ph, pw) = output_size;
                if (x.ndim != 4)
                    throw new ArgumentException($"psroi_pool: input x has rank {x.ndim}; expected a 4-D tensor [N, C, H, W]");
                if (ph <= 0 || pw <= 0)
                    throw new ArgumentException($"psroi_pool: output_size ({ph}, {pw}) must be positive");
                long c = x.shape[1];
                if (c % ((long)ph * pw) != 0)
                    throw new ArgumentException($"psroi_pool: the channel of input X ({c}) should be divided by output_size[0]*output_size[1] ({ph}*{pw})");
                return fluid.layers.PsroiPoolOp(x, boxes, boxes_num, (int)(c / ((long)ph * pw)), spatial_scale, ph, pw);
            }
        }
    }
}
