using Paddle.Interop;

namespace Paddle.Package.Tests;

/// <summary>
/// Tiny stand-ins for libpaddle_native.so, compiled with gcc into a temp folder once per test class:
/// one without pd_abi_version, one with another ABI, one whose dependency does not exist.
/// </summary>
public sealed class FakeNativeLibraries : IDisposable
{
    public string Root { get; } = Directory.CreateTempSubdirectory("paddle-fake-native-").FullName;
    public int OtherAbi { get; } = NativeMethods.PD_ABI_VERSION + 100;

    public string NoAbiExport => Path.Combine(Root, "no-abi");
    public string NoExportsAtAll => Path.Combine(Root, "no-exports");
    public string OtherAbiDir => Path.Combine(Root, "other-abi");
    public string MissingDependency => Path.Combine(Root, "missing-dep");
    public const string MissingSoname = "libpaddle_test_missing_dep.so.7";

    public FakeNativeLibraries()
    {
        Build(NoAbiExport, "const char* pd_version(void) { return \"0.0.1\"; }");
        Build(NoExportsAtAll, "int some_other_function(void) { return 0; }");
        Build(OtherAbiDir, $"const char* pd_version(void) {{ return \"9.9.9\"; }}\nint pd_abi_version(void) {{ return {OtherAbi}; }}");

        // A library linked against a dependency that is then deleted: dlopen names the missing soname.
        var dep = Path.Combine(Root, MissingSoname);
        Gcc(Root, "dep.c", "int dep_fn(void) { return 1; }", "-shared", "-fPIC", $"-Wl,-soname,{MissingSoname}", "-o", dep);
        Build(MissingDependency, "int dep_fn(void);\nint pd_abi_version(void) { return dep_fn(); }", dep);
        File.Delete(dep);
    }

    private void Build(string dir, string source, params string[] extra)
    {
        Directory.CreateDirectory(dir);
        Gcc(dir, "fake.c", source, new[] { "-shared", "-fPIC", "-o", Path.Combine(dir, "libpaddle_native.so"), "fake.c" }.Concat(extra).ToArray());
    }

    private static void Gcc(string dir, string file, string source, params string[] args)
    {
        File.WriteAllText(Path.Combine(dir, file), source);
        var list = args.ToList();
        if (!list.Contains(file)) list.Add(file);
        ChildProcess.RunOk("gcc", list, dir, timeoutSeconds: 60);
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
