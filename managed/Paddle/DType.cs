namespace Paddle;

/// <summary>
/// A Paddle data type (<c>paddle.float32</c>, <c>paddle.int64</c> …). Converts implicitly from
/// Paddle's dtype strings ("float32", "int64", "bool" …) so <c>dtype: "float32"</c> ports as is.
/// The numeric code is Paddle's VarType number.
/// </summary>
public readonly struct DType : IEquatable<DType>
{
    internal readonly int Code;
    internal DType(int code) => Code = code;

    public static readonly DType @bool = new(0);
    public static readonly DType int16 = new(1);
    public static readonly DType int32 = new(2);
    public static readonly DType int64 = new(3);
    public static readonly DType float16 = new(4);
    public static readonly DType float32 = new(5);
    public static readonly DType float64 = new(6);
    public static readonly DType uint8 = new(20);
    public static readonly DType int8 = new(21);
    public static readonly DType bfloat16 = new(22);
    public static readonly DType complex64 = new(23);
    public static readonly DType complex128 = new(24);

    /// <summary>Paddle's name of the dtype ("float32").</summary>
    public string Name => Code switch
    {
        0 => "bool", 1 => "int16", 2 => "int32", 3 => "int64", 4 => "float16", 5 => "float32",
        6 => "float64", 20 => "uint8", 21 => "int8", 22 => "bfloat16", 23 => "complex64",
        24 => "complex128", _ => $"dtype({Code})",
    };

    /// <summary>Size of one element in bytes.</summary>
    public int ItemSize => Code switch
    {
        0 or 20 or 21 => 1, 1 or 4 or 22 => 2, 2 or 5 => 4, 3 or 6 or 23 => 8, 24 => 16, _ => 0,
    };

    public bool IsFloatingPoint => Code is 4 or 5 or 6 or 22;
    public bool IsInteger => Code is 1 or 2 or 3 or 20 or 21;
    public bool IsComplex => Code is 23 or 24;

    /// <summary>Parses Paddle's dtype names; throws <see cref="ArgumentException"/> otherwise.</summary>
    public static DType Parse(string name) => name switch
    {
        "bool" => @bool, "int16" => int16, "int32" => int32, "int64" => int64,
        "float16" => float16, "float32" => float32, "float64" => float64, "uint8" => uint8,
        "int8" => int8, "bfloat16" => bfloat16, "complex64" => complex64,
        "complex128" => complex128,
        _ => throw new ArgumentException(
            $"Unknown dtype '{name}'; expected one of bool, int8, int16, int32, int64, uint8, " +
            "float16, bfloat16, float32, float64, complex64, complex128", nameof(name)),
    };

    public static implicit operator DType(string name) => Parse(name ?? throw new ArgumentNullException(nameof(name), "dtype name is null"));

    internal static DType FromCode(int code) => new(code);

    /// <summary>The .NET element type used for this dtype's values.</summary>
    public Type ClrType => Code switch
    {
        0 => typeof(bool), 1 => typeof(short), 2 => typeof(int), 3 => typeof(long),
        4 => typeof(Half), 5 => typeof(float), 6 => typeof(double), 20 => typeof(byte),
        21 => typeof(sbyte), 22 => typeof(BFloat16), 23 => typeof(System.Numerics.Complex),
        24 => typeof(System.Numerics.Complex), _ => typeof(void),
    };

    public bool Equals(DType other) => Code == other.Code;
    public override bool Equals(object? obj) => obj is DType d && d.Code == Code;
    public override int GetHashCode() => Code;
    public static bool operator ==(DType a, DType b) => a.Code == b.Code;
    public static bool operator !=(DType a, DType b) => a.Code != b.Code;
    /// <summary>Prints as Paddle does: <c>paddle.float32</c>.</summary>
    public override string ToString() => "paddle." + Name;
}

/// <summary>A bfloat16 value (the upper 16 bits of a float32), for reading bfloat16 tensors.</summary>
public readonly struct BFloat16
{
    public readonly ushort Bits;
    public BFloat16(ushort bits) => Bits = bits;
    public static explicit operator float(BFloat16 b) => BitConverter.Int32BitsToSingle(b.Bits << 16);
    public override string ToString() => ((float)this).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
