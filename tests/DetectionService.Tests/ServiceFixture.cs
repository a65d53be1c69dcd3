using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;

namespace DetectionService.Tests;

/// <summary>
/// The real service (Kestrel, 127.0.0.1, a port the OS picks), shared by every test of the
/// "service" collection. The collection runs its tests one after another: the native live
/// counters are process-wide, so nothing else may allocate while the load test compares them.
/// </summary>
public sealed class ServiceFixture : IAsyncLifetime
{
    public WebApplication App { get; private set; } = null!;
    public HttpClient Client { get; private set; } = null!;
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Builds and starts the app; <paramref name="args"/> add configuration (e.g. limits).</summary>
    public static async Task<(WebApplication App, Uri Address)> StartAsync(params string[] args)
    {
        var app = DetectionServiceApp.Build(["--urls", "http://127.0.0.1:0", "--Logging:LogLevel:Default=Warning", .. args]);
        await app.StartAsync();
        return (app, new Uri(app.Urls.Single()));
    }

    public static HttpClient NewClient(Uri address) => new() { BaseAddress = address, Timeout = TimeSpan.FromSeconds(20) };

    public async Task InitializeAsync()
    {
        (App, BaseAddress) = await StartAsync();
        Client = NewClient(BaseAddress);
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }

    /// <summary>POSTs a raw body; returns the status and the parsed JSON answer (Undefined when not JSON).</summary>
    public static async Task<(int Status, JsonElement Body)> PostAsync(HttpClient client, string path, string body,
        CancellationToken ct = default)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var resp = await client.PostAsync(path, content, ct);
        string text = await resp.Content.ReadAsStringAsync(ct);
        return ((int)resp.StatusCode, Parse(text));
    }

    public static JsonElement Parse(string text)
    {
        try
        {
            using var doc = JsonDocument.Parse(text);
            return doc.RootElement.Clone();
        }
        catch (JsonException)
        {
            return default;
        }
    }

    public async Task<JsonElement> HealthAsync(HttpClient? client = null)
    {
        using var resp = await (client ?? Client).GetAsync("/health");
        Assert.Equal(200, (int)resp.StatusCode);
        return Parse(await resp.Content.ReadAsStringAsync());
    }

    /// <summary>The four live counters of /health as (storage_bytes, tensors, storages, grad_nodes).</summary>
    public static (long, long, long, long) Live(JsonElement health)
    {
        var l = health.GetProperty("live");
        return (l.GetProperty("storage_bytes").GetInt64(), l.GetProperty("tensors").GetInt64(),
            l.GetProperty("storages").GetInt64(), l.GetProperty("grad_nodes").GetInt64());
    }
}

[CollectionDefinition("service")]
public sealed class ServiceCollection : ICollectionFixture<ServiceFixture>;
