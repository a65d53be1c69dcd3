// Managed benchmarks for Paddle.NET. Each category pairs a Paddle.NET call with a managed C#
// baseline ([Benchmark(Baseline = true)]) doing the same work, so BenchmarkDotNet's Ratio
// column reads "Paddle time / managed time" (below 1 = Paddle is faster).
//
//   dotnet run -c Release --project bench/Paddle.Bench -- --filter '*'
//   dotnet run -c Release --project bench/Paddle.Bench -- --filter '*Add*' '*CallOverhead*'
//
// Reports go to bench/Paddle.Bench/BenchmarkDotNet.Artifacts (git-ignored) unless --artifacts
// is given.
using System.Runtime.CompilerServices;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;

namespace Paddle.Bench;

public static class Program
{
    public static void Main(string[] args)
    {
        var config = DefaultConfig.Instance.WithArtifactsPath(
            Path.Combine(SourceDir(), "BenchmarkDotNet.Artifacts"));
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
    }

    private static string SourceDir([CallerFilePath] string path = "") =>
        Path.GetDirectoryName(path) ?? Directory.GetCurrentDirectory();
}
