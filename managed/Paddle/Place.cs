namespace Paddle;

/// <summary>Where a tensor lives. This build has CPU kernels only; CUDA places are reserved.</summary>
public class Place : IEquatable<Place>
{
    internal readonly int Kind;
    /// <summary>Device index (GPU id); 0 for CPU.</summary>
    public int device_id { get; }
    internal Place(int kind, int deviceId) { Kind = kind; device_id = deviceId; }

    public bool is_cpu_place() => Kind == 0;
    public bool is_gpu_place() => Kind == 1;
    public bool is_cuda_pinned_place() => Kind == 2;
    public bool is_xpu_place() => Kind == 3;

    public bool Equals(Place? other) => other is not null && other.Kind == Kind && other.device_id == device_id;
    public override bool Equals(object? obj) => obj is Place p && Equals(p);
    public override int GetHashCode() => Kind * 397 + device_id;

    /// <summary>Prints as Paddle does: <c>Place(cpu)</c>, <c>Place(gpu:0)</c>.</summary>
    public override string ToString() => Kind switch
    {
        0 => "Place(cpu)",
        1 => $"Place(gpu:{device_id})",
        2 => "Place(gpu_pinned)",
        3 => $"Place(xpu:{device_id})",
        _ => "Place(unknown)",
    };
}

public static partial class paddle
{
    /// <summary><c>paddle.CPUPlace()</c>.</summary>
    public sealed class CPUPlace : Place { public CPUPlace() : base(0, 0) { } }
    /// <summary><c>paddle.CUDAPlace(id)</c> (reserved: this build has no CUDA kernels).</summary>
    public sealed class CUDAPlace : Place { public CUDAPlace(int id) : base(1, id) { } }
    /// <summary><c>paddle.CUDAPinnedPlace()</c> (reserved).</summary>
    public sealed class CUDAPinnedPlace : Place { public CUDAPinnedPlace() : base(2, 0) { } }
    /// <summary><c>paddle.XPUPlace(id)</c> (reserved).</summary>
    public sealed class XPUPlace : Place { public XPUPlace(int id) : base(3, id) { } }
}
