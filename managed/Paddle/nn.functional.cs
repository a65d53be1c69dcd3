namespace Paddle;

public static partial class paddle
{
    /// <summary><c>paddle.nn</c>.</summary>
    public static partial class nn
    {
        /// <summary><c>paddle.nn.functional</c>.</summary>
        public static partial class functional
        {
            private static OpInfo? s_relu, s_sigmoid, s_softmax, s_swce;

            /// <summary><c>paddle.nn.functional.relu(x)</c> = max(x, 0).</summary>
            public static Tensor relu(Tensor x)
            {
                ArgumentNullException.ThrowIfNull(x);
                return (s_relu ??= OpInfo.Get("relu")).Run1(new[] { x });
            }

            /// <summary><c>paddle.nn.functional.sigmoid(x)</c> = 1 / (1 + exp(-x)).</summary>
            public static Tensor sigmoid(Tensor x)
            {
                ArgumentNullException.ThrowIfNull(x);
                return (s_sigmoid ??= OpInfo.Get("sigmoid")).Run1(new[] { x });
            }

            /// <summary><c>paddle.nn.functional.softmax(x, axis, dtype)</c>; dtype casts x first.</summary>
            public static Tensor softmax(Tensor x, int axis = -1, DType? dtype = null)
            {
                ArgumentNullException.ThrowIfNull(x);
                var op = s_softmax ??= OpInfo.Get("softmax", "axis");
                if (dtype is DType d && d != x.dtype)
                {
                    using var c = paddle.cast(x, d);
                    return op.Run1(new[] { c }, new[] { Attr.Int(0, axis) });
                }
                return op.Run1(new[] { x }, new[] { Attr.Int(0, axis) });
            }

            /// <summary><c>paddle.nn.functional.softmax_with_cross_entropy</c>: returns the loss
            /// (and the softmax when <paramref name="return_softmax"/> is true).</summary>
            public static Tensor[] softmax_with_cross_entropy(Tensor logits, Tensor label, bool soft_label = false,
                int ignore_index = -100, bool numeric_stable_mode = true, bool return_softmax = false, int axis = -1)
            {
                ArgumentNullException.ThrowIfNull(logits);
                ArgumentNullException.ThrowIfNull(label);
                var op = s_swce ??= OpInfo.Get("softmax_with_cross_entropy", "soft_label", "ignore_index", "numeric_stable_mode", "axis");
                var outs = op.Run(new[] { logits, label }, new[]
                {
                    Attr.Bool(0, soft_label), Attr.Int(1, ignore_index), Attr.Bool(2, numeric_stable_mode), Attr.Int(3, axis),
                });
                // outputs: Softmax, Loss
                if (return_softmax) return new[] { outs[1], outs[0] };
                outs[0].Dispose();
                return new[] { outs[1] };
            }

            /// <summary>
            /// <c>paddle.nn.functional.cross_entropy(input, label, weight, ignore_index, reduction,
            /// soft_label, axis)</c>: softmax + negative log-likelihood. Hard labels are int64 with
            /// the class index (shape [N] or [N, 1]). reduction: 'mean' (over non-ignored labels),
            /// 'sum' or 'none'.
            /// </summary>
            public static Tensor cross_entropy(Tensor input, Tensor label, Tensor? weight = null, int ignore_index = -100,
                string reduction = "mean", bool soft_label = false, int axis = -1)
            {
                ArgumentNullException.ThrowIfNull(input);
                ArgumentNullException.ThrowIfNull(label);
                if (reduction != "mean" && reduction != "sum" && reduction != "none")
                    throw new ArgumentException($"cross_entropy: reduction should be 'sum', 'mean' or 'none', but received {reduction}");
                if (weight is not null && soft_label)
                    throw new ArgumentException("cross_entropy: weight with soft_label=True is not supported by this build; pass weight=null");
                using var scope = paddle.NewScope();
                Tensor lbl = label;
                int rank = input.ndim;
                int ax = axis < 0 ? axis + rank : axis;
                if (!soft_label && label.ndim == rank - 1)
                    lbl = paddle.unsqueeze(label, ax);
                Tensor loss = softmax_with_cross_entropy(input, lbl, soft_label, ignore_index, true, false, axis)[0];
                Tensor? w = null;
                if (weight is not null)
                {
                    // Per-sample weight[label]; ignored labels read class 0 and are masked to 0.
                    if (weight.ndim != 1)
                        throw new ArgumentException($"cross_entropy: weight must be 1-D with one entry per class, got shape {Tensor.ShapeString(weight.shape)}");
                    Tensor flat = paddle.reshape(lbl, new long[] { -1 });
                    using var ig = paddle.full(new long[] { 1 }, ignore_index, flat.dtype);
                    Tensor keep = paddle.not_equal(flat, ig);
                    Tensor safe = flat * paddle.cast(keep, flat.dtype);
                    Tensor wcast = weight.dtype == loss.dtype ? weight : paddle.cast(weight, loss.dtype);
                    w = paddle.reshape(paddle.gather(wcast, safe) * paddle.cast(keep, loss.dtype), loss.shape);
                    loss = loss * w;
                }
                Tensor result;
                if (reduction == "none")
                {
                    result = loss;
                }
                else if (reduction == "sum")
                {
                    result = paddle.sum(loss);
                }
                else if (w is not null)
                {
                    result = paddle.sum(loss) / paddle.sum(w);
                }
                else if (ignore_index != -100 && !soft_label)
                {
                    // Mean over the labels that are not ignored, as Paddle does.
                    using var ig = paddle.full(new long[] { 1 }, ignore_index, lbl.dtype);
                    Tensor mask = paddle.cast(paddle.not_equal(lbl, ig), loss.dtype);
                    result = paddle.sum(loss) / paddle.sum(mask);
                }
                else
                {
                    result = paddle.mean(loss);
                }
                scope.Keep(result);
                return result;
            }
        }
    }
}
