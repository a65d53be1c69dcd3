namespace Paddle;

public static partial class paddle
{
    private static OpInfo? s_uniform, s_gaussian;

    /// <summary><c>paddle.uniform(shape, dtype, min, max, seed)</c>: U[min, max). seed 0 uses the
    /// global generator (see <see cref="seed"/>).</summary>
    public static Tensor uniform(long[] shape, DType? dtype = null, double min = -1.0, double max = 1.0, long seed = 0)
    {
        var op = s_uniform ??= OpInfo.Get("uniform_random", "shape", "dtype", "min", "max", "seed");
        return op.Run1(ReadOnlySpan<Tensor?>.Empty, new[]
        {
            Attr.Ints_(0, shape), Attr.Int(1, (dtype ?? DefaultFloat).Code), Attr.Float(2, min), Attr.Float(3, max), Attr.Int(4, seed),
        });
    }
    public static Tensor uniform(int[] shape, DType? dtype = null, double min = -1.0, double max = 1.0, long seed = 0)
        => uniform(ToLongs(shape), dtype, min, max, seed);

    /// <summary><c>paddle.rand(shape, dtype)</c>: U[0, 1).</summary>
    public static Tensor rand(long[] shape, DType? dtype = null) => uniform(shape, dtype, 0.0, 1.0);
    public static Tensor rand(int[] shape, DType? dtype = null) => uniform(ToLongs(shape), dtype, 0.0, 1.0);

    /// <summary><c>paddle.normal(mean, std, shape)</c>.</summary>
    public static Tensor normal(double mean = 0.0, double std = 1.0, long[]? shape = null)
    {
        var op = s_gaussian ??= OpInfo.Get("gaussian_random", "shape", "mean", "std", "seed", "dtype");
        return op.Run1(ReadOnlySpan<Tensor?>.Empty, new[]
        {
            Attr.Ints_(0, shape ?? new long[] { 1 }), Attr.Float(1, mean), Attr.Float(2, std), Attr.Int(3, 0), Attr.Int(4, DefaultFloat.Code),
        });
    }
    public static Tensor normal(double mean, double std, int[] shape) => normal(mean, std, ToLongs(shape));

    /// <summary><c>paddle.randn(shape, dtype)</c>: standard normal.</summary>
    public static Tensor randn(long[] shape, DType? dtype = null)
    {
        var op = s_gaussian ??= OpInfo.Get("gaussian_random", "shape", "mean", "std", "seed", "dtype");
        return op.Run1(ReadOnlySpan<Tensor?>.Empty, new[]
        {
            Attr.Ints_(0, shape), Attr.Float(1, 0.0), Attr.Float(2, 1.0), Attr.Int(3, 0), Attr.Int(4, (dtype ?? DefaultFloat).Code),
        });
    }
    public static Tensor randn(int[] shape, DType? dtype = null) => randn(ToLongs(shape), dtype);
}
