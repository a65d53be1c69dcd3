namespace Paddle.Interop.Tests;

internal static class RepoPaths
{
    /// <summary>The repository root: the first directory above the test assembly holding native/include/paddle_c.h.</summary>
    public static string Root { get; } = FindRoot();

    public static string Header => Path.Combine(Root, "native", "include", "paddle_c.h");
    public static string InteropDir => Path.Combine(Root, "bindings", "Paddle.Interop");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "native", "include", "paddle_c.h"))) return dir.FullName;
        }
        throw new InvalidOperationException($"repository root not found above {AppContext.BaseDirectory}");
    }
}
