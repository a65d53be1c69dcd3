using System.Reflection;

namespace Paddle.Package.Tests;

internal static class RepoPaths
{
    /// <summary>The repository root: the first directory above the test assembly holding the VERSION file and native/.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>The version every package carries: the repository's VERSION file.</summary>
    public static string Version { get; } = File.ReadAllText(Path.Combine(Root, "VERSION")).Trim();

    /// <summary>The local feed ./build.sh pack writes.</summary>
    public static string Packages => Path.Combine(Root, "artifacts", "packages");

    /// <summary>Build configuration of this test assembly (the probe is built with the same one).</summary>
    public static string Configuration { get; } = typeof(RepoPaths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .First(a => a.Key == "Configuration").Value!;

    public static string ProbeDll => Path.Combine(Root, "tests", "fixtures", "NativeProbe", "bin", Configuration, "net10.0", "NativeProbe.dll");

    /// <summary>Path of a package file of the current version; fails with what to run when it is missing.</summary>
    public static string Package(string id)
    {
        var path = Path.Combine(Packages, $"{id}.{Version}.nupkg");
        if (!File.Exists(path))
            throw new FileNotFoundException($"{path} not found: run ./build.sh pack first (./build.sh test does it before the tests)", path);
        return path;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "VERSION")) && Directory.Exists(Path.Combine(dir.FullName, "native")))
                return dir.FullName;
        }
        throw new InvalidOperationException($"repository root not found above {AppContext.BaseDirectory}");
    }
}
