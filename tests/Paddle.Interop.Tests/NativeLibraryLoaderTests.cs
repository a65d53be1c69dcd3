using System.Runtime.InteropServices;
using Xunit;

namespace Paddle.Interop.Tests;

public class NativeLibraryLoaderTests
{
    [Fact]
    public void FailureMessageListsEveryPathTried()
    {
        var asmDir = Path.Combine(Path.GetTempPath(), "paddle-no-assembly-dir-" + Guid.NewGuid().ToString("N"));
        const string rid = "linux-x64";

        var candidates = NativeLibraryLoader.GetCandidatePaths(null, asmDir, rid);
        var file = NativeLibraryLoader.PlatformFileName;
        Assert.Equal(Path.Combine(asmDir, file), candidates[0]);
        Assert.Contains(Path.Combine(asmDir, "runtimes", rid, "native", file), candidates);

        Assert.False(NativeLibraryLoader.TryLoadCandidates(candidates, out var h, out var loaderError));
        Assert.Equal(0, h);
        Assert.Null(loaderError); // nothing existed, so the loader was never asked

        var message = NativeLibraryLoader.BuildFailureMessage(candidates, rid, "libfoo.so.3: cannot open shared object file: No such file or directory");
        foreach (var c in candidates) Assert.Contains(c + " (not found)", message);
        Assert.Contains($"for RID '{rid}'", message);
        Assert.Contains("Loader error: libfoo.so.3: cannot open shared object file", message);
        Assert.Contains("Missing dependency: libfoo.so.3 (needed by libpaddle_native.so or by one of its dependencies).", message);
        Assert.Contains("reference the NuGet package Paddle-cpu (or Paddle.runtime.", message);
        Assert.Contains("apt-file search libfoo.so.3", message);
        Assert.Contains("set PADDLE_NATIVE_PATH to the library file or to the directory that contains it.", message);
    }

    [Fact]
    public void ASetOverrideIsTheOnlyPlaceTried()
    {
        var env = Path.Combine(Path.GetTempPath(), "paddle-does-not-exist-" + Guid.NewGuid().ToString("N"));
        var asmDir = Path.Combine(Path.GetTempPath(), "paddle-no-assembly-dir-" + Guid.NewGuid().ToString("N"));
        var file = NativeLibraryLoader.PlatformFileName;
        // Neither a file nor a directory: both readings are tried (and reported), nothing else.
        Assert.Equal(new[] { env, Path.Combine(env, file) }, NativeLibraryLoader.GetCandidatePaths(env, asmDir, "linux-x64"));
        var message = NativeLibraryLoader.BuildFailureMessage(new[] { env }, "linux-x64", null, overrideSet: true);
        Assert.Contains("Loader error: (none reported)", message);
        Assert.Contains("or correct PADDLE_NATIVE_PATH: when it is set, only it is tried.", message);
    }

    [Theory]
    [InlineData("Unable to load shared library '/x/libpaddle_native.so' or one of its dependencies. In order to help diagnose loading problems, consider using a tool like strace. If you're using glibc, consider setting the LD_DEBUG environment variable: \nlibdnnl.so.2: cannot open shared object file: No such file or directory", "libdnnl.so.2", "apt-get install libdnnl2")]
    [InlineData("/opt/app/libdnnl.so.2: libOpenCL.so.1: cannot open shared object file: No such file or directory", "libOpenCL.so.1", "apt-get install ocl-icd-libopencl1")]
    [InlineData("libgomp.so.1: cannot open shared object file: No such file or directory", "libgomp.so.1", "apt-get install libgomp1")]
    public void MissingDependencyIsReadFromTheLoaderError(string loaderError, string missing, string advice)
    {
        Assert.Equal(missing, NativeLoadAdvice.MissingDependency(loaderError));
        var message = NativeLibraryLoader.BuildFailureMessage(new[] { "/x/libpaddle_native.so" }, "linux-x64", loaderError);
        Assert.Contains($"Missing dependency: {missing} (", message);
        Assert.Contains(advice, message);
    }

    [Fact]
    public void TheLibraryItselfMissingIsNotReportedAsADependency()
    {
        Assert.Null(NativeLoadAdvice.MissingDependency("/x/libpaddle_native.so: cannot open shared object file: No such file or directory"));
        Assert.Null(NativeLoadAdvice.MissingDependency("/x/libpaddle_native.so: invalid ELF header"));
        Assert.Null(NativeLoadAdvice.MissingDependency(null));
    }

    [Fact]
    public void AnOldSystemLibstdcxxIsNamed()
    {
        const string error = "/lib/x86_64-linux-gnu/libstdc++.so.6: version `GLIBCXX_3.4.32' not found (required by /app/libpaddle_native.so)";
        Assert.Null(NativeLoadAdvice.MissingDependency(error));
        Assert.Equal("GLIBCXX_3.4.32", NativeLoadAdvice.MissingSymbolVersion(error));
        var message = NativeLibraryLoader.BuildFailureMessage(new[] { "/app/libpaddle_native.so" }, "linux-x64", error);
        Assert.Contains("Missing symbol version: GLIBCXX_3.4.32 (the system's C/C++ runtime is older than the library was built for).", message);
        Assert.Contains("at most GLIBC 2.35 and GLIBCXX 3.4.30", message);
    }

    [Fact]
    public void VersionMismatchMessageNamesBothVersionsAndThePackage()
    {
        var m = NativeAbi.MismatchMessage("0.3.0", 2, "0.2.0", 1, "/app/libpaddle_native.so", "Paddle.runtime.linux-x64");
        Assert.Equal("The Paddle native library /app/libpaddle_native.so (version 0.2.0, ABI 1) does not match the managed " +
                     "Paddle assemblies (version 0.3.0, ABI 2). Update the NuGet package Paddle.runtime.linux-x64 (or Paddle-cpu) " +
                     "to version 0.3.0, the same as Paddle, or point PADDLE_NATIVE_PATH at a libpaddle_native built from the same sources.", m);
        var old = NativeAbi.MismatchMessage("0.3.0", 2, null, null, "/app/libpaddle_native.so", "Paddle.runtime.linux-x64");
        Assert.Contains("(version unknown, no pd_abi_version export: older than ABI 1)", old);
    }

    [Fact]
    public void ManagedVersionComesFromTheVersionFile()
    {
        Assert.Equal(File.ReadAllText(Path.Combine(RepoPaths.Root, "VERSION")).Trim(), NativeAbi.ManagedVersion);
    }

    [Fact]
    public void EnvDirectoryAndFileAreHonoured()
    {
        var dir = Directory.CreateTempSubdirectory("paddle-native-env-").FullName;
        try
        {
            var file = NativeLibraryLoader.PlatformFileName;
            Assert.Equal(Path.Combine(dir, file), NativeLibraryLoader.GetCandidatePaths(dir, null, "linux-x64")[0]);
            var lib = Path.Combine(dir, file);
            Assert.Equal(lib, NativeLibraryLoader.GetCandidatePaths(lib, null, "linux-x64")[0]);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void LoaderErrorTextIsCapturedForABrokenLibrary()
    {
        var dir = Directory.CreateTempSubdirectory("paddle-native-broken-").FullName;
        try
        {
            var lib = Path.Combine(dir, NativeLibraryLoader.PlatformFileName);
            File.WriteAllText(lib, "this is not a shared library");
            var candidates = NativeLibraryLoader.GetCandidatePaths(lib, null, RuntimeInformation.RuntimeIdentifier);
            Assert.False(NativeLibraryLoader.TryLoadCandidates(candidates, out _, out var loaderError));
            Assert.NotNull(loaderError);
            Assert.Contains(lib, loaderError);
            var message = NativeLibraryLoader.BuildFailureMessage(candidates, RuntimeInformation.RuntimeIdentifier, loaderError);
            Assert.Contains("(exists, failed to load)", message);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void NativeLibraryIsCopiedBesideTheAssembly()
    {
        var beside = Path.Combine(Path.GetDirectoryName(typeof(NativeMethods).Assembly.Location)!,
            NativeLibraryLoader.PlatformFileName);
        Assert.True(File.Exists(beside), $"{beside} missing: build native first (cmake -S native -B build/native && make -C build/native paddle_native)");
    }
}
