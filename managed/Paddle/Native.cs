using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Paddle.Interop;

namespace Paddle;

/// <summary>Status checking: turns a native failure into the matching .NET exception.</summary>
internal static unsafe class Native
{
    private static int s_abiChecked;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Check(pd_status status)
    {
        if (status != pd_status.PD_OK) Throw(status);
    }

    public static string LastMessage()
    {
        byte* p = NativeMethods.pd_last_error_message();
        return p == null ? "" : Marshal.PtrToStringUTF8((nint)p) ?? "";
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Throw(pd_status status)
    {
        string msg = LastMessage();
        throw Create(status, msg);
    }

    public static Exception Create(pd_status status, string msg)
    {
        // Native messages start with the op or function name: "elementwise_add: ...".
        int colon = msg.IndexOf(':');
        string? op = colon > 0 && msg.AsSpan(0, colon).IndexOf(' ') < 0 ? msg[..colon] : null;
        return status switch
        {
            pd_status.PD_INVALID_ARGUMENT => new PaddleArgumentException(msg, status, op),
            pd_status.PD_OUT_OF_RANGE => new PaddleIndexException(msg, status, op),
            pd_status.PD_INVALID_STATE => new PaddleInvalidOperationException(msg, status, op),
            pd_status.PD_OUT_OF_MEMORY => new PaddleOutOfMemoryException(msg, status, op),
            _ => new PaddleException(msg, status, op),
        };
    }

    /// <summary>
    /// Loads the native library and checks once that it speaks our ABI. The check itself lives in
    /// <see cref="NativeLibraryLoader.Load"/> (the P/Invoke resolver), so it also guards native calls
    /// that do not pass through here; a mismatch throws <see cref="NativeVersionMismatchException"/>
    /// naming both versions and the package to update, every time.
    /// </summary>
    public static void EnsureAbi()
    {
        if (Volatile.Read(ref s_abiChecked) != 0) return;
        NativeLibraryLoader.Load();
        Volatile.Write(ref s_abiChecked, 1);
    }
}

/// <summary>One attribute value for an op call. <see cref="Slot"/> is the position in the
/// attribute-name list the <see cref="OpInfo"/> was created with.</summary>
internal readonly struct Attr
{
    public readonly int Slot;
    public readonly pd_attr_type Type;
    public readonly long I;
    public readonly double F;
    public readonly long[]? Ints;
    public readonly double[]? Floats;
    public readonly string? S;

    private Attr(int slot, pd_attr_type type, long i = 0, double f = 0, long[]? ints = null,
                 double[]? floats = null, string? s = null)
    {
        Slot = slot; Type = type; I = i; F = f; Ints = ints; Floats = floats; S = s;
    }

    public static Attr Int(int slot, long v) => new(slot, pd_attr_type.PD_ATTR_INT, i: v);
    public static Attr Float(int slot, double v) => new(slot, pd_attr_type.PD_ATTR_FLOAT, f: v);
    public static Attr Bool(int slot, bool v) => new(slot, pd_attr_type.PD_ATTR_BOOL, i: v ? 1 : 0);
    public static Attr Ints_(int slot, long[] v) => new(slot, pd_attr_type.PD_ATTR_INTS, ints: v);
    public static Attr Floats_(int slot, double[] v) => new(slot, pd_attr_type.PD_ATTR_FLOATS, floats: v);
    public static Attr Str(int slot, string v) => new(slot, pd_attr_type.PD_ATTR_STRING, s: v);
}

/// <summary>
/// A native op resolved once: its id and the native slot of each attribute the wrapper uses.
/// Wrappers keep one in a static field, so a call does no string lookup.
/// </summary>
internal sealed unsafe class OpInfo
{
    public readonly string Name;
    public readonly int Id;
    private readonly int[] _attrIndex;

    private OpInfo(string name, string[] attrs)
    {
        Native.EnsureAbi();
        Name = name;
        int id;
        Native.Check(NativeMethods.pd_op_lookup(name, &id));
        Id = id;
        _attrIndex = new int[attrs.Length];
        for (int i = 0; i < attrs.Length; i++)
        {
            int idx;
            Native.Check(NativeMethods.pd_op_attr_index(id, attrs[i], &idx));
            _attrIndex[i] = idx;
        }
    }

    public static OpInfo Get(string name, params string[] attrs) => new(name, attrs);

    private const int MaxOutputs = 64;

    /// <summary>Runs the op with one tensor per input slot (null for an absent optional input).</summary>
    public Tensor[] Run(ReadOnlySpan<Tensor?> inputs, ReadOnlySpan<Attr> attrs, ReadOnlySpan<int> counts = default)
    {
        nint* outs = stackalloc nint[MaxOutputs];
        int n = RunRaw(inputs, attrs, counts, outs, MaxOutputs, null);
        var result = new Tensor[n];
        for (int i = 0; i < n; i++) result[i] = Tensor.FromOwned(outs[i]);
        return result;
    }

    /// <summary>Runs the op and returns its first output (other outputs are released).</summary>
    public Tensor Run1(ReadOnlySpan<Tensor?> inputs, ReadOnlySpan<Attr> attrs = default, ReadOnlySpan<int> counts = default)
    {
        nint* outs = stackalloc nint[MaxOutputs];
        int n = RunRaw(inputs, attrs, counts, outs, MaxOutputs, null);
        for (int i = 1; i < n; i++) _ = NativeMethods.pd_tensor_release(outs[i]);
        return Tensor.FromOwned(outs[0]);
    }

    /// <summary>Runs the op in place: its first output is written into <paramref name="target"/>.</summary>
    public void RunInplace(Tensor target, ReadOnlySpan<Tensor?> inputs, ReadOnlySpan<Attr> attrs = default, ReadOnlySpan<int> counts = default)
    {
        RunRaw(inputs, attrs, counts, null, 0, target);
    }

    private int RunRaw(ReadOnlySpan<Tensor?> inputs, ReadOnlySpan<Attr> attrs, ReadOnlySpan<int> counts,
                       nint* outs, int capacity, Tensor? target)
    {
        int nIn = inputs.Length;
        nint* handles = stackalloc nint[Math.Max(nIn, 1)];
        bool[]? refs = nIn > 16 ? new bool[nIn] : null;
        bool* refsSmall = stackalloc bool[16];
        pd_attr* native = stackalloc pd_attr[Math.Max(attrs.Length, 1)];
        int pinCount = 0;
        foreach (ref readonly Attr a in attrs) if (a.Ints != null || a.Floats != null || a.S != null) pinCount++;
        GCHandle[]? pins = pinCount > 0 ? new GCHandle[pinCount] : null;
        int pinned = 0;
        bool targetRef = false;
        try
        {
            for (int i = 0; i < nIn; i++)
            {
                Tensor? t = inputs[i];
                if (t is null) { handles[i] = 0; continue; }
                bool added = false;
                t.Handle.DangerousAddRef(ref added);
                if (refs != null) refs[i] = added; else refsSmall[i] = added;
                handles[i] = t.Handle.DangerousGetHandle();
            }
            for (int i = 0; i < attrs.Length; i++)
            {
                ref readonly Attr a = ref attrs[i];
                pd_attr* d = native + i;
                *d = default;
                d->index = _attrIndex[a.Slot];
                d->type = (int)a.Type;
                d->value_i = a.I;
                d->value_f = a.F;
                if (a.Ints != null)
                {
                    pins![pinned] = GCHandle.Alloc(a.Ints, GCHandleType.Pinned);
                    d->ints = (long*)pins[pinned++].AddrOfPinnedObject();
                    d->count = a.Ints.Length;
                }
                else if (a.Floats != null)
                {
                    pins![pinned] = GCHandle.Alloc(a.Floats, GCHandleType.Pinned);
                    d->floats = (double*)pins[pinned++].AddrOfPinnedObject();
                    d->count = a.Floats.Length;
                }
                else if (a.S != null)
                {
                    byte[] utf8 = new byte[System.Text.Encoding.UTF8.GetByteCount(a.S) + 1];
                    System.Text.Encoding.UTF8.GetBytes(a.S, utf8);
                    pins![pinned] = GCHandle.Alloc(utf8, GCHandleType.Pinned);
                    d->value_s = (byte*)pins[pinned++].AddrOfPinnedObject();
                }
            }
            fixed (int* pc = counts)
            {
                int* countsPtr = counts.IsEmpty ? null : pc;
                int nSlots = counts.Length;
                if (target is null)
                {
                    int nOut;
                    Native.Check(NativeMethods.pd_op_run(Id, handles, nIn, countsPtr, nSlots, native,
                                                         attrs.Length, outs, capacity, &nOut));
                    return nOut;
                }
                target.Handle.DangerousAddRef(ref targetRef);
                Native.Check(NativeMethods.pd_op_run_inplace(Id, target.Handle, handles, nIn, countsPtr,
                                                             nSlots, native, attrs.Length));
                return 0;
            }
        }
        finally
        {
            for (int i = 0; i < pinned; i++) pins![i].Free();
            for (int i = 0; i < nIn; i++)
            {
                bool added = refs != null ? refs[i] : refsSmall[i];
                if (added) inputs[i]!.Handle.DangerousRelease();
            }
            if (targetRef) target!.Handle.DangerousRelease();
        }
    }
}
