using System.Text.Json;
using System.Text.RegularExpressions;

namespace Paddle.Interop.Generator;

public sealed record EnumMember(string Name, long Value, IReadOnlyList<string> Doc);
public sealed record EnumDef(string Name, IReadOnlyList<EnumMember> Members, IReadOnlyList<string> Doc);
public sealed record FieldDef(string Name, string CType, IReadOnlyList<string> Doc);
public sealed record StructDef(string Name, IReadOnlyList<FieldDef> Fields, IReadOnlyList<string> Doc);
public sealed record ParamDef(string Name, string CType);
public sealed record FunctionDef(string Name, string ReturnCType, IReadOnlyList<ParamDef> Params, IReadOnlyList<string> Doc);
public sealed record ConstantDef(string Name, long Value, IReadOnlyList<string> Doc);

/// <summary>The declarations of one header, in header order.</summary>
public sealed class HeaderModel
{
    public List<EnumDef> Enums { get; } = new();
    public List<StructDef> Structs { get; } = new();
    public List<FunctionDef> Functions { get; } = new();
    public List<ConstantDef> Constants { get; } = new();

    /// <summary>Builds the model from clang's JSON AST, keeping only declarations located in <paramref name="headerPath"/>.</summary>
    public static HeaderModel FromAst(string astJson, string headerPath, string headerText)
    {
        var model = new HeaderModel();
        var headerFull = Path.GetFullPath(headerPath);
        using var doc = JsonDocument.Parse(astJson, new JsonDocumentOptions { MaxDepth = 1024 });
        var tracker = new FileTracker();

        if (!doc.RootElement.TryGetProperty("inner", out var top))
            throw new InvalidDataException("clang AST has no 'inner' array");

        foreach (var node in top.EnumerateArray())
        {
            // clang's JSON only prints a location's "file" when it changes from the previously
            // printed location, so the file of a declaration is tracked over the whole dump in order.
            string? declFile = null;
            foreach (var prop in node.EnumerateObject())
            {
                tracker.Walk(prop.Value);
                if (prop.NameEquals("loc")) declFile = tracker.Current;
            }

            if (declFile == null || !SameFile(declFile, headerFull)) continue;
            if (node.TryGetProperty("isImplicit", out var impl) && impl.ValueKind == JsonValueKind.True) continue;

            var kind = Str(node, "kind");
            switch (kind)
            {
                case "EnumDecl":
                    if (Str(node, "name") is { } enumName) model.Enums.Add(ReadEnum(node, enumName));
                    break;
                case "RecordDecl":
                    if (Str(node, "name") is { } recName && node.TryGetProperty("completeDefinition", out var cd) &&
                        cd.ValueKind == JsonValueKind.True)
                        model.Structs.Add(ReadStruct(node, recName));
                    break;
                case "FunctionDecl":
                    model.Functions.Add(ReadFunction(node));
                    break;
            }
        }

        var m = Regex.Match(headerText,
            @"(?:/\*(?<c>(?:(?!\*/).)*)\*/[ \t]*\r?\n)?[ \t]*#[ \t]*define[ \t]+PD_ABI_VERSION[ \t]+(?<v>\d+)",
            RegexOptions.Singleline);
        if (!m.Success) throw new InvalidDataException("#define PD_ABI_VERSION <n> not found in the header");
        model.Constants.Add(new ConstantDef("PD_ABI_VERSION", long.Parse(m.Groups["v"].Value),
            m.Groups["c"].Success ? CleanCommentLines(m.Groups["c"].Value.Split('\n')) : Array.Empty<string>()));
        return model;
    }

    private static bool SameFile(string file, string headerFull)
    {
        try
        {
            return string.Equals(Path.GetFullPath(file), headerFull,
                OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);
        }
        catch (Exception)
        {
            return false;
        }
    }

    private static EnumDef ReadEnum(JsonElement node, string name)
    {
        var members = new List<EnumMember>();
        long next = 0;
        foreach (var c in Inner(node))
        {
            if (Str(c, "kind") != "EnumConstantDecl") continue;
            long value = next;
            foreach (var e in Inner(c))
            {
                if (e.TryGetProperty("value", out var v) && v.ValueKind == JsonValueKind.String)
                {
                    value = long.Parse(v.GetString()!);
                    break;
                }
            }
            members.Add(new EnumMember(Str(c, "name")!, value, DocOf(c)));
            next = value + 1;
        }
        return new EnumDef(name, members, DocOf(node));
    }

    private static StructDef ReadStruct(JsonElement node, string name)
    {
        var fields = new List<FieldDef>();
        foreach (var c in Inner(node))
        {
            if (Str(c, "kind") != "FieldDecl") continue;
            fields.Add(new FieldDef(Str(c, "name")!, QualType(c), DocOf(c)));
        }
        return new StructDef(name, fields, DocOf(node));
    }

    private static FunctionDef ReadFunction(JsonElement node)
    {
        var name = Str(node, "name")!;
        var fnType = QualType(node);
        if (node.TryGetProperty("variadic", out var va) && va.ValueKind == JsonValueKind.True)
            throw new NotSupportedException($"{name}: variadic functions are not supported");
        var paren = fnType.IndexOf('(');
        if (paren <= 0) throw new InvalidDataException($"{name}: cannot parse function type '{fnType}'");
        var ret = fnType[..paren].Trim();

        var ps = new List<ParamDef>();
        int i = 0;
        foreach (var c in Inner(node))
        {
            if (Str(c, "kind") != "ParmVarDecl") continue;
            ps.Add(new ParamDef(Str(c, "name") ?? $"arg{i}", QualType(c)));
            i++;
        }
        return new FunctionDef(name, ret, ps, DocOf(node));
    }

    private static IEnumerable<JsonElement> Inner(JsonElement node) =>
        node.TryGetProperty("inner", out var inner) && inner.ValueKind == JsonValueKind.Array
            ? inner.EnumerateArray()
            : Enumerable.Empty<JsonElement>();

    private static string? Str(JsonElement node, string prop) =>
        node.TryGetProperty(prop, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static string QualType(JsonElement node) =>
        node.TryGetProperty("type", out var t) && Str(t, "qualType") is { } q
            ? q
            : throw new InvalidDataException($"{Str(node, "name")}: no type");

    /// <summary>Text of the FullComment clang attached to a declaration, one entry per comment line.</summary>
    private static IReadOnlyList<string> DocOf(JsonElement node)
    {
        foreach (var c in Inner(node))
        {
            if (Str(c, "kind") != "FullComment") continue;
            var lines = new List<string>();
            foreach (var para in Inner(c))
            {
                if (lines.Count > 0) lines.Add("");
                CollectText(para, lines);
            }
            return CleanCommentLines(lines);
        }
        return Array.Empty<string>();
    }

    private static void CollectText(JsonElement node, List<string> lines)
    {
        if (Str(node, "text") is { } text) lines.Add(text);
        foreach (var c in Inner(node)) CollectText(c, lines);
    }

    private static IReadOnlyList<string> CleanCommentLines(IEnumerable<string> raw)
    {
        var lines = raw.Select(l =>
        {
            var t = l.Trim();
            if (t.StartsWith('*') && !t.StartsWith("*/")) t = t[1..].Trim();
            return t;
        }).ToList();
        // collapse runs of blank lines and trim blank lines at both ends
        var result = new List<string>();
        foreach (var l in lines)
        {
            if (l.Length == 0 && (result.Count == 0 || result[^1].Length == 0)) continue;
            result.Add(l);
        }
        while (result.Count > 0 && result[^1].Length == 0) result.RemoveAt(result.Count - 1);
        return result;
    }

    /// <summary>Replays clang's "print the file only when it changes" rule over the JSON in document order.</summary>
    private sealed class FileTracker
    {
        public string? Current { get; private set; }

        public void Walk(JsonElement e)
        {
            switch (e.ValueKind)
            {
                case JsonValueKind.Object:
                    // A bare source location has "offset"; "includedFrom" objects also carry "file" but are not locations.
                    if (e.TryGetProperty("offset", out _) && e.TryGetProperty("file", out var f) &&
                        f.ValueKind == JsonValueKind.String)
                        Current = f.GetString();
                    foreach (var p in e.EnumerateObject())
                    {
                        if (p.NameEquals("includedFrom")) continue;
                        Walk(p.Value);
                    }
                    break;
                case JsonValueKind.Array:
                    foreach (var x in e.EnumerateArray()) Walk(x);
                    break;
            }
        }
    }
}
