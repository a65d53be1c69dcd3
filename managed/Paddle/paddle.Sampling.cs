namespace Paddle;

public static partial class paddle
{
    private static OpInfo? s_randint, s_randperm, s_bernoulli, s_multinomial;

    /// <summary><c>paddle.randint(low, high, shape, dtype)</c>: integers in [low, high); with
    /// high omitted the range is [0, low). dtype defaults to int64.</summary>
    public static Tensor randint(long low = 0, long? high = null, long[]? shape = null, DType? dtype = null)
    {
        long lo = low, hi;
        if (high is null) { hi = low; lo = 0; } else hi = high.Value;
        var op = s_randint ??= OpInfo.Get("randint", "shape", "low", "high", "seed", "dtype");
        return op.Run1(ReadOnlySpan<Tensor?>.Empty, new[]
        {
            Attr.Ints_(0, shape ?? new long[] { 1 }), Attr.Int(1, lo), Attr.Int(2, hi), Attr.Int(3, 0),
            Attr.Int(4, (dtype ?? DType.int64).Code),
        });
    }
    public static Tensor randint(long low, long? high, int[] shape, DType? dtype = null)
        => randint(low, high, ToLongs(shape), dtype);

    /// <summary><c>paddle.randperm(n, dtype)</c>: a random permutation of 0..n-1 (int64 by default).</summary>
    public static Tensor randperm(long n, DType? dtype = null)
    {
        var op = s_randperm ??= OpInfo.Get("randperm", "n", "dtype");
        return op.Run1(ReadOnlySpan<Tensor?>.Empty, new[] { Attr.Int(0, n), Attr.Int(1, (dtype ?? DType.int64).Code) });
    }

    /// <summary><c>paddle.bernoulli(x)</c>: 1 with probability x, else 0 (x in [0, 1]).</summary>
    public static Tensor bernoulli(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        return (s_bernoulli ??= OpInfo.Get("bernoulli")).Run1(new[] { x });
    }

    /// <summary><c>paddle.multinomial(x, num_samples, replacement)</c>: category indices drawn
    /// with probabilities proportional to the rows of x (1-D or 2-D).</summary>
    public static Tensor multinomial(Tensor x, int num_samples = 1, bool replacement = false)
    {
        ArgumentNullException.ThrowIfNull(x);
        var op = s_multinomial ??= OpInfo.Get("multinomial", "num_samples", "replacement");
        return op.Run1(new[] { x }, new[] { Attr.Int(0, num_samples), Attr.Bool(1, replacement) });
    }

    /// <summary><c>paddle.get_cuda_rng_state()</c>: one state per GPU — an empty list in a build
    /// without CUDA, as Paddle returns.</summary>
    public static List<Tensor> get_cuda_rng_state() => new();

    /// <summary><c>paddle.set_cuda_rng_state(state_list)</c>: must match the GPU count (0 here).</summary>
    public static void set_cuda_rng_state(IReadOnlyList<Tensor> state_list)
    {
        ArgumentNullException.ThrowIfNull(state_list);
        if (state_list.Count != 0)
            throw new ArgumentException($"Length of cuda state list should be equal to the cuda device count (0), but received {state_list.Count}");
    }
}
