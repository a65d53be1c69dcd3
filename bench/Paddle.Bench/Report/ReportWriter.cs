using System.Globalization;
using System.Text;

namespace Paddle.Bench.Report;

/// <summary>Renders artifacts/bench/report.md from one run's managed and native results.</summary>
internal static class ReportWriter
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static string Write(List<BenchResult> managed, NativeResults? native, MachineInfo m, string chartFile, TimeSpan managedTime)
    {
        var sb = new StringBuilder();
        sb.AppendLine("# Paddle.NET benchmark report").AppendLine();
        sb.AppendLine($"Taken {m.Date}, commit `{m.Commit}`, by `./build.sh bench` (all numbers below come from this one run).").AppendLine();
        sb.AppendLine($"- Machine: {m.Cores} logical CPUs, {m.Cpu}; {m.Os}; {m.Runtime}; ONNX Runtime {m.OrtVersion} (CPU execution provider).");
        sb.AppendLine($"- Load average (1/5/15 min) before the managed run: {m.LoadBefore}; after: {m.LoadAfter}. Other processes on the machine slow all sides; ratios from the same run are what to read, and on a loaded machine single ratios can be off by ±30%.");
        if (native is not null) sb.AppendLine($"- Native run context: {native.Context}.");
        sb.AppendLine();
        sb.AppendLine("## How to read it").AppendLine();
        sb.AppendLine("**ratio = Paddle.NET's median time / the other side's median time** for the same work on the same data.");
        sb.AppendLine("**Below 1.00: Paddle.NET is faster** (0.50 = takes half the time); **above 1.00: Paddle.NET is slower** (2.00 = takes twice as long).");
        sb.AppendLine("The chart uses a log scale, so 0.5× and 2× are the same distance from 1×.").AppendLine();
        sb.AppendLine($"![ratios]({chartFile})").AppendLine();

        sb.AppendLine("## Managed: Paddle.NET (C# API) vs managed C# vs ONNX Runtime").AppendLine();
        sb.AppendLine("Paddle.NET is called as a user calls it (`paddle.add(a, b)`, result disposed); ORT as a user calls it (`session.Run` on a one-node model built in memory, outputs disposed).").AppendLine();
        sb.AppendLine(RatioTable(managed)).AppendLine();
        sb.AppendLine("What each case runs:").AppendLine();
        foreach (var cat in managed.Select(r => r.Category).Distinct().OrderBy(CaseNotes.Order))
            sb.AppendLine($"- **{cat}**: {CaseNotes.For(cat)}");
        sb.AppendLine();
        sb.AppendLine("Method: BenchmarkDotNet 0.15.8, in-process toolchain, 1 launch, 2 warmup + 7 measured iterations of ~150 ms (ops slower than that: one call per iteration); the figure is the median. "
            + "Threads: Paddle.NET's native ops use OpenMP with one thread per core; ORT's intra-op pool has one thread per core; managed baselines use one thread (TensorPrimitives) or `Parallel.For` where noted. "
            + "Before timing, every case is run once on every side and the results are compared (exact for add/sort/topk values/NMS picks, float tolerance for sums, matmul, softmax, roi_align); a mismatch fails `./build.sh bench`.").AppendLine();
        sb.AppendLine($"Managed part (checks + timing + report) took {managedTime.TotalMinutes:0.0} min.").AppendLine();

        if (native is not null)
        {
            sb.AppendLine("## Native: the engine vs plain C++ (Google Benchmark, `bench/native`)").AppendLine();
            sb.AppendLine("`<case>/paddle` runs the op through the engine's dispatcher (checks, output allocation, kernel); `<case>/baseline` is the C++ peer: `dnnl_sgemm` called directly, raw OpenMP loops for add/sum (preallocated output), a plain per-row softmax, plain C++ NMS and roi_align. `baseline_alloc`: the add loop with a fresh output allocation per call (informational). Ratio = row time / baseline time.").AppendLine();
            sb.AppendLine("| case | side | time | C++ baseline | ratio |");
            sb.AppendLine("|---|---|---:|---:|---:|");
            foreach (var p in native.Pairs)
                sb.AppendLine($"| {p.Case} | {p.Side} | {Time(p.OursNs)} | {Time(p.BaselineNs)} | {Ratio(p.Ratio)} |");
            sb.AppendLine();
        }
        return sb.ToString();
    }

    /// <summary>The managed table (also printed at the end of the run).</summary>
    public static string RatioTable(List<BenchResult> managed)
    {
        var sb = new StringBuilder();
        sb.AppendLine("| case | Paddle.NET | managed C# | ours / managed | ONNX Runtime | ours / ORT | Paddle.NET managed alloc/call |");
        sb.AppendLine("|---|---:|---:|---:|---:|---:|---:|");
        foreach (var c in managed.Cases())
            sb.AppendLine($"| {c.Name} | {Time(c.Ours)} | {Time(c.Managed)} | {Ratio(c.VsManaged)} | {Time(c.Ort)} | {Ratio(c.VsOrt)} | {Bytes(c.Ours.AllocatedBytes)} |");
        return sb.ToString();
    }

    private static string Time(BenchResult? r) => r is null ? "—" : r.Failed ? "failed" : Time(r.MedianNs);

    public static string Time(double ns) => ns switch
    {
        < 1e3 => (ns).ToString("0.0", Inv) + " ns",
        < 1e6 => (ns / 1e3).ToString("0.0", Inv) + " µs",
        < 1e9 => (ns / 1e6).ToString("0.00", Inv) + " ms",
        _ => (ns / 1e9).ToString("0.00", Inv) + " s",
    };

    private static string Ratio(double? r) => r is double v ? v.ToString("0.00", Inv) : "—";

    private static string Bytes(long? b) => b is long v ? v.ToString(Inv) + " B" : "—";
}
