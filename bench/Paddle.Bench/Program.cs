// Managed benchmarks for Paddle.NET. Each category pairs a Paddle.NET call (Paddle_*) with a
// managed C# baseline (Managed_*, [Benchmark(Baseline = true)]) doing the same work and, where
// ONNX Runtime has the op, ORT's (Ort_*), so BenchmarkDotNet's Ratio column reads
// "time / managed time" (below 1 = faster than the managed baseline).
//
//   dotnet run -c Release --project bench/Paddle.Bench -- --filter '*'
//   dotnet run -c Release --project bench/Paddle.Bench -- --filter '*Add*' '*CallOverhead*'
//   dotnet run -c Release --project bench/Paddle.Bench -- --report artifacts/bench [--native-json FILE]
//   dotnet run -c Release --project bench/Paddle.Bench -- --verify     (only the cross-side checks)
//   dotnet run -c Release --project bench/Paddle.Bench -- --render DIR (redo report.md + ratios.png from DIR/*.json)
//
// --report is what `./build.sh bench` runs: check that every side of every case computes the
// same result, time all cases in one short in-process run, then write report.md + ratios.png
// (see Report/). Otherwise reports go to bench/Paddle.Bench/BenchmarkDotNet.Artifacts
// (git-ignored) unless --artifacts is given.
using System.Runtime.CompilerServices;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using Paddle.Bench.Report;

namespace Paddle.Bench;

public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Contains("--verify")) return ReportRun.VerifyAll() ? 0 : 1;
        int rr = Array.IndexOf(args, "--render");
        if (rr >= 0 && rr + 1 < args.Length) return ReportRun.Rerender(args[rr + 1]);
        int at = Array.IndexOf(args, "--report");
        if (at >= 0)
        {
            if (at + 1 >= args.Length) { Console.Error.WriteLine("--report needs an output folder"); return 2; }
            int nj = Array.IndexOf(args, "--native-json");
            string? nativeJson = nj >= 0 && nj + 1 < args.Length ? args[nj + 1] : null;
            return ReportRun.Run(args[at + 1], nativeJson);
        }
        // Interactive runs: each benchmark in its own process, short job (minutes for the suite).
        var config = DefaultConfig.Instance
            .AddJob(Job.Default.WithLaunchCount(1).WithWarmupCount(2).WithIterationCount(5))
            .WithArtifactsPath(Path.Combine(SourceDir(), "BenchmarkDotNet.Artifacts"));
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
        return 0;
    }

    private static string SourceDir([CallerFilePath] string path = "") =>
        Path.GetDirectoryName(path) ?? Directory.GetCurrentDirectory();
}
