using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using Xunit;

namespace Paddle.Package.Tests;

/// <summary>
/// The managed package and the meta-package: contents, one version from the VERSION file, licence,
/// icon, readme, dependencies, embedded PDBs with SourceLink and deterministic paths.
/// </summary>
public class PackageMetadataTests : IClassFixture<ExtractedPackages>
{
    private readonly ExtractedPackages _pkgs;
    public PackageMetadataTests(ExtractedPackages pkgs) => _pkgs = pkgs;

    [Theory]
    [InlineData("Paddle")]
    [InlineData("Paddle.runtime.linux-x64")]
    [InlineData("Paddle-cpu")]
    public void EveryPackageCarriesTheVersionLicenceIconAndReadme(string id)
    {
        var m = _pkgs.Nuspec(id);
        Assert.Equal(id, m.Element("id")!.Value);
        Assert.Equal(RepoPaths.Version, m.Element("version")!.Value);
        Assert.Equal("expression", m.Element("license")!.Attribute("type")!.Value);
        Assert.Equal("Apache-2.0", m.Element("license")!.Value);
        Assert.Equal("icon.png", m.Element("icon")!.Value);
        Assert.Equal("README.md", m.Element("readme")!.Value);
        var png = File.ReadAllBytes(Path.Combine(_pkgs.Dir(id), "icon.png"));
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, png[..4]);
        Assert.Contains("## The packages", File.ReadAllText(Path.Combine(_pkgs.Dir(id), "README.md")));
        var repo = m.Element("repository")!;
        Assert.Equal("git", repo.Attribute("type")!.Value);
        Assert.Matches("^[0-9a-f]{40}$", repo.Attribute("commit")!.Value);
    }

    [Fact]
    public void PaddleCpuDependsOnTheApiAndTheRuntimeOfTheSameVersion()
    {
        var deps = _pkgs.Nuspec("Paddle-cpu").Descendants("dependency")
            .Select(d => $"{d.Attribute("id")!.Value} {d.Attribute("version")!.Value}").Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(new[] { $"Paddle {RepoPaths.Version}", $"Paddle.runtime.linux-x64 {RepoPaths.Version}" }, deps);
        Assert.Empty(Directory.GetDirectories(_pkgs.Dir("Paddle-cpu"), "lib"));
    }

    [Fact]
    public void PaddleShipsBothAssembliesWithDocsAndNoNativeCode()
    {
        var dir = _pkgs.Dir("Paddle");
        var files = Directory.GetFiles(dir, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(dir, f).Replace('\\', '/'))
            .Where(f => f.StartsWith("lib/") || f.StartsWith("runtimes/")).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(new[] { "lib/net10.0/Paddle.Interop.dll", "lib/net10.0/Paddle.Interop.xml", "lib/net10.0/Paddle.dll", "lib/net10.0/Paddle.xml" }, files);
        Assert.Empty(_pkgs.Nuspec("Paddle").Descendants("dependency"));   // Paddle.Interop is inside, not a dependency
    }

    [Theory]
    [InlineData("Paddle.dll")]
    [InlineData("Paddle.Interop.dll")]
    public void AssembliesEmbedAPortablePdbWithSourceLinkAndDeterministicPaths(string file)
    {
        using var pe = new PEReader(File.OpenRead(Path.Combine(_pkgs.Dir("Paddle"), "lib", "net10.0", file)));
        var entries = pe.ReadDebugDirectory();
        Assert.Contains(entries, e => e.Type == DebugDirectoryEntryType.Reproducible);   // /deterministic
        var embedded = entries.Single(e => e.Type == DebugDirectoryEntryType.EmbeddedPortablePdb);
        using var provider = pe.ReadEmbeddedPortablePdbDebugDirectoryData(embedded);
        var pdb = provider.GetMetadataReader();

        var documents = pdb.Documents.Select(h => pdb.GetString(pdb.GetDocument(h).Name)).ToList();
        Assert.NotEmpty(documents);
        Assert.All(documents.Where(d => d.EndsWith(".cs") && !d.Contains("/obj/") && !d.EndsWith(".g.cs") && !d.Contains("AssemblyAttributes") && !d.Contains("AssemblyInfo")),
            d => Assert.StartsWith("/_/", d));   // ContinuousIntegrationBuild: no machine paths

        var sourceLinkKind = new Guid("CC110556-A091-4D38-9FEC-25AB9A351A6A");
        var json = pdb.CustomDebugInformation.Select(pdb.GetCustomDebugInformation)
            .Where(c => pdb.GetGuid(c.Kind) == sourceLinkKind)
            .Select(c => System.Text.Encoding.UTF8.GetString(pdb.GetBlobBytes(c.Value))).Single();
        var commit = _pkgs.Nuspec("Paddle").Element("repository")!.Attribute("commit")!.Value;
        Assert.Equal($"{{\"documents\":{{\"/_/*\":\"https://raw.githubusercontent.com/paddle-net/Paddle.NET/{commit}/*\"}}}}", json);
    }
}
