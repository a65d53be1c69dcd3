using System.Globalization;
using System.Text;

namespace DetectionService.Tests;

/// <summary>A request body as ordered (field, raw JSON) pairs, so malformed variants can replace,
/// drop or add one field of a valid request.</summary>
public sealed class RequestBody
{
    private readonly List<(string Name, string Json)> _fields = new();

    public RequestBody(string path) => Path = path;

    public string Path { get; }

    public RequestBody Set(string name, string json)
    {
        int i = _fields.FindIndex(f => f.Name == name);
        if (i >= 0) _fields[i] = (name, json);
        else _fields.Add((name, json));
        return this;
    }

    public RequestBody Remove(string name)
    {
        _fields.RemoveAll(f => f.Name == name);
        return this;
    }

    /// <summary>Adds a field even when it is already there (duplicate keys).</summary>
    public RequestBody Append(string name, string json)
    {
        _fields.Add((name, json));
        return this;
    }

    public string? Get(string name) => _fields.FirstOrDefault(f => f.Name == name).Json;

    public override string ToString() =>
        "{" + string.Join(", ", _fields.Select(f => $"\"{f.Name}\": {f.Json}")) + "}";
}

/// <summary>JSON text for numbers and tensors (invariant culture, exact for the dyadic values the tests use).</summary>
public static class Json
{
    public static string Num(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    public static string Ints(IEnumerable<long> v) => "[" + string.Join(", ", v) + "]";

    public static string Ints(IEnumerable<int> v) => "[" + string.Join(", ", v) + "]";

    /// <summary>Nested arrays ([[...]]); the shape must have no zero dimension except the last.</summary>
    public static string Nested(float[] data, long[] shape)
    {
        var sb = new StringBuilder();
        long pos = 0;
        void Write(int depth)
        {
            if (depth == shape.Length)
            {
                sb.Append(Num(data[pos++]));
                return;
            }
            sb.Append('[');
            for (long i = 0; i < shape[depth]; i++)
            {
                if (i > 0) sb.Append(',');
                Write(depth + 1);
            }
            sb.Append(']');
        }
        Write(0);
        return sb.ToString();
    }

    /// <summary>The {"shape": [...], "data": [...]} form.</summary>
    public static string ShapeData(float[] data, long[] shape) =>
        $"{{\"shape\": {Ints(shape)}, \"data\": [{string.Join(",", data.Select(v => Num(v)))}]}}";

    /// <summary>Either form at random (the shape form whenever a dimension is 0).</summary>
    public static string Tensor(Random r, float[] data, params long[] shape) =>
        shape.Contains(0) || r.Next(3) == 0 ? ShapeData(data, shape) : Nested(data, shape);
}
