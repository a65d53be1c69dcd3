using System.Diagnostics;
using System.Text;

namespace Paddle.Interop.Generator;

/// <summary>Finds clang and runs it to produce the JSON AST of a header.</summary>
public static class ClangLocator
{
    /// <summary>
    /// The clang executable to use: the CLANG environment variable, then clang-14, then clang on PATH.
    /// Returns null when none is found.
    /// </summary>
    public static string? Find()
    {
        var fromEnv = Environment.GetEnvironmentVariable("CLANG");
        if (!string.IsNullOrWhiteSpace(fromEnv))
        {
            var resolved = Resolve(fromEnv.Trim());
            if (resolved != null) return resolved;
        }
        return Resolve("clang-14") ?? Resolve("clang");
    }

    private static string? Resolve(string nameOrPath)
    {
        if (nameOrPath.Contains(Path.DirectorySeparatorChar) || nameOrPath.Contains(Path.AltDirectorySeparatorChar))
            return File.Exists(nameOrPath) ? Path.GetFullPath(nameOrPath) : null;

        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        var exts = OperatingSystem.IsWindows() ? new[] { ".exe", "" } : new[] { "" };
        foreach (var dir in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            foreach (var ext in exts)
            {
                var candidate = Path.Combine(dir, nameOrPath + ext);
                if (File.Exists(candidate)) return candidate;
            }
        }
        return null;
    }

    /// <summary>Runs <c>clang -Xclang -ast-dump=json -fsyntax-only -x c header</c> and returns stdout.</summary>
    public static string DumpAst(string clang, string header)
    {
        var psi = new ProcessStartInfo(clang)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        // -fparse-all-comments makes clang attach ordinary /* */ comments as FullComment nodes,
        // which become the <summary> docs of the generated declarations.
        foreach (var a in new[] { "-Xclang", "-ast-dump=json", "-fsyntax-only", "-fparse-all-comments", "-x", "c", header })
            psi.ArgumentList.Add(a);

        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {clang}");
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        p.WaitForExit();
        if (p.ExitCode != 0)
            throw new InvalidOperationException($"{clang} failed with exit code {p.ExitCode}:\n{stderr.Result}");
        return stdout.Result;
    }
}
