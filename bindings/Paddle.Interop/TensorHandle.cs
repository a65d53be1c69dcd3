using System;
using System.Runtime.InteropServices;

namespace Paddle.Interop;

/// <summary>
/// Owns one reference to a native <c>pd_tensor</c>; <see cref="ReleaseHandle"/> gives it back with
/// <c>pd_tensor_release</c>. Functions of <see cref="NativeMethods"/> that hand out a new reference
/// (<c>out TensorHandle</c>) fill one of these. To pass C's NULL, pass <see cref="Null"/>
/// (an invalid handle whose value is 0). The value is an opaque id, not a pointer: every new
/// reference has its own value, so two handles to the same tensor compare unequal.
/// </summary>
public sealed class TensorHandle : SafeHandle
{
    /// <summary>Creates an invalid handle (value 0). Used by the interop marshaller.</summary>
    public TensorHandle() : base(IntPtr.Zero, ownsHandle: true)
    {
    }

    private TensorHandle(nint handle) : base(IntPtr.Zero, ownsHandle: true)
    {
        SetHandle(handle);
    }

    /// <summary>A fresh handle holding NULL, for optional <c>pd_tensor*</c> arguments.</summary>
    public static TensorHandle Null => new();

    /// <summary>
    /// Wraps a raw <c>pd_tensor*</c> that already carries one reference (for example an element of
    /// the <c>outputs</c> array of <c>pd_op_run</c>); the returned handle releases that reference.
    /// A zero pointer gives an invalid handle.
    /// </summary>
    public static TensorHandle FromOwned(nint handle) => new(handle);

    /// <inheritdoc />
    public override bool IsInvalid => handle == IntPtr.Zero;

    /// <inheritdoc />
    protected override bool ReleaseHandle()
    {
        // Runs on the finalizer thread too, so it never throws. The status is ignored: a handle
        // that is not live any more is reported by the library, not dereferenced, and there is
        // nothing left to give back.
        try
        {
            _ = NativeMethods.pd_tensor_release(handle);
        }
        catch
        {
            // The library could not be reached (e.g. during process teardown): nothing to free.
        }
        return true;
    }
}
