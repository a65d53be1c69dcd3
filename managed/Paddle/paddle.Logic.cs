namespace Paddle;

public static partial class paddle
{
    private static OpInfo? s_eq, s_ne, s_lt, s_le, s_gt, s_ge;

    /// <summary><c>paddle.equal(x, y)</c>: elementwise x == y as a bool tensor.</summary>
    public static Tensor equal(Tensor x, Tensor y) => Binary(ref s_eq, "equal", x, y);
    /// <summary><c>paddle.not_equal(x, y)</c>.</summary>
    public static Tensor not_equal(Tensor x, Tensor y) => Binary(ref s_ne, "not_equal", x, y);
    /// <summary><c>paddle.less_than(x, y)</c>.</summary>
    public static Tensor less_than(Tensor x, Tensor y) => Binary(ref s_lt, "less_than", x, y);
    /// <summary><c>paddle.less_equal(x, y)</c>.</summary>
    public static Tensor less_equal(Tensor x, Tensor y) => Binary(ref s_le, "less_equal", x, y);
    /// <summary><c>paddle.greater_than(x, y)</c>.</summary>
    public static Tensor greater_than(Tensor x, Tensor y) => Binary(ref s_gt, "greater_than", x, y);
    /// <summary><c>paddle.greater_equal(x, y)</c>.</summary>
    public static Tensor greater_equal(Tensor x, Tensor y) => Binary(ref s_ge, "greater_equal", x, y);
}
