using System.Diagnostics;
using System.Text;

namespace Paddle.Package.Tests;

/// <summary>Runs a program to completion with a clean, explicit environment and a time limit.</summary>
internal static class ChildProcess
{
    public sealed record Result(int ExitCode, string Output, string Error, TimeSpan Elapsed)
    {
        public string All => Output + Error;
    }

    // Variables a test host or the outer build sets that must not leak into a "user's" process.
    private static readonly string[] Scrubbed = { "LD_LIBRARY_PATH", "LD_PRELOAD", "PADDLE_NATIVE_PATH", "NUGET_PACKAGES" };

    public static Result Run(string fileName, IEnumerable<string> args, string workingDirectory,
        IDictionary<string, string>? env = null, int timeoutSeconds = 300)
    {
        var psi = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        foreach (var name in Scrubbed) psi.Environment.Remove(name);
        // MSBuild's own variables (set when `dotnet test` runs inside a build) would steer the child's build.
        foreach (var name in psi.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)).ToList())
            psi.Environment.Remove(name);
        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        psi.Environment["DOTNET_NOLOGO"] = "1";
        psi.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        if (env != null) foreach (var (k, v) in env) psi.Environment[k] = v;

        var sw = Stopwatch.StartNew();
        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {fileName}");
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        p.OutputDataReceived += (_, e) => { if (e.Data != null) lock (stdout) stdout.AppendLine(e.Data); };
        p.ErrorDataReceived += (_, e) => { if (e.Data != null) lock (stderr) stderr.AppendLine(e.Data); };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        if (!p.WaitForExit(timeoutSeconds * 1000))
        {
            p.Kill(entireProcessTree: true);
            p.WaitForExit();
            throw new TimeoutException($"{fileName} {string.Join(' ', args)} ran past {timeoutSeconds} s\n{stdout}{stderr}");
        }
        p.WaitForExit();   // drains the asynchronous readers
        return new Result(p.ExitCode, stdout.ToString(), stderr.ToString(), sw.Elapsed);
    }

    /// <summary>Runs and asserts exit code 0, showing the output otherwise.</summary>
    public static Result RunOk(string fileName, IEnumerable<string> args, string workingDirectory,
        IDictionary<string, string>? env = null, int timeoutSeconds = 300)
    {
        var r = Run(fileName, args, workingDirectory, env, timeoutSeconds);
        if (r.ExitCode != 0)
            throw new Xunit.Sdk.XunitException($"{fileName} {string.Join(' ', args)} exited {r.ExitCode}\n{r.Output}\n{r.Error}");
        return r;
    }
}
