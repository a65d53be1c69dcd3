using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

namespace Paddle.Interop;

/// <summary>
/// Resolves <see cref="NativeMethods.LibraryName"/> ("paddle_native") for this assembly. Order:
/// <list type="number">
/// <item>the <c>PADDLE_NATIVE_PATH</c> environment variable (a file, or a directory holding the library);
/// when it is set nothing else is tried, so a wrong override is reported, never silently bypassed;</item>
/// <item>the directory of the Paddle.Interop assembly;</item>
/// <item><c>runtimes/&lt;rid&gt;/native/</c> under that directory (NuGet layout);</item>
/// <item>the runtime's default probing (deps.json native assets, the app directory, the system).</item>
/// </list>
/// When everything fails a <see cref="DllNotFoundException"/> lists every path tried, the RID, the
/// dynamic loader's own error text, the missing dependency read from it and what to install or set
/// (<see cref="NativeLoadAdvice"/>). A library that loads is then checked by <see cref="NativeAbi"/>.
/// </summary>
public static class NativeLibraryLoader
{
    /// <summary>Environment variable overriding where the native library is loaded from.</summary>
    public const string PathVariable = "PADDLE_NATIVE_PATH";

    private static readonly object Gate = new();
    private static nint _handle;
    private static NativeVersionMismatchException? _abiMismatch;

#pragma warning disable CA2255 // ModuleInitializer in a library: registering the resolver must happen before any P/Invoke.
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Initialize()
    {
        try
        {
            NativeLibrary.SetDllImportResolver(typeof(NativeMethods).Assembly, Resolve);
        }
        catch (InvalidOperationException)
        {
            // A resolver is already registered for this assembly (e.g. by the host): keep it.
        }
    }

    /// <summary>File name of the native library on the current OS.</summary>
    public static string PlatformFileName =>
        OperatingSystem.IsWindows() ? "paddle_native.dll"
        : OperatingSystem.IsMacOS() ? "libpaddle_native.dylib"
        : "libpaddle_native.so";

    /// <summary>
    /// Loads the native library (if not already loaded) and returns its handle. Throws
    /// <see cref="DllNotFoundException"/> with the list of paths tried when it cannot be loaded, and
    /// <see cref="NativeVersionMismatchException"/> when the library loaded speaks another ABI.
    /// </summary>
    public static nint Load()
    {
        lock (Gate)
        {
            if (_handle != 0) return _handle;
            if (_abiMismatch != null) throw Copy(_abiMismatch);
            var envValue = Environment.GetEnvironmentVariable(PathVariable);
            bool overrideSet = !string.IsNullOrWhiteSpace(envValue);
            var candidates = GetCandidatePaths(envValue, AssemblyDirectory(), RuntimeInformation.RuntimeIdentifier);
            if (TryLoadCandidates(candidates, out var h, out var loadedFrom, out var loaderError))
                return Accept(h, loadedFrom!);

            var tried = new List<string>(candidates);
            if (!overrideSet)
            {
                var asm = typeof(NativeMethods).Assembly;
                if (NativeLibrary.TryLoad(NativeMethods.LibraryName, asm, null, out h))
                    return Accept(h, MappedPath(h) ?? $"found by default probing for '{NativeMethods.LibraryName}'");
                tried.Add($"default probing for '{NativeMethods.LibraryName}'");
                if (loaderError == null)
                {
                    try
                    {
                        h = NativeLibrary.Load(NativeMethods.LibraryName, asm, null);
                        return Accept(h, MappedPath(h) ?? $"found by default probing for '{NativeMethods.LibraryName}'");
                    }
                    catch (Exception ex) when (ex is DllNotFoundException or BadImageFormatException)
                    {
                        loaderError = ex.Message;
                    }
                }
            }
            throw new DllNotFoundException(BuildFailureMessage(tried, RuntimeInformation.RuntimeIdentifier, loaderError, overrideSet));
        }
    }

    // Keeps a loaded library only when it speaks our ABI; otherwise every later Load() throws too.
    private static nint Accept(nint handle, string source)
    {
        var mismatch = NativeAbi.Verify(handle, source);
        if (mismatch == null) return _handle = handle;
        _abiMismatch = mismatch;
        throw Copy(mismatch);
    }

    // The file behind a handle the runtime's probing loaded (Linux: the mapping that holds an export).
    private static string? MappedPath(nint handle)
    {
        if (!OperatingSystem.IsLinux()) return null;
        if (!NativeLibrary.TryGetExport(handle, "pd_abi_version", out var address) &&
            !NativeLibrary.TryGetExport(handle, "pd_version", out address)) return null;
        try
        {
            foreach (var line in File.ReadLines("/proc/self/maps"))
            {
                // "start-end perms offset dev inode path"
                var fields = line.Split(' ', 6, StringSplitOptions.RemoveEmptyEntries);
                if (fields.Length < 6) continue;
                var range = fields[0].Split('-');
                ulong start = Convert.ToUInt64(range[0], 16), end = Convert.ToUInt64(range[1], 16);
                if ((ulong)address >= start && (ulong)address < end) return fields[5].Trim();
            }
        }
        catch (IOException)
        {
        }
        return null;
    }

    // A fresh instance per throw: one exception object thrown on several threads would share a stack trace.
    private static NativeVersionMismatchException Copy(NativeVersionMismatchException e) =>
        new(e.Message, e.ManagedVersion, e.ManagedAbi, e.NativeVersion, e.NativeAbi, e.LibraryPath);

    /// <summary>The portable RID of this process, e.g. <c>linux-x64</c> (the native package's RID).</summary>
    public static string PortableRid
    {
        get
        {
            var os = OperatingSystem.IsWindows() ? "win" : OperatingSystem.IsMacOS() ? "osx" : "linux";
            return $"{os}-{RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant()}";
        }
    }

    private static nint Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (libraryName != NativeMethods.LibraryName) return 0;
        return Load();
    }

    private static string? AssemblyDirectory()
    {
        var location = typeof(NativeMethods).Assembly.Location;
        if (!string.IsNullOrEmpty(location)) return Path.GetDirectoryName(location);
        // single-file / in-memory: fall back to the app's base directory
        return AppContext.BaseDirectory;
    }

    /// <summary>The RIDs probed under runtimes/: the runtime's own, then the portable ones for this OS.</summary>
    internal static IReadOnlyList<string> CandidateRids(string rid)
    {
        var rids = new List<string>();
        void Add(string r)
        {
            if (!string.IsNullOrEmpty(r) && !rids.Contains(r)) rids.Add(r);
        }

        Add(rid);
        Add(PortableRid);
        Add((OperatingSystem.IsWindows() ? "win" : OperatingSystem.IsMacOS() ? "osx" : "linux") + "-x64");
        return rids;
    }

    /// <summary>
    /// The file paths to try, in order, for the given <c>PADDLE_NATIVE_PATH</c> value (may be null),
    /// assembly directory (may be null) and runtime identifier. A set override gives only its own paths.
    /// </summary>
    internal static IReadOnlyList<string> GetCandidatePaths(string? envValue, string? assemblyDirectory, string rid)
    {
        var paths = new List<string>();
        void Add(string p)
        {
            if (!paths.Contains(p)) paths.Add(p);
        }

        var fileName = PlatformFileName;
        if (!string.IsNullOrWhiteSpace(envValue))
        {
            var env = envValue.Trim();
            if (Directory.Exists(env))
            {
                Add(Path.Combine(env, fileName));
            }
            else if (File.Exists(env) || LooksLikeLibraryFile(env))
            {
                Add(env);
            }
            else
            {
                // Neither exists: it may have been meant as a file or as a directory; try (and report) both.
                Add(env);
                Add(Path.Combine(env, fileName));
            }
            return paths;
        }

        if (!string.IsNullOrEmpty(assemblyDirectory))
        {
            Add(Path.Combine(assemblyDirectory, fileName));
            foreach (var r in CandidateRids(rid))
                Add(Path.Combine(assemblyDirectory, "runtimes", r, "native", fileName));
        }
        return paths;
    }

    private static bool LooksLikeLibraryFile(string path)
    {
        var ext = Path.GetExtension(path);
        return ext.Equals(".so", StringComparison.OrdinalIgnoreCase) ||
               ext.Equals(".dll", StringComparison.OrdinalIgnoreCase) ||
               ext.Equals(".dylib", StringComparison.OrdinalIgnoreCase) ||
               Path.GetFileName(path).Contains(".so.", StringComparison.Ordinal);
    }

    /// <summary>
    /// Tries the candidates in order. On failure <paramref name="loaderError"/> holds the dynamic
    /// loader's message for the first candidate that exists but would not load (null when none exists).
    /// </summary>
    internal static bool TryLoadCandidates(IReadOnlyList<string> candidates, out nint handle, out string? loaderError)
        => TryLoadCandidates(candidates, out handle, out _, out loaderError);

    /// <summary>As above; <paramref name="loadedFrom"/> is the path that loaded.</summary>
    internal static bool TryLoadCandidates(IReadOnlyList<string> candidates, out nint handle, out string? loadedFrom,
        out string? loaderError)
    {
        loaderError = null;
        foreach (var path in candidates)
        {
            loadedFrom = path;
            if (!File.Exists(path)) continue;
            if (NativeLibrary.TryLoad(path, out handle)) return true;
            if (loaderError == null)
            {
                // TryLoad gives no reason; Load does (e.g. "libfoo.so: cannot open shared object file").
                try
                {
                    handle = NativeLibrary.Load(path);
                    return true;
                }
                catch (Exception ex) when (ex is DllNotFoundException or BadImageFormatException)
                {
                    loaderError = $"{path}: {ex.Message}";
                }
            }
        }
        handle = 0;
        loadedFrom = null;
        return false;
    }

    /// <summary>The message of the <see cref="DllNotFoundException"/> thrown when nothing loads.</summary>
    internal static string BuildFailureMessage(IReadOnlyList<string> tried, string rid, string? loaderError,
        bool overrideSet = false)
    {
        var sb = new StringBuilder();
        sb.Append($"Could not load the Paddle native library '{NativeMethods.LibraryName}' ({PlatformFileName}) for RID '{rid}'. Tried, in order:");
        foreach (var p in tried)
        {
            sb.Append("\n  - ").Append(p);
            if (Path.IsPathRooted(p)) sb.Append(File.Exists(p) ? " (exists, failed to load)" : " (not found)");
        }
        sb.Append("\nLoader error: ").Append(string.IsNullOrEmpty(loaderError) ? "(none reported)" : loaderError);
        sb.Append(NativeLoadAdvice.Describe(loaderError, overrideSet));
        return sb.ToString();
    }
}
