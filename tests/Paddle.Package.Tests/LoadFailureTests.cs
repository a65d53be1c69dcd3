using Xunit;

namespace Paddle.Package.Tests;

/// <summary>
/// When the native library cannot be loaded the exception lists the paths tried, the RID, the
/// loader's error, the missing dependency read from it and what to do (child process, fake library
/// whose dependency was deleted).
/// </summary>
public class LoadFailureTests : IClassFixture<FakeNativeLibraries>
{
    private readonly FakeNativeLibraries _fakes;
    public LoadFailureTests(FakeNativeLibraries fakes) => _fakes = fakes;

    [Fact]
    public void AMissingDependencyIsNamedWithWhatToDo()
    {
        var r = NativeAbiCheckTests.Probe(_fakes.MissingDependency, "to_tensor");
        var lib = Path.Combine(_fakes.MissingDependency, "libpaddle_native.so");
        var lines = r.Output.Split('\n');
        Assert.Equal("EXCEPTION System.DllNotFoundException", lines[0]);
        Assert.Equal("Could not load the Paddle native library 'paddle_native' (libpaddle_native.so) for RID 'linux-x64'. Tried, in order:", lines[1]);
        Assert.Equal($"  - {lib} (exists, failed to load)", lines[2]);
        Assert.StartsWith($"Loader error: {lib}: ", lines[3]);
        Assert.Contains($"{FakeNativeLibraries.MissingSoname}: cannot open shared object file: No such file or directory", r.Output);
        Assert.Contains($"\nMissing dependency: {FakeNativeLibraries.MissingSoname} (needed by libpaddle_native.so or by one of its dependencies).\n" +
                        "What to do:\n" +
                        "  - reference the NuGet package Paddle-cpu (or Paddle.runtime.linux-x64): it ships libpaddle_native.so with " +
                        "libdnnl.so.2, libOpenCL.so.1 and libgomp.so.1 beside it, found through its RPATH $ORIGIN; keep those files together\n" +
                        $"  - or install the system package that provides {FakeNativeLibraries.MissingSoname} (Debian/Ubuntu: apt-file search {FakeNativeLibraries.MissingSoname})\n" +
                        "  - or correct PADDLE_NATIVE_PATH: when it is set, only it is tried.\n", r.Output);
        Assert.Equal(3, r.ExitCode);
    }

    [Fact]
    public void AnOverrideThatDoesNotExistIsReportedNotBypassed()
    {
        var missing = Path.Combine(_fakes.Root, "nowhere");
        var r = NativeAbiCheckTests.Probe(missing, "version");
        Assert.Equal("EXCEPTION System.DllNotFoundException\n" +
                     "Could not load the Paddle native library 'paddle_native' (libpaddle_native.so) for RID 'linux-x64'. Tried, in order:\n" +
                     $"  - {missing} (not found)\n" +
                     $"  - {Path.Combine(missing, "libpaddle_native.so")} (not found)\n" +
                     "Loader error: (none reported)\n" +
                     "What to do:\n" +
                     "  - reference the NuGet package Paddle-cpu (or Paddle.runtime.linux-x64), which puts libpaddle_native.so under runtimes/linux-x64/native/\n" +
                     "  - or correct PADDLE_NATIVE_PATH: when it is set, only it is tried.\n", r.Output);
        Assert.Equal(3, r.ExitCode);
    }
}
