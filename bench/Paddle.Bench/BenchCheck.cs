namespace Paddle.Bench;

/// <summary>A bench class whose sides must compute the same thing: <see cref="Verify"/> runs each
/// side once after [GlobalSetup] and throws <see cref="BenchCheckException"/> on any disagreement.
/// The report run verifies every such class before it times anything.</summary>
public interface IVerifiedBench
{
    void Setup();
    void Verify();
    void Cleanup();
}

public sealed class BenchCheckException(string message) : Exception(message);

/// <summary>Numerical agreement checks for <see cref="IVerifiedBench.Verify"/>.</summary>
internal static class BenchCheck
{
    /// <summary>|expected - actual| ≤ atol + rtol·|expected| element-wise, and equal lengths.</summary>
    public static void Close(string what, ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, float atol, float rtol = 0f)
    {
        if (expected.Length != actual.Length)
            throw new BenchCheckException($"{what}: length {actual.Length}, expected {expected.Length}");
        for (int i = 0; i < expected.Length; i++)
        {
            float e = expected[i], a = actual[i];
            if (!(MathF.Abs(e - a) <= atol + rtol * MathF.Abs(e)))
                throw new BenchCheckException($"{what}: element {i} is {a}, expected {e} (atol {atol}, rtol {rtol})");
        }
    }

    public static void Shape(string what, long[] expected, long[] actual)
    {
        if (!expected.SequenceEqual(actual))
            throw new BenchCheckException($"{what}: shape [{string.Join(", ", actual)}], expected [{string.Join(", ", expected)}]");
    }

    public static void Equal<T>(string what, T expected, T actual)
    {
        if (!EqualityComparer<T>.Default.Equals(expected, actual))
            throw new BenchCheckException($"{what}: {actual}, expected {expected}");
    }

    /// <summary>Same elements in the same order (e.g. NMS picks, which both sides emit by score).</summary>
    public static void SameSequence<T>(string what, IReadOnlyList<T> expected, IReadOnlyList<T> actual)
    {
        Equal(what + " count", expected.Count, actual.Count);
        for (int i = 0; i < expected.Count; i++)
            if (!EqualityComparer<T>.Default.Equals(expected[i], actual[i]))
                throw new BenchCheckException($"{what}: item {i} is {actual[i]}, expected {expected[i]}");
    }
}
