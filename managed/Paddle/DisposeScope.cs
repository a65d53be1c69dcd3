namespace Paddle;

/// <summary>
/// Deterministic cleanup for services: every tensor created on this thread while the scope is
/// the innermost one is disposed when the scope is disposed, unless it was kept with
/// <see cref="Keep"/> / <see cref="Tensor.MoveToOuterScope"/>. Scopes nest.
/// <code>
/// using (paddle.NewScope()) { var y = paddle.add(x, x); result = y.MoveToOuterScope(); }
/// </code>
/// </summary>
public sealed class DisposeScope : IDisposable
{
    [ThreadStatic] private static DisposeScope? t_current;

    private readonly DisposeScope? _outer;
    private readonly List<Tensor> _tensors = new();
    private bool _disposed;

    internal DisposeScope()
    {
        _outer = t_current;
        t_current = this;
    }

    /// <summary>The innermost open scope of this thread, or null.</summary>
    public static DisposeScope? Current => t_current;

    /// <summary>Number of tensors this scope will dispose.</summary>
    public int Count => _tensors.Count;

    internal static void Register(Tensor t) => t_current?._tensors.Add(t);

    /// <summary>Excludes tensors from this scope's cleanup (the caller now owns them).</summary>
    public void Keep(params Tensor[] tensors)
    {
        foreach (var t in tensors) _tensors.Remove(t);
    }

    /// <summary>Moves a tensor from this scope to the enclosing one (or to no scope).</summary>
    internal void MoveOut(Tensor t)
    {
        if (_tensors.Remove(t)) _outer?._tensors.Add(t);
    }

    internal bool Contains(Tensor t) => _tensors.Contains(t);

    /// <summary>Disposes every tensor still owned by the scope and closes it.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        foreach (var t in _tensors) t.Dispose();
        _tensors.Clear();
        // Scopes must close innermost first; an out-of-order close unlinks just this one.
        if (ReferenceEquals(t_current, this)) t_current = _outer;
    }
}

public static partial class paddle
{
    public sealed partial class Tensor
    {
        /// <summary>Keeps this tensor alive past the current scope: it moves to the enclosing scope
        /// (or is owned by the caller when there is none). Returns this tensor.</summary>
        public Tensor MoveToOuterScope()
        {
            DisposeScope.Current?.MoveOut(this);
            return this;
        }
    }
}
