using System.Diagnostics;
using System.Globalization;
using Xunit.Abstractions;

namespace DetectionService.Tests;

/// <summary>
/// 8 concurrent clients x 2,000 requests each against the real service on loopback: valid /nms and
/// /roi_align (checked against the plain C# references) mixed with every class of malformed body
/// (each must be a 400 carrying the expected message). At the end the service still answers and the
/// native live counters are back at their baseline. Prints req/s and p50/p99 latency and writes
/// them to artifacts/loadtest.txt.
/// </summary>
[Collection("service")]
public sealed class LoadTest(ServiceFixture fx, ITestOutputHelper output)
{
    private const int Clients = 8;
    private const int RequestsPerClient = 2000;
    // The whole test, generation and verification included; a slower run fails with this message.
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(80);

    private readonly record struct Outcome(int Status, string Text, double Ms, string? Transport);

    private static Case Make(Random r)
    {
        double u = r.NextDouble();
        if (u < 0.4)
        {
            var (body, want) = Cases.ValidNms(r);
            return new Case("nms", body.Path, body.ToString(), (s, j) => Cases.CheckNms(want, s, j));
        }
        if (u < 0.7)
        {
            var (body, shape, values) = Cases.ValidRoiAlign(r);
            return new Case("roi_align", body.Path, body.ToString(), (s, j) => Cases.CheckRoiAlign(shape, values, s, j));
        }
        var bad = Cases.Malformed[r.Next(Cases.Malformed.Length)].Make(r);
        return new Case("malformed: " + bad.Name, bad.Path, bad.Body, (s, j) => Cases.CheckBad(bad, s, j));
    }

    private static async Task<Outcome[]> RunClient(HttpClient http, Case[] cases, CancellationToken ct)
    {
        var results = new Outcome[cases.Length];
        for (int i = 0; i < cases.Length; i++)
        {
            long t0 = Stopwatch.GetTimestamp();
            try
            {
                using var content = new StringContent(cases[i].Body, System.Text.Encoding.UTF8, "application/json");
                using var resp = await http.PostAsync(cases[i].Path, content, ct);
                string text = await resp.Content.ReadAsStringAsync(ct);
                results[i] = new Outcome((int)resp.StatusCode, text, Stopwatch.GetElapsedTime(t0).TotalMilliseconds, null);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return results[..i];  // past the deadline: the caller reports how far it got
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
            {
                results[i] = new Outcome(0, "", Stopwatch.GetElapsedTime(t0).TotalMilliseconds, e.GetType().Name + ": " + e.Message);
            }
        }
        return results;
    }

    private static double Percentile(double[] sorted, double q) => sorted[(int)Math.Round(q * (sorted.Length - 1))];

    [Fact]
    public async Task EightClientsMixValidAndMalformedBodies()
    {
        var clock = Stopwatch.StartNew();
        // Requests and expected answers are made before the measurement starts.
        var cases = new Case[Clients][];
        for (int c = 0; c < Clients; c++)
        {
            var r = new Random(5000 + c);
            cases[c] = Enumerable.Range(0, RequestsPerClient).Select(_ => Make(r)).ToArray();
        }
        var all = cases.SelectMany(c => c).ToArray();
        // Every malformed class occurs in the mix.
        var missing = Cases.Malformed.Select(m => "malformed: " + m.Name).Except(all.Select(c => c.Kind)).ToList();
        Assert.True(missing.Count == 0, "classes never generated: " + string.Join(", ", missing));

        var clients = Enumerable.Range(0, Clients).Select(_ => ServiceFixture.NewClient(fx.BaseAddress)).ToArray();
        try
        {
            // Warm-up (JIT, connections), then the baseline.
            foreach (var (http, c) in clients.Zip(cases))
                foreach (var w in c.Take(8)) await ServiceFixture.PostAsync(http, w.Path, w.Body);
            var before = await fx.HealthAsync();
            var baseline = ServiceFixture.Live(before);
            var req0 = before.GetProperty("requests");

            using var cts = new CancellationTokenSource(Budget - clock.Elapsed);
            var run = Stopwatch.StartNew();
            Outcome[][] results = await Task.WhenAll(clients.Select((http, c) => RunClient(http, cases[c], cts.Token)));
            run.Stop();
            int answered = results.Sum(r => r.Length);
            Assert.True(answered == all.Length,
                $"load test exceeded its {Budget.TotalSeconds:0} s budget: {answered} of {all.Length} requests answered " +
                $"after {clock.Elapsed.TotalSeconds:0.0} s (machine overloaded, or the service is stuck)");

            // Every answer judged against its expectation.
            var failures = new List<string>();
            for (int c = 0; c < Clients; c++)
                for (int i = 0; i < RequestsPerClient; i++)
                {
                    var o = results[c][i];
                    string? why = o.Transport ?? cases[c][i].Check(o.Status, ServiceFixture.Parse(o.Text));
                    if (why != null) failures.Add($"client {c} request {i} ({cases[c][i].Kind}, {cases[c][i].Path}): {why}\n  body: {Trim(cases[c][i].Body)}");
                }

            // Alive, and every native tensor of the run released.
            var after = await fx.HealthAsync();
            var live = ServiceFixture.Live(after);
            var req1 = after.GetProperty("requests");
            long ok = req1.GetProperty("ok").GetInt64() - req0.GetProperty("ok").GetInt64();
            long rejected = req1.GetProperty("rejected").GetInt64() - req0.GetProperty("rejected").GetInt64();
            long failed = req1.GetProperty("failed").GetInt64() - req0.GetProperty("failed").GetInt64();

            var ms = results.SelectMany(r => r).Select(o => o.Ms).Order().ToArray();
            int nValid = all.Count(c => !c.Kind.StartsWith("malformed")), nBad = all.Length - nValid;
            string report = string.Create(CultureInfo.InvariantCulture,
                $"DetectionService load test: {all.Length} requests ({Clients} clients x {RequestsPerClient}; " +
                $"{all.Count(c => c.Kind == "nms")} /nms, {all.Count(c => c.Kind == "roi_align")} /roi_align, {nBad} malformed) " +
                $"in {run.Elapsed.TotalSeconds:0.00} s: {all.Length / run.Elapsed.TotalSeconds:0} req/s, " +
                $"p50 {Percentile(ms, 0.50):0.00} ms, p99 {Percentile(ms, 0.99):0.00} ms, max {ms[^1]:0.0} ms " +
                $"(loopback, client and server in one process, {Environment.ProcessorCount} cores); " +
                $"live native after/before: {live}/{baseline}");
            output.WriteLine(report);
            Console.WriteLine(report);
            WriteArtifact(report);

            Assert.True(failures.Count == 0, $"{failures.Count} wrong answers; first ones:\n" + string.Join("\n", failures.Take(10)));
            Assert.Equal(baseline, live);
            Assert.Equal((long)nValid, ok);
            Assert.Equal((long)nBad, rejected);
            Assert.Equal(0, failed);
        }
        finally
        {
            foreach (var h in clients) h.Dispose();
        }
    }

    private static string Trim(string s) => s.Length > 300 ? s[..300] + "..." : s;

    // artifacts/loadtest.txt at the repository root (found by Paddle.sln), else beside the tests.
    private static void WriteArtifact(string report)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir != null && !File.Exists(Path.Combine(dir.FullName, "Paddle.sln"))) dir = dir.Parent;
        string root = dir?.FullName ?? AppContext.BaseDirectory;
        Directory.CreateDirectory(Path.Combine(root, "artifacts"));
        File.WriteAllText(Path.Combine(root, "artifacts", "loadtest.txt"),
            report + Environment.NewLine + $"measured {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC" + Environment.NewLine);
    }
}
