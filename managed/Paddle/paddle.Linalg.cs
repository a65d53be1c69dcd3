namespace Paddle;

// Linear algebra beyond matmul: bmm, mm, mv, dot, t, cross, kron, trace, inverse, cholesky.
// inverse/cholesky are batched; a singular / non-positive-definite matrix raises
// PaddleArgumentException instead of returning NaN or inf.
public static partial class paddle
{
    private static OpInfo? s_bmm, s_mv, s_dot, s_cross, s_kron, s_trace, s_inverse, s_cholesky;

    /// <summary><c>paddle.bmm(x, y)</c>: batched product of [B, M, K] and [B, K, N].</summary>
    public static Tensor bmm(Tensor x, Tensor y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        var op = s_bmm ??= OpInfo.Get("bmm");
        return op.Run1(new[] { x, y });
    }

    /// <summary><c>paddle.mm(input, mat2)</c>: matrix product (matmul without transposes) with
    /// Paddle's shape checks: the inner dims must agree and, when both have rank &gt; 2, the batch
    /// dims must be equal (no broadcasting of unequal batch dims).</summary>
    public static Tensor mm(Tensor input, Tensor mat2)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(mat2);
        long[] xs = input.shape, ys = mat2.shape;
        if (xs.Length == 0 || ys.Length == 0)
            throw new ArgumentException($"mm: input has shape [{string.Join(", ", xs)}] and mat2 has shape [{string.Join(", ", ys)}]; expected both of rank >= 1");
        long[] xe = xs.Length == 1 ? new[] { 1L, xs[0] } : xs;
        long[] ye = ys.Length == 1 ? new[] { ys[0], 1L } : ys;
        if (xe[^1] != ye[^2])
            throw new ArgumentException("mm: after performing an optional transpose, Input X's width should be equal to Y's width for multiplication prerequisites. " +
                $"But received X's shape: [{string.Join(", ", xs)}], Y's shape: [{string.Join(", ", ys)}]");
        if (xe.Length > 2 && ye.Length > 2)
            for (int i = 0; i < xe.Length - 2 && i < ye.Length - 2; i++)
                if (xe[i] != ye[i])
                    throw new ArgumentException("mm: when the matrix is larger than 2 dimensions, the higher dimensional values of the two matrices need to be equal. " +
                        $"But received x_shape[{i}] != y_shape[{i}]. X's shape: [{string.Join(", ", xs)}], Y's shape: [{string.Join(", ", ys)}]");
        return matmul(input, mat2);
    }

    /// <summary><c>paddle.mv(x, vec)</c>: [M, N] times [N] gives [M].</summary>
    public static Tensor mv(Tensor x, Tensor vec)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(vec);
        var op = s_mv ??= OpInfo.Get("mv");
        return op.Run1(new[] { x, vec });
    }

    /// <summary><c>paddle.dot(x, y)</c>: 1-D inputs give shape [1]; 2-D [B, N] inputs give the
    /// row-wise dot products of shape [B, 1].</summary>
    public static Tensor dot(Tensor x, Tensor y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        var op = s_dot ??= OpInfo.Get("dot");
        return op.Run1(new[] { x, y });
    }

    /// <summary><c>paddle.t(input)</c>: transpose of a tensor of rank &lt;= 2 (0-D and 1-D inputs
    /// are returned as they are).</summary>
    public static Tensor t(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        int nd = input.ndim;
        if (nd > 2)
            throw new ArgumentException($"t: Input(input) only support N-D (N<=2) tensor, but received length of Input(input) is {nd}. " +
                "Perhaps you can use paddle.tensor.transpose() instead.");
        return nd < 2 ? input : transpose(input, new[] { 1, 0 });
    }

    /// <summary><c>paddle.cross(x, y, axis=None)</c>: cross product along axis (default: the
    /// first dimension of size 3).</summary>
    public static Tensor cross(Tensor x, Tensor y, int? axis = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        var op = s_cross ??= OpInfo.Get("cross", "dim");
        return op.Run1(new[] { x, y }, new[] { Attr.Int(0, axis ?? 9) });
    }

    /// <summary><c>paddle.kron(x, y)</c>: Kronecker product (ranks aligned on the right).</summary>
    public static Tensor kron(Tensor x, Tensor y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        var op = s_kron ??= OpInfo.Get("kron");
        return op.Run1(new[] { x, y });
    }

    /// <summary><c>paddle.trace(x, offset=0, axis1=0, axis2=1)</c>: sums of the (offset)
    /// diagonals of the 2-D planes given by axis1/axis2.</summary>
    public static Tensor trace(Tensor x, int offset = 0, int axis1 = 0, int axis2 = 1)
    {
        ArgumentNullException.ThrowIfNull(x);
        var op = s_trace ??= OpInfo.Get("trace", "offset", "axis1", "axis2");
        return op.Run1(new[] { x }, new[] { Attr.Int(0, offset), Attr.Int(1, axis1), Attr.Int(2, axis2) });
    }

    /// <summary><c>paddle.inverse(x)</c>: inverse of a (batch of) square matrices. A singular
    /// matrix raises PaddleArgumentException ("inverse: the matrix is singular").</summary>
    public static Tensor inverse(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        var op = s_inverse ??= OpInfo.Get("inverse");
        return op.Run1(new[] { x });
    }

    /// <summary><c>paddle.cholesky(x, upper=False)</c>: L with x = L L^T (or U = L^T when upper),
    /// batched; reads the lower triangle. A matrix that is not positive definite raises
    /// PaddleArgumentException.</summary>
    public static Tensor cholesky(Tensor x, bool upper = false)
    {
        ArgumentNullException.ThrowIfNull(x);
        var op = s_cholesky ??= OpInfo.Get("cholesky", "upper");
        return op.Run1(new[] { x }, new[] { Attr.Bool(0, upper) });
    }
}

public static partial class paddle
{
    public sealed partial class Tensor
    {
        public Tensor bmm(Tensor y) => paddle.bmm(this, y);
        public Tensor mm(Tensor mat2) => paddle.mm(this, mat2);
        public Tensor mv(Tensor vec) => paddle.mv(this, vec);
        public Tensor dot(Tensor y) => paddle.dot(this, y);
        public Tensor t() => paddle.t(this);
        public Tensor cross(Tensor y, int? axis = null) => paddle.cross(this, y, axis);
        public Tensor kron(Tensor y) => paddle.kron(this, y);
        public Tensor trace(int offset = 0, int axis1 = 0, int axis2 = 1) => paddle.trace(this, offset, axis1, axis2);
        public Tensor inverse() => paddle.inverse(this);
        public Tensor cholesky(bool upper = false) => paddle.cholesky(this, upper);
    }
}
