using System.Diagnostics;
using System.Text.Json;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Exporters;
using Perfolizer.Horology;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Paddle.Bench.Report;

/// <summary>
/// `./build.sh bench`'s managed half: verify, time, then write report.md and ratios.png.
/// Timing runs in-process (no per-benchmark project build: that alone would take minutes on two
/// cores) with a short job; each row's figure is the median of its iterations.
/// </summary>
internal static class ReportRun
{
    private static Type[] BenchTypes() => typeof(Program).Assembly.GetTypes()
        .Where(t => !t.IsAbstract && t.GetMethods().Any(m => m.IsDefined(typeof(BenchmarkDotNet.Attributes.BenchmarkAttribute), false)))
        .OrderBy(t => t.Name).ToArray();

    /// <summary>Runs every side of every <see cref="IVerifiedBench"/> once and compares; false on the first mismatch.</summary>
    public static bool VerifyAll()
    {
        foreach (var t in BenchTypes().Where(t => typeof(IVerifiedBench).IsAssignableFrom(t)))
        {
            var b = (IVerifiedBench)Activator.CreateInstance(t)!;
            b.Setup();
            try { b.Verify(); }
            catch (BenchCheckException e)
            {
                Console.Error.WriteLine($"BENCH CHECK FAILED ({t.Name}): {e.Message}");
                return false;
            }
            finally { b.Cleanup(); }
            Console.WriteLine($"verified: {t.Name} (all sides agree)");
        }
        return true;
    }

    public static int Run(string outDir, string? nativeJson)
    {
        Directory.CreateDirectory(outDir);
        var total = Stopwatch.StartNew();
        var machine = MachineInfo.Capture();

        // Any disagreement between the sides of a case stops the run before anything is timed.
        if (!VerifyAll()) return 1;
        var types = BenchTypes();

        var job = Job.Default
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithLaunchCount(1).WithWarmupCount(2).WithIterationCount(7)
            .WithIterationTime(TimeInterval.FromMilliseconds(150))
            .WithId("Report");
        var config = ManualConfig.CreateEmpty()
            .AddJob(job)
            .AddLogger(ConsoleLogger.Default)
            .AddColumnProvider(DefaultColumnProviders.Instance)
            .AddDiagnoser(MemoryDiagnoser.Default)
            .AddExporter(MarkdownExporter.GitHub)
            .WithArtifactsPath(Path.Combine(outDir, "bdn"))
            .WithOptions(ConfigOptions.JoinSummary);
        var summaries = BenchmarkRunner.Run(types, config);

        var managed = ManagedResults.From(summaries);
        machine.LoadAfter = MachineInfo.LoadAverage();
        var saved = new SavedRun(managed, machine, total.Elapsed.TotalSeconds);
        File.WriteAllText(Path.Combine(outDir, "managed.json"), JsonSerializer.Serialize(saved, Json));
        return Render(outDir, saved, nativeJson);
    }

    // A benchmark without a result has a NaN median.
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>Where the managed results of a run are kept, so the report can be re-rendered (--render).</summary>
    internal sealed record SavedRun(List<BenchResult> Results, MachineInfo Machine, double Seconds);

    /// <summary>Rewrites report.md and ratios.png from a previous run's managed.json (+ native.json).</summary>
    public static int Rerender(string outDir)
    {
        var saved = JsonSerializer.Deserialize<SavedRun>(File.ReadAllText(Path.Combine(outDir, "managed.json")), Json)!;
        string native = Path.Combine(outDir, "native.json");
        return Render(outDir, saved, File.Exists(native) ? native : null);
    }

    private static int Render(string outDir, SavedRun run, string? nativeJson)
    {
        var (managed, machine) = (run.Results, run.Machine);
        var native = nativeJson is null ? null : NativeResults.Load(nativeJson);
        string chart = Path.Combine(outDir, "ratios.png");
        RatioChart.Save(chart, managed, native);
        string report = Path.Combine(outDir, "report.md");
        File.WriteAllText(report, ReportWriter.Write(managed, native, machine, Path.GetFileName(chart), TimeSpan.FromSeconds(run.Seconds)));
        Console.WriteLine($"report: {report}\nchart:  {chart}");
        Console.WriteLine(ReportWriter.RatioTable(managed));

        var failed = managed.Where(r => r.Failed).Select(r => r.Method).ToList();
        if (failed.Count > 0) { Console.Error.WriteLine("benchmarks without a result: " + string.Join(", ", failed)); return 1; }
        return 0;
    }
}
