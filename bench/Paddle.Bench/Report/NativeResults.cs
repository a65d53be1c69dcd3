using System.Text.Json;

namespace Paddle.Bench.Report;

/// <summary>One native Google Benchmark pair: <c>case/paddle</c> (or another side such as
/// <c>baseline_alloc</c>) against <c>case/baseline</c>, real times in ns.</summary>
internal sealed record NativePair(string Case, string Side, double OursNs, double BaselineNs)
{
    public double Ratio => OursNs / BaselineNs;
}

/// <summary>Reads the JSON that <c>paddle_native_bench --benchmark_out=FILE</c> writes.</summary>
internal sealed record NativeResults(List<NativePair> Pairs, string Context)
{
    public static NativeResults Load(string path)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        var times = new List<(string name, double ns)>();
        foreach (var b in doc.RootElement.GetProperty("benchmarks").EnumerateArray())
        {
            if (b.TryGetProperty("run_type", out var rt) && rt.GetString() != "iteration") continue;
            if (b.TryGetProperty("error_occurred", out var err) && err.GetBoolean())
                throw new InvalidOperationException($"native benchmark {b.GetProperty("name").GetString()} failed");
            string name = StripSuffixes(b.GetProperty("run_name").GetString()!);
            times.Add((name, ToNs(b.GetProperty("real_time").GetDouble(), b.GetProperty("time_unit").GetString()!)));
        }
        var pairs = new List<NativePair>();
        foreach (var (name, ns) in times)
        {
            int slash = name.LastIndexOf('/');
            if (slash < 0) continue;
            string kase = name[..slash], side = name[(slash + 1)..];
            if (side == "baseline") continue;
            var baseline = times.FirstOrDefault(t => t.name == kase + "/baseline");
            if (baseline.name is null) continue;
            pairs.Add(new NativePair(kase, side, ns, baseline.ns));
        }
        var ctx = doc.RootElement.GetProperty("context");
        string context = $"{ctx.GetProperty("num_cpus").GetInt32()} CPUs at {ctx.GetProperty("mhz_per_cpu").GetInt32()} MHz"
            + (ctx.TryGetProperty("load_avg", out var load) ? $", load average {string.Join(" / ", load.EnumerateArray().Select(l => l.GetDouble().ToString("0.0")))}" : "");
        return new NativeResults(pairs, context);
    }

    // run_name carries "/real_time", "/min_time:…" or "/iterations:…" when those are set per benchmark.
    private static string StripSuffixes(string name)
    {
        while (true)
        {
            int slash = name.LastIndexOf('/');
            if (slash < 0) return name;
            string tail = name[(slash + 1)..];
            if (tail == "real_time" || tail.StartsWith("min_time:") || tail.StartsWith("iterations:")) name = name[..slash];
            else return name;
        }
    }

    private static double ToNs(double t, string unit) => unit switch
    {
        "ns" => t, "us" => t * 1e3, "ms" => t * 1e6, "s" => t * 1e9,
        _ => throw new InvalidOperationException("unknown time unit " + unit),
    };
}
