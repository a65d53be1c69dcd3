using System.IO.Compression;
using System.Xml.Linq;

namespace Paddle.Package.Tests;

/// <summary>The three packages of the current version, unzipped once into a temp folder per test class.</summary>
public sealed class ExtractedPackages : IDisposable
{
    public const string Rid = "linux-x64";
    public string Root { get; } = Directory.CreateTempSubdirectory("paddle-packages-").FullName;

    public string Dir(string id)
    {
        var dir = Path.Combine(Root, id);
        lock (this)
        {
            if (!Directory.Exists(dir)) ZipFile.ExtractToDirectory(RepoPaths.Package(id), dir);
        }
        return dir;
    }

    public string NativeDir => Path.Combine(Dir($"Paddle.runtime.{Rid}"), "runtimes", Rid, "native");

    /// <summary>The package's .nuspec (namespace stripped, so elements are found by local name).</summary>
    public XElement Nuspec(string id)
    {
        var doc = XDocument.Load(Path.Combine(Dir(id), $"{id}.nuspec"));
        foreach (var e in doc.Descendants()) e.Name = e.Name.LocalName;
        return doc.Root!.Element("metadata")!;
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
