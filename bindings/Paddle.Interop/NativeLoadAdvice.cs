using System.Collections.Generic;
using System.Text;
using System.Text.RegularExpressions;

namespace Paddle.Interop;

/// <summary>
/// Reads the dynamic loader's error text (glibc's <c>dlerror()</c>, as .NET passes it on) and says what
/// is missing and what to do about it, for the message of the load failure.
/// </summary>
internal static class NativeLoadAdvice
{
    // glibc: "libdnnl.so.2: cannot open shared object file: No such file or directory"
    private static readonly Regex MissingSo = new(
        @"(?<name>[^\s:/'""]+\.so(?:\.[0-9]+)*): cannot open shared object file", RegexOptions.CultureInvariant);

    // glibc: "/lib/x86_64-linux-gnu/libstdc++.so.6: version `GLIBCXX_3.4.32' not found (required by /x/libpaddle_native.so)"
    private static readonly Regex MissingVersion = new(
        @"version [`'](?<version>[^`']+)' not found \(required by (?<by>[^)]+)\)", RegexOptions.CultureInvariant);

    /// <summary>Debian/Ubuntu packages of the libraries the engine needs (the runtime package bundles the first three).</summary>
    private static readonly Dictionary<string, string> AptPackages = new()
    {
        ["libdnnl.so.2"] = "libdnnl2",
        ["libOpenCL.so.1"] = "ocl-icd-libopencl1",
        ["libgomp.so.1"] = "libgomp1",
        ["libstdc++.so.6"] = "libstdc++6",
        ["libgcc_s.so.1"] = "libgcc-s1",
    };

    /// <summary>The shared library the loader could not find, or null when the error is about something else.</summary>
    public static string? MissingDependency(string? loaderError)
    {
        if (string.IsNullOrEmpty(loaderError)) return null;
        foreach (Match m in MissingSo.Matches(loaderError))
        {
            var name = m.Groups["name"].Value;
            if (name != NativeLibraryLoader.PlatformFileName) return name;
        }
        return null;
    }

    /// <summary>The symbol version (e.g. <c>GLIBCXX_3.4.32</c>) the system libraries lack, or null.</summary>
    public static string? MissingSymbolVersion(string? loaderError)
    {
        if (string.IsNullOrEmpty(loaderError)) return null;
        var m = MissingVersion.Match(loaderError);
        return m.Success ? m.Groups["version"].Value : null;
    }

    /// <summary>The "Missing …" and "What to do" lines appended to the load failure message.</summary>
    public static string Describe(string? loaderError, bool overrideSet)
    {
        var sb = new StringBuilder();
        string package = NativeAbi.RuntimePackage, meta = NativeAbi.MetaPackage;
        var missing = MissingDependency(loaderError);
        var version = MissingSymbolVersion(loaderError);
        if (missing != null)
        {
            sb.Append($"\nMissing dependency: {missing} (needed by {NativeLibraryLoader.PlatformFileName} or by one of its dependencies).");
            sb.Append("\nWhat to do:");
            sb.Append($"\n  - reference the NuGet package {meta} (or {package}): it ships {NativeLibraryLoader.PlatformFileName} with " +
                      "libdnnl.so.2, libOpenCL.so.1 and libgomp.so.1 beside it, found through its RPATH $ORIGIN; keep those files together");
            sb.Append(AptPackages.TryGetValue(missing, out var apt)
                ? $"\n  - or install it system-wide: apt-get install {apt} (Debian/Ubuntu)"
                : $"\n  - or install the system package that provides {missing} (Debian/Ubuntu: apt-file search {missing})");
        }
        else if (version != null)
        {
            sb.Append($"\nMissing symbol version: {version} (the system's C/C++ runtime is older than the library was built for).");
            sb.Append("\nWhat to do:");
            sb.Append($"\n  - use the {package} package of the same version as Paddle: it is built to need at most GLIBC 2.35 and GLIBCXX 3.4.30 (Debian 12, Ubuntu 22.04)");
            sb.Append("\n  - or update the system's libc6/libstdc++6");
        }
        else
        {
            sb.Append("\nWhat to do:");
            sb.Append($"\n  - reference the NuGet package {meta} (or {package}), which puts {NativeLibraryLoader.PlatformFileName} under runtimes/{NativeLibraryLoader.PortableRid}/native/");
        }
        sb.Append(overrideSet
            ? $"\n  - or correct {NativeLibraryLoader.PathVariable}: when it is set, only it is tried."
            : $"\n  - or set {NativeLibraryLoader.PathVariable} to the library file or to the directory that contains it.");
        return sb.ToString();
    }
}
