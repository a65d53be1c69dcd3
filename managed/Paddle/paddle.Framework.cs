namespace Paddle;

public static partial class paddle
{
    private static string s_device = "cpu";

    /// <summary><c>paddle.shape(input)</c>: the dims as a 1-D int32 tensor.</summary>
    public static Tensor shape(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return to_tensor(Array.ConvertAll(input.shape, d => checked((int)d)));
    }

    /// <summary><c>paddle.rank(input)</c>: the number of dims as an int32 tensor of shape [1].</summary>
    public static Tensor rank(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return to_tensor(new[] { input.ndim });
    }

    /// <summary><c>paddle.numel(x)</c>: the element count as an int64 tensor of shape [1].</summary>
    public static Tensor numel(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        return to_tensor(new[] { x.size });
    }

    /// <summary><c>paddle.is_empty(x)</c>: whether x has no elements, as a bool tensor of shape [1].</summary>
    public static Tensor is_empty(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        return to_tensor(new[] { x.size == 0 });
    }

    /// <summary>Whether this build has XPU kernels (never).</summary>
    public static bool is_compiled_with_xpu() => false;

    /// <summary><c>paddle.get_cudnn_version()</c>: null, as Paddle returns None without CUDA.</summary>
    public static int? get_cudnn_version() => null;

    /// <summary>
    /// <c>paddle.set_device(device)</c>: "cpu" is accepted; "gpu"/"gpu:N"/"xpu:N" raise the error
    /// Paddle gives when it was not compiled with that device. Returns the place.
    /// </summary>
    public static Place set_device(string device)
    {
        ArgumentNullException.ThrowIfNull(device);
        string d = device.Trim().ToLowerInvariant();
        if (d == "cpu")
        {
            s_device = "cpu";
            return new CPUPlace();
        }
        if (d == "gpu" || d.StartsWith("gpu:"))
            throw new ArgumentException(
                $"The device should not be '{device}', since PaddlePaddle is not compiled with CUDA");
        if (d == "xpu" || d.StartsWith("xpu:"))
            throw new ArgumentException(
                $"The device should not be '{device}', since PaddlePaddle is not compiled with XPU");
        throw new ArgumentException(
            $"The device must be a string which is like 'cpu', 'gpu' or 'gpu:x', but received {device}");
    }

    /// <summary><c>paddle.get_device()</c>: "cpu" in this build.</summary>
    public static string get_device() => s_device;

    /// <summary>
    /// <c>paddle.ParamAttr</c>: how a layer creates a parameter (name, initializer, learning
    /// rate, regularizer, trainable, need_clip). Layers read it when they create weights.
    /// </summary>
    public sealed class ParamAttr
    {
        public string? name { get; }
        public object? initializer { get; }
        public double learning_rate { get; }
        public object? regularizer { get; }
        public bool trainable { get; }
        public bool do_model_average { get; }
        public bool need_clip { get; }

        public ParamAttr(string? name = null, object? initializer = null, double learning_rate = 1.0,
                         object? regularizer = null, bool trainable = true, bool do_model_average = true,
                         bool need_clip = true)
        {
            if (learning_rate < 0)
                throw new ArgumentException($"ParamAttr: learning_rate must be >= 0, got {learning_rate}");
            this.name = name;
            this.initializer = initializer;
            this.learning_rate = learning_rate;
            this.regularizer = regularizer;
            this.trainable = trainable;
            this.do_model_average = do_model_average;
            this.need_clip = need_clip;
        }
    }
}
