namespace Paddle;

public static partial class paddle
{
    private static OpInfo? s_add, s_sub, s_mul, s_div, s_pow, s_max, s_min, s_floordiv, s_mod;
    private static OpInfo? s_exp, s_log, s_sqrt, s_abs, s_sin, s_cos, s_tanh, s_square, s_scale, s_clip;

    private static Tensor Binary(ref OpInfo? slot, string op, Tensor x, Tensor y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        var info = slot ??= OpInfo.Get(op);
        return info.Run1(new[] { x, y });
    }

    private static Tensor Unary(ref OpInfo? slot, string op, Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        var info = slot ??= OpInfo.Get(op);
        return info.Run1(new[] { x });
    }

    /// <summary><c>paddle.add(x, y)</c>: elementwise sum with broadcasting. x and y must have the
    /// same dtype.</summary>
    public static Tensor add(Tensor x, Tensor y) => Binary(ref s_add, "elementwise_add", x, y);
    /// <summary><c>paddle.subtract(x, y)</c>.</summary>
    public static Tensor subtract(Tensor x, Tensor y) => Binary(ref s_sub, "elementwise_sub", x, y);
    /// <summary><c>paddle.multiply(x, y)</c>.</summary>
    public static Tensor multiply(Tensor x, Tensor y) => Binary(ref s_mul, "elementwise_mul", x, y);
    /// <summary><c>paddle.divide(x, y)</c>: integer division truncates toward zero (Paddle 2.0).</summary>
    public static Tensor divide(Tensor x, Tensor y) => Binary(ref s_div, "elementwise_div", x, y);
    /// <summary><c>paddle.floor_divide(x, y)</c> (integer tensors; truncates toward zero as Paddle 2.0).</summary>
    public static Tensor floor_divide(Tensor x, Tensor y) => Binary(ref s_floordiv, "elementwise_floordiv", x, y);
    /// <summary><c>paddle.mod(x, y)</c>: the result takes the divisor's sign.</summary>
    public static Tensor mod(Tensor x, Tensor y) => Binary(ref s_mod, "elementwise_mod", x, y);
    /// <summary><c>paddle.remainder</c>, an alias of <see cref="mod"/>.</summary>
    public static Tensor remainder(Tensor x, Tensor y) => mod(x, y);
    /// <summary><c>paddle.maximum(x, y)</c>.</summary>
    public static Tensor maximum(Tensor x, Tensor y) => Binary(ref s_max, "elementwise_max", x, y);
    /// <summary><c>paddle.minimum(x, y)</c>.</summary>
    public static Tensor minimum(Tensor x, Tensor y) => Binary(ref s_min, "elementwise_min", x, y);
    /// <summary><c>paddle.pow(x, y)</c> with a tensor exponent.</summary>
    public static Tensor pow(Tensor x, Tensor y) => Binary(ref s_pow, "elementwise_pow", x, y);
    /// <summary><c>paddle.pow(x, y)</c> with a scalar exponent.</summary>
    public static Tensor pow(Tensor x, double y)
    {
        using var e = full(new long[] { 1 }, y, x.dtype);
        return pow(x, e);
    }

    public static Tensor exp(Tensor x) => Unary(ref s_exp, "exp", x);
    public static Tensor log(Tensor x) => Unary(ref s_log, "log", x);
    public static Tensor sqrt(Tensor x) => Unary(ref s_sqrt, "sqrt", x);
    public static Tensor abs(Tensor x) => Unary(ref s_abs, "abs", x);
    public static Tensor sin(Tensor x) => Unary(ref s_sin, "sin", x);
    public static Tensor cos(Tensor x) => Unary(ref s_cos, "cos", x);
    public static Tensor tanh(Tensor x) => Unary(ref s_tanh, "tanh", x);
    public static Tensor square(Tensor x) => Unary(ref s_square, "square", x);

    /// <summary><c>paddle.scale(x, scale, bias, bias_after_scale)</c>:
    /// scale*x+bias, or scale*(x+bias) when bias_after_scale is false.</summary>
    public static Tensor scale(Tensor x, double scale = 1.0, double bias = 0.0, bool bias_after_scale = true, string? act = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        var op = s_scale ??= OpInfo.Get("scale", "scale", "bias", "bias_after_scale");
        var r = op.Run1(new[] { x }, new[] { Attr.Float(0, scale), Attr.Float(1, bias), Attr.Bool(2, bias_after_scale) });
        if (act is null) return r;
        Tensor a = act switch
        {
            "relu" => nn.functional.relu(r),
            "sigmoid" => nn.functional.sigmoid(r),
            "tanh" => tanh(r),
            _ => throw new ArgumentException($"scale: act '{act}' is not supported; expected relu, sigmoid or tanh"),
        };
        r.Dispose();
        return a;
    }

    /// <summary><c>paddle.clip(x, min, max)</c>; a null bound is unbounded.</summary>
    public static Tensor clip(Tensor x, double? min = null, double? max = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        var op = s_clip ??= OpInfo.Get("clip", "min", "max");
        double lo = min ?? -3.4028234663852886e38, hi = max ?? 3.4028234663852886e38;
        return op.Run1(new[] { x }, new[] { Attr.Float(0, lo), Attr.Float(1, hi) });
    }
}
