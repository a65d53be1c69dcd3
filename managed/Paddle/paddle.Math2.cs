namespace Paddle;

// paddle.* math functions (second group): acos asin atan ceil floor round cosh sinh tan erf
// log10 log1p log2 reciprocal rsqrt sign stanh increment add_n addmm tanh_ conj real imag.
public static partial class paddle
{
    private static OpInfo? s_acos, s_asin, s_atan, s_ceil, s_floor, s_round, s_cosh, s_sinh, s_tan,
        s_erf, s_log10, s_log1p, s_log2, s_reciprocal, s_rsqrt, s_sign, s_stanh, s_increment,
        s_add_n, s_addmm, s_tanh_inplace, s_conj, s_real, s_imag;

    /// <summary><c>paddle.acos(x)</c> (float16/float32/float64).</summary>
    public static Tensor acos(Tensor x) => Unary(ref s_acos, "acos", x);
    /// <summary><c>paddle.asin(x)</c>.</summary>
    public static Tensor asin(Tensor x) => Unary(ref s_asin, "asin", x);
    /// <summary><c>paddle.atan(x)</c>.</summary>
    public static Tensor atan(Tensor x) => Unary(ref s_atan, "atan", x);
    /// <summary><c>paddle.ceil(x)</c>; its gradient is zero (as Paddle).</summary>
    public static Tensor ceil(Tensor x) => Unary(ref s_ceil, "ceil", x);
    /// <summary><c>paddle.floor(x)</c>; its gradient is zero.</summary>
    public static Tensor floor(Tensor x) => Unary(ref s_floor, "floor", x);
    /// <summary><c>paddle.round(x)</c>: halves round away from zero; zero gradient.</summary>
    public static Tensor round(Tensor x) => Unary(ref s_round, "round", x);
    /// <summary><c>paddle.cosh(x)</c>.</summary>
    public static Tensor cosh(Tensor x) => Unary(ref s_cosh, "cosh", x);
    /// <summary><c>paddle.sinh(x)</c>.</summary>
    public static Tensor sinh(Tensor x) => Unary(ref s_sinh, "sinh", x);
    /// <summary><c>paddle.tan(x)</c>.</summary>
    public static Tensor tan(Tensor x) => Unary(ref s_tan, "tan", x);
    /// <summary><c>paddle.erf(x)</c>.</summary>
    public static Tensor erf(Tensor x) => Unary(ref s_erf, "erf", x);
    /// <summary><c>paddle.log10(x)</c>.</summary>
    public static Tensor log10(Tensor x) => Unary(ref s_log10, "log10", x);
    /// <summary><c>paddle.log1p(x)</c> = ln(1 + x).</summary>
    public static Tensor log1p(Tensor x) => Unary(ref s_log1p, "log1p", x);
    /// <summary><c>paddle.log2(x)</c>.</summary>
    public static Tensor log2(Tensor x) => Unary(ref s_log2, "log2", x);
    /// <summary><c>paddle.reciprocal(x)</c> = 1 / x.</summary>
    public static Tensor reciprocal(Tensor x) => Unary(ref s_reciprocal, "reciprocal", x);
    /// <summary><c>paddle.rsqrt(x)</c> = 1 / sqrt(x).</summary>
    public static Tensor rsqrt(Tensor x) => Unary(ref s_rsqrt, "rsqrt", x);
    /// <summary><c>paddle.sign(x)</c>: -1, 0 or 1 (float and integer dtypes); zero gradient.</summary>
    public static Tensor sign(Tensor x) => Unary(ref s_sign, "sign", x);

    /// <summary><c>paddle.stanh(x, scale_a=0.67, scale_b=1.7159)</c> = scale_b * tanh(scale_a * x).</summary>
    public static Tensor stanh(Tensor x, double scale_a = 0.67, double scale_b = 1.7159)
    {
        ArgumentNullException.ThrowIfNull(x);
        var op = s_stanh ??= OpInfo.Get("stanh", "scale_a", "scale_b");
        return op.Run1(new[] { x }, new[] { Attr.Float(0, scale_a), Attr.Float(1, scale_b) });
    }

    /// <summary><c>paddle.increment(x, value=1.0)</c>: x + value for a one-element tensor
    /// (float32/float64/int32/int64). Returns a new tensor.</summary>
    public static Tensor increment(Tensor x, double value = 1.0)
    {
        ArgumentNullException.ThrowIfNull(x);
        var op = s_increment ??= OpInfo.Get("increment", "step");
        return op.Run1(new[] { x }, new[] { Attr.Float(0, value) });
    }

    /// <summary><c>paddle.add_n(inputs)</c>: elementwise sum of tensors of one shape and dtype.</summary>
    public static Tensor add_n(params Tensor[] inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        if (inputs.Length == 0)
            throw new ArgumentException("add_n: expected at least one input tensor, got 0", nameof(inputs));
        foreach (var t in inputs) ArgumentNullException.ThrowIfNull(t, nameof(inputs));
        var op = s_add_n ??= OpInfo.Get("sum");
        var ins = new Tensor?[inputs.Length];
        Array.Copy(inputs, ins, inputs.Length);
        return op.Run1(ins, default, new[] { inputs.Length });
    }

    /// <summary><c>paddle.add_n([x])</c> for one tensor.</summary>
    public static Tensor add_n(Tensor input) => add_n(new[] { input });

    /// <summary><c>paddle.addmm(input, x, y, beta=1.0, alpha=1.0)</c> = beta * input + alpha * (x @ y);
    /// x [M, K], y [K, N] 2-D; input broadcasts to [M, N]. float32/float64.</summary>
    public static Tensor addmm(Tensor input, Tensor x, Tensor y, double beta = 1.0, double alpha = 1.0)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        var op = s_addmm ??= OpInfo.Get("addmm", "Alpha", "Beta");
        return op.Run1(new[] { input, x, y }, new[] { Attr.Float(0, alpha), Attr.Float(1, beta) });
    }

    /// <summary><c>paddle.tanh_(x)</c>: tanh in place (an error on a leaf that requires grad).</summary>
    public static Tensor tanh_(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        var op = s_tanh_inplace ??= OpInfo.Get("tanh");
        op.RunInplace(x, new[] { x });
        return x;
    }

    /// <summary><c>paddle.conj(x)</c>: complex conjugate; the identity for real dtypes.</summary>
    public static Tensor conj(Tensor x) => Unary(ref s_conj, "conj", x);
    /// <summary><c>paddle.real(x)</c>: real part of a complex64/complex128 tensor (float32/float64).</summary>
    public static Tensor real(Tensor x) => Unary(ref s_real, "real", x);
    /// <summary><c>paddle.imag(x)</c>: imaginary part of a complex64/complex128 tensor.</summary>
    public static Tensor imag(Tensor x) => Unary(ref s_imag, "imag", x);
}

public static partial class paddle
{
    public sealed partial class Tensor
    {
        public Tensor acos() => paddle.acos(this);
        public Tensor asin() => paddle.asin(this);
        public Tensor atan() => paddle.atan(this);
        public Tensor ceil() => paddle.ceil(this);
        public Tensor floor() => paddle.floor(this);
        public Tensor round() => paddle.round(this);
        public Tensor cosh() => paddle.cosh(this);
        public Tensor sinh() => paddle.sinh(this);
        public Tensor tan() => paddle.tan(this);
        public Tensor erf() => paddle.erf(this);
        public Tensor log10() => paddle.log10(this);
        public Tensor log1p() => paddle.log1p(this);
        public Tensor log2() => paddle.log2(this);
        public Tensor reciprocal() => paddle.reciprocal(this);
        public Tensor rsqrt() => paddle.rsqrt(this);
        public Tensor sign() => paddle.sign(this);
        public Tensor stanh(double scale_a = 0.67, double scale_b = 1.7159) => paddle.stanh(this, scale_a, scale_b);
        public Tensor increment(double value = 1.0) => paddle.increment(this, value);
        public Tensor addmm(Tensor x, Tensor y, double beta = 1.0, double alpha = 1.0) => paddle.addmm(this, x, y, beta, alpha);
        public Tensor tanh_() => paddle.tanh_(this);
        public Tensor conj() => paddle.conj(this);
        public Tensor real() => paddle.real(this);
        public Tensor imag() => paddle.imag(this);
    }
}
