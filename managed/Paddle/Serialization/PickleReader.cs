using System.Buffers.Binary;
using System.Numerics;
using System.Text;

namespace Paddle.Serialization;

/// <summary>
/// Reads the pickles Python Paddle 2.x <c>paddle.save</c> writes (<c>.pdparams</c>, <c>.pdopt</c>;
/// protocols 2–5), following ../shared/specs/model-format.md §5. It is a small stack machine for
/// exactly the opcodes such files use; globals resolve to inert markers from a fixed allow-list
/// (numpy's array reconstructor, ndarray, dtype and scalar, _codecs.encode, OrderedDict, tuple,
/// and eval only in Paddle's <c>eval("data", {"data": array})</c> form). Nothing named in the
/// file is ever looked up, imported, instantiated or executed: any other global or opcode is an
/// <see cref="InvalidDataException"/>.
/// </summary>
internal sealed class PickleReader
{
    private const int MaxDepth = 512;
    private static readonly Encoding s_latin1Strict = Encoding.GetEncoding(28591, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);

    // ---- inert representations of what the pickle builds ----
    private enum G { Reconstruct, NdArrayType, NpDType, Scalar, CodecsEncode, OrderedDict, Tuple, Eval }
    private sealed record PyGlobal(G Kind, string Name);
    private sealed class PyDict
    {
        public readonly List<KeyValuePair<object, object?>> Entries = new();
        public readonly Dictionary<object, int> Index = new();
        public void Set(object key, object? value)
        {
            if (Index.TryGetValue(key, out int i)) Entries[i] = new(key, value);
            else { Index[key] = Entries.Count; Entries.Add(new(key, value)); }
        }
        public bool TryGet(object key, out object? value)
        {
            if (Index.TryGetValue(key, out int i)) { value = Entries[i].Value; return true; }
            value = null; return false;
        }
        public void Remove(object key)
        {
            if (!Index.Remove(key)) return;
            Entries.RemoveAll(e => Equals(e.Key, key));
            Index.Clear();
            for (int i = 0; i < Entries.Count; i++) Index[Entries[i].Key] = i;
        }
    }
    private sealed class NpDType
    {
        public string Code = "";   // e.g. "f4"
        public char Endian = '=';  // '<', '>', '|', '='
        public override string ToString() => Code;
    }
    private sealed class NpArray
    {
        public bool Built;
        public NpDType? DType;
        public long[] Shape = Array.Empty<long>();
        public bool Fortran;
        public byte[] Data = Array.Empty<byte>();
    }

    private readonly Stream _s;
    private readonly string _file;
    private readonly long _size;
    private long _pos;
    private long _opPos;
    private int _protocol;
    private readonly List<object?> _stack = new();
    private readonly Stack<int> _marks = new();
    private readonly Dictionary<long, object?> _memo = new();

    private PickleReader(Stream s, string file)
    {
        _s = s;
        _file = file;
        _size = s.Length;
    }

    private InvalidDataException Err(string what) =>
        new($"paddle.load: '{_file}' is not a valid Paddle pickle: {what} (opcode at byte {_opPos})");

    /// <summary>True if the bytes start like a protocol 2–5 pickle.</summary>
    internal static bool LooksLikePickle(ReadOnlySpan<byte> head) => head.Length >= 2 && head[0] == 0x80 && head[1] is >= 2 and <= 5;

    /// <summary>Unpickles the file and converts it to the public object model (Tensor values).
    /// With <paramref name="keepNameTable"/> false the "StructuredToParameterName@@" entry of a
    /// state dict is dropped, as Python's paddle.load does by default.</summary>
    internal static object? Read(Stream s, string file, bool keepNameTable)
    {
        TensorBytes.EnsureLittleEndianHost();
        var r = new PickleReader(s, file);
        object? raw = r.Run();
        if (raw is PyDict d) r.PostProcessStateDict(d, keepNameTable);
        var created = new List<Tensor>();
        try
        {
            return r.Convert(raw, 0, created, new Dictionary<object, object?>(ReferenceEqualityComparer.Instance),
                new HashSet<object>(ReferenceEqualityComparer.Instance));
        }
        catch
        {
            foreach (var t in created) t.Dispose();
            throw;
        }
    }

    // ------------------------------------------------------------------ byte input

    private void Need(long n, string what)
    {
        if (n < 0 || n > _size - _pos)
            throw new InvalidDataException($"paddle.load: '{_file}' is truncated: {what} needs {n} bytes but only {_size - _pos} remain (opcode at byte {_opPos})");
    }
    private byte U8() { Need(1, "an opcode argument"); int b = _s.ReadByte(); if (b < 0) throw Err("unexpected end of file"); _pos++; return (byte)b; }
    private void Read(Span<byte> dst, string what) { Need(dst.Length, what); _s.ReadExactly(dst); _pos += dst.Length; }
    private byte[] Bytes(long n, string what)
    {
        Need(n, what);
        if (n > Array.MaxLength) throw Err($"{what} of {n} bytes is larger than a .NET array can hold");
        var b = new byte[n];
        Read(b, what);
        return b;
    }
    private ushort U16() { Span<byte> b = stackalloc byte[2]; Read(b, "a 2-byte argument"); return BinaryPrimitives.ReadUInt16LittleEndian(b); }
    private int I32() { Span<byte> b = stackalloc byte[4]; Read(b, "a 4-byte argument"); return BinaryPrimitives.ReadInt32LittleEndian(b); }
    private uint U32() { Span<byte> b = stackalloc byte[4]; Read(b, "a 4-byte argument"); return BinaryPrimitives.ReadUInt32LittleEndian(b); }
    private ulong U64() { Span<byte> b = stackalloc byte[8]; Read(b, "an 8-byte argument"); return BinaryPrimitives.ReadUInt64LittleEndian(b); }
    private long Len64(string what)
    {
        ulong n = U64();
        if (n > (ulong)(_size - _pos))
            throw new InvalidDataException($"paddle.load: '{_file}' is truncated: {what} needs {n} bytes but only {_size - _pos} remain (opcode at byte {_opPos})");
        return (long)n;
    }

    private string Utf8(long n)
    {
        byte[] b = Bytes(n, "a string");
        try { return new UTF8Encoding(false, true).GetString(b); }
        catch (DecoderFallbackException) { throw Err("a string is not valid UTF-8"); }
    }

    private string Line()
    {
        var sb = new StringBuilder();
        while (true)
        {
            byte b = U8();
            if (b == (byte)'\n') return sb.ToString();
            if (b < 0x20 || b > 0x7e || sb.Length > 200) throw Err("malformed GLOBAL name");
            sb.Append((char)b);
        }
    }

    // ------------------------------------------------------------------ stack helpers

    private void Push(object? o) => _stack.Add(o);
    private object? Pop()
    {
        int floor = _marks.Count > 0 ? _marks.Peek() : 0;
        if (_stack.Count <= floor) throw Err("stack underflow");
        object? o = _stack[^1];
        _stack.RemoveAt(_stack.Count - 1);
        return o;
    }
    private object? Top()
    {
        int floor = _marks.Count > 0 ? _marks.Peek() : 0;
        if (_stack.Count <= floor) throw Err("stack underflow");
        return _stack[^1];
    }
    private List<object?> PopMark()
    {
        if (_marks.Count == 0) throw Err("no MARK for this opcode");
        int m = _marks.Pop();
        var items = _stack.GetRange(m, _stack.Count - m);
        _stack.RemoveRange(m, _stack.Count - m);
        return items;
    }

    private object HashKey(object? k) => k switch
    {
        string or long or bool or double => k,
        null => throw Err("a dictionary key is None; Paddle.NET supports string and integer keys"),
        _ => throw Err($"a dictionary key is a {Describe(k)}; Paddle.NET supports string and integer keys"),
    };

    private static string Describe(object? o) => o switch
    {
        null => "None",
        PyGlobal g => "global " + g.Name,
        NpArray => "numpy array",
        NpDType => "numpy dtype",
        PyDict => "dict",
        object?[] => "tuple",
        List<object?> => "list",
        byte[] => "bytes",
        string => "str",
        long => "int",
        double => "float",
        bool => "bool",
        _ => o.GetType().Name,
    };

    private object? Memo(long key)
    {
        if (!_memo.TryGetValue(key, out object? v)) throw Err($"memo key {key} was never stored");
        return v;
    }

    // ------------------------------------------------------------------ the machine

    private object? Run()
    {
        _opPos = 0;
        byte op0 = U8();
        if (op0 != 0x80) throw Err("the file does not start with a pickle PROTO opcode");
        _protocol = U8();
        if (_protocol < 2 || _protocol > 5) throw Err($"pickle protocol {_protocol} is not supported (Paddle writes 2-4)");
        while (true)
        {
            _opPos = _pos;
            if (_pos >= _size)
                throw new InvalidDataException($"paddle.load: '{_file}' is truncated: the pickle ended without a STOP opcode after {_size} bytes");
            byte op = U8();
            switch (op)
            {
                case 0x2e: // STOP
                {
                    if (_marks.Count != 0 || _stack.Count != 1) throw Err($"STOP with {_stack.Count} stack items and {_marks.Count} open MARKs; expected exactly one result");
                    if (_pos != _size) throw Err($"{_size - _pos} unexpected bytes after the STOP opcode");
                    return _stack[0];
                }
                case 0x80: // PROTO (again)
                    U8(); break;
                case 0x95: // FRAME
                    U64(); break;
                case 0x28: _marks.Push(_stack.Count); break; // MARK
                case 0x30: Pop(); break; // POP
                case 0x31: PopMark(); break; // POP_MARK
                case 0x32: Push(Top()); break; // DUP
                case 0x4e: Push(null); break; // NONE
                case 0x88: Push(true); break;  // NEWTRUE
                case 0x89: Push(false); break; // NEWFALSE
                case 0x4b: Push((long)U8()); break; // BININT1
                case 0x4d: Push((long)U16()); break; // BININT2
                case 0x4a: Push((long)I32()); break; // BININT
                case 0x8a: Push(LongN(U8())); break; // LONG1
                case 0x8b: // LONG4
                {
                    int n = I32();
                    if (n < 0) throw Err("negative LONG4 length");
                    Push(LongN(n));
                    break;
                }
                case 0x47: // BINFLOAT (big-endian)
                {
                    Span<byte> b = stackalloc byte[8];
                    Read(b, "a float");
                    Push(BinaryPrimitives.ReadDoubleBigEndian(b));
                    break;
                }
                case 0x58: Push(Utf8(U32())); break; // BINUNICODE
                case 0x8c: Push(Utf8(U8())); break;  // SHORT_BINUNICODE
                case 0x8d: Push(Utf8(Len64("a string"))); break; // BINUNICODE8
                case 0x55: Push(Latin1(Bytes(U8(), "a string"))); break; // SHORT_BINSTRING (Python 2 str)
                case 0x54: // BINSTRING
                {
                    int n = I32();
                    if (n < 0) throw Err("negative BINSTRING length");
                    Push(Latin1(Bytes(n, "a string")));
                    break;
                }
                case 0x42: Push(Bytes(U32(), "a bytes object")); break; // BINBYTES
                case 0x43: Push(Bytes(U8(), "a bytes object")); break;  // SHORT_BINBYTES
                case 0x8e: Push(Bytes(Len64("a bytes object"), "a bytes object")); break; // BINBYTES8
                case 0x96: Push(Bytes(Len64("a bytearray"), "a bytearray")); break; // BYTEARRAY8
                case 0x7d: Push(new PyDict()); break; // EMPTY_DICT
                case 0x5d: Push(new List<object?>()); break; // EMPTY_LIST
                case 0x29: Push(Array.Empty<object?>()); break; // EMPTY_TUPLE
                case 0x85: { var a = Pop(); Push(new[] { a }); break; } // TUPLE1
                case 0x86: { var b = Pop(); var a = Pop(); Push(new[] { a, b }); break; } // TUPLE2
                case 0x87: { var c = Pop(); var b = Pop(); var a = Pop(); Push(new[] { a, b, c }); break; } // TUPLE3
                case 0x74: Push(PopMark().ToArray()); break; // TUPLE
                case 0x6c: Push(PopMark()); break; // LIST
                case 0x64: // DICT
                {
                    var items = PopMark();
                    if (items.Count % 2 != 0) throw Err("DICT with an odd number of items");
                    var d = new PyDict();
                    for (int i = 0; i < items.Count; i += 2) d.Set(HashKey(items[i]), items[i + 1]);
                    Push(d);
                    break;
                }
                case 0x61: // APPEND
                {
                    var v = Pop();
                    if (Top() is not List<object?> list) throw Err($"APPEND to a {Describe(Top())}");
                    list.Add(v);
                    break;
                }
                case 0x65: // APPENDS
                {
                    var items = PopMark();
                    if (Top() is not List<object?> list) throw Err($"APPENDS to a {Describe(Top())}");
                    list.AddRange(items);
                    break;
                }
                case 0x73: // SETITEM
                {
                    var v = Pop(); var k = Pop();
                    if (Top() is not PyDict d) throw Err($"SETITEM on a {Describe(Top())}");
                    d.Set(HashKey(k), v);
                    break;
                }
                case 0x75: // SETITEMS
                {
                    var items = PopMark();
                    if (items.Count % 2 != 0) throw Err("SETITEMS with an odd number of items");
                    if (Top() is not PyDict d) throw Err($"SETITEMS on a {Describe(Top())}");
                    for (int i = 0; i < items.Count; i += 2) d.Set(HashKey(items[i]), items[i + 1]);
                    break;
                }
                case 0x71: _memo[U8()] = Top(); break;  // BINPUT
                case 0x72: _memo[U32()] = Top(); break; // LONG_BINPUT
                case 0x94: _memo[_memo.Count] = Top(); break; // MEMOIZE
                case 0x68: Push(Memo(U8())); break;  // BINGET
                case 0x6a: Push(Memo(U32())); break; // LONG_BINGET
                case 0x63: // GLOBAL
                {
                    string module = Line();
                    string name = Line();
                    Push(Resolve(module, name));
                    break;
                }
                case 0x93: // STACK_GLOBAL
                {
                    var name = Pop(); var module = Pop();
                    if (module is not string m || name is not string n) throw Err("STACK_GLOBAL needs two strings");
                    Push(Resolve(m, n));
                    break;
                }
                case 0x52: // REDUCE
                {
                    var args = Pop(); var f = Pop();
                    Push(Call(f, args, "REDUCE"));
                    break;
                }
                case 0x81: // NEWOBJ
                {
                    var args = Pop(); var cls = Pop();
                    if (cls is not PyGlobal { Kind: G.OrderedDict or G.Tuple })
                        throw Err($"NEWOBJ of {Describe(cls)} is not allowed");
                    Push(Call(cls, args, "NEWOBJ"));
                    break;
                }
                case 0x62: // BUILD
                {
                    var state = Pop();
                    Build(Top(), state);
                    break;
                }
                default:
                    throw Err($"pickle opcode 0x{op:X2}{OpName(op)} is not part of what Paddle writes; refusing to interpret it (nothing was executed)");
            }
        }
    }

    private static string OpName(byte op) => op switch
    {
        0x50 => " (PERSID)", 0x51 => " (BINPERSID)", 0x69 => " (INST)", 0x6f => " (OBJ)",
        0x82 or 0x83 or 0x84 => " (EXT)", 0x92 => " (NEWOBJ_EX)", 0x97 => " (NEXT_BUFFER)",
        0x98 => " (READONLY_BUFFER)", 0x8f => " (EMPTY_SET)", 0x90 => " (ADDITEMS)", 0x91 => " (FROZENSET)",
        0x49 => " (INT)", 0x4c => " (LONG)", 0x46 => " (FLOAT)", 0x53 => " (STRING)", 0x56 => " (UNICODE)",
        0x70 => " (PUT)", 0x67 => " (GET)",
        _ => "",
    };

    private static string Latin1(byte[] b) => Encoding.Latin1.GetString(b);

    private long LongN(int n)
    {
        if (n == 0) { return 0; }
        byte[] b = Bytes(n, "an integer");
        var v = new BigInteger(b, isUnsigned: false, isBigEndian: false);
        if (v < long.MinValue || v > long.MaxValue) throw Err($"the integer {v} does not fit in int64");
        return (long)v;
    }

    private PyGlobal Resolve(string module, string name)
    {
        G? kind = (module, name) switch
        {
            ("numpy.core.multiarray" or "numpy._core.multiarray", "_reconstruct") => G.Reconstruct,
            ("numpy.core.multiarray" or "numpy._core.multiarray", "scalar") => G.Scalar,
            ("numpy", "ndarray") => G.NdArrayType,
            ("numpy", "dtype") => G.NpDType,
            ("_codecs", "encode") => G.CodecsEncode,
            ("collections", "OrderedDict") => G.OrderedDict,
            ("builtins" or "__builtin__", "tuple") => G.Tuple,
            ("builtins" or "__builtin__", "eval") => G.Eval,
            _ => null,
        };
        if (kind is null)
            throw new InvalidDataException(
                $"paddle.load: '{_file}' refers to the Python global '{module}.{name}' (byte {_opPos}), which is not on the " +
                "allow-list of what Paddle state dicts contain (numpy arrays, dtypes and scalars, _codecs.encode, OrderedDict, tuple); " +
                "refusing to load the file. Nothing from it was executed.");
        return new PyGlobal(kind.Value, module + "." + name);
    }

    private object? Call(object? f, object? args, string op)
    {
        if (f is not PyGlobal g) throw Err($"{op} of a {Describe(f)}, which is not callable");
        if (args is not object?[] a) throw Err($"{op} of {g.Name} with {Describe(args)} arguments instead of a tuple");
        switch (g.Kind)
        {
            case G.Reconstruct:
                if (a.Length != 3 || a[0] is not PyGlobal { Kind: G.NdArrayType })
                    throw Err($"{g.Name} is only allowed to rebuild a numpy.ndarray");
                return new NpArray();
            case G.NpDType:
            {
                if (a.Length < 1 || a[0] is not string code) throw Err("numpy.dtype needs a type string");
                return ParseDType(code);
            }
            case G.CodecsEncode:
            {
                if (a.Length != 2 || a[0] is not string text || a[1] is not string enc)
                    throw Err("_codecs.encode needs (str, encoding)");
                if (enc is not ("latin1" or "latin-1" or "iso-8859-1" or "iso8859-1"))
                    throw Err($"_codecs.encode with encoding '{enc}'; only latin1 is used by Paddle");
                return LatinBytes(text);
            }
            case G.OrderedDict:
            {
                var d = new PyDict();
                if (a.Length == 0) return d;
                if (a.Length == 1 && a[0] is List<object?> or object?[])
                {
                    foreach (var item in AsSeq(a[0]!))
                    {
                        if (item is object?[] { Length: 2 } kv) d.Set(HashKey(kv[0]), kv[1]);
                        else if (item is List<object?> { Count: 2 } kl) d.Set(HashKey(kl[0]), kl[1]);
                        else throw Err("OrderedDict items must be pairs");
                    }
                    return d;
                }
                throw Err("OrderedDict called with unexpected arguments");
            }
            case G.Tuple:
                if (a.Length == 0) return Array.Empty<object?>();
                if (a.Length == 1 && a[0] is List<object?> or object?[]) return AsSeq(a[0]!).ToArray();
                throw Err("tuple() called with unexpected arguments");
            case G.Eval:
                // Paddle pickles a LoDTensor as eval("data", {"data": ndarray}); map it without evaluating.
                if (a.Length == 2 && a[0] is "data" && a[1] is PyDict env && env.Entries.Count == 1 && env.TryGet("data", out object? v) && v is NpArray)
                    return v;
                throw Err("eval is only allowed in Paddle's eval(\"data\", {\"data\": array}) form; refusing to evaluate anything else (nothing was executed)");
            case G.Scalar:
            {
                if (a.Length != 2 || a[0] is not NpDType dt || a[1] is not byte[] raw) throw Err("numpy scalar needs (dtype, bytes)");
                return Scalar(dt, raw);
            }
            default:
                throw Err($"{g.Name} cannot be called");
        }
    }

    private static IEnumerable<object?> AsSeq(object o) => o is List<object?> l ? l : (object?[])o;

    private NpDType ParseDType(string code)
    {
        // numpy pickles dtypes as dtype("f4", False, True); a leading byte-order char is tolerated.
        var dt = new NpDType();
        string c = code;
        if (c.Length > 0 && c[0] is '<' or '>' or '|' or '=') { dt.Endian = c[0]; c = c[1..]; }
        if (c.Length < 2 || c.Length > 4) throw Err($"numpy dtype '{code}' is not supported");
        dt.Code = c;
        return dt;
    }

    private void Build(object? target, object? state)
    {
        switch (target)
        {
            case NpDType dt:
            {
                if (state is not object?[] s || s.Length < 2 || s[1] is not string e || e.Length != 1)
                    throw Err("numpy dtype state must be a tuple (version, byteorder, ...)");
                if (s.Length >= 5 && (s[2] != null || s[3] != null || s[4] != null))
                    throw Err($"structured or sub-array numpy dtypes are not supported (dtype '{dt.Code}')");
                if (e[0] is not ('<' or '>' or '|' or '=')) throw Err($"numpy byte order '{e}' is unknown");
                dt.Endian = e[0];
                return;
            }
            case NpArray arr:
            {
                if (arr.Built) throw Err("numpy array state applied twice");
                if (state is not object?[] s || (s.Length != 5 && s.Length != 4))
                    throw Err("numpy array state must be a tuple (version, shape, dtype, is_fortran, data)");
                int o = s.Length == 5 ? 1 : 0;
                if (s[o] is not object?[] shapeT) throw Err("numpy array shape must be a tuple");
                var shape = new long[shapeT.Length];
                for (int i = 0; i < shape.Length; i++)
                {
                    if (shapeT[i] is not long d || d < 0) throw Err("numpy array shape must hold non-negative integers");
                    shape[i] = d;
                }
                if (s[o + 1] is not NpDType dt) throw Err("numpy array dtype is missing");
                if (s[o + 2] is not bool fortran) throw Err("numpy array is_fortran flag must be a bool");
                byte[] data = s[o + 3] switch
                {
                    byte[] b => b,
                    string text => LatinBytes(text),
                    List<object?> => throw Err($"numpy object arrays (dtype '{dt.Code}') are not supported"),
                    var x => throw Err($"numpy array data is a {Describe(x)}"),
                };
                arr.Shape = shape;
                arr.DType = dt;
                arr.Fortran = fortran;
                arr.Data = data;
                arr.Built = true;
                return;
            }
            case PyDict:
                if (state is null || state is PyDict { Entries.Count: 0 }) return;
                throw Err("OrderedDict with instance attributes is not supported");
            default:
                throw Err($"BUILD on a {Describe(target)} is not allowed");
        }
    }

    private byte[] LatinBytes(string text)
    {
        try { return s_latin1Strict.GetBytes(text); }
        catch (EncoderFallbackException) { throw Err("latin1 text holds a character above U+00FF, so it cannot be array bytes"); }
    }

    // ------------------------------------------------------------------ numpy → Paddle

    private DType MapDType(NpDType dt) => dt.Code switch
    {
        "b1" => DType.@bool,
        "i1" => DType.int8,
        "u1" => DType.uint8,
        "i2" => DType.int16,
        "u2" => DType.bfloat16, // Paddle stores bfloat16 as numpy uint16
        "i4" => DType.int32,
        "i8" => DType.int64,
        "f2" => DType.float16,
        "f4" => DType.float32,
        "f8" => DType.float64,
        "c8" => DType.complex64,
        "c16" => DType.complex128,
        _ => throw new InvalidDataException($"paddle.load: '{_file}' holds a numpy array of dtype '{dt.Code}', which has no Paddle dtype"),
    };

    private object Scalar(NpDType dt, byte[] raw)
    {
        DType pdt = MapDType(dt);
        if (raw.Length != pdt.ItemSize) throw Err($"numpy scalar of dtype '{dt.Code}' has {raw.Length} bytes");
        if (dt.Endian == '>') SwapElements(raw, pdt);
        ReadOnlySpan<byte> b = raw;
        return dt.Code switch
        {
            "b1" => b[0] != 0,
            "i1" => (long)(sbyte)b[0],
            "u1" => (long)b[0],
            "i2" => (long)BinaryPrimitives.ReadInt16LittleEndian(b),
            "u2" => (double)BitConverter.Int32BitsToSingle(BinaryPrimitives.ReadUInt16LittleEndian(b) << 16),
            "i4" => (long)BinaryPrimitives.ReadInt32LittleEndian(b),
            "i8" => BinaryPrimitives.ReadInt64LittleEndian(b),
            "f2" => (double)BinaryPrimitives.ReadHalfLittleEndian(b),
            "f4" => (double)BinaryPrimitives.ReadSingleLittleEndian(b),
            "f8" => BinaryPrimitives.ReadDoubleLittleEndian(b),
            "c8" => new Complex(BinaryPrimitives.ReadSingleLittleEndian(b), BinaryPrimitives.ReadSingleLittleEndian(b[4..])),
            _ => new Complex(BinaryPrimitives.ReadDoubleLittleEndian(b), BinaryPrimitives.ReadDoubleLittleEndian(b[8..])),
        };
    }

    private static void SwapElements(byte[] data, DType dt)
    {
        int w = dt.IsComplex ? dt.ItemSize / 2 : dt.ItemSize;
        if (w == 1) return;
        for (int i = 0; i + w <= data.Length; i += w) Array.Reverse(data, i, w);
    }

    private Tensor ToTensor(NpArray a)
    {
        if (!a.Built || a.DType is null) throw new InvalidDataException($"paddle.load: '{_file}' holds a numpy array that was never given its data");
        DType dt = MapDType(a.DType);
        long expect;
        try { expect = TensorBytes.ByteCount(dt, a.Shape); }
        catch (OverflowException) { throw new InvalidDataException($"paddle.load: '{_file}' holds an array whose shape {Tensor.ShapeString(a.Shape)} overflows"); }
        if (expect != a.Data.Length)
            throw new InvalidDataException($"paddle.load: '{_file}' holds a numpy array of dtype '{a.DType.Code}' and shape {Tensor.ShapeString(a.Shape)} that needs {expect} bytes but has {a.Data.Length}");
        byte[] data = a.Data;
        if (a.DType.Endian == '>')
        {
            data = (byte[])data.Clone();
            SwapElements(data, dt);
        }
        if (a.Fortran && a.Shape.Length > 1) data = FortranToC(data, a.Shape, dt.ItemSize);
        return TensorBytes.FromBytes(dt, a.Shape, data);
    }

    private static byte[] FortranToC(byte[] src, long[] shape, int item)
    {
        int r = shape.Length;
        var dst = new byte[src.Length];
        long n = src.Length / Math.Max(item, 1);
        var fstride = new long[r];
        long s = 1;
        for (int i = 0; i < r; i++) { fstride[i] = s; s *= shape[i]; }
        var idx = new long[r];
        for (long c = 0; c < n; c++)
        {
            long f = 0;
            for (int i = 0; i < r; i++) f += idx[i] * fstride[i];
            Buffer.BlockCopy(src, (int)(f * item), dst, (int)(c * item), item);
            for (int i = r - 1; i >= 0; i--) { if (++idx[i] < shape[i]) break; idx[i] = 0; }
        }
        return dst;
    }

    // ------------------------------------------------------------------ Paddle post-processing

    private void PostProcessStateDict(PyDict d, bool keepNameTable)
    {
        const string bigKey = "UnpackBigParamInfor@@";
        if (d.TryGet(bigKey, out object? info))
        {
            if (info is not PyDict infos) throw new InvalidDataException($"paddle.load: '{_file}': {bigKey} is not a dict");
            foreach (var (keyObj, specObj) in infos.Entries.ToList())
            {
                if (specObj is not PyDict spec || !spec.TryGet("OriginShape", out object? os) || !spec.TryGet("slices", out object? sl)
                    || os is not (object?[] or List<object?>) || sl is not (object?[] or List<object?>))
                    throw new InvalidDataException($"paddle.load: '{_file}': {bigKey} entry {keyObj} lacks OriginShape/slices");
                var parts = new List<NpArray>();
                foreach (var name in AsSeq(sl))
                {
                    if (name is not string nm || !d.TryGet(nm, out object? part) || part is not NpArray pa || !pa.Built)
                        throw new InvalidDataException($"paddle.load: '{_file}': slice {name} of the big parameter {keyObj} is missing");
                    parts.Add(pa);
                    d.Remove(nm);
                }
                var shape = AsSeq(os).Select(x => x is long l && l >= 0 ? l : throw new InvalidDataException($"paddle.load: '{_file}': bad OriginShape of {keyObj}")).ToArray();
                long total = parts.Sum(p => (long)p.Data.Length);
                if (total > Array.MaxLength) throw new InvalidDataException($"paddle.load: '{_file}': the big parameter {keyObj} ({total} bytes) is larger than this reader supports");
                var data = new byte[total];
                long off = 0;
                foreach (var p in parts)
                {
                    if (p.DType!.Code != parts[0].DType!.Code) throw new InvalidDataException($"paddle.load: '{_file}': slices of {keyObj} have different dtypes");
                    Buffer.BlockCopy(p.Data, 0, data, (int)off, p.Data.Length);
                    off += p.Data.Length;
                }
                d.Set(keyObj, new NpArray { Built = true, DType = parts.Count > 0 ? parts[0].DType : throw new InvalidDataException($"paddle.load: '{_file}': {keyObj} has no slices"), Shape = shape, Data = data });
            }
            d.Remove(bigKey);
        }
        if (!keepNameTable) d.Remove("StructuredToParameterName@@");
    }

    // ------------------------------------------------------------------ to the public object model

    private object? Convert(object? o, int depth, List<Tensor> created, Dictionary<object, object?> done, HashSet<object> active)
    {
        switch (o)
        {
            case null or bool or long or double or string or Complex: return o;
            case byte[] b: return b;
        }
        if (done.TryGetValue(o, out object? prev)) return prev;
        if (depth >= MaxDepth) throw new InvalidDataException($"paddle.load: '{_file}' nests containers more than {MaxDepth} levels deep");
        if (!active.Add(o)) throw new InvalidDataException($"paddle.load: '{_file}' holds a container that contains itself; only trees can be loaded");
        object? result;
        switch (o)
        {
            case NpArray a:
            {
                var t = ToTensor(a);
                created.Add(t);
                result = t;
                break;
            }
            case object?[] tuple when tuple.Length == 2 && tuple[0] is string && tuple[1] is NpArray arr:
            {
                // Paddle ≥ 2.1 pickles a Tensor inside nested objects as (name, ndarray).
                result = Convert(arr, depth + 1, created, done, active);
                break;
            }
            case object?[] tuple:
            {
                var l = new List<object?>(tuple.Length);
                foreach (var x in tuple) l.Add(Convert(x, depth + 1, created, done, active));
                result = l;
                break;
            }
            case List<object?> list:
            {
                var l = new List<object?>(list.Count);
                foreach (var x in list) l.Add(Convert(x, depth + 1, created, done, active));
                result = l;
                break;
            }
            case PyDict d:
            {
                var entries = new List<KeyValuePair<object, object?>>(d.Entries.Count);
                bool allStrings = true;
                foreach (var e in d.Entries)
                {
                    allStrings &= e.Key is string;
                    entries.Add(new(e.Key, Convert(e.Value, depth + 1, created, done, active)));
                }
                result = SaveModel.MakeDict(entries, allStrings);
                break;
            }
            default:
                throw new InvalidDataException($"paddle.load: '{_file}' produced a bare {Describe(o)}, which Paddle.NET cannot represent");
        }
        active.Remove(o);
        done[o] = result;
        return result;
    }
}
