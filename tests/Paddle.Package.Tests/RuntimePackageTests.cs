using System.Text.RegularExpressions;
using Xunit;
using Xunit.Abstractions;

namespace Paddle.Package.Tests;

/// <summary>
/// Paddle.runtime.linux-x64: what it holds, that it loads on Debian 12 / Ubuntu 22.04 (symbol
/// versions), that the bundled libraries are the ones the loader picks, and the size of the set.
/// </summary>
public class RuntimePackageTests : IClassFixture<ExtractedPackages>
{
    private readonly ExtractedPackages _pkgs;
    private readonly ITestOutputHelper _log;
    public RuntimePackageTests(ExtractedPackages pkgs, ITestOutputHelper log) { _pkgs = pkgs; _log = log; }

    private static readonly string[] Bundled = { "libpaddle_native.so", "libdnnl.so.2", "libOpenCL.so.1", "libgomp.so.1" };

    /// <summary>The highest symbol versions Ubuntu 22.04 ships (glibc 2.35, libstdc++ of GCC 12); Debian 12 ships more.</summary>
    private static readonly Dictionary<string, Version> Ceilings = new()
    {
        ["GLIBC"] = new Version(2, 35),
        ["GLIBCXX"] = new Version(3, 4, 30),
        ["CXXABI"] = new Version(1, 3, 13),
    };

    [Fact]
    public void NativeFolderHoldsTheEngineAndWhatItLoads()
    {
        var files = Directory.GetFiles(_pkgs.NativeDir).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(Bundled.Order(StringComparer.Ordinal).ToArray(), files);
        Assert.True(File.Exists(Path.Combine(_pkgs.Dir("Paddle.runtime.linux-x64"), "debug", "linux-x64", "native", "libpaddle_native.so.dbg")));
    }

    [Fact]
    public void EverySharedObjectNeedsAtMostUbuntu2204SymbolVersions()
    {
        var offending = new List<string>();
        var highest = new Dictionary<string, (Version Version, string Where)>();
        var undefined = new Regex(@"\*UND\*\s+\S+\s+\(?(?<lib>GLIBC|GLIBCXX|CXXABI)_(?<ver>[0-9.]+)\)?\s+(?<sym>\S+)");
        foreach (var so in Directory.GetFiles(_pkgs.NativeDir, "*.so*"))
        {
            var dump = ChildProcess.RunOk("objdump", new[] { "-T", so }, _pkgs.Root).Output;
            int count = 0;
            foreach (Match m in undefined.Matches(dump))
            {
                count++;
                var lib = m.Groups["lib"].Value;
                var ver = Version.Parse(m.Groups["ver"].Value.Contains('.') ? m.Groups["ver"].Value : m.Groups["ver"].Value + ".0");
                var where = $"{Path.GetFileName(so)}: {m.Groups["sym"].Value}@{lib}_{m.Groups["ver"].Value}";
                if (!highest.TryGetValue(lib, out var h) || ver > h.Version) highest[lib] = (ver, where);
                if (ver > Ceilings[lib]) offending.Add($"{where} (limit {lib}_{Ceilings[lib]})");
            }
            Assert.True(count > 0, $"objdump -T found no versioned imports in {so}:\n{dump}");
        }
        foreach (var (lib, h) in highest.OrderBy(p => p.Key)) _log.WriteLine($"highest {lib}: {h.Version} ({h.Where})");
        Assert.True(offending.Count == 0, "needs newer symbol versions than Ubuntu 22.04 / Debian 12 ship:\n" + string.Join("\n", offending));
        Assert.True(highest.ContainsKey("GLIBC") && highest.ContainsKey("GLIBCXX"), "expected GLIBC and GLIBCXX imports");
    }

    [Fact]
    public void TheEngineFindsItsBundledDependenciesThroughRpathOrigin()
    {
        var engine = Path.Combine(_pkgs.NativeDir, "libpaddle_native.so");
        var dyn = ChildProcess.RunOk("readelf", new[] { "-d", engine }, _pkgs.Root).Output;
        Assert.Matches(@"\(RPATH\)\s+Library rpath: \[\$ORIGIN\]", dyn);
        Assert.DoesNotContain("(RUNPATH)", dyn);   // RUNPATH would not serve libdnnl's own dependencies

        // ldd resolves the whole closure the way dlopen will: each bundled library from the package
        // folder (the system has libdnnl and friends installed here, so this really tells them apart).
        var ldd = ChildProcess.RunOk("ldd", new[] { engine }, _pkgs.Root).Output;
        foreach (var so in Bundled.Skip(1))
            Assert.Matches(new Regex($@"^\s*{Regex.Escape(so)} => {Regex.Escape(Path.Combine(_pkgs.NativeDir, so))} ", RegexOptions.Multiline), ldd);
        Assert.DoesNotContain("not found", ldd);
    }

    [Fact]
    public void DebugInfoIsSplitOffAndLinked()
    {
        var engine = Path.Combine(_pkgs.NativeDir, "libpaddle_native.so");
        var dbg = Path.Combine(_pkgs.Dir("Paddle.runtime.linux-x64"), "debug", "linux-x64", "native", "libpaddle_native.so.dbg");
        var sections = ChildProcess.RunOk("readelf", new[] { "-S", "-W", engine }, _pkgs.Root).Output;
        Assert.DoesNotContain(".debug_line", sections);
        Assert.Contains(".gnu_debuglink", sections);
        Assert.Contains(".debug_line", ChildProcess.RunOk("readelf", new[] { "-S", "-W", dbg }, _pkgs.Root).Output);

        // .gnu_debuglink = file name, NUL padding to 4 bytes, CRC-32 of the debug file.
        var dump = Path.Combine(_pkgs.Root, "debuglink.bin");
        ChildProcess.RunOk("objcopy", new[] { "--dump-section", $".gnu_debuglink={dump}", engine, Path.Combine(_pkgs.Root, "scratch.so") }, _pkgs.Root);
        var link = File.ReadAllBytes(dump);
        int nul = Array.IndexOf(link, (byte)0);
        Assert.Equal("libpaddle_native.so.dbg", System.Text.Encoding.ASCII.GetString(link, 0, nul));
        Assert.Equal(Crc32(File.ReadAllBytes(dbg)), BitConverter.ToUInt32(link, link.Length - 4));
    }

    [Fact]
    public void EveryBundledLibraryHasItsLicence()
    {
        var dir = Path.Combine(_pkgs.Dir("Paddle.runtime.linux-x64"), "licenses");
        var notices = File.ReadAllLines(Path.Combine(dir, "THIRD-PARTY-NOTICES.txt"));
        foreach (var so in Bundled.Skip(1))
        {
            var line = notices.SingleOrDefault(l => l.StartsWith(so + " "));
            Assert.True(line != null, $"{so} is not listed in THIRD-PARTY-NOTICES.txt");
            var debianPackage = line!.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
            var copyright = Path.Combine(dir, debianPackage + ".copyright");
            Assert.True(new FileInfo(copyright).Length > 200, $"{copyright} missing or empty");
        }
        Assert.Contains("Apache", File.ReadAllText(Path.Combine(dir, "libdnnl2.copyright")));
    }

    [Fact]
    public void TheWholePaddleCpuSetIsUnder60MB()
    {
        long download = 0, installed = 0;
        foreach (var id in new[] { "Paddle", "Paddle.runtime.linux-x64", "Paddle-cpu" })
        {
            var size = new FileInfo(RepoPaths.Package(id)).Length;
            var unpacked = Directory.GetFiles(_pkgs.Dir(id), "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
            _log.WriteLine($"{id}: {size / 1e6:F1} MB package, {unpacked / 1e6:F1} MB unpacked");
            download += size;
            installed += unpacked;
        }
        _log.WriteLine($"Paddle-cpu set: {download / 1e6:F1} MB of packages, {installed / 1e6:F1} MB unpacked");
        Assert.True(download < 60_000_000, $"the Paddle-cpu packages weigh {download / 1e6:F1} MB (limit 60 MB)");
        Assert.True(installed < 60_000_000, $"the Paddle-cpu packages unpack to {installed / 1e6:F1} MB (limit 60 MB)");
    }

    private static uint Crc32(byte[] data)
    {
        uint crc = 0xFFFFFFFF;
        foreach (var b in data)
        {
            crc ^= b;
            for (int k = 0; k < 8; k++) crc = (crc >> 1) ^ (0xEDB88320u & (uint)-(int)(crc & 1));
        }
        return ~crc;
    }
}
