using Aspire.Hosting;
using Aspire.Hosting.Testing;
using Grpc.Net.Client;

namespace ImbalanceMesh.AppHost.Tests.Support;

/// <summary>
/// The whole graph of AppHost/Program.cs started by Aspire.Hosting.Testing (the real orchestrator, random ports, no
/// dashboard) with its mesh root in a scratch directory; ready once every resource is healthy.
/// </summary>
public sealed class AspireMesh : IAsyncDisposable
{
    public static readonly string[] Services = ["ingestion", "augmentation", "training", "evaluation"];
    public static readonly string[] Resources = ["cache", "jobs", .. Services];
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(180);

    private AspireMesh(DistributedApplication app, string root)
    {
        App = app;
        Root = root;
    }

    public DistributedApplication App { get; }
    public string Root { get; }
    public string EndpointsPath => Path.Combine(Root, ".imesh", "endpoints.json");

    /// <param name="configuration">AppHost configuration, e.g. ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL for where telemetry goes.</param>
    public static async Task<AspireMesh> StartAsync(IReadOnlyDictionary<string, string>? configuration = null)
    {
        var root = Directory.CreateTempSubdirectory("imesh-aspire-").FullName;
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.ImbalanceMesh_AppHost>(["--root", root]);
        foreach (var (key, value) in configuration ?? new Dictionary<string, string>()) builder.Configuration[key] = value;
        var app = await builder.BuildAsync();
        using var timeout = new CancellationTokenSource(StartTimeout);
        await app.StartAsync(timeout.Token);
        foreach (var resource in Resources)
            await app.ResourceNotifications.WaitForResourceHealthyAsync(resource, timeout.Token);
        return new AspireMesh(app, root);
    }

    public Uri Endpoint(string service) => App.GetEndpoint(service, "http");

    public GrpcChannel Channel(string service) => GrpcChannel.ForAddress(Endpoint(service));

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { }
    }
}
