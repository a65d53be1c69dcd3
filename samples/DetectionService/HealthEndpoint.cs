namespace DetectionService;

/// <summary>Native live-allocation counters (paddle.Runtime.LiveStats); all return to their
/// idle values between requests, since every request frees its tensors.</summary>
public sealed record LiveAllocations(long StorageBytes, long Tensors, long Storages, long GradNodes);

public sealed record RequestCounts(long Ok, long Rejected, long Failed);

/// <summary>GET /health.</summary>
public sealed record HealthResponse(string Status, string NativeVersion, int AbiVersion, LiveAllocations Live,
    long CpuCachedBytes, RequestCounts Requests);

/// <summary>Per-outcome request counters, shared by the endpoints.</summary>
public sealed class RequestStats
{
    private long _ok, _rejected, _failed;
    public void Ok() => Interlocked.Increment(ref _ok);
    public void Rejected() => Interlocked.Increment(ref _rejected);
    public void Failed() => Interlocked.Increment(ref _failed);
    public RequestCounts Snapshot() =>
        new(Interlocked.Read(ref _ok), Interlocked.Read(ref _rejected), Interlocked.Read(ref _failed));
}

internal static class HealthEndpoint
{
    public static HealthResponse Read(RequestStats stats)
    {
        var (bytes, tensors, storages, nodes) = paddle.Runtime.LiveStats();
        return new HealthResponse("ok", paddle.Runtime.Version, Paddle.Interop.NativeMethods.pd_abi_version(),
            new LiveAllocations(bytes, tensors, storages, nodes), paddle.Runtime.CpuCachedBytes, stats.Snapshot());
    }
}
