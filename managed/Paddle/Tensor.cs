using System.Runtime.InteropServices;
using Paddle.Interop;

namespace Paddle;

public static partial class paddle
{
    /// <summary>
    /// <c>paddle.Tensor</c>: a handle to a native tensor. Dispose it (or create it inside a
    /// <see cref="DisposeScope"/>) to free native memory deterministically; the finalizer of the
    /// underlying SafeHandle is only the safety net.
    /// </summary>
    public sealed partial class Tensor : IDisposable
    {
        internal readonly TensorHandle Handle;

        internal Tensor(TensorHandle handle)
        {
            Handle = handle;
            DisposeScope.Register(this);
        }

        /// <summary>Wraps a raw handle that carries one reference (from pd_op_run).</summary>
        internal static Tensor FromOwned(nint raw) => new(TensorHandle.FromOwned(raw));

        /// <summary>Releases the native reference now. Using the tensor afterwards throws
        /// <see cref="ObjectDisposedException"/>.</summary>
        public void Dispose() => Handle.Dispose();

        /// <summary>True once disposed.</summary>
        public bool IsDisposed => Handle.IsClosed;

        private void EnsureAlive()
        {
            if (Handle.IsClosed) throw new ObjectDisposedException(nameof(Tensor), "The tensor has been disposed.");
        }

        // ---------------- metadata ----------------

        /// <summary>Rank (number of dimensions).</summary>
        public unsafe int ndim
        {
            get { int n; Native.Check(NativeMethods.pd_tensor_ndim(Handle, &n)); return n; }
        }

        /// <summary>The dims, as Paddle's <c>Tensor.shape</c>.</summary>
        public unsafe long[] shape
        {
            get
            {
                int n = ndim;
                var dims = new long[n];
                fixed (long* p = dims) Native.Check(NativeMethods.pd_tensor_shape(Handle, p, n));
                return dims;
            }
        }

        /// <summary>Strides in elements (tensors may be views).</summary>
        public unsafe long[] strides
        {
            get
            {
                int n = ndim;
                var s = new long[n];
                fixed (long* p = s) Native.Check(NativeMethods.pd_tensor_strides(Handle, p, n));
                return s;
            }
        }

        /// <summary>Number of elements (<c>Tensor.size</c> in Paddle 2.x; also <c>numel()</c>).</summary>
        public unsafe long size
        {
            get { long n; Native.Check(NativeMethods.pd_tensor_numel(Handle, &n)); return n; }
        }

        /// <summary>The element type.</summary>
        public unsafe DType dtype
        {
            get { int d; Native.Check(NativeMethods.pd_tensor_dtype(Handle, &d)); return DType.FromCode(d); }
        }

        /// <summary>Where the tensor lives.</summary>
        public unsafe Place place
        {
            get
            {
                int kind, dev;
                Native.Check(NativeMethods.pd_tensor_place(Handle, &kind, &dev));
                return kind == 0 ? new paddle.CPUPlace() : new Place(kind, dev);
            }
        }

        /// <summary>Whether the tensor's elements are packed in row-major order.</summary>
        public unsafe bool is_contiguous()
        {
            int c;
            Native.Check(NativeMethods.pd_tensor_is_contiguous(Handle, &c));
            return c != 0;
        }

        /// <summary>When true (the default for new tensors), no gradient is computed for this tensor.</summary>
        public unsafe bool stop_gradient
        {
            get { int s; Native.Check(NativeMethods.pd_tensor_stop_gradient(Handle, &s)); return s != 0; }
            set => Native.Check(NativeMethods.pd_tensor_set_stop_gradient(Handle, value ? 1 : 0));
        }

        /// <summary>Whether this tensor was created by the user rather than by an op with history.</summary>
        public unsafe bool is_leaf
        {
            get { int s; Native.Check(NativeMethods.pd_tensor_is_leaf(Handle, &s)); return s != 0; }
        }

        /// <summary>The accumulated gradient (a new Tensor object each read), or null.</summary>
        public Tensor? grad
        {
            get
            {
                Native.Check(NativeMethods.pd_tensor_grad(Handle, out TensorHandle g));
                if (g.IsInvalid) { g.Dispose(); return null; }
                return new Tensor(g);
            }
        }

        /// <summary>Clears the accumulated gradient.</summary>
        public void clear_gradient() => Native.Check(NativeMethods.pd_tensor_clear_grad(Handle));

        /// <summary>Runs backpropagation from this tensor and accumulates into leaves' <see cref="grad"/>.</summary>
        public void backward(Tensor? grad_tensor = null, bool retain_graph = false)
        {
            using var none = grad_tensor is null ? new TensorHandle() : null;
            Native.Check(NativeMethods.pd_backward(Handle, grad_tensor?.Handle ?? none!, retain_graph ? 1 : 0));
        }

        /// <summary>A tensor sharing this one's data, cut from the autograd graph.</summary>
        public Tensor detach()
        {
            Native.Check(NativeMethods.pd_tensor_detach(Handle, out TensorHandle h));
            return new Tensor(h);
        }

        /// <summary>A copy with its own storage (and gradient history, like <c>paddle.assign</c>).</summary>
        public Tensor clone() => paddle.assign(this);

        // ---------------- data ----------------

        /// <summary>Copies the elements (row-major) into a new flat array of <typeparamref name="T"/>,
        /// which must be the dtype's element type (float for float32, long for int64 …).</summary>
        public unsafe T[] ToArray<T>() where T : unmanaged
        {
            CheckElementType<T>();
            long n = size;
            var arr = new T[n];
            fixed (T* p = arr) Native.Check(NativeMethods.pd_tensor_copy_to(Handle, p, n * sizeof(T)));
            return arr;
        }

        private void CheckElementType<T>() where T : unmanaged
        {
            DType dt = dtype;
            Type want = dt.ClrType;
            bool ok = dt == DType.complex64 ? typeof(T) == typeof(ComplexFloat) : typeof(T) == want;
            if (!ok)
                throw new ArgumentException(
                    $"Tensor of dtype {dt.Name} holds {want.Name} elements, not {typeof(T).Name}; cast it with astype() first");
        }

        /// <summary>
        /// Paddle's <c>numpy()</c>: the values as a .NET array of the tensor's rank (float[,] for a
        /// 2-D float32 tensor; a 1-element 1-D array for shape [1]; a 0-d tensor gives a 1-element
        /// 1-D array, as Paddle 2.0 does).
        /// </summary>
        public unsafe Array numpy()
        {
            DType dt = dtype;
            long[] dims = shape;
            Type et = dt == DType.complex64 ? typeof(ComplexFloat) : dt.ClrType;
            if (dt == DType.float16) et = typeof(Half);
            Array arr = dims.Length == 0
                ? Array.CreateInstance(et, 1)
                : Array.CreateInstance(et, dims);
            long nbytes = size * dt.ItemSize;
            GCHandle h = GCHandle.Alloc(arr, GCHandleType.Pinned);
            try
            {
                Native.Check(NativeMethods.pd_tensor_copy_to(Handle, (void*)h.AddrOfPinnedObject(), nbytes));
            }
            finally { h.Free(); }
            return arr;
        }

        /// <summary>The single value of a 1-element tensor, as its .NET type (float, long, bool …).</summary>
        public object item()
        {
            if (size != 1)
                throw new ArgumentException($"item(): only a tensor with one element can be converted to a scalar, but this tensor has shape {ShapeString(shape)}");
            Array a = numpy();
            return a.GetValue(new long[a.Rank])!;
        }

        /// <summary>The single value of a 1-element tensor, converted to <typeparamref name="T"/>.</summary>
        public T item<T>()
        {
            object v = item();
            if (v is Half h) v = (float)h;
            else if (v is BFloat16 b) v = (float)b;
            return (T)Convert.ChangeType(v, typeof(T), System.Globalization.CultureInfo.InvariantCulture);
        }

        /// <summary>Paddle's <c>numel()</c>: the element count as a 1-element int64 tensor.</summary>
        public Tensor numel() => paddle.to_tensor(new long[] { size });

        internal static string ShapeString(long[] dims) => "[" + string.Join(", ", dims) + "]";

        public override string ToString() => TensorPrinter.Format(this);
    }
}

/// <summary>A complex64 element (two float32s), as stored natively.</summary>
[StructLayout(LayoutKind.Sequential)]
public readonly struct ComplexFloat
{
    public readonly float Real, Imaginary;
    public ComplexFloat(float re, float im) { Real = re; Imaginary = im; }
    public override string ToString() => $"({Real}+{Imaginary}j)";
}

public static partial class paddle
{
    public sealed partial class Tensor
    {
        private static OpInfo? s_copy;

        /// <summary>
        /// <c>Tensor.set_value(value)</c>: overwrites this tensor's elements with <paramref name="value"/>
        /// (same shape; cast to this dtype), without recording autograd history — the way
        /// optimizers update parameters.
        /// </summary>
        public void set_value(Tensor value)
        {
            ArgumentNullException.ThrowIfNull(value);
            using (paddle.no_grad())
            {
                Tensor v = value.dtype == dtype ? value : paddle.cast(value, dtype);
                try
                {
                    var op = s_copy ??= OpInfo.Get("scale", "scale");
                    op.RunInplace(this, new[] { v }, new[] { Attr.Float(0, 1.0) });
                }
                finally { if (!ReferenceEquals(v, value)) v.Dispose(); }
            }
        }
    }
}
