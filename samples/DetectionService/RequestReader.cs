using System.Text.Json;

namespace DetectionService;

/// <summary>A request that fails the service's own checks (before the engine sees it), or an engine
/// error given the request field's name (inner exception); HTTP 400.</summary>
public sealed class RequestValidationException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>A dense float32 tensor read from a request: row-major values and shape.</summary>
public sealed record DenseTensor(float[] Data, long[] Shape);

/// <summary>
/// Reads the fields of one JSON request object with exact, path-naming messages. A tensor is
/// either a nested array (<c>[[1, 2], [3, 4]]</c>, rank = nesting depth) or
/// <c>{"shape": [2, 0, 4], "data": [...]}</c> (which can express zero-size dimensions).
/// Shapes/ranks are not judged here: the engine does that and its message goes back to the client.
/// </summary>
public sealed class RequestReader
{
    private readonly Dictionary<string, JsonElement> _fields = new(StringComparer.Ordinal);
    private readonly long _maxElements;

    public RequestReader(JsonElement root, string endpoint, long maxElements, params string[] allowed)
    {
        _maxElements = maxElements;
        if (root.ValueKind != JsonValueKind.Object)
            throw new RequestValidationException($"{endpoint}: the request body must be a JSON object, got {Kind(root)}");
        foreach (var p in root.EnumerateObject())
        {
            if (Array.IndexOf(allowed, p.Name) < 0)
                throw new RequestValidationException(
                    $"{endpoint}: unknown field '{p.Name}'; expected only: {string.Join(", ", allowed)}");
            if (!_fields.TryAdd(p.Name, p.Value))
                throw new RequestValidationException($"{endpoint}: field '{p.Name}' appears twice");
        }
    }

    // JSON null counts as absent, like Python's None for an optional argument.
    private bool TryGet(string name, out JsonElement e) =>
        _fields.TryGetValue(name, out e) && e.ValueKind != JsonValueKind.Null;

    private static string Kind(JsonElement e) => e.ValueKind.ToString().ToLowerInvariant();

    private static string Raw(JsonElement e)
    {
        string s = e.GetRawText();
        return s.Length > 40 ? s[..40] + "..." : s;
    }

    /// <summary>A required 32-bit integer, or the default when absent (null default: required).</summary>
    public int Int(string name, int? fallback = null)
    {
        if (!TryGet(name, out var e))
            return fallback ?? throw new RequestValidationException($"{name}: required (an integer)");
        if (e.ValueKind != JsonValueKind.Number || !e.TryGetInt32(out int v))
            throw new RequestValidationException($"{name}: expected a 32-bit integer, got {Raw(e)}");
        return v;
    }

    /// <summary>
    /// A float attribute. Besides numbers it accepts "NaN", "Infinity" and "-Infinity" (JSON has no
    /// literal for them) so that the engine, not the service, decides which values it rejects.
    /// </summary>
    public double Float(string name, double? fallback = null)
    {
        if (!TryGet(name, out var e))
            return fallback ?? throw new RequestValidationException($"{name}: required (a number)");
        if (e.ValueKind == JsonValueKind.Number && e.TryGetDouble(out double v)) return v;
        if (e.ValueKind == JsonValueKind.String)
        {
            switch (e.GetString())
            {
                case "NaN": return double.NaN;
                case "Infinity": return double.PositiveInfinity;
                case "-Infinity": return double.NegativeInfinity;
            }
        }
        throw new RequestValidationException($"{name}: expected a number (or \"NaN\", \"Infinity\", \"-Infinity\"), got {Raw(e)}");
    }

    public bool Bool(string name, bool fallback)
    {
        if (!TryGet(name, out var e)) return fallback;
        return e.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw new RequestValidationException($"{name}: expected true or false, got {Raw(e)}"),
        };
    }

    /// <summary>An optional flat array of 32-bit integers (null when absent).</summary>
    public int[]? Ints(string name)
    {
        if (!TryGet(name, out var e)) return null;
        if (e.ValueKind != JsonValueKind.Array)
            throw new RequestValidationException($"{name}: expected an array of integers, got {Raw(e)}");
        int n = e.GetArrayLength();
        if (n > _maxElements)
            throw new RequestValidationException($"{name}: {n} entries; this service accepts at most {_maxElements} per array");
        var r = new int[n];
        int i = 0;
        foreach (var v in e.EnumerateArray())
        {
            if (v.ValueKind != JsonValueKind.Number || !v.TryGetInt32(out r[i]))
                throw new RequestValidationException($"{name}[{i}]: expected a 32-bit integer, got {Raw(v)}");
            i++;
        }
        return r;
    }

    /// <summary>A required float32 tensor (nested array or {shape, data}).</summary>
    public DenseTensor Tensor(string name)
    {
        if (!TryGet(name, out var e))
            throw new RequestValidationException($"{name}: required (a nested array of numbers, or {{\"shape\": [...], \"data\": [...]}})");
        return e.ValueKind switch
        {
            JsonValueKind.Array => Nested(name, e),
            JsonValueKind.Object => ShapeAndData(name, e),
            _ => throw new RequestValidationException(
                $"{name}: expected a nested array of numbers or {{\"shape\": [...], \"data\": [...]}}, got {Raw(e)}"),
        };
    }

    private long CheckedCount(string name, List<long> shape)
    {
        long n = 1;
        foreach (long d in shape)
        {
            // Divide instead of multiplying so that huge dimensions cannot overflow.
            if (d != 0 && n > _maxElements / d)
                throw new RequestValidationException(
                    $"{name}: shape [{string.Join(", ", shape)}] has more than {_maxElements} elements, the most this service accepts per tensor");
            n *= d;
        }
        return n;
    }

    // Null when v is a finite float32 number, else what is wrong with it.
    private static string? ReadElement(JsonElement v, out float f)
    {
        f = 0;
        if (v.ValueKind != JsonValueKind.Number || !v.TryGetDouble(out double d))
            return $"expected a number, got {Raw(v)}";
        f = (float)d;
        // JSON numbers beyond float32 range (1e39) would silently become infinities.
        return float.IsFinite(f) ? null : $"{Raw(v)} is not a finite float32 value";
    }

    private DenseTensor Nested(string name, JsonElement root)
    {
        // The shape follows the first element at each level; every other array must match it.
        var shape = new List<long>();
        for (var e = root; e.ValueKind == JsonValueKind.Array; e = e[0])
        {
            shape.Add(e.GetArrayLength());
            if (e.GetArrayLength() == 0) break;
        }
        long count = CheckedCount(name, shape);
        var data = new float[count];
        var index = new int[shape.Count];
        long pos = 0;
        string Where(int depth) => string.Concat(index.Take(depth).Select(i => $"[{i}]"));

        void Fill(JsonElement e, int depth)
        {
            if (depth == shape.Count)
            {
                if (ReadElement(e, out data[pos++]) is string problem)
                    throw new RequestValidationException($"{name}{Where(depth)}: {problem}");
                return;
            }
            if (e.ValueKind != JsonValueKind.Array)
                throw new RequestValidationException(
                    $"{name}{Where(depth)}: expected an array of {shape[depth]} elements (the array is ragged), got {Raw(e)}");
            if (e.GetArrayLength() != shape[depth])
                throw new RequestValidationException(
                    $"{name}{Where(depth)}: has {e.GetArrayLength()} elements but {name}{string.Concat(Enumerable.Repeat("[0]", depth))} has {shape[depth]}; nested arrays must be rectangular");
            int i = 0;
            foreach (var child in e.EnumerateArray())
            {
                index[depth] = i++;
                Fill(child, depth + 1);
            }
        }

        Fill(root, 0);
        return new DenseTensor(data, shape.ToArray());
    }

    private DenseTensor ShapeAndData(string name, JsonElement obj)
    {
        JsonElement shapeEl = default, dataEl = default;
        foreach (var p in obj.EnumerateObject())
        {
            if (p.Name == "shape") shapeEl = p.Value;
            else if (p.Name == "data") dataEl = p.Value;
            else throw new RequestValidationException($"{name}: unknown field '{p.Name}'; a tensor object has only \"shape\" and \"data\"");
        }
        if (shapeEl.ValueKind != JsonValueKind.Array)
            throw new RequestValidationException($"{name}.shape: required (an array of non-negative integers)");
        if (dataEl.ValueKind != JsonValueKind.Array)
            throw new RequestValidationException($"{name}.data: required (a flat array of numbers)");
        var shape = new List<long>();
        foreach (var d in shapeEl.EnumerateArray())
        {
            if (d.ValueKind != JsonValueKind.Number || !d.TryGetInt64(out long v))
                throw new RequestValidationException($"{name}.shape[{shape.Count}]: expected an integer, got {Raw(d)}");
            if (v < 0)
                throw new RequestValidationException($"{name}.shape[{shape.Count}] is {v}; expected a non-negative size");
            shape.Add(v);
        }
        long count = CheckedCount(name, shape);
        int given = dataEl.GetArrayLength();
        if (given != count)
            throw new RequestValidationException(
                $"{name}.data has {given} values but shape [{string.Join(", ", shape)}] needs {count}");
        var data = new float[count];
        int i = 0;
        foreach (var v in dataEl.EnumerateArray())
        {
            if (ReadElement(v, out data[i]) is string problem)
                throw new RequestValidationException($"{name}.data[{i}]: {problem}");
            i++;
        }
        return new DenseTensor(data, shape.ToArray());
    }
}
