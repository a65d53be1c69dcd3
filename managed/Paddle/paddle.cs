using Paddle.Interop;

namespace Paddle;

/// <summary>
/// The <c>paddle</c> module. Functions keep Paddle's names, parameter names and defaults, so
/// Paddle code ports line by line: <c>paddle.add(x, y)</c>, <c>paddle.sum(x, axis: 1)</c>.
/// Modules are nested classes (<c>paddle.nn.functional.relu</c>).
/// </summary>
public static partial class paddle
{
    // dtype shorthands, as paddle.float32 etc.
    public static readonly DType @bool = DType.@bool;
    public static readonly DType int8 = DType.int8;
    public static readonly DType uint8 = DType.uint8;
    public static readonly DType int16 = DType.int16;
    public static readonly DType int32 = DType.int32;
    public static readonly DType int64 = DType.int64;
    public static readonly DType float16 = DType.float16;
    public static readonly DType bfloat16 = DType.bfloat16;
    public static readonly DType float32 = DType.float32;
    public static readonly DType float64 = DType.float64;
    public static readonly DType complex64 = DType.complex64;
    public static readonly DType complex128 = DType.complex128;

    private static DType s_defaultDtype = DType.float32;

    /// <summary>The default floating dtype (float32 unless changed).</summary>
    public static string get_default_dtype() => s_defaultDtype.Name;

    /// <summary>Sets the default floating dtype: float16, float32 or float64 only.</summary>
    public static void set_default_dtype(DType d)
    {
        if (d != DType.float16 && d != DType.float32 && d != DType.float64)
            throw new ArgumentException($"set_default_dtype only supports [float16, float32, float64], but received {d.Name}");
        s_defaultDtype = d;
    }

    internal static DType DefaultFloat => s_defaultDtype;

    /// <summary>Opens a <see cref="DisposeScope"/>: tensors created on this thread until it is
    /// disposed are freed with it.</summary>
    public static DisposeScope NewScope() => new();

    /// <summary>Seeds the global random generator (results of rand/randn/uniform/normal are
    /// reproducible after it).</summary>
    public static void seed(long seed) => Native.Check(NativeMethods.pd_seed(unchecked((ulong)seed)));

    /// <summary>Whether this build has CUDA kernels.</summary>
    public static bool is_compiled_with_cuda() => NativeMethods.pd_is_compiled_with_cuda() != 0;

    /// <summary>Always true here: Paddle.NET runs in dynamic (dygraph) mode by default.</summary>
    public static bool in_dynamic_mode() => true;

    /// <summary>Whether <paramref name="x"/> is a <see cref="Tensor"/>.</summary>
    public static bool is_tensor(object? x) => x is Tensor;

    /// <summary><c>with paddle.no_grad():</c> — <c>using (paddle.no_grad()) { ... }</c>.
    /// Ops run inside record no autograd history (per thread).</summary>
    public static IDisposable no_grad() => new GradModeGuard(false);

    /// <summary>Re-enables gradient recording inside a no_grad block.</summary>
    public static IDisposable enable_grad() => new GradModeGuard(true);

    /// <summary>Whether autograd records operations on this thread.</summary>
    public static bool is_grad_enabled() => NativeMethods.pd_is_grad_enabled() != 0;

    private sealed class GradModeGuard : IDisposable
    {
        private readonly int _prev;
        private bool _done;
        public GradModeGuard(bool enabled) => _prev = NativeMethods.pd_set_grad_enabled(enabled ? 1 : 0);
        public void Dispose()
        {
            if (_done) return;
            _done = true;
            NativeMethods.pd_set_grad_enabled(_prev);
        }
    }

    /// <summary>
    /// <c>paddle.grad</c>: gradients of <paramref name="outputs"/> with respect to
    /// <paramref name="inputs"/>, without touching their <c>.grad</c>. An entry is null for an
    /// unused input when <paramref name="allow_unused"/> is true.
    /// </summary>
    public static unsafe Tensor?[] grad(Tensor[] outputs, Tensor[] inputs, Tensor?[]? grad_outputs = null,
                                        bool? retain_graph = null, bool create_graph = false,
                                        bool only_inputs = true, bool allow_unused = false,
                                        bool no_grad_vars = false)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        ArgumentNullException.ThrowIfNull(inputs);
        if (grad_outputs != null && grad_outputs.Length != outputs.Length)
            throw new ArgumentException($"grad: grad_outputs has {grad_outputs.Length} entries but outputs has {outputs.Length}; expected the same length");
        bool retain = retain_graph ?? create_graph;
        var all = new List<Tensor>();
        all.AddRange(outputs);
        all.AddRange(inputs);
        if (grad_outputs != null) foreach (var g in grad_outputs) if (g is not null) all.Add(g);
        var added = new bool[all.Count];
        nint* outs = stackalloc nint[outputs.Length];
        nint* ins = stackalloc nint[inputs.Length];
        nint* gouts = stackalloc nint[outputs.Length];
        nint* res = stackalloc nint[inputs.Length];
        try
        {
            for (int i = 0; i < all.Count; i++) all[i].Handle.DangerousAddRef(ref added[i]);
            for (int i = 0; i < outputs.Length; i++) outs[i] = outputs[i].Handle.DangerousGetHandle();
            for (int i = 0; i < inputs.Length; i++) ins[i] = inputs[i].Handle.DangerousGetHandle();
            for (int i = 0; i < outputs.Length; i++)
                gouts[i] = grad_outputs?[i]?.Handle.DangerousGetHandle() ?? 0;
            Native.Check(NativeMethods.pd_grad(outs, outputs.Length, ins, inputs.Length,
                                               grad_outputs == null ? null : gouts,
                                               retain ? 1 : 0, create_graph ? 1 : 0, allow_unused ? 1 : 0, res));
        }
        finally
        {
            for (int i = 0; i < all.Count; i++) if (added[i]) all[i].Handle.DangerousRelease();
        }
        var result = new Tensor?[inputs.Length];
        for (int i = 0; i < inputs.Length; i++) result[i] = res[i] == 0 ? null : Tensor.FromOwned(res[i]);
        return result;
    }

    /// <summary><c>paddle.grad</c> for one output and one input.</summary>
    public static Tensor? grad(Tensor outputs, Tensor inputs, Tensor? grad_outputs = null, bool? retain_graph = null,
                               bool create_graph = false, bool allow_unused = false)
        => grad(new[] { outputs }, new[] { inputs }, grad_outputs is null ? null : new[] { grad_outputs },
                retain_graph, create_graph, true, allow_unused)[0];

    /// <summary>Native runtime controls that are not part of Paddle's Python API.</summary>
    public static class Runtime
    {
        /// <summary>Native library version.</summary>
        public static unsafe string Version =>
            System.Runtime.InteropServices.Marshal.PtrToStringUTF8((nint)NativeMethods.pd_version()) ?? "";

        /// <summary>Sets the number of kernel threads (OpenMP); 0 restores the default.</summary>
        public static void SetNumThreads(int n) => Native.Check(NativeMethods.pd_set_num_threads(n));

        /// <summary>Bytes of released tensor memory the CPU allocator keeps for reuse.</summary>
        public static long CpuCachedBytes => NativeMethods.pd_cpu_cached_bytes();

        /// <summary>Returns the CPU allocator's cached blocks to the system.</summary>
        public static void EmptyCache() => NativeMethods.pd_cpu_empty_cache();

        /// <summary>Current number of kernel threads.</summary>
        public static int GetNumThreads() => NativeMethods.pd_get_num_threads();

        /// <summary>Live native objects: storage bytes, tensors, storages, autograd nodes.</summary>
        public static unsafe (long StorageBytes, long Tensors, long Storages, long GradNodes) LiveStats()
        {
            long b, t, s, g;
            NativeMethods.pd_live_stats(&b, &t, &s, &g);
            return (b, t, s, g);
        }
    }
}
