namespace Paddle;

// NMS family and box generators: multiclass_nms (v1/v2/v3), matrix_nms, locality_aware_nms,
// detection_output (box_coder decode + softmax + multiclass_nms), box_clip, yolo_box,
// anchor_generator. Native ops in native/kernels/detection/{nms_ops,yolo_box_ops}.cc.
// Outputs are LoD tensors (per-image row groups); none of these ops has a gradient.
public static partial class paddle
{
    public static partial class fluid
    {
        public static partial class layers
        {
            private static OpInfo? s_mcnms, s_mcnms2, s_mcnms3, s_mxnms, s_lanms, s_boxclip, s_yolo, s_anchor;
            private static readonly string[] s_nmsAttrs =
                { "background_label", "score_threshold", "nms_top_k", "nms_threshold", "nms_eta", "keep_top_k", "normalized" };

            private static void CheckFloatInput(string op, string name, Tensor t)
            {
                ArgumentNullException.ThrowIfNull(t, name);
                if (t.dtype != DType.float32 && t.dtype != DType.float64)
                    throw new ArgumentException($"{op}: {name} must be a float32 or float64 Tensor, got {t.dtype} (Paddle raises TypeError here)");
            }

            private static Attr[] NmsAttrs(double score_threshold, int nms_top_k, int keep_top_k, double nms_threshold,
                bool normalized, double nms_eta, int background_label) => new[]
            {
                Attr.Int(0, background_label), Attr.Float(1, score_threshold), Attr.Int(2, nms_top_k),
                Attr.Float(3, nms_threshold), Attr.Float(4, nms_eta), Attr.Int(5, keep_top_k), Attr.Bool(6, normalized),
            };

            /// <summary>
            /// <c>fluid.layers.multiclass_nms(bboxes, scores, score_threshold, nms_top_k, keep_top_k,
            /// nms_threshold=0.3, normalized=True, nms_eta=1.0, background_label=0)</c>.
            /// Layouts: bboxes [N, M, 4] with scores [N, C, M]; or bboxes [M, C, 4] (LoD: boxes per image)
            /// with scores [M, C]. Returns [No, 6] rows [label, score, x1, y1, x2, y2], LoD = per-image
            /// groups (class ascending within an image). Nothing detected in the whole batch → [[-1]] with LoD [0, 1].
            /// </summary>
            public static Tensor multiclass_nms(Tensor bboxes, Tensor scores, double score_threshold, int nms_top_k, int keep_top_k,
                double nms_threshold = 0.3, bool normalized = true, double nms_eta = 1.0, int background_label = 0, string? name = null)
            {
                CheckFloatInput("multiclass_nms", "bboxes", bboxes);
                CheckFloatInput("multiclass_nms", "scores", scores);
                var op = s_mcnms ??= OpInfo.Get("multiclass_nms", s_nmsAttrs);
                return op.Run1(new[] { bboxes, scores },
                    NmsAttrs(score_threshold, nms_top_k, keep_top_k, nms_threshold, normalized, nms_eta, background_label));
            }

            /// <summary>
            /// <c>fluid.contrib.layers.multiclass_nms2(..., return_index=False)</c>: as multiclass_nms, plus the
            /// kept indices (int32 [No, 1]: n*M + idx, or (lod[n] + idx)*C + class in the LoD layout).
            /// Returns [out] or [out, index]. Empty result: out [0, 6] / index [0, 1] with all-zero per-image counts.
            /// </summary>
            public static Tensor[] multiclass_nms2(Tensor bboxes, Tensor scores, double score_threshold, int nms_top_k, int keep_top_k,
                double nms_threshold = 0.3, bool normalized = true, double nms_eta = 1.0, int background_label = 0,
                bool return_index = false, string? name = null)
            {
                CheckFloatInput("multiclass_nms2", "bboxes", bboxes);
                CheckFloatInput("multiclass_nms2", "scores", scores);
                var op = s_mcnms2 ??= OpInfo.Get("multiclass_nms2", s_nmsAttrs);
                var outs = op.Run(new[] { bboxes, scores },
                    NmsAttrs(score_threshold, nms_top_k, keep_top_k, nms_threshold, normalized, nms_eta, background_label));
                if (return_index) return outs;
                outs[1].Dispose();
                return new[] { outs[0] };
            }

            /// <summary>
            /// The <c>multiclass_nms3</c> op (2.x, PaddleDetection's dygraph NMS): as multiclass_nms2, with optional
            /// <paramref name="rois_num"/> (int32 per-image box counts, replaces the LoD of bboxes in the LoD layout).
            /// Returns [out, nms_rois_num, index] (nms_rois_num: int32 kept rows per image).
            /// </summary>
            public static Tensor[] multiclass_nms3(Tensor bboxes, Tensor scores, double score_threshold, int nms_top_k, int keep_top_k,
                double nms_threshold = 0.3, bool normalized = true, double nms_eta = 1.0, int background_label = 0,
                Tensor? rois_num = null, string? name = null)
            {
                CheckFloatInput("multiclass_nms3", "bboxes", bboxes);
                CheckFloatInput("multiclass_nms3", "scores", scores);
                var op = s_mcnms3 ??= OpInfo.Get("multiclass_nms3", s_nmsAttrs);
                var outs = op.Run(new[] { bboxes, scores, rois_num },
                    NmsAttrs(score_threshold, nms_top_k, keep_top_k, nms_threshold, normalized, nms_eta, background_label));
                return new[] { outs[0], outs[2], outs[1] };
            }

            internal static Tensor[] MatrixNmsOp(Tensor bboxes, Tensor scores, double score_threshold, double post_threshold,
                int nms_top_k, int keep_top_k, bool use_gaussian, double gaussian_sigma, int background_label, bool normalized)
            {
                CheckFloatInput("matrix_nms", "bboxes", bboxes);
                CheckFloatInput("matrix_nms", "scores", scores);
                var op = s_mxnms ??= OpInfo.Get("matrix_nms", "background_label", "score_threshold", "post_threshold",
                    "nms_top_k", "keep_top_k", "normalized", "use_gaussian", "gaussian_sigma");
                return op.Run(new[] { bboxes, scores }, new[]
                {
                    Attr.Int(0, background_label), Attr.Float(1, score_threshold), Attr.Float(2, post_threshold),
                    Attr.Int(3, nms_top_k), Attr.Int(4, keep_top_k), Attr.Bool(5, normalized),
                    Attr.Bool(6, use_gaussian), Attr.Float(7, gaussian_sigma),
                });
            }

            /// <summary>
            /// <c>fluid.layers.matrix_nms(bboxes, scores, score_threshold, post_threshold, nms_top_k, keep_top_k,
            /// use_gaussian=False, gaussian_sigma=2.0, background_label=0, normalized=True, return_index=False)</c>.
            /// bboxes [N, M, 4], scores [N, C, M]. Rows [label, decayed_score, box] sorted by decayed score per image.
            /// Returns [out] or [out, index].
            /// </summary>
            public static Tensor[] matrix_nms(Tensor bboxes, Tensor scores, double score_threshold, double post_threshold,
                int nms_top_k, int keep_top_k, bool use_gaussian = false, double gaussian_sigma = 2.0, int background_label = 0,
                bool normalized = true, bool return_index = false, string? name = null)
            {
                var outs = MatrixNmsOp(bboxes, scores, score_threshold, post_threshold, nms_top_k, keep_top_k, use_gaussian,
                    gaussian_sigma, background_label, normalized);
                outs[2].Dispose();
                if (return_index) return new[] { outs[0], outs[1] };
                outs[1].Dispose();
                return new[] { outs[0] };
            }

            /// <summary>
            /// <c>fluid.layers.locality_aware_nms(bboxes, scores, score_threshold, nms_top_k, keep_top_k,
            /// nms_threshold=0.3, normalized=True, nms_eta=1.0, background_label=-1)</c>: scores must be [N, 1, M].
            /// Neighbouring boxes (input order) with IoU &gt; nms_threshold are merged score-weighted, then NMS.
            /// </summary>
            public static Tensor locality_aware_nms(Tensor bboxes, Tensor scores, double score_threshold, int nms_top_k, int keep_top_k,
                double nms_threshold = 0.3, bool normalized = true, double nms_eta = 1.0, int background_label = -1, string? name = null)
            {
                CheckFloatInput("locality_aware_nms", "bboxes", bboxes);
                CheckFloatInput("locality_aware_nms", "scores", scores);
                var shape = scores.shape;
                if (shape.Length != 3 || shape[1] != 1)
                    throw new ArgumentException($"locality_aware_nms: scores must have shape [N, 1, M] (one class), got [{string.Join(", ", shape)}]");
                var op = s_lanms ??= OpInfo.Get("locality_aware_nms", s_nmsAttrs);
                return op.Run1(new[] { bboxes, scores },
                    NmsAttrs(score_threshold, nms_top_k, keep_top_k, nms_threshold, normalized, nms_eta, background_label));
            }

            /// <summary>
            /// <c>fluid.layers.detection_output(loc, scores, prior_box, prior_box_var, background_label=0,
            /// nms_threshold=0.3, nms_top_k=400, keep_top_k=200, score_threshold=0.01, nms_eta=1.0, return_index=False)</c>:
            /// box_coder(prior_box, prior_box_var, loc, 'decode_center_size') → softmax(scores) → transpose to
            /// [N, C, M] → multiclass_nms (multiclass_nms2 when return_index). loc [N, M, 4], scores [N, M, C].
            /// Returns [out] or [out, index].
            /// </summary>
            public static Tensor[] detection_output(Tensor loc, Tensor scores, Tensor prior_box, object prior_box_var,
                int background_label = 0, double nms_threshold = 0.3, int nms_top_k = 400, int keep_top_k = 200,
                double score_threshold = 0.01, double nms_eta = 1.0, bool return_index = false)
            {
                CheckFloatInput("detection_output", "loc", loc);
                CheckFloatInput("detection_output", "scores", scores);
                using var decoded = box_coder(prior_box, prior_box_var, loc, "decode_center_size");
                using var prob = nn.functional.softmax(scores);
                using var probT = paddle.transpose(prob, new[] { 0, 2, 1 });
                if (return_index)
                    return multiclass_nms2(decoded, probT, score_threshold, nms_top_k, keep_top_k, nms_threshold,
                        true, nms_eta, background_label, return_index: true);
                return new[] { multiclass_nms(decoded, probT, score_threshold, nms_top_k, keep_top_k, nms_threshold,
                    true, nms_eta, background_label) };
            }

            /// <summary>
            /// <c>fluid.layers.box_clip(input, im_info)</c>: clips boxes [..., 4] of each image to
            /// [0, round(w/scale) - 1] × [0, round(h/scale) - 1]; im_info [N, 3] = (height, width, scale).
            /// Images are the LoD segments of <paramref name="input"/> (or dim 0 of a [N, M, 4] input).
            /// </summary>
            public static Tensor box_clip(Tensor input, Tensor im_info, string? name = null)
            {
                CheckFloatInput("box_clip", "input", input);
                CheckFloatInput("box_clip", "im_info", im_info);
                var op = s_boxclip ??= OpInfo.Get("box_clip");
                return op.Run1(new[] { input, im_info });
            }

            internal static (Tensor boxes, Tensor scores) YoloBoxOp(Tensor x, Tensor img_size, IReadOnlyList<int> anchors, int class_num,
                double conf_thresh, int downsample_ratio, bool clip_bbox, double scale_x_y, bool iou_aware, double iou_aware_factor)
            {
                ArgumentNullException.ThrowIfNull(x);
                ArgumentNullException.ThrowIfNull(img_size);
                ArgumentNullException.ThrowIfNull(anchors);
                CheckFloatInput("yolo_box", "x", x);
                var op = s_yolo ??= OpInfo.Get("yolo_box", "anchors", "class_num", "conf_thresh", "downsample_ratio",
                    "clip_bbox", "scale_x_y", "iou_aware", "iou_aware_factor");
                var outs = op.Run(new[] { x, img_size }, new[]
                {
                    Attr.Ints_(0, anchors.Select(a => (long)a).ToArray()), Attr.Int(1, class_num), Attr.Float(2, conf_thresh),
                    Attr.Int(3, downsample_ratio), Attr.Bool(4, clip_bbox), Attr.Float(5, scale_x_y),
                    Attr.Bool(6, iou_aware), Attr.Float(7, iou_aware_factor),
                });
                return (outs[0], outs[1]);
            }

            /// <summary>
            /// <c>fluid.layers.yolo_box(x, img_size, anchors, class_num, conf_thresh, downsample_ratio, clip_bbox=True,
            /// name=None, scale_x_y=1.0)</c>: x [N, A*(5+class_num), H, W], img_size int32 [N, 2] (h, w).
            /// Returns (boxes [N, A*H*W, 4], scores [N, A*H*W, class_num]); low-confidence rows are 0.
            /// </summary>
            public static (Tensor boxes, Tensor scores) yolo_box(Tensor x, Tensor img_size, IReadOnlyList<int> anchors, int class_num,
                double conf_thresh, int downsample_ratio, bool clip_bbox = true, string? name = null, double scale_x_y = 1.0)
                => YoloBoxOp(x, img_size, anchors, class_num, conf_thresh, downsample_ratio, clip_bbox, scale_x_y, false, 0.5);

            /// <summary>
            /// <c>fluid.layers.anchor_generator(input, anchor_sizes=None, aspect_ratios=None, variance=[0.1, 0.1, 0.2, 0.2],
            /// stride=None, offset=0.5)</c> → (anchors, variances), both [H, W, len(ratios)*len(sizes), 4]
            /// (ratio outer, size inner). stride must have 2 values (Paddle's ValueError → ArgumentException).
            /// </summary>
            public static (Tensor anchors, Tensor variances) anchor_generator(Tensor input, IReadOnlyList<double>? anchor_sizes = null,
                IReadOnlyList<double>? aspect_ratios = null, IReadOnlyList<double>? variance = null, IReadOnlyList<double>? stride = null,
                double offset = 0.5, string? name = null)
            {
                CheckFloatInput("anchor_generator", "input", input);
                if (stride == null || stride.Count != 2)
                    throw new ArgumentException("anchor_generator: stride should be a list or tuple of length 2 ([stride_width, stride_height])");
                var op = s_anchor ??= OpInfo.Get("anchor_generator", "anchor_sizes", "aspect_ratios", "variances", "stride", "offset");
                var attrs = new List<Attr>
                {
                    Attr.Floats_(2, (variance ?? new[] { 0.1, 0.1, 0.2, 0.2 }).ToArray()),
                    Attr.Floats_(3, stride.ToArray()), Attr.Float(4, offset),
                };
                if (anchor_sizes != null) attrs.Add(Attr.Floats_(0, anchor_sizes.ToArray()));
                if (aspect_ratios != null) attrs.Add(Attr.Floats_(1, aspect_ratios.ToArray()));
                var outs = op.Run(new[] { input }, attrs.ToArray());
                return (outs[0], outs[1]);
            }
        }
    }

    public static partial class vision
    {
        public static partial class ops
        {
            /// <summary><c>paddle.vision.ops.yolo_box(x, img_size, anchors, class_num, conf_thresh, downsample_ratio,
            /// clip_bbox=True, name=None, scale_x_y=1.0, iou_aware=False, iou_aware_factor=0.5)</c>.</summary>
            public static (Tensor boxes, Tensor scores) yolo_box(Tensor x, Tensor img_size, IReadOnlyList<int> anchors, int class_num,
                double conf_thresh, int downsample_ratio, bool clip_bbox = true, string? name = null, double scale_x_y = 1.0,
                bool iou_aware = false, double iou_aware_factor = 0.5)
                => fluid.layers.YoloBoxOp(x, img_size, anchors, class_num, conf_thresh, downsample_ratio, clip_bbox, scale_x_y,
                    iou_aware, iou_aware_factor);

            /// <summary><c>paddle.vision.ops.matrix_nms(bboxes, scores, score_threshold, post_threshold, nms_top_k, keep_top_k,
            /// use_gaussian=False, gaussian_sigma=2.0, background_label=0, normalized=True, return_index=False,
            /// return_rois_num=True)</c> (2.2+): returns [out, rois_num?, index?] with the unrequested ones null.</summary>
            public static Tensor?[] matrix_nms(Tensor bboxes, Tensor scores, double score_threshold, double post_threshold,
                int nms_top_k, int keep_top_k, bool use_gaussian = false, double gaussian_sigma = 2.0, int background_label = 0,
                bool normalized = true, bool return_index = false, bool return_rois_num = true, string? name = null)
            {
                var outs = fluid.layers.MatrixNmsOp(bboxes, scores, score_threshold, post_threshold, nms_top_k, keep_top_k,
                    use_gaussian, gaussian_sigma, background_label, normalized);
                Tensor? index = outs[1], rn = outs[2];
                if (!return_index) { index.Dispose(); index = null; }
                if (!return_rois_num) { rn.Dispose(); rn = null; }
                return new Tensor?[] { outs[0], rn, index };
            }
        }
    }
}
