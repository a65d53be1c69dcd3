using System.Runtime.InteropServices;
using Xunit;

namespace Paddle.Interop.Tests;

public class NativeLibraryLoaderTests
{
    [Fact]
    public void FailureMessageListsEveryPathTried()
    {
        var env = Path.Combine(Path.GetTempPath(), "paddle-does-not-exist-" + Guid.NewGuid().ToString("N"));
        var asmDir = Path.Combine(Path.GetTempPath(), "paddle-no-assembly-dir-" + Guid.NewGuid().ToString("N"));
        const string rid = "linux-x64";

        var candidates = NativeLibraryLoader.GetCandidatePaths(env, asmDir, rid);
        var file = NativeLibraryLoader.PlatformFileName;
        Assert.Equal(env, candidates[0]);
        Assert.Contains(Path.Combine(env, file), candidates);
        Assert.Contains(Path.Combine(asmDir, file), candidates);
        Assert.Contains(Path.Combine(asmDir, "runtimes", rid, "native", file), candidates);
        // the env override comes before the assembly directory
        Assert.True(candidates.ToList().IndexOf(Path.Combine(env, file)) < candidates.ToList().IndexOf(Path.Combine(asmDir, file)));

        Assert.False(NativeLibraryLoader.TryLoadCandidates(candidates, out var h, out var loaderError));
        Assert.Equal(0, h);
        Assert.Null(loaderError); // nothing existed, so the loader was never asked

        var message = NativeLibraryLoader.BuildFailureMessage(candidates, rid, "libfoo.so: cannot open shared object file");
        foreach (var c in candidates) Assert.Contains(c, message);
        Assert.Contains(rid, message);
        Assert.Contains("PADDLE_NATIVE_PATH", message);
        Assert.Contains("libfoo.so: cannot open shared object file", message);
        Assert.Contains("(not found)", message);
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
