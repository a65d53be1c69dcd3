using System;

namespace Paddle.Interop;

/// <summary>
/// The native library that was loaded does not speak the C ABI this managed assembly was generated
/// from (<see cref="NativeMethods.PD_ABI_VERSION"/>), or is too old to say which ABI it speaks (no
/// <c>pd_abi_version</c> export). Thrown by the first call into the native library, before any
/// native function other than <c>pd_version</c>/<c>pd_abi_version</c> runs, and by every call after it.
/// </summary>
public sealed class NativeVersionMismatchException : InvalidOperationException
{
    /// <summary>Version of the managed assemblies (the repository's VERSION file at build time).</summary>
    public string ManagedVersion { get; }
    /// <summary>The ABI the managed side was generated for.</summary>
    public int ManagedAbi { get; }
    /// <summary><c>pd_version()</c> of the loaded library; null when it has no such export.</summary>
    public string? NativeVersion { get; }
    /// <summary><c>pd_abi_version()</c> of the loaded library; null when it has no such export.</summary>
    public int? NativeAbi { get; }
    /// <summary>The file that was loaded.</summary>
    public string LibraryPath { get; }

    /// <summary>Creates the exception; the message names both versions and the package to update.</summary>
    public NativeVersionMismatchException(string message, string managedVersion, int managedAbi,
        string? nativeVersion, int? nativeAbi, string libraryPath) : base(message)
    {
        ManagedVersion = managedVersion;
        ManagedAbi = managedAbi;
        NativeVersion = nativeVersion;
        NativeAbi = nativeAbi;
        LibraryPath = libraryPath;
    }
}
