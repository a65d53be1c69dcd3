using System.Text.RegularExpressions;

namespace DetectionService.Tests;

/// <summary>Focused checks: hand-computed answers, each malformed class, /health, limits, scopes.</summary>
[Collection("service")]
public sealed class EndpointTests(ServiceFixture fx)
{
    public static TheoryData<string> MalformedClasses()
    {
        var d = new TheoryData<string>();
        foreach (var m in Cases.Malformed) d.Add(m.Name);
        return d;
    }

    [Theory]
    [MemberData(nameof(MalformedClasses))]
    public async Task MalformedRequestIs400WithTheMessage(string name)
    {
        var make = Cases.Malformed.Single(m => m.Name == name).Make;
        for (int seed = 0; seed < 6; seed++)
        {
            var bad = make(new Random(seed));
            var (status, body) = await ServiceFixture.PostAsync(fx.Client, bad.Path, bad.Body);
            Assert.Null(Cases.CheckBad(bad, status, body));
        }
    }

    [Fact]
    public async Task NmsHandComputed()
    {
        // Class 1: boxes 0 and 1 overlap (IoU 0.68 > 0.3), box 3 is box 0 cut by one row (IoU 0.9);
        // class 2 keeps the disjoint boxes 2 and 1. Class 0 is the background.
        const string req = """
            {"bboxes": [[[0, 0, 10, 10], [1, 1, 11, 11], [20, 20, 30, 30], [0, 0, 10, 9]]],
             "scores": [[[0.9, 0.9, 0.9, 0.9], [0.8, 0.9, 0.1, 0.7], [0.05, 0.3, 0.6, 0.2]]],
             "score_threshold": 0.15, "nms_top_k": -1, "keep_top_k": -1}
            """;
        var (status, body) = await ServiceFixture.PostAsync(fx.Client, "/nms", req);
        Assert.Equal(200, status);
        var rows = body.GetProperty("out").EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.GetSingle()).ToArray()).ToArray();
        Assert.Equal(new[]
        {
            new[] { 1f, 0.9f, 1, 1, 11, 11 },
            new[] { 2f, 0.6f, 20, 20, 30, 30 },
            new[] { 2f, 0.3f, 1, 1, 11, 11 },
        }, rows);
        Assert.Equal(new[] { 3 }, body.GetProperty("rois_num").EnumerateArray().Select(v => v.GetInt32()));
        Assert.Equal(new[] { 1, 2, 1 }, body.GetProperty("index").EnumerateArray().Select(v => v.GetInt32()));
    }

    [Fact]
    public async Task NmsNothingKeptGivesEmptyRowsAndZeroCounts()
    {
        const string req = """{"bboxes": [[[0, 0, 1, 1]], [[2, 2, 3, 3]]], "scores": [[[0.1], [0.2]], [[0.1], [0.3]]], "score_threshold": 0.5, "nms_top_k": 10, "keep_top_k": 10}""";
        var (status, body) = await ServiceFixture.PostAsync(fx.Client, "/nms", req);
        Assert.Equal(200, status);
        Assert.Equal(0, body.GetProperty("out").GetArrayLength());
        Assert.Equal(new[] { 0, 0 }, body.GetProperty("rois_num").EnumerateArray().Select(v => v.GetInt32()));
    }

    [Theory]
    [InlineData(false, new[] { 1.75f, 2.25f, 2.75f, 3.25f })]
    [InlineData(true, new[] { 1f, 1.25f, 1.5f, 1.75f })]
    public async Task RoiAlignHandComputed(bool aligned, float[] want)
    {
        // One 2x2 bin grid over the RoI (0, 0, 1, 1) of [[1, 2], [3, 4]]: one bilinear sample per bin
        // at the bin centre (aligned shifts the RoI by half a pixel; samples left of 0 clamp to 0).
        string req = $$"""{"input": [[[[1, 2], [3, 4]]]], "rois": [[0, 0, 1, 1]], "rois_num": [1], "pooled_height": 2, "pooled_width": 2, "aligned": {{(aligned ? "true" : "false")}}}""";
        var (status, body) = await ServiceFixture.PostAsync(fx.Client, "/roi_align", req);
        Assert.Equal(200, status);
        Assert.Equal(new long[] { 1, 1, 2, 2 }, body.GetProperty("shape").EnumerateArray().Select(v => v.GetInt64()));
        Assert.Equal(want, body.GetProperty("values").EnumerateArray().Select(v => v.GetSingle()));
    }

    [Fact]
    public async Task Float32OverflowInTheEngineIsWrittenAsInfinity()
    {
        // Four samples of 3e38 sum past float32's range inside the kernel: a valid answer, not a 500.
        const string req = """{"input": [[[[3e38, 3e38], [3e38, 3e38]]]], "rois": [[0, 0, 1, 1]], "rois_num": [1], "sampling_ratio": 2}""";
        var (status, body) = await ServiceFixture.PostAsync(fx.Client, "/roi_align", req);
        Assert.Equal(200, status);
        Assert.Equal("Infinity", body.GetProperty("values")[0].GetString());
    }

    [Fact]
    public async Task RandomValidRequestsMatchTheReferences()
    {
        var r = new Random(42);
        for (int i = 0; i < 150; i++)
        {
            var (nb, want) = Cases.ValidNms(r);
            var (s1, j1) = await ServiceFixture.PostAsync(fx.Client, nb.Path, nb.ToString());
            Assert.True(Cases.CheckNms(want, s1, j1) is null, $"{Cases.CheckNms(want, s1, j1)}\n{nb}");
            var (rb, shape, values) = Cases.ValidRoiAlign(r);
            var (s2, j2) = await ServiceFixture.PostAsync(fx.Client, rb.Path, rb.ToString());
            Assert.True(Cases.CheckRoiAlign(shape, values, s2, j2) is null, $"{Cases.CheckRoiAlign(shape, values, s2, j2)}\n{rb}");
        }
    }

    [Fact]
    public async Task HealthReportsVersionAndLiveCounters()
    {
        using var resp = await fx.Client.GetAsync("/health");
        Assert.Equal(200, (int)resp.StatusCode);
        Assert.Equal("application/json", resp.Content.Headers.ContentType?.MediaType);
        var h = ServiceFixture.Parse(await resp.Content.ReadAsStringAsync());
        Assert.Equal("ok", h.GetProperty("status").GetString());
        Assert.Matches(new Regex(@"^\d+\.\d+\.\d+"), h.GetProperty("native_version").GetString()!);
        Assert.True(h.GetProperty("abi_version").GetInt32() >= 1);
        var live = h.GetProperty("live");
        Assert.Equal(new[] { "storage_bytes", "tensors", "storages", "grad_nodes" }, live.EnumerateObject().Select(p => p.Name));
        foreach (var p in live.EnumerateObject()) Assert.True(p.Value.GetInt64() >= 0, p.Name);
        Assert.True(h.GetProperty("cpu_cached_bytes").GetInt64() >= 0);
        var req = h.GetProperty("requests");
        Assert.Equal(new[] { "ok", "rejected", "failed" }, req.EnumerateObject().Select(p => p.Name));
        Assert.Equal(0, req.GetProperty("failed").GetInt64());
    }

    [Fact]
    public async Task NoTensorOutlivesARequest()
    {
        var baseline = ServiceFixture.Live(await fx.HealthAsync());
        var r = new Random(7);
        for (int i = 0; i < 40; i++)
        {
            // Rejected by the engine after the input tensors exist, then a valid call.
            var bad = Cases.Malformed.Single(m => m.Name == "nms_eta not positive").Make(r);
            Assert.Equal(400, (await ServiceFixture.PostAsync(fx.Client, bad.Path, bad.Body)).Status);
            var (rb, _, _) = Cases.ValidRoiAlign(r);
            Assert.Equal(200, (await ServiceFixture.PostAsync(fx.Client, rb.Path, rb.ToString())).Status);
        }
        Assert.Equal(baseline, ServiceFixture.Live(await fx.HealthAsync()));
    }

    [Fact]
    public async Task LimitsComeFromConfiguration()
    {
        var (app, address) = await ServiceFixture.StartAsync(
            "--DetectionService:MaxTensorElements=16", "--DetectionService:MaxRequestBodyBytes=4096",
            "--DetectionService:MaxNmsPairs=10");
        try
        {
            using var http = ServiceFixture.NewClient(address);
            var (s1, b1) = await ServiceFixture.PostAsync(http, "/roi_align",
                """{"input": {"shape": [1, 1, 3, 6], "data": [0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0]}, "rois": [[0, 0, 1, 1]], "rois_num": [1]}""");
            Assert.Equal(400, s1);
            Assert.Equal("input: shape [1, 1, 3, 6] has more than 16 elements, the most this service accepts per tensor",
                b1.GetProperty("detail").GetString());
            var (s2, b2) = await ServiceFixture.PostAsync(http, "/nms",
                """{"bboxes": {"shape": [1, 4, 4], "data": [0,0,1,1, 0,0,1,1, 0,0,1,1, 0,0,1,1]}, "scores": {"shape": [1, 4, 4], "data": [1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1]}, "score_threshold": 0, "nms_top_k": -1, "keep_top_k": -1}""");
            Assert.Equal(400, s2);
            Assert.StartsWith("nms: up to 32 IoU evaluations (4 image-class groups x 4 candidates)", b2.GetProperty("detail").GetString());
            // Over the body limit: Kestrel's 413, still an answer with a message.
            var (s3, b3) = await ServiceFixture.PostAsync(http, "/nms", "{\"pad\": \"" + new string('x', 5000) + "\"}");
            Assert.Equal(413, s3);
            Assert.Equal("http", b3.GetProperty("source").GetString());
            Assert.False(string.IsNullOrEmpty(b3.GetProperty("detail").GetString()));
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
