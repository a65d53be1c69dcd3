using System.Diagnostics;

namespace DetectionService.Tests;

/// <summary>
/// The service as a user starts it, but without libpaddle_native.so: it must stop at startup with
/// the loader's diagnostic (every path tried) and exit code 1, not serve requests that would fail.
/// In the "service" collection only so that its process start does not share the cores with the load test.
/// </summary>
[Collection("service")]
public sealed class StartupTests
{
    [Fact]
    public async Task MissingNativeLibraryStopsStartupWithTheLoaderDiagnostic()
    {
        string src = AppContext.BaseDirectory;
        string dir = Directory.CreateTempSubdirectory("paddle-service-").FullName;
        try
        {
            // The service's own files, as referenced by the test project, minus the native library.
            foreach (var f in new[] { "DetectionService.dll", "DetectionService.deps.json", "DetectionService.runtimeconfig.json",
                                      "Paddle.dll", "Paddle.Interop.dll" })
                File.Copy(Path.Combine(src, f), Path.Combine(dir, f));
            string missing = Path.Combine(dir, "no-such-dir");
            var psi = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
            {
                WorkingDirectory = dir,
                RedirectStandardError = true,
                RedirectStandardOutput = true,
            };
            foreach (var a in new[] { "DetectionService.dll", "--urls", "http://127.0.0.1:0" }) psi.ArgumentList.Add(a);
            psi.Environment["PADDLE_NATIVE_PATH"] = missing;
            psi.Environment.Remove("LD_LIBRARY_PATH");
            using var p = Process.Start(psi)!;
            var stderr = p.StandardError.ReadToEndAsync();
            var stdout = p.StandardOutput.ReadToEndAsync();
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            try
            {
                await p.WaitForExitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                p.Kill(entireProcessTree: true);
                Assert.Fail("the service without its native library was still running after 60 s; stdout: " + await stdout);
            }
            string err = await stderr;
            Assert.True(p.ExitCode == 1, $"exit code {p.ExitCode}; stderr: {err}");
            // The loader's diagnostic: the paths it tried (the override and the app folder) and the override's name.
            Assert.StartsWith("DetectionService: the Paddle native library is unusable: ", err);
            Assert.Contains(Path.Combine(missing, "libpaddle_native.so"), err);
            // PADDLE_NATIVE_PATH is authoritative: the diagnostic says so instead of probing elsewhere.
            Assert.DoesNotContain(Path.Combine(dir, "libpaddle_native.so"), err);
            Assert.Contains("when it is set, only it is tried", err);
            Assert.Contains("PADDLE_NATIVE_PATH", err);
            Assert.DoesNotContain("Now listening", await stdout);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
