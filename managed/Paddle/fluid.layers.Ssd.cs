namespace Paddle;

public static partial class paddle
{
    public static partial class fluid
    {
        public static partial class layers
        {
            private static OpInfo? s_iou, s_bm, s_ta, s_mhe, s_bc, s_sl1, s_pb, s_dpb;

            // Optional inputs are passed with explicit slot counts (absent = 0), never as null handles.
            private static Tensor[] RunOpt(OpInfo op, Tensor?[] inputs, Attr[] attrs)
            {
                var present = inputs.Where(t => t is not null).Select(t => t!).ToArray();
                var counts = inputs.Select(t => t is null ? 0 : 1).ToArray();
                return op.Run(present, attrs, counts);
            }

            private static double[] Floats(IEnumerable<double>? v, double[] dflt) => v is null ? dflt : v.ToArray();

            /// <summary><c>fluid.layers.iou_similarity(x, y, box_normalized=True)</c>: IoU of every
            /// box of x [N, 4] (may carry LoD, copied to the output) with every box of y [M, 4] → [N, M].</summary>
            public static Tensor iou_similarity(Tensor x, Tensor y, bool box_normalized = true, string? name = null)
            {
                ArgumentNullException.ThrowIfNull(x);
                ArgumentNullException.ThrowIfNull(y);
                var op = s_iou ??= OpInfo.Get("iou_similarity", "box_normalized");
                return op.Run1(new[] { x, y }, new[] { Attr.Bool(0, box_normalized) });
            }

            /// <summary><c>fluid.layers.bipartite_match(dist_matrix, match_type=None, dist_threshold=None)</c>:
            /// returns (match_indices int32 [n, M], match_distance [n, M]); unmatched columns get -1 / 0.</summary>
            public static (Tensor match_indices, Tensor match_distance) bipartite_match(Tensor dist_matrix,
                string? match_type = null, double? dist_threshold = null, string? name = null)
            {
                ArgumentNullException.ThrowIfNull(dist_matrix);
                var op = s_bm ??= OpInfo.Get("bipartite_match", "match_type", "dist_threshold");
                var outs = op.Run(new[] { dist_matrix }, new[]
                {
                    Attr.Str(0, match_type ?? "bipartite"), Attr.Float(1, dist_threshold ?? 0.5),
                });
                return (outs[0], outs[1]);
            }

            /// <summary><c>fluid.layers.target_assign(input, matched_indices, negative_indices=None,
            /// mismatch_value=None)</c>: returns (out [N, P, K], out_weight float32 [N, P, 1]).</summary>
            public static (Tensor out_, Tensor out_weight) target_assign(Tensor input, Tensor matched_indices,
                Tensor? negative_indices = null, int? mismatch_value = null, string? name = null)
            {
                ArgumentNullException.ThrowIfNull(input);
                ArgumentNullException.ThrowIfNull(matched_indices);
                var op = s_ta ??= OpInfo.Get("target_assign", "mismatch_value");
                var outs = RunOpt(op, new[] { input, matched_indices, negative_indices },
                                  new[] { Attr.Int(0, mismatch_value ?? 0) });
                return (outs[0], outs[1]);
            }

            /// <summary>The <c>mine_hard_examples</c> op (no Python API in Paddle; exposed here so the
            /// mining step of ssd_loss can be used and tested on its own). Returns (neg_indices int32
            /// [Nneg, 1] with LoD = per-image counts, updated_match_indices int32 [N, Np]).</summary>
            public static (Tensor neg_indices, Tensor updated_match_indices) mine_hard_examples(Tensor cls_loss,
                Tensor? loc_loss, Tensor match_indices, Tensor match_dist, double neg_pos_ratio = 1.0,
                double neg_dist_threshold = 0.5, int sample_size = 0, string mining_type = "max_negative")
            {
                ArgumentNullException.ThrowIfNull(cls_loss);
                ArgumentNullException.ThrowIfNull(match_indices);
                ArgumentNullException.ThrowIfNull(match_dist);
                var op = s_mhe ??= OpInfo.Get("mine_hard_examples", "neg_pos_ratio", "neg_dist_threshold", "sample_size", "mining_type");
                var outs = RunOpt(op, new[] { cls_loss, loc_loss, match_indices, match_dist }, new[]
                {
                    Attr.Float(0, neg_pos_ratio), Attr.Float(1, neg_dist_threshold), Attr.Int(2, sample_size),
                    Attr.Str(3, mining_type ?? "max_negative"),
                });
                return (outs[0], outs[1]);
            }

            /// <summary>
            /// <c>fluid.layers.box_coder(prior_box, prior_box_var, target_box, code_type, box_normalized, name, axis)</c>.
            /// <paramref name="prior_box_var"/> is a [M, 4] Tensor or a list of 4 floats; null raises
            /// ArgumentException (Paddle's TypeError).
            /// </summary>
            public static Tensor box_coder(Tensor prior_box, object? prior_box_var, Tensor target_box,
                string code_type = "encode_center_size", bool box_normalized = true, string? name = null, int axis = 0)
            {
                ArgumentNullException.ThrowIfNull(prior_box);
                ArgumentNullException.ThrowIfNull(target_box);
                foreach (var (t, n) in new[] { (prior_box, "prior_box"), (target_box, "target_box") })
                    if (t.dtype != DType.float32 && t.dtype != DType.float64)
                        throw new ArgumentException($"box_coder: {n} must be float32 or float64, got {t.dtype}");
                var op = s_bc ??= OpInfo.Get("box_coder", "code_type", "box_normalized", "axis", "variance");
                var attrs = new List<Attr> { Attr.Str(0, code_type), Attr.Bool(1, box_normalized), Attr.Int(2, axis) };
                Tensor? varT = null;
                switch (prior_box_var)
                {
                    case Tensor t: varT = t; break;
                    case IEnumerable<double> l: attrs.Add(Attr.Floats_(3, l.ToArray())); break;
                    case IEnumerable<float> lf: attrs.Add(Attr.Floats_(3, lf.Select(v => (double)v).ToArray())); break;
                    default:
                        throw new ArgumentException("box_coder: prior_box_var must be a Tensor or a list of 4 floats (Paddle raises TypeError here)");
                }
                var outs = RunOpt(op, new[] { prior_box, varT, target_box }, attrs.ToArray());
                return outs[0];
            }

            /// <summary><c>fluid.layers.smooth_l1(x, y, inside_weight=None, outside_weight=None, sigma=None)</c>
            /// → [N, 1] (sum over all non-leading dims of the smooth L1 of (x - y)).</summary>
            public static Tensor smooth_l1(Tensor x, Tensor y, Tensor? inside_weight = null, Tensor? outside_weight = null,
                double? sigma = null)
            {
                ArgumentNullException.ThrowIfNull(x);
                ArgumentNullException.ThrowIfNull(y);
                var op = s_sl1 ??= OpInfo.Get("smooth_l1_loss", "sigma");
                var outs = RunOpt(op, new[] { x, y, inside_weight, outside_weight }, new[] { Attr.Float(0, sigma ?? 1.0) });
                outs[0].Dispose();  // Diff (intermediate)
                return outs[1];
            }

            /// <summary><c>fluid.layers.softmax_with_cross_entropy</c>: returns [loss] or [loss, softmax]
            /// when <paramref name="return_softmax"/> (same op as paddle.nn.functional's).</summary>
            public static Tensor[] softmax_with_cross_entropy(Tensor logits, Tensor label, bool soft_label = false,
                int ignore_index = -100, bool numeric_stable_mode = true, bool return_softmax = false, int axis = -1)
                => nn.functional.softmax_with_cross_entropy(logits, label, soft_label, ignore_index, numeric_stable_mode,
                                                            return_softmax, axis);

            /// <summary>
            /// <c>fluid.layers.prior_box(input, image, min_sizes, max_sizes=None, aspect_ratios=[1.],
            /// variance=[0.1,0.1,0.2,0.2], flip=False, clip=False, steps=[0.0,0.0], offset=0.5, name=None,
            /// min_max_aspect_ratios_order=False)</c> → (boxes [H, W, num_priors, 4], variances).
            /// </summary>
            public static (Tensor boxes, Tensor variances) prior_box(Tensor input, Tensor image, double[] min_sizes,
                double[]? max_sizes = null, double[]? aspect_ratios = null, double[]? variance = null, bool flip = false,
                bool clip = false, double[]? steps = null, double offset = 0.5, string? name = null,
                bool min_max_aspect_ratios_order = false)
            {
                ArgumentNullException.ThrowIfNull(input);
                ArgumentNullException.ThrowIfNull(image);
                ArgumentNullException.ThrowIfNull(min_sizes);
                var st = steps ?? new[] { 0.0, 0.0 };
                if (st.Length != 2)
                    throw new ArgumentException("steps should be a list or tuple with length 2, (step_width, step_height).");
                var maxs = max_sizes is { Length: > 0 } && max_sizes[0] > 0 ? max_sizes : Array.Empty<double>();
                var op = s_pb ??= OpInfo.Get("prior_box", "min_sizes", "max_sizes", "aspect_ratios", "variances", "flip",
                    "clip", "step_w", "step_h", "offset", "min_max_aspect_ratios_order");
                var outs = op.Run(new[] { input, image }, new[]
                {
                    Attr.Floats_(0, min_sizes), Attr.Floats_(1, maxs), Attr.Floats_(2, Floats(aspect_ratios, new[] { 1.0 })),
                    Attr.Floats_(3, Floats(variance, new[] { 0.1, 0.1, 0.2, 0.2 })), Attr.Bool(4, flip), Attr.Bool(5, clip),
                    Attr.Float(6, st[0]), Attr.Float(7, st[1]), Attr.Float(8, offset), Attr.Bool(9, min_max_aspect_ratios_order),
                });
                return (outs[0], outs[1]);
            }

            /// <summary>
            /// <c>fluid.layers.density_prior_box(input, image, densities, fixed_sizes, fixed_ratios,
            /// variance=[0.1,0.1,0.2,0.2], clip=False, steps=[0.0,0.0], offset=0.5, flatten_to_2d=False)</c>
            /// → (boxes, variances).
            /// </summary>
            public static (Tensor boxes, Tensor variances) density_prior_box(Tensor input, Tensor image, int[]? densities = null,
                double[]? fixed_sizes = null, double[]? fixed_ratios = null, double[]? variance = null, bool clip = false,
                double[]? steps = null, double offset = 0.5, bool flatten_to_2d = false, string? name = null)
            {
                ArgumentNullException.ThrowIfNull(input);
                ArgumentNullException.ThrowIfNull(image);
                if (densities is null) throw new ArgumentException("density_prior_box: densities must be a list or tuple");
                if (fixed_sizes is null) throw new ArgumentException("density_prior_box: fixed_sizes must be a list or tuple");
                if (fixed_ratios is null) throw new ArgumentException("density_prior_box: fixed_ratios must be a list or tuple");
                if (densities.Length != fixed_sizes.Length)
                    throw new ArgumentException("densities and fixed_sizes length should be euqal.");
                var st = steps ?? new[] { 0.0, 0.0 };
                if (st.Length != 2)
                    throw new ArgumentException("steps should be a list or tuple with length 2, (step_width, step_height).");
                var op = s_dpb ??= OpInfo.Get("density_prior_box", "variances", "clip", "flatten_to_2d", "step_w", "step_h",
                    "offset", "fixed_sizes", "fixed_ratios", "densities");
                var outs = op.Run(new[] { input, image }, new[]
                {
                    Attr.Floats_(0, Floats(variance, new[] { 0.1, 0.1, 0.2, 0.2 })), Attr.Bool(1, clip), Attr.Bool(2, flatten_to_2d),
                    Attr.Float(3, st[0]), Attr.Float(4, st[1]), Attr.Float(5, offset), Attr.Floats_(6, fixed_sizes),
                    Attr.Floats_(7, fixed_ratios), Attr.Ints_(8, densities.Select(d => (long)d).ToArray()),
                });
                return (outs[0], outs[1]);
            }

            /// <summary>
            /// <c>fluid.layers.ssd_loss</c> composed exactly as Paddle composes it (iou_similarity →
            /// bipartite_match → target_assign → softmax_with_cross_entropy → mine_hard_examples →
            /// box_coder → target_assign ×2 → smooth_l1 + softmax_with_cross_entropy → weighted sum).
            /// gt_box [Ng, 4] and gt_label [Ng, 1] are LoD tensors (one segment per image, may be empty).
            /// Returns the per-image loss <b>[N, 1]</b> (Paddle's docstring says [N*Np, 1]; its code
            /// reduces over priors). Gradients flow to location and confidence.
            /// Differences from Paddle: float64 inputs work (Paddle's target_assign has no float64
            /// kernel); gt_label may also be int64/float64.
            /// </summary>
            public static Tensor ssd_loss(Tensor location, Tensor confidence, Tensor gt_box, Tensor gt_label,
                Tensor prior_box, Tensor? prior_box_var = null, int background_label = 0, double overlap_threshold = 0.5,
                double neg_pos_ratio = 3.0, double neg_overlap = 0.5, double loc_loss_weight = 1.0,
                double conf_loss_weight = 1.0, string match_type = "per_prediction", string mining_type = "max_negative",
                bool normalize = true, int? sample_size = null)
            {
                ArgumentNullException.ThrowIfNull(location);
                ArgumentNullException.ThrowIfNull(confidence);
                ArgumentNullException.ThrowIfNull(gt_box);
                ArgumentNullException.ThrowIfNull(gt_label);
                ArgumentNullException.ThrowIfNull(prior_box);
                if (mining_type != "max_negative")
                    throw new ArgumentException("Only support mining_type == max_negative now.");
                if (confidence.ndim != 3)
                    throw new ArgumentException($"ssd_loss: confidence has shape [{string.Join(", ", confidence.shape)}]; expected a 3-D tensor [N, Np, C]");
                long n = confidence.shape[0], np = confidence.shape[1], c = confidence.shape[2];
                if (location.ndim != 3 || location.shape[0] != n || location.shape[1] != np || location.shape[2] != 4)
                    throw new ArgumentException($"ssd_loss: location has shape [{string.Join(", ", location.shape)}]; expected [{n}, {np}, 4]");
                if (location.dtype != confidence.dtype)
                    throw new ArgumentException($"ssd_loss: location has dtype {location.dtype} but confidence has dtype {confidence.dtype}; expected the same dtype");
                if (prior_box.ndim != 2 || prior_box.shape[0] != np || prior_box.shape[1] != 4)
                    throw new ArgumentException($"ssd_loss: prior_box has shape [{string.Join(", ", prior_box.shape)}]; expected [{np}, 4]");
                if (prior_box_var is null)
                    throw new ArgumentException("box_coder: prior_box_var must be a Tensor or a list of 4 floats, got None (Paddle raises TypeError: ssd_loss needs prior_box_var)");
                var boxLod = gt_box.lod();
                if (boxLod.Count != 1)
                    throw new ArgumentException($"ssd_loss: gt_box must be a LoD tensor with one level (per-image box counts), got {boxLod.Count} levels");
                if (boxLod[0].Count - 1 != n)
                    throw new ArgumentException($"ssd_loss: gt_box's LoD has {boxLod[0].Count - 1} images but location/confidence have batch size {n}");
                var labelLod = gt_label.lod();
                if (labelLod.Count != 1)
                    throw new ArgumentException($"ssd_loss: gt_label must be a LoD tensor with one level (per-image box counts), got {labelLod.Count} levels");
                long ng = gt_box.shape[0];
                if (gt_label.ndim != 2 || gt_label.shape[0] != ng || gt_label.shape[1] != 1)
                    throw new ArgumentException($"ssd_loss: gt_label has shape [{string.Join(", ", gt_label.shape)}]; expected [{ng}, 1]");

                DType dt = confidence.dtype;
                using var scope = paddle.NewScope();
                // 1-2. match priors to ground truth.
                Tensor iou = iou_similarity(gt_box, prior_box);
                var (matchIdx, matchDist) = bipartite_match(iou, match_type, overlap_threshold);
                // 3-4. provisional class targets.
                Tensor label3 = paddle.reshape(gt_label, new[] { ng, 1L, 1L });
                label3.set_lod(labelLod.Select(l => (IReadOnlyList<long>)l).ToList());
                var (tl0, _) = target_assign(label3, matchIdx, null, background_label);
                // 5. provisional confidence loss (no gradient: it only drives the mining).
                Tensor conf2 = paddle.reshape(confidence, new[] { n * np, c });
                Tensor confConst = conf2.detach();
                Tensor tl0i = paddle.cast(paddle.reshape(tl0, new[] { n * np, 1L }), DType.int64);
                Tensor cl0 = paddle.reshape(softmax_with_cross_entropy(confConst, tl0i)[0], new[] { n, np });
                // 6. hard negative mining.
                Tensor md = matchDist.dtype == dt ? matchDist : paddle.cast(matchDist, dt);
                var (negIdx, updIdx) = mine_hard_examples(cl0, null, matchIdx, md, neg_pos_ratio, neg_overlap,
                                                          sample_size ?? 0, "max_negative");
                // 7-9. regression and classification targets.
                Tensor enc = box_coder(prior_box, prior_box_var, gt_box, "encode_center_size");
                var (tbox, wloc) = target_assign(enc, updIdx, null, background_label);
                var (tl, wconf) = target_assign(label3, updIdx, negIdx, background_label);
                // 10. confidence loss.
                Tensor tli = paddle.cast(paddle.reshape(tl, new[] { n * np, 1L }), DType.int64);
                Tensor wc = paddle.cast(paddle.reshape(wconf, new[] { n * np, 1L }), dt);
                Tensor confLoss = softmax_with_cross_entropy(conf2, tli)[0] * wc;
                // 11. location loss.
                Tensor loc2 = paddle.reshape(location, new[] { n * np, 4L });
                Tensor tb = paddle.reshape(tbox, new[] { n * np, 4L });
                if (tb.dtype != dt) tb = paddle.cast(tb, dt);
                Tensor wl = paddle.cast(paddle.reshape(wloc, new[] { n * np, 1L }), dt);
                Tensor locLoss = smooth_l1(loc2, tb) * wl;
                // 12-13. weighted sum per image, normalized by the batch's positive count.
                Tensor loss = confLoss * conf_loss_weight + locLoss * loc_loss_weight;
                loss = paddle.sum(paddle.reshape(loss, new[] { n, np }), 1, keepdim: true);
                if (normalize) loss = loss / paddle.sum(wl);
                return loss.MoveToOuterScope();
            }

            /// <summary>ssd_loss with the ground truth given per image (C# convenience): gt_boxes[i]
            /// [ng_i, 4] and gt_labels[i] [ng_i, 1] (ng_i may be 0) are concatenated into LoD tensors.</summary>
            public static Tensor ssd_loss(Tensor location, Tensor confidence, IReadOnlyList<Tensor> gt_boxes,
                IReadOnlyList<Tensor> gt_labels, Tensor prior_box, Tensor? prior_box_var = null, int background_label = 0,
                double overlap_threshold = 0.5, double neg_pos_ratio = 3.0, double neg_overlap = 0.5,
                double loc_loss_weight = 1.0, double conf_loss_weight = 1.0, string match_type = "per_prediction",
                string mining_type = "max_negative", bool normalize = true, int? sample_size = null)
            {
                ArgumentNullException.ThrowIfNull(gt_boxes);
                ArgumentNullException.ThrowIfNull(gt_labels);
                if (mining_type != "max_negative")
                    throw new ArgumentException("Only support mining_type == max_negative now.");
                if (gt_boxes.Count != gt_labels.Count)
                    throw new ArgumentException($"ssd_loss: {gt_boxes.Count} gt_box tensors but {gt_labels.Count} gt_label tensors; expected one of each per image");
                if (gt_boxes.Count == 0)
                    throw new ArgumentException("ssd_loss: gt_boxes is empty; expected one tensor per image");
                var counts = new List<long>();
                for (int i = 0; i < gt_boxes.Count; i++)
                {
                    Tensor b = gt_boxes[i], l = gt_labels[i];
                    if (b.ndim != 2 || b.shape[1] != 4)
                        throw new ArgumentException($"ssd_loss: gt_boxes[{i}] has shape [{string.Join(", ", b.shape)}]; expected [n, 4]");
                    if (l.ndim != 2 || l.shape[1] != 1 || l.shape[0] != b.shape[0])
                        throw new ArgumentException($"ssd_loss: gt_labels[{i}] has shape [{string.Join(", ", l.shape)}]; expected [{b.shape[0]}, 1]");
                    counts.Add(b.shape[0]);
                }
                using var scope = paddle.NewScope();
                Tensor box = paddle.concat(gt_boxes.ToArray(), 0);
                Tensor label = paddle.concat(gt_labels.ToArray(), 0);
                var lens = new List<IReadOnlyList<long>> { counts };
                box.set_recursive_sequence_lengths(lens);
                label.set_recursive_sequence_lengths(lens);
                return ssd_loss(location, confidence, box, label, prior_box, prior_box_var, background_label,
                    overlap_threshold, neg_pos_ratio, neg_overlap, loc_loss_weight, conf_loss_weight, match_type,
                    mining_type, normalize, sample_size).MoveToOuterScope();
            }
        }
    }
}
