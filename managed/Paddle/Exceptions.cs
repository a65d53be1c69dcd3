using Paddle.Interop;

namespace Paddle;

/// <summary>What every exception raised by the native engine exposes.</summary>
public interface IPaddleError
{
    /// <summary>The op (or C ABI function) that failed, taken from the native message.</summary>
    string? OpName { get; }
    /// <summary>The native status code.</summary>
    pd_status Status { get; }
}

/// <summary>Base of native engine errors that are neither bad arguments, bad state nor out of
/// memory (unknown op, missing kernel, internal error).</summary>
public class PaddleException : Exception, IPaddleError
{
    public string? OpName { get; }
    public pd_status Status { get; }
    public PaddleException(string message, pd_status status, string? opName) : base(message)
    {
        Status = status;
        OpName = opName;
    }
}

/// <summary>A shape, dtype, axis, index or attribute was wrong (native PD_INVALID_ARGUMENT).</summary>
public sealed class PaddleArgumentException : ArgumentException, IPaddleError
{
    public string? OpName { get; }
    public pd_status Status { get; }
    public PaddleArgumentException(string message, pd_status status, string? opName) : base(message)
    {
        Status = status;
        OpName = opName;
    }
    // ArgumentException appends the parameter name to Message; we never set one, so Message is
    // exactly the native text.
}

/// <summary>An index was outside its dimension (native PD_OUT_OF_RANGE).</summary>
public sealed class PaddleIndexException : ArgumentOutOfRangeException, IPaddleError
{
    private readonly string _message;
    public string? OpName { get; }
    public pd_status Status { get; }
    public PaddleIndexException(string message, pd_status status, string? opName)
    {
        _message = message;
        Status = status;
        OpName = opName;
    }
    public override string Message => _message;
}

/// <summary>The call is not allowed in the current state (native PD_INVALID_STATE).</summary>
public sealed class PaddleInvalidOperationException : InvalidOperationException, IPaddleError
{
    public string? OpName { get; }
    public pd_status Status { get; }
    public PaddleInvalidOperationException(string message, pd_status status, string? opName) : base(message)
    {
        Status = status;
        OpName = opName;
    }
}

/// <summary>A native allocation failed (native PD_OUT_OF_MEMORY); the process lives on.</summary>
public sealed class PaddleOutOfMemoryException : OutOfMemoryException, IPaddleError
{
    public string? OpName { get; }
    public pd_status Status { get; }
    public PaddleOutOfMemoryException(string message, pd_status status, string? opName) : base(message)
    {
        Status = status;
        OpName = opName;
    }
}
