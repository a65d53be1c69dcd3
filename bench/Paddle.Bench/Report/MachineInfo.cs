using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;

namespace Paddle.Bench.Report;

/// <summary>Where and when the numbers were taken (the report is only comparable to itself).</summary>
internal sealed class MachineInfo
{
    public string Date { get; init; } = "";
    public string Cpu { get; init; } = "";
    public int Cores { get; init; }
    public string Os { get; init; } = "";
    public string Runtime { get; init; } = "";
    public string OrtVersion { get; init; } = "";
    public string Commit { get; init; } = "";
    public string LoadBefore { get; init; } = "";
    public string LoadAfter { get; set; } = "";

    public static MachineInfo Capture() => new()
    {
        Date = DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm 'UTC'"),
        Cpu = CpuModel(),
        Cores = Environment.ProcessorCount,
        Os = RuntimeInformation.OSDescription,
        Runtime = RuntimeInformation.FrameworkDescription,
        OrtVersion = OrtEnv.Instance().GetVersionString(),
        Commit = Environment.GetEnvironmentVariable("PADDLE_BENCH_COMMIT") ?? "unknown",
        LoadBefore = LoadAverage(),
    };

    /// <summary>1/5/15-minute load averages (Linux), the measure of how busy the machine was.</summary>
    public static string LoadAverage()
    {
        try { return string.Join(" / ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)); }
        catch (IOException) { return "n/a"; }
        catch (UnauthorizedAccessException) { return "n/a"; }
    }

    private static string CpuModel()
    {
        try
        {
            var line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name"));
            return line is null ? RuntimeInformation.ProcessArchitecture.ToString() : line[(line.IndexOf(':') + 1)..].Trim();
        }
        catch (IOException) { return RuntimeInformation.ProcessArchitecture.ToString(); }
    }
}
