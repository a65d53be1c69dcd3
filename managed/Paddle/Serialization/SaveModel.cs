using System.Collections;
using System.Globalization;

namespace Paddle.Serialization;

/// <summary>
/// The object model paddle.save accepts and paddle.load returns, shared by both formats.
/// Saved: null, bool, integers (stored as int64), float/double/Half (stored as float64), string,
/// byte[] (raw bytes), Tensor, numeric .NET arrays (float[], long[,], float[][] … stored as
/// tensors), IDictionary with string or integer keys, IList (List&lt;object?&gt;, object[],
/// Tensor[] …). Loaded: null, bool, long, double, string, byte[], Tensor,
/// List&lt;object?&gt;, Dictionary&lt;string, object?&gt; (or Dictionary&lt;object, object?&gt;
/// when some key is not a string).
/// </summary>
internal static class SaveModel
{
    internal enum Kind { None, Bool, Int, Float, String, Bytes, Tensor, NumericArray, List, Dict }

    private static readonly HashSet<Type> s_numeric = new()
    {
        typeof(float), typeof(double), typeof(int), typeof(long), typeof(bool), typeof(byte),
        typeof(sbyte), typeof(short), typeof(Half), typeof(System.Numerics.Complex), typeof(ComplexFloat),
    };

    internal static bool IsInteger(object o) =>
        o is int or long or short or sbyte or byte or ushort or uint or ulong;

    internal static Kind Classify(object? obj, string where)
    {
        switch (obj)
        {
            case null: return Kind.None;
            case bool: return Kind.Bool;
            case string: return Kind.String;
            case byte[]: return Kind.Bytes;
            case Tensor: return Kind.Tensor;
            case float or double or Half: return Kind.Float;
        }
        if (IsInteger(obj)) return Kind.Int;
        if (obj is Array arr)
        {
            Type leaf = arr.GetType().GetElementType()!;
            while (leaf.IsArray) leaf = leaf.GetElementType()!;
            if (s_numeric.Contains(leaf)) return Kind.NumericArray;
            if (arr.Rank != 1)
                throw new NotSupportedException($"paddle.save: {where} is a multi-dimensional array of {leaf.Name}; only numeric multi-dimensional arrays (saved as tensors) are supported");
            return Kind.List;
        }
        if (obj is IDictionary) return Kind.Dict;
        if (obj is IList) return Kind.List;
        throw new NotSupportedException(
            $"paddle.save: cannot save {where} of type {obj.GetType().FullName}; supported are Tensor, " +
            "dictionaries (string or integer keys), lists/arrays, numeric arrays, string, byte[], bool, integers, floating-point numbers and null");
    }

    internal static long ToInt64(object o, string where) => o switch
    {
        ulong u when u > long.MaxValue => throw new NotSupportedException($"paddle.save: {where} holds the ulong {u}, which does not fit in int64"),
        _ => Convert.ToInt64(o, CultureInfo.InvariantCulture),
    };

    internal static double ToDouble(object o) => o switch
    {
        Half h => (double)h,
        float f => f,
        _ => (double)o,
    };

    internal static string KeyText(object key) => key is string s ? "'" + s + "'" : Convert.ToString(key, CultureInfo.InvariantCulture)!;

    internal static object MakeDict(List<KeyValuePair<object, object?>> entries, bool allStrings)
    {
        if (allStrings)
        {
            var d = new Dictionary<string, object?>(entries.Count, StringComparer.Ordinal);
            foreach (var e in entries) d[(string)e.Key] = e.Value;
            return d;
        }
        var o = new Dictionary<object, object?>(entries.Count);
        foreach (var e in entries) o[e.Key] = e.Value;
        return o;
    }
}
