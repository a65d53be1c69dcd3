namespace Paddle;

public static partial class paddle
{
    /// <summary>
    /// Operators follow Paddle's Tensor operator rules: with two tensors the right operand is cast
    /// to the left's dtype; with a Python-like scalar, a float scalar turns an integer tensor into
    /// float32 first, and +, -, *, / by a scalar use the <c>scale</c> op as Paddle does. An integer
    /// tensor divided by an integer scalar truncates (like <c>paddle.divide</c> on integers in 2.0).
    /// </summary>
    public sealed partial class Tensor
    {
        private static Tensor Promote(Tensor x, Tensor y, out bool owned)
        {
            owned = false;
            if (x.dtype == y.dtype) return y;
            owned = true;
            return paddle.cast(y, x.dtype);
        }

        private static Tensor WithTensor(Tensor x, Tensor y, Func<Tensor, Tensor, Tensor> f)
        {
            ArgumentNullException.ThrowIfNull(x);
            ArgumentNullException.ThrowIfNull(y);
            Tensor yy = Promote(x, y, out bool owned);
            try { return f(x, yy); }
            finally { if (owned) yy.Dispose(); }
        }

        // A float scalar turns an integer (or bool) tensor into float32 first.
        private static Tensor ForFloatScalar(Tensor x, out bool owned)
        {
            owned = false;
            if (x.dtype.IsFloatingPoint) return x;
            owned = true;
            return paddle.cast(x, DType.float32);
        }

        private static Tensor ScalarOp(Tensor x, double s, bool isFloat, Func<Tensor, Tensor, Tensor> f, bool scalarLeft = false)
        {
            ArgumentNullException.ThrowIfNull(x);
            bool owned = false;
            Tensor xx = isFloat ? ForFloatScalar(x, out owned) : x;
            try
            {
                using var st = paddle.full(new long[] { 1 }, s, xx.dtype);
                return scalarLeft ? f(st, xx) : f(xx, st);
            }
            finally { if (owned) xx.Dispose(); }
        }

        private static Tensor ScaleOp(Tensor x, double scale, double bias, bool isFloat)
        {
            ArgumentNullException.ThrowIfNull(x);
            bool owned = false;
            Tensor xx = isFloat ? ForFloatScalar(x, out owned) : x;
            try { return paddle.scale(xx, scale, bias); }
            finally { if (owned) xx.Dispose(); }
        }

        public static Tensor operator +(Tensor x, Tensor y) => WithTensor(x, y, paddle.add);
        public static Tensor operator -(Tensor x, Tensor y) => WithTensor(x, y, paddle.subtract);
        public static Tensor operator *(Tensor x, Tensor y) => WithTensor(x, y, paddle.multiply);
        public static Tensor operator /(Tensor x, Tensor y) => WithTensor(x, y, paddle.divide);
        public static Tensor operator %(Tensor x, Tensor y) => WithTensor(x, y, paddle.mod);
        public static Tensor operator -(Tensor x) => paddle.scale(x, -1.0);

        public static Tensor operator +(Tensor x, double y) => ScaleOp(x, 1.0, y, true);
        public static Tensor operator +(double x, Tensor y) => ScaleOp(y, 1.0, x, true);
        public static Tensor operator -(Tensor x, double y) => ScaleOp(x, 1.0, -y, true);
        public static Tensor operator -(double x, Tensor y) => ScaleOp(y, -1.0, x, true);
        public static Tensor operator *(Tensor x, double y) => ScaleOp(x, y, 0.0, true);
        public static Tensor operator *(double x, Tensor y) => ScaleOp(y, x, 0.0, true);
        public static Tensor operator /(Tensor x, double y) => ScaleOp(x, 1.0 / y, 0.0, true);
        public static Tensor operator /(double x, Tensor y) => ScalarOp(y, x, true, paddle.divide, scalarLeft: true);
        public static Tensor operator %(Tensor x, double y) => ScalarOp(x, y, true, paddle.mod);

        public static Tensor operator +(Tensor x, long y) => ScaleOp(x, 1.0, y, false);
        public static Tensor operator +(long x, Tensor y) => ScaleOp(y, 1.0, x, false);
        public static Tensor operator -(Tensor x, long y) => ScaleOp(x, 1.0, -y, false);
        public static Tensor operator -(long x, Tensor y) => ScaleOp(y, -1.0, x, false);
        public static Tensor operator *(Tensor x, long y) => ScaleOp(x, y, 0.0, false);
        public static Tensor operator *(long x, Tensor y) => ScaleOp(y, x, 0.0, false);
        public static Tensor operator /(Tensor x, long y) =>
            x.dtype.IsFloatingPoint ? ScaleOp(x, 1.0 / y, 0.0, false) : ScalarOp(x, y, false, paddle.divide);
        public static Tensor operator /(long x, Tensor y) => ScalarOp(y, x, false, paddle.divide, scalarLeft: true);
        public static Tensor operator %(Tensor x, long y) => ScalarOp(x, y, false, paddle.mod);

        // Comparisons return bool tensors (as Paddle). Use `is null` to test a reference for null.
        public static Tensor operator ==(Tensor x, Tensor y) => WithTensor(x, y, paddle.equal);
        public static Tensor operator !=(Tensor x, Tensor y) => WithTensor(x, y, paddle.not_equal);
        public static Tensor operator <(Tensor x, Tensor y) => WithTensor(x, y, paddle.less_than);
        public static Tensor operator <=(Tensor x, Tensor y) => WithTensor(x, y, paddle.less_equal);
        public static Tensor operator >(Tensor x, Tensor y) => WithTensor(x, y, paddle.greater_than);
        public static Tensor operator >=(Tensor x, Tensor y) => WithTensor(x, y, paddle.greater_equal);

        public static Tensor operator ==(Tensor x, double y) => ScalarOp(x, y, true, paddle.equal);
        public static Tensor operator !=(Tensor x, double y) => ScalarOp(x, y, true, paddle.not_equal);
        public static Tensor operator <(Tensor x, double y) => ScalarOp(x, y, true, paddle.less_than);
        public static Tensor operator <=(Tensor x, double y) => ScalarOp(x, y, true, paddle.less_equal);
        public static Tensor operator >(Tensor x, double y) => ScalarOp(x, y, true, paddle.greater_than);
        public static Tensor operator >=(Tensor x, double y) => ScalarOp(x, y, true, paddle.greater_equal);

        public static Tensor operator ==(Tensor x, long y) => ScalarOp(x, y, false, paddle.equal);
        public static Tensor operator !=(Tensor x, long y) => ScalarOp(x, y, false, paddle.not_equal);
        public static Tensor operator <(Tensor x, long y) => ScalarOp(x, y, false, paddle.less_than);
        public static Tensor operator <=(Tensor x, long y) => ScalarOp(x, y, false, paddle.less_equal);
        public static Tensor operator >(Tensor x, long y) => ScalarOp(x, y, false, paddle.greater_than);
        public static Tensor operator >=(Tensor x, long y) => ScalarOp(x, y, false, paddle.greater_equal);

        public override bool Equals(object? obj) => ReferenceEquals(this, obj);
        public override int GetHashCode() => System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(this);

        // ---------------- Tensor methods (Paddle's Tensor API) ----------------

        public Tensor add(Tensor y) => paddle.add(this, y);
        public Tensor subtract(Tensor y) => paddle.subtract(this, y);
        public Tensor multiply(Tensor y) => paddle.multiply(this, y);
        public Tensor divide(Tensor y) => paddle.divide(this, y);
        public Tensor pow(Tensor y) => paddle.pow(this, y);
        public Tensor pow(double y) => paddle.pow(this, y);
        public Tensor maximum(Tensor y) => paddle.maximum(this, y);
        public Tensor minimum(Tensor y) => paddle.minimum(this, y);
        public Tensor floor_divide(Tensor y) => paddle.floor_divide(this, y);
        public Tensor mod(Tensor y) => paddle.mod(this, y);
        public Tensor exp() => paddle.exp(this);
        public Tensor log() => paddle.log(this);
        public Tensor sqrt() => paddle.sqrt(this);
        public Tensor abs() => paddle.abs(this);
        public Tensor sin() => paddle.sin(this);
        public Tensor cos() => paddle.cos(this);
        public Tensor tanh() => paddle.tanh(this);
        public Tensor square() => paddle.square(this);
        public Tensor scale(double scale = 1.0, double bias = 0.0, bool bias_after_scale = true) => paddle.scale(this, scale, bias, bias_after_scale);
        public Tensor clip(double? min = null, double? max = null) => paddle.clip(this, min, max);
        public Tensor sum(int? axis = null, DType? dtype = null, bool keepdim = false) => paddle.sum(this, axis, dtype, keepdim);
        public Tensor sum(int[] axis, DType? dtype = null, bool keepdim = false) => paddle.sum(this, axis, dtype, keepdim);
        public Tensor mean(int? axis = null, bool keepdim = false) => paddle.mean(this, axis, keepdim);
        public Tensor mean(int[] axis, bool keepdim = false) => paddle.mean(this, axis, keepdim);
        public Tensor max(int? axis = null, bool keepdim = false) => paddle.max(this, axis, keepdim);
        public Tensor max(int[] axis, bool keepdim = false) => paddle.max(this, axis, keepdim);
        public Tensor min(int? axis = null, bool keepdim = false) => paddle.min(this, axis, keepdim);
        public Tensor min(int[] axis, bool keepdim = false) => paddle.min(this, axis, keepdim);
        public Tensor prod(int? axis = null, bool keepdim = false, DType? dtype = null) => paddle.prod(this, axis, keepdim, dtype);
        public Tensor matmul(Tensor y, bool transpose_x = false, bool transpose_y = false) => paddle.matmul(this, y, transpose_x, transpose_y);
        public Tensor reshape(long[] shape) => paddle.reshape(this, shape);
        public Tensor reshape(int[] shape) => paddle.reshape(this, shape);
        public Tensor transpose(int[] perm) => paddle.transpose(this, perm);
        public Tensor[] split(int num_or_sections, int axis = 0) => paddle.split(this, num_or_sections, axis);
        public Tensor[] split(int[] num_or_sections, int axis = 0) => paddle.split(this, num_or_sections, axis);
        public Tensor gather(Tensor index, int? axis = null) => paddle.gather(this, index, axis);
        public Tensor cast(DType dtype) => paddle.cast(this, dtype);
        /// <summary><c>Tensor.astype(dtype)</c>.</summary>
        public Tensor astype(DType dtype) => paddle.cast(this, dtype);
        public Tensor unsqueeze(int axis) => paddle.unsqueeze(this, axis);
        public Tensor squeeze(int[]? axis = null) => paddle.squeeze(this, axis);
        public Tensor equal(Tensor y) => paddle.equal(this, y);
        public Tensor not_equal(Tensor y) => paddle.not_equal(this, y);
        public Tensor less_than(Tensor y) => paddle.less_than(this, y);
        public Tensor less_equal(Tensor y) => paddle.less_equal(this, y);
        public Tensor greater_than(Tensor y) => paddle.greater_than(this, y);
        public Tensor greater_equal(Tensor y) => paddle.greater_equal(this, y);
    }
}
