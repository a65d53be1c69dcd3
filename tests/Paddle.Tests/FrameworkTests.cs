using Xunit.Abstractions;

namespace Paddle.Tests;

public class FrameworkTests
{
    [Fact]
    public void ShapeRankNumelIsEmpty()
    {
        using var s = paddle.NewScope();
        var x = paddle.zeros(new[] { 2, 3, 0 });
        var sh = paddle.shape(x);
        Assert.Equal(DType.int32, sh.dtype);
        Assert.Equal(new[] { 2, 3, 0 }, sh.ToArray<int>());
        Assert.Equal(new[] { 3 }, paddle.rank(x).ToArray<int>());
        Assert.Equal(new long[] { 0 }, paddle.numel(x).ToArray<long>());
        Assert.True((bool)paddle.is_empty(x).item());
        Assert.False((bool)paddle.is_empty(paddle.ones(new[] { 1 })).item());
        Assert.True(paddle.is_tensor(x));
        Assert.False(paddle.is_tensor(3));
        Assert.True(paddle.in_dynamic_mode());
    }

    [Fact]
    public void DevicesWithoutCuda()
    {
        Assert.False(paddle.is_compiled_with_cuda());
        Assert.False(paddle.is_compiled_with_xpu());
        Assert.Null(paddle.get_cudnn_version());
        Assert.Equal("Place(cpu)", paddle.set_device("cpu").ToString());
        Assert.Equal("cpu", paddle.get_device());
        T.Throws<ArgumentException>(() => paddle.set_device("gpu:0"), "not compiled with CUDA");
        T.Throws<ArgumentException>(() => paddle.set_device("tpu"), "must be a string which is like 'cpu'");
        Assert.Equal("Place(gpu:1)", new paddle.CUDAPlace(1).ToString());
        Assert.Equal("Place(gpu_pinned)", new paddle.CUDAPinnedPlace().ToString());
        Assert.Equal("Place(xpu:0)", new paddle.XPUPlace(0).ToString());
        T.Throws<PaddleException>(() => paddle.to_tensor(new float[] { 1 }, place: new paddle.CUDAPlace(0)), "not compiled with CUDA");
    }

    [Fact]
    public void DefaultDtypeAndParamAttr()
    {
        try
        {
            paddle.set_default_dtype("float64");
            using var x = paddle.to_tensor(1.5);
            Assert.Equal(DType.float64, x.dtype);
            using var z = paddle.zeros(new[] { 1 });
            Assert.Equal(DType.float64, z.dtype);
            T.Throws<ArgumentException>(() => paddle.set_default_dtype("int32"), "only supports [float16, float32, float64]");
        }
        finally { paddle.set_default_dtype("float32"); }
        var attr = new paddle.ParamAttr(name: "w", learning_rate: 0.5, trainable: false);
        Assert.Equal("w", attr.name);
        Assert.False(attr.trainable);
        T.Throws<ArgumentException>(() => new paddle.ParamAttr(learning_rate: -1), "learning_rate");
    }
}

public class CatalogCoverageTests
{
    private readonly ITestOutputHelper _out;
    public CatalogCoverageTests(ITestOutputHelper output) => _out = output;

    private static string? FindCatalog()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d != null; d = d.Parent)
        {
            if (File.Exists(Path.Combine(d.FullName, "Paddle.sln")))
            {
                string p = Path.Combine(d.FullName, "..", "shared", "api", "catalog.tsv");
                return File.Exists(p) ? p : null;
            }
        }
        return null;
    }

    private static bool Exists(Type module, string name)
    {
        const System.Reflection.BindingFlags F = System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static;
        string cs = name == "static" ? "@static" : name;
        return module.GetMethods(F).Any(m => m.Name == cs)
            || module.GetFields(F).Any(f => f.Name == cs)
            || module.GetProperties(F).Any(p => p.Name == cs)
            || module.GetNestedTypes().Any(t => t.Name == cs);
    }

    [Fact]
    public void PaddleModuleCoverageIsMeasured()
    {
        string? catalog = FindCatalog();
        Assert.True(catalog != null, "../shared/api/catalog.tsv not found beside the repository");
        var names = File.ReadLines(catalog!).Skip(1).Select(l => l.Split('\t'))
            .Where(c => c.Length >= 2 && c[0] == "paddle").Select(c => c[1]).ToList();
        var present = names.Where(n => Exists(typeof(paddle), n)).ToList();
        var missing = names.Except(present).ToList();
        _out.WriteLine($"paddle module: {present.Count} of {names.Count} catalog names exist in C#");
        _out.WriteLine("missing: " + string.Join(" ", missing));
        // The foundation's first op set must all be there.
        string[] foundation =
        {
            "to_tensor", "zeros", "ones", "full", "empty", "zeros_like", "ones_like", "full_like", "empty_like",
            "arange", "linspace", "eye", "add", "subtract", "multiply", "divide", "pow", "maximum", "minimum",
            "floor_divide", "mod", "exp", "log", "sqrt", "abs", "sin", "cos", "tanh", "square", "scale", "clip",
            "sum", "mean", "max", "min", "prod", "matmul", "reshape", "transpose", "concat", "split", "slice",
            "gather", "cast", "seed", "rand", "randn", "uniform", "normal", "grad", "no_grad",
        };
        Assert.Empty(foundation.Where(f => names.Contains(f) && !present.Contains(f)));
        Assert.True(present.Count >= foundation.Count(names.Contains));
    }
}
