namespace DetectionService;

/// <summary>
/// Limits that keep one request from taking the process down (configuration section
/// "DetectionService", e.g. <c>--DetectionService:MaxTensorElements=1000000</c>). The engine
/// validates shapes and attributes; these bound what a valid request may cost.
/// </summary>
public sealed class DetectionServiceOptions
{
    public const string Section = "DetectionService";

    /// <summary>Largest request body; Kestrel answers 413 beyond it.</summary>
    public long MaxRequestBodyBytes { get; set; } = 32L << 20;

    /// <summary>Most elements in any one input tensor or integer array.</summary>
    public long MaxTensorElements { get; set; } = 1L << 22;

    /// <summary>Most elements in a roi_align output.</summary>
    public long MaxOutputElements { get; set; } = 1L << 22;

    /// <summary>Most bilinear samples x channels one roi_align may compute (an adaptive grid grows
    /// with the RoI size, so a huge RoI would otherwise run for hours).</summary>
    public double MaxRoiAlignSamples { get; set; } = 1L << 28;

    /// <summary>Most IoU evaluations one multiclass_nms may need in the worst case
    /// (images x classes x candidates^2 / 2, candidates capped by nms_top_k).</summary>
    public double MaxNmsPairs { get; set; } = 1L << 30;

    /// <summary>Kernel (OpenMP) threads per request; 0 = the engine's default (all cores).
    /// Concurrent requests already use the cores, and one OpenMP team per thread-pool thread
    /// would oversubscribe them, so a service runs single-threaded kernels by default.</summary>
    public int IntraOpThreads { get; set; } = 1;
}
