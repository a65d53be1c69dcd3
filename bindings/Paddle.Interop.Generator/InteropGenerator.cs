using System.Text;

namespace Paddle.Interop.Generator;

/// <summary>
/// Command line: <c>&lt;path/to/paddle_c.h&gt; &lt;outdir&gt; [--check]</c>.
/// Exit codes: 0 = written / up to date, 1 = --check found differences, 2 = usage or tool error.
/// </summary>
public static class InteropGenerator
{
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        bool check = args.Contains("--check");
        var positional = args.Where(a => a != "--check").ToArray();
        if (positional.Length != 2 || positional.Any(a => a.StartsWith("--")))
        {
            stderr.WriteLine("usage: Paddle.Interop.Generator <path/to/paddle_c.h> <outdir> [--check]");
            return 2;
        }
        var header = Path.GetFullPath(positional[0]);
        var outDir = Path.GetFullPath(positional[1]);
        if (!File.Exists(header))
        {
            stderr.WriteLine($"error: header not found: {header}");
            return 2;
        }

        var clang = ClangLocator.Find();
        if (clang == null)
        {
            stderr.WriteLine("error: clang not found (set CLANG, or install clang-14 / clang on PATH)");
            return 2;
        }

        IReadOnlyList<KeyValuePair<string, string>> files;
        try
        {
            var ast = ClangLocator.DumpAst(clang, header);
            var model = HeaderModel.FromAst(ast, header, File.ReadAllText(header));
            files = new CSharpEmitter(model).Emit();
        }
        catch (Exception ex) when (ex is InvalidOperationException or InvalidDataException or NotSupportedException
                                       or System.Text.Json.JsonException or System.ComponentModel.Win32Exception)
        {
            stderr.WriteLine($"error: {ex.Message}");
            return 2;
        }

        var utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
        if (!check)
        {
            Directory.CreateDirectory(outDir);
            foreach (var (name, content) in files)
            {
                var path = Path.Combine(outDir, name);
                if (File.Exists(path) && File.ReadAllText(path, utf8) == content)
                {
                    stdout.WriteLine($"unchanged {path}");
                    continue;
                }
                File.WriteAllText(path, content, utf8);
                stdout.WriteLine($"wrote     {path}");
            }
            return 0;
        }

        // --check: generate into a temp dir, compare with the committed files.
        var temp = Path.Combine(Path.GetTempPath(), "paddle-interop-gen-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(temp);
        try
        {
            var problems = new List<string>();
            foreach (var (name, content) in files)
            {
                File.WriteAllText(Path.Combine(temp, name), content, utf8);
                var committedPath = Path.Combine(outDir, name);
                if (!File.Exists(committedPath))
                {
                    problems.Add($"{name}: missing from {outDir}");
                    continue;
                }
                // Line endings are not content: a CRLF checkout must not fail the check.
                var committed = File.ReadAllText(committedPath, utf8).Replace("\r\n", "\n");
                if (committed != content) problems.Add(DiffSummary(name, committed, content));
            }
            var expected = files.Select(f => f.Key).ToHashSet();
            if (Directory.Exists(outDir))
            {
                foreach (var stale in Directory.GetFiles(outDir, "*.g.cs").Select(Path.GetFileName).Order(StringComparer.Ordinal))
                {
                    if (!expected.Contains(stale!)) problems.Add($"{stale}: not produced by the generator (stale file)");
                }
            }

            if (problems.Count == 0)
            {
                stdout.WriteLine($"up to date: {string.Join(", ", expected)} in {outDir}");
                return 0;
            }
            stdout.WriteLine($"generated bindings differ from {outDir} (regenerate with: dotnet run --project bindings/Paddle.Interop.Generator -- {positional[0]} {positional[1]}):");
            foreach (var p in problems) stdout.WriteLine(p);
            return 1;
        }
        finally
        {
            try { Directory.Delete(temp, recursive: true); } catch (IOException) { }
        }
    }

    private static string DiffSummary(string name, string committed, string generated)
    {
        var a = committed.Split('\n');
        var b = generated.Split('\n');
        int first = 0;
        while (first < a.Length && first < b.Length && a[first] == b[first]) first++;
        int differing = 0;
        for (int i = 0; i < Math.Max(a.Length, b.Length); i++)
            if (i >= a.Length || i >= b.Length || a[i] != b[i]) differing++;
        var sb = new StringBuilder();
        sb.Append($"{name}: differs ({a.Length} committed lines, {b.Length} generated lines, {differing} positions differ); first difference at line {first + 1}:\n");
        sb.Append($"  committed: {(first < a.Length ? a[first] : "<end of file>")}\n");
        sb.Append($"  generated: {(first < b.Length ? b[first] : "<end of file>")}");
        return sb.ToString();
    }
}
