using System.Diagnostics;
using System.Runtime.Versioning;
using System.Text.Json;
using Aspire.Hosting.Testing;
using Aspire.Hosting.ApplicationModel;
using Grpc.Core;
using Grpc.Health.V1;
using ImbalanceMesh.AppHost.Commands;
using ImbalanceMesh.Contracts.V1;
using ImbalanceMesh.Imaging.Demo;
using Microsoft.Extensions.DependencyInjection;
using ImbalanceMesh.AppHost.Tests.Support;

namespace ImbalanceMesh.AppHost.Tests.Integration;

/// <summary>The graph of AppHost/Program.cs under the real Aspire orchestrator (Aspire.Hosting.Testing).</summary>
[Collection(MeshCollection.Name)]
[SupportedOSPlatform("linux")]
public partial class AspireMeshTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task The_graph_comes_up_healthy_wired_by_aspire_sends_telemetry_and_a_killed_service_comes_back()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        var mesh = await AspireMesh.StartAsync(new Dictionary<string, string> { ["ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL"] = receiver.Endpoint });
        await using (mesh)
        {
            foreach (var service in AspireMesh.Services)
                Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, await MeshCalls.HealthOf(mesh.Endpoint(service).ToString()));

            // endpoints.json: written once all are healthy, for its owner only (it holds the Redis password).
            var endpoints = await EndpointsFileAsync(mesh.EndpointsPath);
            Assert.Equal(AspireMesh.Resources.Order(), endpoints.Keys.Order());
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(mesh.EndpointsPath));
            var connectionString = await mesh.App.GetConnectionStringAsync("cache");
            Assert.Equal(connectionString, endpoints["cache"]);
            Assert.Matches(@"^127\.0\.0\.1:\d+,password=[A-Za-z0-9]{22,}$", connectionString);

            // Augmentation reaches Redis through the connection string Aspire passed it, and ingestion through discovery.
            var augmentation = await MeshCalls.InfoWhenReachableAsync(endpoints["augmentation"], Patience);
            var cache = Assert.Single(augmentation.Dependencies, d => d.Name == "cache");
            Assert.True(cache.Reachable, cache.Detail);
            Assert.Equal(connectionString!.Split(',')[0], cache.Target);
            Assert.True(Assert.Single(augmentation.Dependencies, d => d.Name == "ingestion").Reachable);
            var evaluation = await MeshCalls.InfoWhenReachableAsync(endpoints["evaluation"], Patience);
            Assert.Equal(["ingestion", "training"], evaluation.Dependencies.Select(d => d.Name).Order());
            Assert.All(evaluation.Dependencies, d => Assert.True(d.Reachable, $"{d.Name}: {d.Detail}"));

            await AssertEveryServiceExportsTelemetryAsync(receiver, endpoints);
            await AssertDashboardCommandsAndLinksWorkAsync(mesh);
            await AssertATrainingJobIsTracedAcrossServicesAndMeasuredAsync(mesh, receiver);

            // A crashed service is started again by the AppHost and rejoins the mesh on the same address.
            Process.GetProcessById(augmentation.ProcessId).Kill();
            var restarted = await MeshCalls.EventuallyAsync(async () =>
            {
                var info = await MeshCalls.InfoWhenReachableAsync(endpoints["augmentation"], TimeSpan.FromSeconds(30));
                return info.ProcessId != augmentation.ProcessId ? info : null;
            }, Patience);
            Assert.True(Assert.Single(restarted.Dependencies, d => d.Name == "cache").Reachable);
            Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, await MeshCalls.HealthOf(endpoints["augmentation"]));
        }
        Assert.False(File.Exists(mesh.EndpointsPath));
    }

    /// <summary>Spans of a traced RPC and metrics arrive under each service's name (the OTEL_* variables Aspire sets).</summary>
    private static async Task AssertEveryServiceExportsTelemetryAsync(OtlpReceiver receiver, Dictionary<string, string> endpoints)
    {
        var deadline = DateTime.UtcNow + Patience;
        bool AllArrived() => AspireMesh.Services.All(s =>
            receiver.Data.Spans.TryGetValue(s, out var spans) && spans.Any(n => n.Contains("InfoService/GetInfo"))
            && receiver.Data.Metrics.ContainsKey(s));
        while (!AllArrived() && DateTime.UtcNow < deadline)
        {
            foreach (var service in AspireMesh.Services) await MeshCalls.InfoOf(endpoints[service]);
            await Task.Delay(1000);
        }
        foreach (var service in AspireMesh.Services)
        {
            Assert.True(receiver.Data.Spans.TryGetValue(service, out var spans), $"no spans from {service}");
            Assert.Contains(spans, name => name.Contains("InfoService/GetInfo"));
            Assert.True(receiver.Data.Metrics.TryGetValue(service, out var metrics) && !metrics.IsEmpty, $"no metrics from {service}");
        }
        Assert.DoesNotContain("(none)", receiver.Data.Spans.Keys);
    }

    /// <summary>"Import demo data" on ingestion imports the demo set; the evaluation resource's Reports link answers a browser.</summary>
    private static async Task AssertDashboardCommandsAndLinksWorkAsync(AspireMesh mesh)
    {
        var import = await mesh.App.Services.GetRequiredService<ResourceCommandService>()
            .ExecuteCommandAsync("ingestion", DashboardCommands.ImportDemoData);
        Assert.True(import.Success, import.Message);
        var statistics = await new IngestionService.IngestionServiceClient(mesh.Channel("ingestion")).GetStatisticsAsync(
            new StatisticsRequest { Dataset = new DatasetRef { Dataset = "demo" }, Split = Split.Train });
        Assert.Equal(DemoDataset.DefaultCounts.Keys.Order(), statistics.Classes.Select(c => c.Name).Order());
        Assert.InRange(statistics.ImbalanceRatio, 12, 15); // 400 : 30 before the split

        using var browser = mesh.App.CreateHttpClient("evaluation", DashboardCommands.ReportsEndpoint);
        var index = await browser.GetAsync("/reports");
        Assert.Equal(System.Net.HttpStatusCode.OK, index.StatusCode);
        Assert.Contains("ImbalanceMesh reports", await index.Content.ReadAsStringAsync());
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await browser.GetAsync("/reports/rep-0123456789abcdef")).StatusCode);
    }

    /// <summary>
    /// A tiny job on the imported demo set: one trace holds training's batch fetch, augmentation's handling of it and
    /// augmentation's Redis commands; training's meter reports the job's loss and images/s.
    /// </summary>
    private static async Task AssertATrainingJobIsTracedAcrossServicesAndMeasuredAsync(AspireMesh mesh, OtlpReceiver receiver)
    {
        var training = new TrainingService.TrainingServiceClient(mesh.Channel("training"));
        var job = await training.StartTrainingAsync(TinyJob.Spec("demo", epochs: 1, stepsPerEpoch: 4));
        var finished = await TinyJob.WatchUntilFinishedAsync(training, job.JobId);
        Assert.Equal(JobState.JobSucceeded, finished?.State);

        var deadline = DateTime.UtcNow + Patience;
        bool Crossed(out string detail)
        {
            var byTrace = receiver.Data.SpanRecords.GroupBy(r => r.TraceId)
                .FirstOrDefault(t => t.Any(r => r.Service == "training" && r.Name.StartsWith("training.batch"))
                                     && t.Any(r => r.Service == "augmentation" && r.Name.StartsWith("augmentation.batch"))
                                     && t.Any(r => r.Service == "augmentation" && RedisCommand().IsMatch(r.Name)));
            detail = byTrace is null ? "" : string.Join(", ", byTrace.Select(r => $"{r.Service}:{r.Name}").Distinct());
            return byTrace is not null;
        }
        bool Measured() => receiver.Data.Metrics.TryGetValue("training", out var names)
                           && names.Contains("imesh.training.step.loss") && names.Contains("imesh.training.throughput");
        string trace;
        while (!(Crossed(out trace) && Measured()) && DateTime.UtcNow < deadline) await Task.Delay(1000);
        Assert.True(Crossed(out trace), "no trace with training's batch fetch, augmentation's batch span and a Redis command");
        Assert.True(Measured(), "training exported no step loss or throughput");
        Assert.Contains("augmentation:", trace);
    }

    [System.Text.RegularExpressions.GeneratedRegex("^(GET|SET|EXISTS|EVAL|EVALSHA|HINCRBY|SCRIPT|MGET|DEL|INCRBY)\\b")]
    private static partial System.Text.RegularExpressions.Regex RedisCommand();

    private static async Task<Dictionary<string, string>> EndpointsFileAsync(string path)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!File.Exists(path))
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"no {path}");
            await Task.Delay(100);
        }
        return JsonSerializer.Deserialize<Dictionary<string, string>>(await File.ReadAllTextAsync(path))!;
    }
}
