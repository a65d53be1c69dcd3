using System.Collections;
using System.Text;
using System.Text.Json;
using Paddle.Serialization;

namespace Paddle.Tests;

public sealed class SerializationTests : IDisposable
{
    private readonly string _dir;

    public SerializationTests()
    {
        _dir = Path.Combine(Path.GetTempPath(), "pdnet_ser_" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(_dir);
    }

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    private string P(string name) => Path.Combine(_dir, name);

    internal static string SharedDir()
    {
        var d = new DirectoryInfo(AppContext.BaseDirectory);
        while (d != null && !File.Exists(Path.Combine(d.FullName, "Paddle.sln"))) d = d.Parent;
        Assert.NotNull(d);
        return Path.GetFullPath(Path.Combine(d!.FullName, "..", "shared"));
    }

    private static string Fixture(string name) => Path.Combine(SharedDir(), "conformance", "models", "pdparams", name);

    private static byte[] RawBytes(Tensor t)
    {
        var ms = new MemoryStream();
        TensorBytes.Write(t, s => ms.Write(s));
        return ms.ToArray();
    }

    private static Tensor RandomTensor(DType dt, long[] shape, int seed)
    {
        var rng = new Random(seed);
        long n = 1;
        foreach (long d in shape) n *= d;
        var b = new byte[n * dt.ItemSize];
        rng.NextBytes(b);
        if (dt == DType.@bool) for (int i = 0; i < b.Length; i++) b[i] &= 1;
        return TensorBytes.FromBytes(dt, shape, b);
    }

    private static void AssertSameTensor(Tensor expected, object? actual)
    {
        var t = Assert.IsType<Tensor>(actual);
        Assert.Equal(expected.dtype, t.dtype);
        Assert.Equal(expected.shape, t.shape);
        Assert.Equal(RawBytes(expected), RawBytes(t));
    }

    /// <summary>Structural equality of saved vs loaded objects (ints → long, floats → double, lists → List).</summary>
    private static void AssertSame(object? expected, object? actual, string where = "obj")
    {
        switch (expected)
        {
            case null: Assert.Null(actual); return;
            case Tensor t: AssertSameTensor(t, actual); return;
            case string s: Assert.Equal(s, Assert.IsType<string>(actual)); return;
            case bool b: Assert.Equal(b, Assert.IsType<bool>(actual)); return;
            case byte[] bytes: Assert.Equal(bytes, Assert.IsType<byte[]>(actual)); return;
            case int or long or short or byte or sbyte or uint: Assert.Equal(Convert.ToInt64(expected), Assert.IsType<long>(actual)); return;
            case float f: Assert.Equal((double)f, Assert.IsType<double>(actual)); return;
            case double d: Assert.Equal(BitConverter.DoubleToInt64Bits(d), BitConverter.DoubleToInt64Bits(Assert.IsType<double>(actual))); return;
            case IDictionary dict:
            {
                var ad = Assert.IsAssignableFrom<IDictionary>(actual);
                Assert.Equal(dict.Count, ad.Count);
                var expKeys = dict.Keys.Cast<object>().Select(k => k is string ? k : (object)Convert.ToInt64(k)).ToList();
                Assert.Equal(expKeys, ad.Keys.Cast<object>().ToList()); // insertion order kept
                foreach (DictionaryEntry e in dict)
                {
                    object k = e.Key is string ? e.Key : Convert.ToInt64(e.Key);
                    AssertSame(e.Value, ad[k], $"{where}[{k}]");
                }
                return;
            }
            case IList list:
            {
                var al = Assert.IsType<List<object?>>(actual);
                Assert.Equal(list.Count, al.Count);
                for (int i = 0; i < list.Count; i++) AssertSame(list[i], al[i], $"{where}[{i}]");
                return;
            }
            default: throw new InvalidOperationException($"unexpected {expected.GetType()} at {where}");
        }
    }

    private static void DisposeAll(object? o)
    {
        switch (o)
        {
            case Tensor t: t.Dispose(); break;
            case IDictionary d: foreach (DictionaryEntry e in d) DisposeAll(e.Value); break;
            case IList l when o is not Array || o is object[]: foreach (var x in l) DisposeAll(x); break;
        }
    }

    public static IEnumerable<object[]> AllDTypes() => new[]
    {
        "bool", "int8", "uint8", "int16", "int32", "int64", "float16", "bfloat16", "float32", "float64", "complex64", "complex128",
    }.Select(n => new object[] { n });

    public static IEnumerable<object[]> Formats() => new[] { new object[] { "native", 4 }, new object[] { "pickle", 2 }, new object[] { "pickle", 3 }, new object[] { "pickle", 4 } };

    private static SaveFormat Fmt(string f) => f == "native" ? SaveFormat.PaddleNet : SaveFormat.Pickle;

    // ------------------------------------------------------------------ round trips

    [Theory]
    [MemberData(nameof(AllDTypes))]
    public void RoundTrip_EveryDtype_AllShapes_BothFormats(string dtype)
    {
        DType dt = dtype;
        var shapes = new[] { new long[] { 2, 3 }, new long[] { 0, 3 }, new long[] { 0 }, new long[] { }, new long[] { 1 }, new long[] { 2, 1, 3, 2 } };
        var sd = new Dictionary<string, object?>();
        for (int i = 0; i < shapes.Length; i++) sd["t" + i] = RandomTensor(dt, shapes[i], 17 + i);
        foreach (var (fmt, proto) in new[] { ("native", 4), ("pickle", 2), ("pickle", 3), ("pickle", 4) })
        {
            string path = P($"{dtype}_{fmt}{proto}.bin");
            paddle.save(sd, path, proto, Fmt(fmt));
            var back = paddle.load(path);
            AssertSame(sd, back);
            DisposeAll(back);
            // A lone tensor too.
            paddle.save(sd["t0"], path, proto, Fmt(fmt));
            var lone = paddle.load(path);
            AssertSameTensor((Tensor)sd["t0"]!, lone);
            DisposeAll(lone);
        }
        DisposeAll(sd);
    }

    private static Dictionary<string, object?> Nested()
    {
        return new Dictionary<string, object?>
        {
            ["model"] = new Dictionary<string, object?>
            {
                ["linear.weight"] = paddle.to_tensor(new float[,] { { 1.5f, -2f }, { 3f, float.NaN } }),
                ["linear.bias"] = paddle.to_tensor(new double[] { 0.25, double.NegativeInfinity }),
                ["step"] = paddle.to_tensor(new long[] { long.MinValue, long.MaxValue, 0 }),
            },
            ["layers"] = new List<object?>
            {
                paddle.to_tensor(new int[] { 1, 2, 3 }),
                new List<object?> { "deep", new Dictionary<string, object?> { ["x"] = null } },
                new object?[] { 1L, 2.5, true },
            },
            ["empty_dict"] = new Dictionary<string, object?>(),
            ["empty_list"] = new List<object?>(),
            ["name"] = "résumé ✓ 模型",
            ["empty_string"] = "",
            ["epoch"] = 7,
            ["big"] = long.MaxValue,
            ["neg"] = -300000L,
            ["neg_big"] = long.MinValue,
            ["mid"] = 40000L,
            ["lr"] = 1e-3,
            ["lr_f"] = 0.1f,
            ["nan"] = double.NaN,
            ["yes"] = true,
            ["no"] = false,
            ["nothing"] = null,
            ["blob"] = new byte[] { 0, 1, 2, 255, 128 },
            ["by_int"] = new Dictionary<long, object?> { [3] = "three", [-1] = 1.0 },
            ["tensors"] = new Tensor[] { paddle.to_tensor(new bool[] { true, false }) },
        };
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void RoundTrip_NestedDictsListsScalars(string fmt, int protocol)
    {
        var obj = Nested();
        string path = P($"nested_{fmt}{protocol}.ckpt");
        paddle.save(obj, path, protocol, Fmt(fmt));
        var back = paddle.load(path);
        var d = Assert.IsType<Dictionary<string, object?>>(back);
        Assert.IsType<Dictionary<object, object?>>(d["by_int"]);
        AssertSame(obj, back);
        var w = (Tensor)((Dictionary<string, object?>)d["model"]!)["linear.weight"]!;
        Assert.Equal(new float[] { 1.5f, -2f, 3f, float.NaN }, w.ToArray<float>());
        DisposeAll(back);
        DisposeAll(obj);
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void RoundTrip_TopLevelPlainValuesAndLists(string fmt, int protocol)
    {
        string path = P($"plain_{fmt}{protocol}");
        foreach (object? v in new object?[] { null, true, 42L, -1L, 3.25, "text", new List<object?>(), new byte[0] })
        {
            paddle.save(v, path, protocol, Fmt(fmt));
            AssertSame(v, paddle.load(path));
        }
        using var a = paddle.to_tensor(new float[] { 1, 2 });
        using var b = paddle.to_tensor(new long[] { 5 });
        var list = new List<object?> { a, b };
        paddle.save(list, path, protocol, Fmt(fmt));
        var back = paddle.load(path);
        AssertSame(list, back);
        DisposeAll(back);
    }

    [Fact]
    public void NumericDotNetArrays_AreSavedAsTensors()
    {
        string path = P("arr.ckpt");
        paddle.save(new Dictionary<string, object?> { ["m"] = new float[,] { { 1, 2 }, { 3, 4 } }, ["v"] = new long[] { 9 } }, path);
        var d = Assert.IsType<Dictionary<string, object?>>(paddle.load(path));
        using var m = Assert.IsType<Tensor>(d["m"]);
        using var v = Assert.IsType<Tensor>(d["v"]);
        Assert.Equal(new long[] { 2, 2 }, m.shape);
        Assert.Equal(new float[] { 1, 2, 3, 4 }, m.ToArray<float>());
        Assert.Equal(new long[] { 9 }, v.ToArray<long>());
    }

    [Fact]
    public void Auto_Format_ByExtension_AndLoadSniffsContent()
    {
        using var t = paddle.to_tensor(new float[] { 1, 2, 3 });
        var sd = new Dictionary<string, object?> { ["w"] = t };
        paddle.save(sd, P("m.pdparams"));
        paddle.save(sd, P("m.pdopt"), protocol: 2);
        paddle.save(sd, P("m.ckpt"));
        Assert.Equal(new byte[] { 0x80, 4 }, File.ReadAllBytes(P("m.pdparams"))[..2]);
        Assert.Equal(new byte[] { 0x80, 2 }, File.ReadAllBytes(P("m.pdopt"))[..2]);
        Assert.Equal("PDNETCKP"u8.ToArray(), File.ReadAllBytes(P("m.ckpt"))[..8]);
        // Explicit format beats the extension; load looks at the content, not the name.
        paddle.save(sd, P("native.pdparams"), format: SaveFormat.PaddleNet);
        Assert.Equal("PDNETCKP"u8.ToArray(), File.ReadAllBytes(P("native.pdparams"))[..8]);
        foreach (var f in new[] { "m.pdparams", "m.pdopt", "m.ckpt", "native.pdparams" })
        {
            var back = paddle.load(P(f));
            AssertSame(sd, back);
            DisposeAll(back);
        }
    }

    [Fact]
    public void NativeFormat_LayoutMatchesDocumentation()
    {
        string path = P("layout.ckpt");
        paddle.save(new Dictionary<string, object?> { ["a"] = 1L }, path);
        byte[] b = File.ReadAllBytes(path);
        // header 16 | dict tag, count, key (tag, len, 'a'), value (tag, i64) | trailer 16
        var expectBody = new List<byte> { 8 };
        expectBody.AddRange(BitConverter.GetBytes(1UL));
        expectBody.Add(5); expectBody.AddRange(BitConverter.GetBytes(1UL)); expectBody.Add((byte)'a');
        expectBody.Add(3); expectBody.AddRange(BitConverter.GetBytes(1L));
        Assert.Equal(16 + expectBody.Count + 16, b.Length);
        Assert.Equal("PDNETCKP"u8.ToArray(), b[..8]);
        Assert.Equal(1u, BitConverter.ToUInt32(b, 8));
        Assert.Equal(0u, BitConverter.ToUInt32(b, 12));
        Assert.Equal(expectBody.ToArray(), b[16..^16]);
        Assert.Equal((ulong)(b.Length - 16), BitConverter.ToUInt64(b, b.Length - 16));
        Assert.Equal(PaddleBinaryFormat.Crc32C(b.AsSpan(0, b.Length - 16)), BitConverter.ToUInt32(b, b.Length - 8));
        Assert.Equal("PEND"u8.ToArray(), b[^4..]);
    }

    [Fact]
    public void Save_TensorThatRequiresGrad_AndNonContiguousView()
    {
        using var x = paddle.to_tensor(new float[,] { { 1, 2, 3 }, { 4, 5, 6 } });
        x.stop_gradient = false;
        using var xt = paddle.transpose(x, new[] { 1, 0 });   // possibly a strided view
        foreach (var f in new[] { "g.ckpt", "g.pdparams" })
        {
            paddle.save(new List<object?> { x, xt }, P(f));
            var l = Assert.IsType<List<object?>>(paddle.load(P(f)));
            using var a = (Tensor)l[0]!;
            using var b = (Tensor)l[1]!;
            Assert.Equal(new float[] { 1, 2, 3, 4, 5, 6 }, a.ToArray<float>());
            Assert.Equal(new long[] { 3, 2 }, b.shape);
            Assert.Equal(new float[] { 1, 4, 2, 5, 3, 6 }, b.ToArray<float>());
            Assert.True(a.stop_gradient);
        }
    }

    [Fact]
    public void Crc32C_StandardCheckValue()
    {
        Assert.Equal(0xE3069283u, PaddleBinaryFormat.Crc32C("123456789"u8));
        Assert.Equal(0u, PaddleBinaryFormat.Crc32C(ReadOnlySpan<byte>.Empty));
    }

    // ------------------------------------------------------------------ atomicity and errors on save

    [Theory]
    [InlineData("native")]
    [InlineData("pickle")]
    public void AtomicWrite_FailureMidway_LeavesTargetUntouched(string fmt)
    {
        string path = P("keep." + (fmt == "native" ? "ckpt" : "pdparams"));
        using var t = paddle.to_tensor(new float[] { 1, 2, 3 });
        paddle.save(new Dictionary<string, object?> { ["w"] = t }, path);
        byte[] before = File.ReadAllBytes(path);
        using var big = paddle.ones(new long[] { 1000, 100 });
        var bad = new Dictionary<string, object?> { ["a"] = big, ["b"] = new List<object?> { 1, new object() } };
        var ex = Assert.Throws<NotSupportedException>(() => paddle.save(bad, path));
        Assert.Contains("obj['b'][1]", ex.Message);
        Assert.Contains("System.Object", ex.Message);
        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Equal(new[] { path }, Directory.GetFiles(_dir));
        var back = paddle.load(path);
        AssertSame(new Dictionary<string, object?> { ["w"] = t }, back);
        DisposeAll(back);
    }

    [Fact]
    public void Save_FailureOnNewPath_LeavesNoFile()
    {
        Assert.Throws<NotSupportedException>(() => paddle.save(new object(), P("never.ckpt")));
        Assert.Empty(Directory.GetFiles(_dir));
    }

    [Fact]
    public void Save_CreatesParentDirectories_AndOverwrites()
    {
        string path = Path.Combine(_dir, "a", "b", "c.ckpt");
        paddle.save(1L, path);
        paddle.save("two", path);
        Assert.Equal("two", paddle.load(path));
        Assert.Single(Directory.GetFiles(Path.GetDirectoryName(path)!));
    }

    [Fact]
    public void Save_BadArguments()
    {
        T.Throws<ArgumentException>(() => paddle.save(1L, P("x.pdparams"), protocol: 5), "protocol=5");
        T.Throws<ArgumentException>(() => paddle.save(1L, P("x.pdparams"), protocol: 1), "protocol=1");
        T.Throws<ArgumentException>(() => paddle.save(1L, _dir), "is a directory");
        var cyc = new List<object?>();
        cyc.Add(cyc);
        T.Throws<ArgumentException>(() => paddle.save(cyc, P("cyc.ckpt")), "reference cycle");
        T.Throws<ArgumentException>(() => paddle.save(cyc, P("cyc.pdparams")), "reference cycle");
        T.Throws<NotSupportedException>(() => paddle.save(new Dictionary<double, object?> { [1.5] = 1 }, P("k.ckpt")), "keys must be strings or integers");
        T.Throws<NotSupportedException>(() => paddle.save(ulong.MaxValue, P("u.ckpt")), "does not fit in int64");
        Assert.Empty(Directory.GetFiles(_dir));
    }

    // ------------------------------------------------------------------ bad files on load

    [Fact]
    public void Load_MissingFile()
    {
        var ex = Assert.Throws<FileNotFoundException>(() => paddle.load(P("nope.pdparams")));
        Assert.Contains("does not exist", ex.Message);
    }

    [Theory]
    [InlineData("native")]
    [InlineData("pickle")]
    public void Load_EveryTruncation_IsInvalidData(string fmt)
    {
        string path = P("full" + (fmt == "native" ? ".ckpt" : ".pdparams"));
        using var t = paddle.to_tensor(new float[] { 1, 2, 3, 4 });
        paddle.save(new Dictionary<string, object?> { ["w"] = t, ["n"] = new List<object?> { "x", 2L } }, path);
        byte[] full = File.ReadAllBytes(path);
        string cut = P("cut.bin");
        for (int len = 0; len < full.Length; len++)
        {
            File.WriteAllBytes(cut, full[..len]);
            var ex = Assert.Throws<InvalidDataException>(() => paddle.load(cut));
            if (len > 8)
                Assert.True(ex.Message.Contains("truncated") || ex.Message.Contains("end marker"), $"length {len}: {ex.Message}");
        }
    }

    [Fact]
    public void Load_NativeFile_AnyFlippedByte_IsInvalidData()
    {
        string path = P("flip.ckpt");
        using var t = paddle.to_tensor(new double[] { 1, 2 });
        paddle.save(new Dictionary<string, object?> { ["w"] = t, ["s"] = "abc" }, path);
        byte[] full = File.ReadAllBytes(path);
        for (int i = 0; i < full.Length; i++)
        {
            byte[] b = (byte[])full.Clone();
            b[i] ^= 0x41;
            File.WriteAllBytes(P("f.ckpt"), b);
            Assert.Throws<InvalidDataException>(() => paddle.load(P("f.ckpt")));
        }
        byte[] c = (byte[])full.Clone();
        c[^17] ^= 1; // the last character of "abc": still a valid file, only the CRC disagrees
        File.WriteAllBytes(P("f.ckpt"), c);
        T.Throws<InvalidDataException>(() => paddle.load(P("f.ckpt")), "checksum mismatch");
    }

    [Fact]
    public void Load_NativeFile_VersionAndTrailingBytes()
    {
        string path = P("v.ckpt");
        paddle.save(1L, path);
        byte[] b = File.ReadAllBytes(path);
        byte[] v2 = (byte[])b.Clone();
        v2[8] = 2;
        File.WriteAllBytes(P("v2.ckpt"), v2);
        T.Throws<InvalidDataException>(() => paddle.load(P("v2.ckpt")), "format version 2");
        File.WriteAllBytes(P("extra.ckpt"), b.Concat(new byte[] { 0 }).ToArray());
        T.Throws<InvalidDataException>(() => paddle.load(P("extra.ckpt")), "end marker");
    }

    [Fact]
    public void Load_HugeLengthField_FailsBeforeAllocating()
    {
        // A well-formed frame whose list claims 2^60 items: rejected by the length check.
        var body = new List<byte> { 7 };
        body.AddRange(BitConverter.GetBytes(1UL << 60));
        byte[] file = MakeNative(body.ToArray());
        File.WriteAllBytes(P("huge.ckpt"), file);
        T.Throws<InvalidDataException>(() => paddle.load(P("huge.ckpt")), "list length");
        // A tensor whose dims overflow.
        var tb = new List<byte> { 9 };
        tb.AddRange(BitConverter.GetBytes(5)); tb.AddRange(BitConverter.GetBytes(2));
        tb.AddRange(BitConverter.GetBytes(long.MaxValue)); tb.AddRange(BitConverter.GetBytes(4L));
        tb.AddRange(BitConverter.GetBytes(0UL));
        File.WriteAllBytes(P("ovf.ckpt"), MakeNative(tb.ToArray()));
        T.Throws<InvalidDataException>(() => paddle.load(P("ovf.ckpt")), "overflows");
        // Unknown tag; deep nesting.
        File.WriteAllBytes(P("tag.ckpt"), MakeNative(new byte[] { 0x42 }));
        T.Throws<InvalidDataException>(() => paddle.load(P("tag.ckpt")), "unknown value tag 0x42");
        var deep = new List<byte>();
        for (int i = 0; i < 600; i++) { deep.Add(7); deep.AddRange(BitConverter.GetBytes(1UL)); }
        deep.Add(0);
        File.WriteAllBytes(P("deep.ckpt"), MakeNative(deep.ToArray()));
        T.Throws<InvalidDataException>(() => paddle.load(P("deep.ckpt")), "nested more than 512");
    }

    private static byte[] MakeNative(byte[] body)
    {
        var f = new List<byte>();
        f.AddRange("PDNETCKP"u8.ToArray());
        f.AddRange(BitConverter.GetBytes(1u));
        f.AddRange(BitConverter.GetBytes(0u));
        f.AddRange(body);
        uint crc = PaddleBinaryFormat.Crc32C(f.ToArray());
        f.AddRange(BitConverter.GetBytes((ulong)f.Count));
        f.AddRange(BitConverter.GetBytes(crc));
        f.AddRange("PEND"u8.ToArray());
        return f.ToArray();
    }

    [Theory]
    [InlineData(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13 }, "neither")] // PNG
    [InlineData(new byte[] { (byte)'h', (byte)'e', (byte)'l', (byte)'l', (byte)'o' }, "neither")]
    [InlineData(new byte[] { 0x0A, 0x05, 0x12, 0x03, 0x66, 0x6F, 0x6F }, "neither")]                  // protobuf (.pdmodel)
    [InlineData(new byte[] { 0x80, 0x01, 0x4E, 0x2E }, "neither")]                                    // pickle protocol 1
    [InlineData(new byte[] { (byte)'(', (byte)'l', (byte)'p', (byte)'0', (byte)'\n', (byte)'.' }, "neither")] // protocol 0
    [InlineData(new byte[] { }, "is empty")]
    [InlineData(new byte[] { 0x50, 0x44, 0x4E }, "truncated")]
    public void Load_ForeignFile_IsInvalidData(byte[] content, string fragment)
    {
        File.WriteAllBytes(P("foreign.bin"), content);
        T.Throws<InvalidDataException>(() => paddle.load(P("foreign.bin")), fragment);
    }

    [Fact]
    public void Load_CombinedParamsFile_IsForeign()
    {
        string p = Path.Combine(SharedDir(), "conformance", "models", "simple_conv_bn_relu", "model.pdiparams");
        T.Throws<InvalidDataException>(() => paddle.load(p), "neither a Paddle.NET checkpoint nor a Python Paddle pickle");
    }

    // ------------------------------------------------------------------ malicious pickles

    private static byte[] Bytes(params object[] parts)
    {
        var l = new List<byte>();
        foreach (var p in parts)
        {
            if (p is string s) l.AddRange(Encoding.ASCII.GetBytes(s));
            else if (p is byte[] b) l.AddRange(b);
            else l.Add(Convert.ToByte(p));
        }
        return l.ToArray();
    }

    [Fact]
    public void MaliciousPickle_OsSystem_IsRejected_NothingExecuted()
    {
        string marker = P("pwned");
        string cmd = "touch " + marker;
        // PROTO 2; GLOBAL os.system; BINUNICODE cmd; TUPLE1; REDUCE; STOP
        byte[] evil = Bytes(0x80, 2, "cos\nsystem\n", 0x58, BitConverter.GetBytes(cmd.Length), cmd, 0x85, 0x52, 0x2e);
        File.WriteAllBytes(P("evil.pdparams"), evil);
        var ex = T.Throws<InvalidDataException>(() => paddle.load(P("evil.pdparams")), "'os.system'");
        Assert.Contains("not on the allow-list", ex.Message);
        Assert.Contains("Nothing from it was executed", ex.Message);
        Assert.False(File.Exists(marker));

        // The same inside a state dict, via STACK_GLOBAL (protocol 4) and posix.system.
        byte[] evil4 = Bytes(0x80, 4, 0x7d, 0x8c, 1, "w", 0x8c, 5, "posix", 0x8c, 6, "system", 0x93,
            0x8c, (byte)cmd.Length, cmd, 0x85, 0x52, 0x73, 0x2e);
        File.WriteAllBytes(P("evil4.pdparams"), evil4);
        T.Throws<InvalidDataException>(() => paddle.load(P("evil4.pdparams")), "'posix.system'");
        Assert.False(File.Exists(marker));
    }

    [Fact]
    public void MaliciousPickle_EvalAndOtherTricks_AreRejected()
    {
        // builtins.eval with an arbitrary expression
        string expr = "__import__('os').system('true')";
        byte[] eval = Bytes(0x80, 2, "cbuiltins\neval\n", 0x58, BitConverter.GetBytes(expr.Length), expr, 0x85, 0x52, 0x2e);
        File.WriteAllBytes(P("eval.pdparams"), eval);
        T.Throws<InvalidDataException>(() => paddle.load(P("eval.pdparams")), "eval is only allowed");
        // builtins.getattr / exec / copyreg are not allowed
        foreach (var g in new[] { "builtins\ngetattr\n", "builtins\nexec\n", "copyreg\n_reconstructor\n", "subprocess\nPopen\n", "numpy\nload\n" })
        {
            File.WriteAllBytes(P("g.pdparams"), Bytes(0x80, 2, "c" + g, 0x2e));
            T.Throws<InvalidDataException>(() => paddle.load(P("g.pdparams")), "not on the allow-list");
        }
        // INST / OBJ / PERSID / EXT opcodes
        foreach (byte op in new byte[] { 0x69, 0x6f, 0x50, 0x51, 0x82, 0x92 })
        {
            File.WriteAllBytes(P("op.pdparams"), Bytes(0x80, 2, 0x28, op, 0x2e));
            T.Throws<InvalidDataException>(() => paddle.load(P("op.pdparams")), $"opcode 0x{op:X2}");
        }
        // Calling an allowed-but-non-callable marker (numpy.ndarray) and _reconstruct of something else
        File.WriteAllBytes(P("nd.pdparams"), Bytes(0x80, 2, "cnumpy\nndarray\n", 0x29, 0x52, 0x2e));
        T.Throws<InvalidDataException>(() => paddle.load(P("nd.pdparams")), "cannot be called");
        File.WriteAllBytes(P("rc.pdparams"), Bytes(0x80, 2, "cnumpy.core.multiarray\n_reconstruct\n", "c_codecs\nencode\n", 0x4b, 0, 0x85, 0x4b, 0, 0x87, 0x52, 0x2e));
        T.Throws<InvalidDataException>(() => paddle.load(P("rc.pdparams")), "only allowed to rebuild a numpy.ndarray");
        // _codecs.encode only with latin1, and only of code points below 256
        File.WriteAllBytes(P("enc.pdparams"), Bytes(0x80, 2, "c_codecs\nencode\n", 0x58, BitConverter.GetBytes(1), "x", 0x58, BitConverter.GetBytes(5), "utf-8", 0x86, 0x52, 0x2e));
        T.Throws<InvalidDataException>(() => paddle.load(P("enc.pdparams")), "only latin1");
        File.WriteAllBytes(P("enc2.pdparams"), Bytes(0x80, 2, "c_codecs\nencode\n", 0x58, BitConverter.GetBytes(3), new byte[] { 0xE2, 0x82, 0xAC }, 0x58, BitConverter.GetBytes(6), "latin1", 0x86, 0x52, 0x2e));
        T.Throws<InvalidDataException>(() => paddle.load(P("enc2.pdparams")), "above U+00FF");
        // Stack underflow, memo miss, missing STOP, self-containing list
        File.WriteAllBytes(P("u.pdparams"), Bytes(0x80, 2, 0x85, 0x2e));
        T.Throws<InvalidDataException>(() => paddle.load(P("u.pdparams")), "stack underflow");
        File.WriteAllBytes(P("m.pdparams"), Bytes(0x80, 2, 0x68, 9, 0x2e));
        T.Throws<InvalidDataException>(() => paddle.load(P("m.pdparams")), "memo key 9");
        File.WriteAllBytes(P("s.pdparams"), Bytes(0x80, 2, 0x4e));
        T.Throws<InvalidDataException>(() => paddle.load(P("s.pdparams")), "without a STOP");
        File.WriteAllBytes(P("c.pdparams"), Bytes(0x80, 2, 0x5d, 0x71, 0, 0x68, 0, 0x61, 0x2e));
        T.Throws<InvalidDataException>(() => paddle.load(P("c.pdparams")), "contains itself");
        File.WriteAllBytes(P("big.pdparams"), Bytes(0x80, 4, 0x8e, BitConverter.GetBytes(1UL << 62), 0x2e));
        T.Throws<InvalidDataException>(() => paddle.load(P("big.pdparams")), "truncated");
    }

    // ------------------------------------------------------------------ Python Paddle files

    private static void CheckAgainstInspect(string pdparams, string inspect, object? loaded)
    {
        var d = Assert.IsType<Dictionary<string, object?>>(loaded);
        using var doc = JsonDocument.Parse(File.ReadAllText(Fixture(inspect)));
        var arrays = doc.RootElement.GetProperty("arrays").EnumerateArray().ToList();
        Assert.Equal(arrays.Select(a => a.GetProperty("key").GetString()).ToList(), d.Keys.Where(k => k != "StructuredToParameterName@@").ToList());
        foreach (var a in arrays)
        {
            var t = Assert.IsType<Tensor>(d[a.GetProperty("key").GetString()!]);
            Assert.Equal("<f4", a.GetProperty("dtype").GetString());
            Assert.Equal(DType.float32, t.dtype);
            Assert.Equal(a.GetProperty("shape").EnumerateArray().Select(x => x.GetInt64()).ToArray(), t.shape);
            Assert.Equal(a.GetProperty("nbytes").GetInt64(), t.size * 4);
        }
    }

    [Theory]
    [InlineData("mlp_784_512_10_protocol2", 4, 10L)]
    [InlineData("resmlp_energy_protocol4", 24, 1024L)]
    public void PythonPdparams_LoadWithNamesShapesDtypes(string name, int count, long firstOrLastSize)
    {
        var loaded = paddle.load(Fixture(name + ".pdparams"));
        var d = Assert.IsType<Dictionary<string, object?>>(loaded);
        Assert.Equal(count, d.Count);
        Assert.DoesNotContain("StructuredToParameterName@@", d.Keys);
        CheckAgainstInspect(name + ".pdparams", name + ".inspect.json", loaded);
        Assert.Contains(d.Values, v => ((Tensor)v!).size == firstOrLastSize);
        DisposeAll(loaded);
    }

    [Fact]
    public void PythonPdparams_Protocol2_Values()
    {
        var d = (Dictionary<string, object?>)paddle.load(Fixture("mlp_784_512_10_protocol2.pdparams"))!;
        using var bias = (Tensor)d["4.bias"]!;
        using var w = (Tensor)d["1.weight"]!;
        float[] b = bias.ToArray<float>();
        Assert.Equal(-0.0699811577796936f, b[0]);
        Assert.Equal(-0.050610050559043884f, b[1]);
        Assert.Equal(0.0018092574318870902f, b[2]);
        Assert.Equal(-0.0014651999808847904f, b[9]);
        Assert.Equal(-0.07122162834275514, b.Sum(x => (double)x), 9);
        float[] wv = w.ToArray<float>();
        Assert.Equal(0.03053375333547592f, wv[0]);
        Assert.Equal(-0.0666351467370987f, wv[^1]);
        Assert.Equal(-2024.2949424315093, wv.Sum(x => (double)x), 6);
        DisposeAll(d);
    }

    [Fact]
    public void PythonPdparams_Protocol4_Values_AndNameTable()
    {
        var d = (Dictionary<string, object?>)paddle.load(Fixture("resmlp_energy_protocol4.pdparams"), keep_name_table: true)!;
        Assert.Equal(25, d.Count);
        var names = Assert.IsType<Dictionary<string, object?>>(d["StructuredToParameterName@@"]);
        using var doc = JsonDocument.Parse(File.ReadAllText(Fixture("resmlp_energy_protocol4.inspect.json")));
        var expected = doc.RootElement.GetProperty("other").GetProperty("StructuredToParameterName@@");
        Assert.Equal(expected.EnumerateObject().Count(), names.Count);
        foreach (var p in expected.EnumerateObject()) Assert.Equal(p.Value.GetString(), names[p.Name]);
        var fw = ((Tensor)d["first_layer.weight"]!).ToArray<float>();
        Assert.Equal(new[] { 0.1809634119272232f, 0.130954310297966f, 0.012265701778233051f }, fw[..3]);
        Assert.Equal(0.01107756420969963f, fw[^1]);
        Assert.Equal(-6.093309666059213, fw.Sum(x => (double)x), 8);
        var var1 = ((Tensor)d["blocks.1.normalization._variance"]!).ToArray<float>();
        Assert.Equal(46.63277053833008f, var1[0]);
        Assert.Equal(6473.712481498718, var1.Sum(x => (double)x), 6);
        DisposeAll(d);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void PythonPdparams_ResaveWithOurWriter_RoundTrips(int protocol)
    {
        var src = (Dictionary<string, object?>)paddle.load(Fixture("mlp_784_512_10_protocol2.pdparams"), keep_name_table: true)!;
        string path = P($"resaved_p{protocol}.pdparams");
        paddle.save(src, path, protocol);
        Assert.Equal(protocol, File.ReadAllBytes(path)[1]);
        var back = paddle.load(path, keep_name_table: true);
        AssertSame(src, back);
        DisposeAll(back);
        DisposeAll(src);
    }

    [Fact]
    public void PythonPdparams_TruncatedOrCorrupted_IsInvalidData()
    {
        byte[] full = File.ReadAllBytes(Fixture("resmlp_energy_protocol4.pdparams"));
        foreach (int len in new[] { 1, 2, 11, 100, 200, full.Length / 2, full.Length - 1 })
        {
            File.WriteAllBytes(P("t.pdparams"), full[..len]);
            Assert.Throws<InvalidDataException>(() => paddle.load(P("t.pdparams")));
        }
        File.WriteAllBytes(P("x.pdparams"), full.Concat(new byte[] { 0x4e }).ToArray());
        T.Throws<InvalidDataException>(() => paddle.load(P("x.pdparams")), "after the STOP");
    }

    // ------------------------------------------------------------------ pickle forms Paddle ≥ 2.1 writes

    [Fact]
    public void Pickle_TensorTupleAndEvalForms_MapToTensors()
    {
        // [ builtins.tuple((("name", arr),)), builtins.eval("data", {"data": arr}) ] with a tiny f8 array
        byte[] arr = NdArrayPickle("f8", "<", new byte[16], 2);
        byte[] p = Bytes(0x80, 3, 0x5d, 0x28,
            "cbuiltins\ntuple\n", 0x58, BitConverter.GetBytes(3), "t_0", arr, 0x86, 0x85, 0x52,
            "c__builtin__\neval\n", 0x58, BitConverter.GetBytes(4), "data", 0x7d, 0x58, BitConverter.GetBytes(4), "data", arr, 0x73, 0x86, 0x52,
            0x65, 0x2e);
        File.WriteAllBytes(P("forms.pdparams"), p);
        var l = Assert.IsType<List<object?>>(paddle.load(P("forms.pdparams")));
        Assert.Equal(2, l.Count);
        foreach (var x in l)
        {
            using var t = Assert.IsType<Tensor>(x);
            Assert.Equal(DType.float64, t.dtype);
            Assert.Equal(new long[] { 2 }, t.shape);
        }
    }

    [Fact]
    public void Pickle_BigEndianFortranAndNumpyScalars()
    {
        // big-endian int32 [1, 2] and a Fortran-ordered 2x3 f4, plus numpy scalars and OrderedDict.
        var be = new byte[] { 0, 0, 0, 1, 0, 0, 0, 2 };
        var f = new float[] { 1, 4, 2, 5, 3, 6 }; // column-major of [[1,2,3],[4,5,6]]
        var fb = new byte[24];
        Buffer.BlockCopy(f, 0, fb, 0, 24);
        byte[] scalar = Bytes("cnumpy.core.multiarray\nscalar\n", "cnumpy\ndtype\n", 0x58, BitConverter.GetBytes(2), "f8", 0x89, 0x88, 0x87, 0x52,
            0x28, 0x4b, 3, 0x58, BitConverter.GetBytes(1), "<", 0x4e, 0x4e, 0x4e, 0x4a, BitConverter.GetBytes(-1), 0x4a, BitConverter.GetBytes(-1), 0x4b, 0, 0x74, 0x62,
            0x43, 8, BitConverter.GetBytes(0.5), 0x86, 0x52);
        byte[] p = Bytes(0x80, 3, "ccollections\nOrderedDict\n", 0x29, 0x52, 0x28,
            0x58, BitConverter.GetBytes(2), "be", NdArrayPickle("i4", ">", be, 2),
            0x58, BitConverter.GetBytes(1), "f", NdArrayPickle("f4", "<", fb, 2, 3, fortran: true),
            0x58, BitConverter.GetBytes(2), "lr", scalar,
            0x58, BitConverter.GetBytes(3), "big", 0x8a, 9, new byte[] { 0, 0, 0, 0, 0, 0, 0, 0x80, 0xFF },
            0x58, BitConverter.GetBytes(2), "fl", 0x47, new byte[] { 0x3f, 0xb9, 0x99, 0x99, 0x99, 0x99, 0x99, 0x9a },
            0x75, 0x2e);
        File.WriteAllBytes(P("misc.pdopt"), p);
        var d = Assert.IsType<Dictionary<string, object?>>(paddle.load(P("misc.pdopt")));
        using var bt = (Tensor)d["be"]!;
        Assert.Equal(new[] { 1, 2 }, bt.ToArray<int>());
        using var ft = (Tensor)d["f"]!;
        Assert.Equal(new long[] { 2, 3 }, ft.shape);
        Assert.Equal(new float[] { 1, 2, 3, 4, 5, 6 }, ft.ToArray<float>());
        Assert.Equal(0.5, d["lr"]);
        Assert.Equal(long.MinValue, d["big"]);
        Assert.Equal(0.1, d["fl"]);
        // An integer beyond int64 is a clear error.
        File.WriteAllBytes(P("huge_int.pdopt"), Bytes(0x80, 2, 0x8a, 9, new byte[] { 0, 0, 0, 0, 0, 0, 0, 0, 1 }, 0x2e));
        T.Throws<InvalidDataException>(() => paddle.load(P("huge_int.pdopt")), "does not fit in int64");
        // An unsupported numpy dtype.
        File.WriteAllBytes(P("u4.pdopt"), Bytes(0x80, 3, NdArrayPickle("u4", "<", new byte[4], 1), 0x2e));
        T.Throws<InvalidDataException>(() => paddle.load(P("u4.pdopt")), "dtype 'u4'");
    }

    [Fact]
    public void Pickle_UnpackBigParamInfor_IsJoined()
    {
        var part0 = new byte[8]; Buffer.BlockCopy(new float[] { 1, 2 }, 0, part0, 0, 8);
        var part1 = new byte[8]; Buffer.BlockCopy(new float[] { 3, 4 }, 0, part1, 0, 8);
        byte[] p = Bytes(0x80, 3, 0x7d, 0x28,
            0x58, BitConverter.GetBytes(5), "w@@.0", NdArrayPickle("f4", "<", part0, 2),
            0x58, BitConverter.GetBytes(5), "w@@.1", NdArrayPickle("f4", "<", part1, 2),
            0x58, BitConverter.GetBytes(21), "UnpackBigParamInfor@@", 0x7d,
                0x58, BitConverter.GetBytes(1), "w", 0x7d, 0x28,
                    0x58, BitConverter.GetBytes(11), "OriginShape", 0x4b, 2, 0x4b, 2, 0x86,
                    0x58, BitConverter.GetBytes(6), "slices", 0x5d, 0x28, 0x58, BitConverter.GetBytes(5), "w@@.0", 0x58, BitConverter.GetBytes(5), "w@@.1", 0x65,
                0x75, 0x73,
            0x75, 0x2e);
        File.WriteAllBytes(P("bigp.pdparams"), p);
        var d = Assert.IsType<Dictionary<string, object?>>(paddle.load(P("bigp.pdparams")));
        Assert.Equal(new[] { "w" }, d.Keys);
        using var w = (Tensor)d["w"]!;
        Assert.Equal(new long[] { 2, 2 }, w.shape);
        Assert.Equal(new float[] { 1, 2, 3, 4 }, w.ToArray<float>());
    }

    /// <summary>numpy's pickling of an array (protocol 3 form), per model-format.md §5.2.</summary>
    private static byte[] NdArrayPickle(string code, string order, byte[] data, long d0, long d1 = -1, bool fortran = false)
    {
        byte[] shape = d1 < 0 ? Bytes(0x4a, BitConverter.GetBytes((int)d0), 0x85) : Bytes(0x4a, BitConverter.GetBytes((int)d0), 0x4a, BitConverter.GetBytes((int)d1), 0x86);
        return Bytes("cnumpy.core.multiarray\n_reconstruct\n", "cnumpy\nndarray\n", 0x4b, 0, 0x85, 0x43, 1, "b", 0x87, 0x52,
            0x28, 0x4b, 1, shape,
            "cnumpy\ndtype\n", 0x58, BitConverter.GetBytes(code.Length), code, 0x89, 0x88, 0x87, 0x52,
            0x28, 0x4b, 3, 0x58, BitConverter.GetBytes(1), order, 0x4e, 0x4e, 0x4e, 0x4a, BitConverter.GetBytes(-1), 0x4a, BitConverter.GetBytes(-1), 0x4b, 0, 0x74, 0x62,
            fortran ? 0x88 : 0x89, 0x42, BitConverter.GetBytes(data.Length), data, 0x74, 0x62);
    }
}
