using Paddle.Interop;
using Xunit;

namespace Paddle.Package.Tests;

/// <summary>
/// The managed side checks the native ABI before the first native call, whatever that call is: a
/// library of another ABI, or one too old to export pd_abi_version, gives one
/// NativeVersionMismatchException naming both versions and the package to update — never an
/// EntryPointNotFoundException or a crash. Each case runs the probe in a child process with
/// PADDLE_NATIVE_PATH pointing at a fake library.
/// </summary>
public class NativeAbiCheckTests : IClassFixture<FakeNativeLibraries>
{
    private readonly FakeNativeLibraries _fakes;
    public NativeAbiCheckTests(FakeNativeLibraries fakes) => _fakes = fakes;

    internal static ChildProcess.Result Probe(string nativePath, string firstCall) =>
        ChildProcess.Run("dotnet", new[] { RepoPaths.ProbeDll, firstCall }, Path.GetTempPath(),
            new Dictionary<string, string> { ["PADDLE_NATIVE_PATH"] = nativePath }, timeoutSeconds: 120);

    private static string Expected(string library, string native) =>
        $"The Paddle native library {library} ({native}) does not match the managed Paddle assemblies " +
        $"(version {RepoPaths.Version}, ABI {NativeMethods.PD_ABI_VERSION}). Update the NuGet package " +
        $"Paddle.runtime.linux-x64 (or Paddle-cpu) to version {RepoPaths.Version}, the same as Paddle, or point " +
        "PADDLE_NATIVE_PATH at a libpaddle_native built from the same sources.";

    [Theory]
    [InlineData("to_tensor")]
    [InlineData("version")]
    [InlineData("live_stats")]
    public void AnotherAbiIsRefusedBeforeTheFirstCall(string firstCall)
    {
        var r = Probe(_fakes.OtherAbiDir, firstCall);
        var lib = Path.Combine(_fakes.OtherAbiDir, "libpaddle_native.so");
        Assert.Equal("EXCEPTION Paddle.Interop.NativeVersionMismatchException\n" +
                     Expected(lib, $"version 9.9.9, ABI {_fakes.OtherAbi}") + "\n", r.Output);
        Assert.Equal(3, r.ExitCode);
    }

    [Theory]
    [InlineData("to_tensor")]
    [InlineData("version")]
    public void ALibraryWithoutPdAbiVersionIsRefusedNotAnEntryPointError(string firstCall)
    {
        var r = Probe(_fakes.NoAbiExport, firstCall);
        var lib = Path.Combine(_fakes.NoAbiExport, "libpaddle_native.so");
        Assert.Equal("EXCEPTION Paddle.Interop.NativeVersionMismatchException\n" +
                     Expected(lib, "version 0.0.1, no pd_abi_version export: older than ABI 1") + "\n", r.Output);
        Assert.DoesNotContain("EntryPointNotFound", r.All);
        Assert.Equal(3, r.ExitCode);
    }

    [Fact]
    public void ALibraryWithNeitherExportSaysTheVersionIsUnknown()
    {
        var r = Probe(Path.Combine(_fakes.NoExportsAtAll, "libpaddle_native.so"), "to_tensor");
        var lib = Path.Combine(_fakes.NoExportsAtAll, "libpaddle_native.so");
        Assert.Equal("EXCEPTION Paddle.Interop.NativeVersionMismatchException\n" +
                     Expected(lib, "version unknown, no pd_abi_version export: older than ABI 1") + "\n", r.Output);
        Assert.Equal(3, r.ExitCode);
    }

    [Fact]
    public void ALibraryFoundByDefaultProbingIsNamedByItsMappedPath()
    {
        // The probe without the library beside it: the loader falls back to the runtime's probing,
        // which finds the fake through LD_LIBRARY_PATH; the message still names the file.
        var copy = Directory.CreateTempSubdirectory("paddle-probe-copy-").FullName;
        try
        {
            foreach (var f in Directory.GetFiles(Path.GetDirectoryName(RepoPaths.ProbeDll)!))
                if (Path.GetFileName(f) != "libpaddle_native.so") File.Copy(f, Path.Combine(copy, Path.GetFileName(f)));
            var r = ChildProcess.Run("dotnet", new[] { Path.Combine(copy, "NativeProbe.dll"), "version" }, copy,
                new Dictionary<string, string> { ["LD_LIBRARY_PATH"] = _fakes.OtherAbiDir }, timeoutSeconds: 120);
            Assert.Equal("EXCEPTION Paddle.Interop.NativeVersionMismatchException\n" +
                         Expected(Path.Combine(_fakes.OtherAbiDir, "libpaddle_native.so"), $"version 9.9.9, ABI {_fakes.OtherAbi}") + "\n", r.Output);
        }
        finally
        {
            Directory.Delete(copy, recursive: true);
        }
    }

    [Fact]
    public void TheRealLibraryPassesTheCheck()
    {
        // The engine built from this tree (build/native) speaks the managed ABI: the probe's sum is 6.
        var r = Probe(Path.Combine(RepoPaths.Root, "build", "native", "libpaddle_native.so"), "to_tensor");
        Assert.Equal("OK 6\n", r.Output);
        Assert.Equal(0, r.ExitCode);
        var v = Probe(Path.Combine(RepoPaths.Root, "build", "native"), "version");
        Assert.Equal($"OK {RepoPaths.Version}\n", v.Output);
    }
}
