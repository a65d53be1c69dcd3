using System;
using System.Reflection;
using System.Runtime.InteropServices;

namespace Paddle.Interop;

/// <summary>
/// The check that a freshly loaded native library speaks our ABI. It runs inside
/// <see cref="NativeLibraryLoader.Load"/>, i.e. before the first P/Invoke into the library is bound,
/// so no call can reach a library with other signatures (and a library without
/// <c>pd_abi_version</c> gives this message, not an <see cref="EntryPointNotFoundException"/>).
/// </summary>
public static class NativeAbi
{
    /// <summary>The meta-package that brings the managed and the native package together.</summary>
    public const string MetaPackage = "Paddle-cpu";

    /// <summary>Version of the managed assemblies, from the repository's VERSION file (no build metadata).</summary>
    public static string ManagedVersion { get; } = ReadManagedVersion();

    /// <summary>The native package for this OS and architecture, e.g. <c>Paddle.runtime.linux-x64</c>.</summary>
    public static string RuntimePackage => $"Paddle.runtime.{NativeLibraryLoader.PortableRid}";

    private static string ReadManagedVersion()
    {
        var asm = typeof(NativeAbi).Assembly;
        var info = asm.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        if (string.IsNullOrEmpty(info)) return asm.GetName().Version?.ToString(3) ?? "?";
        int plus = info.IndexOf('+');   // SourceLink appends "+<commit>"
        return plus >= 0 ? info[..plus] : info;
    }

    /// <summary>
    /// Reads <c>pd_abi_version</c> and <c>pd_version</c> from <paramref name="handle"/> (exports looked up,
    /// never bound) and returns the exception to throw, or null when the ABI matches.
    /// </summary>
    internal static unsafe NativeVersionMismatchException? Verify(nint handle, string libraryPath)
    {
        int? abi = null;
        if (NativeLibrary.TryGetExport(handle, "pd_abi_version", out var abiFn))
            abi = ((delegate* unmanaged<int>)abiFn)();
        if (abi == NativeMethods.PD_ABI_VERSION) return null;

        string? version = null;
        if (NativeLibrary.TryGetExport(handle, "pd_version", out var versionFn))
        {
            var p = ((delegate* unmanaged<byte*>)versionFn)();
            if (p != null) version = Marshal.PtrToStringUTF8((nint)p);
        }
        return new NativeVersionMismatchException(
            MismatchMessage(ManagedVersion, NativeMethods.PD_ABI_VERSION, version, abi, libraryPath, RuntimePackage),
            ManagedVersion, NativeMethods.PD_ABI_VERSION, version, abi, libraryPath);
    }

    /// <summary>The message of <see cref="NativeVersionMismatchException"/>.</summary>
    internal static string MismatchMessage(string managedVersion, int managedAbi, string? nativeVersion, int? nativeAbi,
        string libraryPath, string runtimePackage)
    {
        string native = nativeAbi is int a
            ? $"version {nativeVersion ?? "unknown"}, ABI {a}"
            : $"version {nativeVersion ?? "unknown"}, no pd_abi_version export: older than ABI 1";
        return $"The Paddle native library {libraryPath} ({native}) does not match the managed Paddle assemblies " +
               $"(version {managedVersion}, ABI {managedAbi}). Update the NuGet package {runtimePackage} " +
               $"(or {MetaPackage}) to version {managedVersion}, the same as Paddle, or point " +
               $"{NativeLibraryLoader.PathVariable} at a libpaddle_native built from the same sources.";
    }
}
