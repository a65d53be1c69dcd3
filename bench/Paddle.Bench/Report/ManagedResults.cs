using BenchmarkDotNet.Reports;

namespace Paddle.Bench.Report;

internal enum Side { Paddle, Managed, Ort }

/// <summary>One timed method: its median (ns per call) and managed bytes allocated per call.</summary>
internal sealed record BenchResult(string Category, string Method, Side Side, double MedianNs, long? AllocatedBytes, bool Failed);

/// <summary>A report row: one Paddle.NET method, the managed baseline of its category and the ORT
/// method of the same name (Paddle_X ↔ Ort_X), when there is one.</summary>
internal sealed record BenchCase(BenchResult Ours, BenchResult? Managed, BenchResult? Ort)
{
    public string Name => Ours.Method["Paddle_".Length..];
    public double? VsManaged => Ratio(Managed);
    public double? VsOrt => Ratio(Ort);

    private double? Ratio(BenchResult? other) =>
        other is null || other.Failed || Ours.Failed || other.MedianNs <= 0 ? null : Ours.MedianNs / other.MedianNs;
}

internal static class ManagedResults
{
    public static List<BenchResult> From(IEnumerable<Summary> summaries)
    {
        var list = new List<BenchResult>();
        foreach (var report in summaries.SelectMany(s => s.Reports))
        {
            var bc = report.BenchmarkCase;
            string method = bc.Descriptor.WorkloadMethod.Name;
            var side = method.StartsWith("Paddle_") ? Side.Paddle : method.StartsWith("Ort_") ? Side.Ort
                : method.StartsWith("Managed_") ? Side.Managed
                : throw new InvalidOperationException($"{method}: a bench method name starts with Paddle_, Managed_ or Ort_");
            var stats = report.ResultStatistics;
            long? alloc = report.Success ? report.GcStats.GetBytesAllocatedPerOperation(bc) : null;
            list.Add(new BenchResult(bc.Descriptor.Categories.FirstOrDefault() ?? bc.Descriptor.Type.Name, method, side,
                stats?.Median ?? double.NaN, alloc, stats is null || !report.Success));
        }
        return list;
    }

    /// <summary>Rows in <see cref="CaseNotes"/> order: each Paddle method with its category's baseline and its ORT twin.</summary>
    public static List<BenchCase> Cases(this IReadOnlyList<BenchResult> results) =>
        results.Where(r => r.Side == Side.Paddle).OrderBy(r => CaseNotes.Order(r.Category)).Select(p => new BenchCase(p,
            results.FirstOrDefault(r => r.Category == p.Category && r.Side == Side.Managed),
            results.FirstOrDefault(r => r.Side == Side.Ort && r.Method["Ort_".Length..] == p.Method["Paddle_".Length..])))
        .ToList();
}
