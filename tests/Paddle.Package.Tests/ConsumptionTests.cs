using System.Globalization;
using Xunit;
using Xunit.Abstractions;

namespace Paddle.Package.Tests;

/// <summary>
/// Uses the packages the way a user meets them: a brand-new console project in a temp folder, a
/// nuget.config whose package source mapping takes Paddle* only from artifacts/packages (nuget.org
/// only for what the SDK needs, e.g. the runtime pack of a self-contained publish), an empty
/// NUGET_PACKAGES folder, no project reference, no LD_LIBRARY_PATH. It adds Paddle-cpu, builds and
/// runs Consumer/Program.cs, then publishes it self-contained, single-file with the native libraries
/// beside the app, and single-file with them inside (IncludeNativeLibrariesForSelfExtract), and runs
/// each from a folder of its own. Every run must print the same, checked, lines.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public class ConsumptionTests
{
    private readonly ITestOutputHelper _log;
    public ConsumptionTests(ITestOutputHelper log) => _log = log;

    [Fact]
    public void AFreshConsoleAppTrainsAndRunsNmsFromThePackagesAlone()
    {
        foreach (var id in new[] { "Paddle", "Paddle.runtime.linux-x64", "Paddle-cpu" }) RepoPaths.Package(id);
        var root = Directory.CreateTempSubdirectory("paddle-consumer-").FullName;
        try
        {
            Run(root);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private void Run(string root)
    {
        var packages = Path.Combine(root, "nuget-packages");
        File.WriteAllText(Path.Combine(root, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <config>
                <add key="globalPackagesFolder" value="{packages}" />
              </config>
              <packageSources>
                <clear />
                <add key="paddle-local" value="{RepoPaths.Packages}" />
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
              </packageSources>
              <packageSourceMapping>
                <packageSource key="paddle-local">
                  <package pattern="Paddle" />
                  <package pattern="Paddle.*" />
                  <package pattern="Paddle-*" />
                </packageSource>
                <packageSource key="nuget.org">
                  <package pattern="*" />
                </packageSource>
              </packageSourceMapping>
            </configuration>
            """);
        var env = new Dictionary<string, string> { ["NUGET_PACKAGES"] = packages };
        var app = Path.Combine(root, "app");

        Step("dotnet new console", () => ChildProcess.RunOk("dotnet",
            new[] { "new", "console", "-o", app, "-n", "PaddleConsumer", "--framework", "net10.0" }, root, env));
        Step("dotnet add package Paddle-cpu", () => ChildProcess.RunOk("dotnet",
            new[] { "add", "package", "Paddle-cpu", "--version", RepoPaths.Version }, app, env));
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Consumer", "Program.cs"), Path.Combine(app, "Program.cs"), overwrite: true);

        // The restore took Paddle* from the local feed into the isolated cache, nothing else.
        foreach (var id in new[] { "paddle", "paddle.runtime.linux-x64", "paddle-cpu" })
            Assert.True(Directory.Exists(Path.Combine(packages, id, RepoPaths.Version)), $"{id} was not restored into {packages}");
        Assert.DoesNotContain("ProjectReference", File.ReadAllText(Path.Combine(app, "PaddleConsumer.csproj")));

        // 1. dotnet build, framework-dependent: natives under bin/.../runtimes/linux-x64/native/.
        Step("dotnet build", () => ChildProcess.RunOk("dotnet", new[] { "build", "-c", "Release", "-nologo", "-v", "q" }, app, env));
        var bin = Path.Combine(app, "bin", "Release", "net10.0");
        var built = Step("run (build output)", () => ChildProcess.RunOk("dotnet", new[] { Path.Combine(bin, "PaddleConsumer.dll") }, root));
        CheckOutput(built.Output, Path.Combine(bin, "runtimes", "linux-x64", "native"));

        // 2. Self-contained publish: natives flat beside the app.
        var sc = Path.Combine(root, "self-contained");
        Step("publish self-contained", () => ChildProcess.RunOk("dotnet", new[] { "publish", "-c", "Release", "-r", "linux-x64",
            "--self-contained", "-o", sc, "-nologo", "-v", "q" }, app, env));
        CheckOutput(Step("run (self-contained)", () => ChildProcess.RunOk(Path.Combine(sc, "PaddleConsumer"), Array.Empty<string>(), root)).Output, sc);

        // 3. Single file, native libraries beside the executable (the default: they are not bundled).
        var sf = Path.Combine(root, "single-file");
        Step("publish single-file", () => ChildProcess.RunOk("dotnet", new[] { "publish", "-c", "Release", "-r", "linux-x64",
            "--self-contained", "-p:PublishSingleFile=true", "-o", sf, "-nologo", "-v", "q" }, app, env));
        Assert.False(File.Exists(Path.Combine(sf, "Paddle.dll")), "Paddle.dll should be inside the single file");
        foreach (var so in BundledLibraries) Assert.True(File.Exists(Path.Combine(sf, so)), $"{so} should be beside the single file");
        CheckOutput(Step("run (single-file)", () => ChildProcess.RunOk(Path.Combine(sf, "PaddleConsumer"), Array.Empty<string>(), root)).Output, sf);

        // 4. Single file with the native libraries inside, extracted at start: the executable alone,
        //    copied into an empty folder, runs; the libraries load from the extraction folder.
        var sfx = Path.Combine(root, "single-file-extract");
        Step("publish single-file + IncludeNativeLibrariesForSelfExtract", () => ChildProcess.RunOk("dotnet", new[] { "publish", "-c", "Release",
            "-r", "linux-x64", "--self-contained", "-p:PublishSingleFile=true", "-p:IncludeNativeLibrariesForSelfExtract=true",
            "-o", sfx, "-nologo", "-v", "q" }, app, env));
        Assert.Empty(Directory.GetFiles(sfx, "*.so*"));
        var alone = Directory.CreateDirectory(Path.Combine(root, "alone")).FullName;
        File.Copy(Path.Combine(sfx, "PaddleConsumer"), Path.Combine(alone, "PaddleConsumer"));
        File.SetUnixFileMode(Path.Combine(alone, "PaddleConsumer"), File.GetUnixFileMode(Path.Combine(sfx, "PaddleConsumer")));
        var extract = Path.Combine(root, "extract");
        var sfxRun = Step("run (single-file, extracted)", () => ChildProcess.RunOk(Path.Combine(alone, "PaddleConsumer"), Array.Empty<string>(),
            root, new Dictionary<string, string> { ["DOTNET_BUNDLE_EXTRACT_BASE_DIR"] = extract }));
        var loadedFrom = CheckOutput(sfxRun.Output, expectedDir: null);
        Assert.StartsWith(extract + Path.DirectorySeparatorChar, loadedFrom);
    }

    private static readonly string[] BundledLibraries = { "libpaddle_native.so", "libdnnl.so.2", "libgomp.so.1", "libOpenCL.so.1" };

    private T Step<T>(string name, Func<T> action)
    {
        var sw = System.Diagnostics.Stopwatch.StartNew();
        var result = action();
        _log.WriteLine($"{name}: {sw.Elapsed.TotalSeconds:F1} s");
        return result;
    }

    /// <summary>
    /// Checks the program's output line by line and returns the folder the native libraries were
    /// loaded from (all four from one folder; <paramref name="expectedDir"/> when given).
    /// </summary>
    private static string CheckOutput(string output, string? expectedDir)
    {
        var lines = output.TrimEnd('\n').Split('\n');
        int i = 0;
        Assert.Equal($"native version {RepoPaths.Version}", lines[i++]);

        var reference = ReferenceLosses(out var w0, out var w1, out var bias);
        float previous = float.PositiveInfinity;
        for (int step = 0; step < reference.Length; step++)
        {
            var prefix = $"step {step} loss ";
            Assert.StartsWith(prefix, lines[i]);
            float loss = float.Parse(lines[i++][prefix.Length..], CultureInfo.InvariantCulture);
            Assert.True(loss < previous, $"loss did not decrease at step {step}: {loss} after {previous}");
            Assert.True(Math.Abs(loss - reference[step]) <= 1e-3 * reference[step] + 1e-6,
                $"step {step}: loss {loss}, expected {reference[step]}");
            previous = loss;
        }
        Assert.True(previous < 1e-4 * reference[0], $"final loss {previous} is not below 1e-4 of the first {reference[0]}");
        var learned = lines[i++].Split(' ');
        Assert.Equal("learned", learned[0]);
        Assert.Equal(w0, double.Parse(learned[2], CultureInfo.InvariantCulture), 1e-4);
        Assert.Equal(w1, double.Parse(learned[4], CultureInfo.InvariantCulture), 1e-4);
        Assert.Equal(bias, double.Parse(learned[6], CultureInfo.InvariantCulture), 1e-4);

        // Class 1: box 0 (0.90) suppresses box 1 (0.80, IoU 81/119 > 0.5), box 2 (0.70) stays, box 3
        // (0.05) is under the score threshold. Class 2: box 1 (0.95), box 3 (0.60), box 0 (0.30) is
        // suppressed by box 1, box 2 (0.20) stays. Rows: class ascending, score descending.
        Assert.Equal("nms shape [5, 6] lod [0, 5]", lines[i++]);
        Assert.Equal("nms 1 0.90 0 0 10 10", lines[i++]);
        Assert.Equal("nms 1 0.70 20 20 30 30", lines[i++]);
        Assert.Equal("nms 2 0.95 1 1 11 11", lines[i++]);
        Assert.Equal("nms 2 0.60 50 50 60 60", lines[i++]);
        Assert.Equal("nms 2 0.20 20 20 30 30", lines[i++]);

        string? dir = null;
        foreach (var lib in BundledLibraries)
        {
            var prefix = $"loaded {lib} from ";
            Assert.StartsWith(prefix, lines[i]);
            var from = lines[i++][prefix.Length..];
            dir ??= from;
            Assert.Equal(dir, from);   // every bundled library beside the engine, none from the system
        }
        if (expectedDir != null) Assert.Equal(Path.GetFullPath(expectedDir), dir);
        Assert.Equal(lines.Length, i);
        return dir!;
    }

    /// <summary>The same gradient descent in double precision: the losses of each step and the final parameters.</summary>
    private static float[] ReferenceLosses(out double w0, out double w1, out double b)
    {
        double[,] x = { { 0.5, 1.0 }, { 1.5, -0.5 }, { -1.0, 2.0 }, { 2.0, 0.0 }, { 0.0, -1.5 }, { -0.5, -1.0 }, { 1.0, 1.0 }, { -2.0, 0.5 } };
        w0 = w1 = b = 0;
        var losses = new float[12];
        for (int step = 0; step < losses.Length; step++)
        {
            double loss = 0, g0 = 0, g1 = 0, gb = 0;
            for (int n = 0; n < 8; n++)
            {
                double r = w0 * x[n, 0] + w1 * x[n, 1] + b - (3 * x[n, 0] - 2 * x[n, 1] + 0.5);
                loss += r * r / 8;
                g0 += 2 * r * x[n, 0] / 8;
                g1 += 2 * r * x[n, 1] / 8;
                gb += 2 * r / 8;
            }
            losses[step] = (float)loss;
            w0 -= 0.15 * g0;
            w1 -= 0.15 * g1;
            b -= 0.15 * gb;
        }
        return losses;
    }
}
