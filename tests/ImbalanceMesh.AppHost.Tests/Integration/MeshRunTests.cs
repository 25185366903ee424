using System.Diagnostics;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using ImbalanceMesh.AppHost.Hosting.Running;
using ImbalanceMesh.AppHost.Tests.Support;
using ImbalanceMesh.Contracts.V1;
using ImbalanceMesh.Testing;

namespace ImbalanceMesh.AppHost.Tests.Integration;

[Collection(MeshCollection.Name)]
public class MeshRunTests
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task The_mesh_comes_up_wired_restarts_a_killed_service_and_leaves_nothing_after_sigterm()
    {
        await using var host = AppHostProcess.Start([]);
        var endpoints = await host.WaitForEndpointsAsync(StartTimeout);

        Assert.Equal(["cache", .. Mesh.Services], endpoints.Keys);
        Assert.Matches(@"^127\.0\.0\.1:\d+,password=[A-Za-z0-9]{32}$", endpoints["cache"]);
        foreach (var service in Mesh.Services)
            Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, await HealthOf(endpoints[service]));

        var augmentation = await InfoWhenReachableAsync(endpoints["augmentation"], StartTimeout);
        Assert.Equal("augmentation", augmentation.Name);
        var cache = Assert.Single(augmentation.Dependencies, d => d.Name == "cache");
        Assert.True(cache.Reachable, cache.Detail);
        Assert.True(Assert.Single(augmentation.Dependencies, d => d.Name == "ingestion").Reachable);
        var evaluation = await InfoWhenReachableAsync(endpoints["evaluation"], StartTimeout);
        Assert.Equal(["ingestion", "training"], evaluation.Dependencies.Select(d => d.Name).Order());
        Assert.All(evaluation.Dependencies, d => Assert.True(d.Reachable, $"{d.Name}: {d.Detail}"));

        // Each service's own --health-check mode agrees: 0 against its live address, 1 where nothing listens.
        foreach (var service in Mesh.Services)
        {
            Assert.Equal(0, await HealthCheckModeAsync(service, endpoints[service]));
        }
        Assert.Equal(1, await HealthCheckModeAsync("ingestion", $"http://127.0.0.1:{FreePort.Next()}"));

        // One mesh for the whole life cycle: starting meshes is what makes this project slow on two cores.
        var before = await InfoOf(endpoints["augmentation"]);
        Assert.Equal(before.ProcessId, MarkedProcesses.Single(host.Marker, "ImbalanceMesh.Augmentation.dll"));

        Process.GetProcessById(before.ProcessId).Kill();

        var after = await EventuallyAsync(async () =>
        {
            var info = await InfoWhenReachableAsync(endpoints["augmentation"], TimeSpan.FromSeconds(30));
            return info.ProcessId != before.ProcessId ? info : null;
        }, TimeSpan.FromSeconds(45));
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, await HealthOf(endpoints["augmentation"]));
        Assert.True(Assert.Single(after.Dependencies, d => d.Name == "cache").Reachable);
        Assert.Contains("augmentation exited with code", host.Output);
        Assert.Contains("restart 1/5", host.Output);
        Assert.Equal(5, MarkedProcesses.Find(host.Marker).Count); // the AppHost and four services
        Assert.Contains(MarkedProcesses.Single(host.Marker, "ImbalanceMesh.Augmentation.dll"), host.LiveReportedPids());
        Assert.Equal(5, host.LiveReportedPids().Count); // Redis and four services, the killed one gone

        host.Signal(AppHostProcess.SigTerm);

        Assert.Equal(0, await host.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        host.AssertNoProcessLeft();
        Assert.False(File.Exists(host.EndpointsPath));
    }

    [Fact]
    public async Task After_the_apphost_is_sigkilled_the_next_one_in_that_directory_stops_the_leftovers()
    {
        await using var killed = AppHostProcess.Start([]);
        await killed.WaitForEndpointsAsync(StartTimeout);

        // A second AppHost beside a live one is refused before it starts anything.
        await using (var beside = AppHostProcess.Start([], workingDirectory: killed.WorkingDirectory))
        {
            Assert.Equal(1, await beside.WaitForExitAsync(TimeSpan.FromSeconds(30)));
            Assert.Contains($"Another AppHost (pid {killed.Pid}) is running", beside.Output);
            beside.AssertNoProcessLeft();
        }

        killed.Signal(AppHostProcess.SigKill);
        await killed.WaitForExitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(5, killed.LiveReportedPids().Count); // nothing in the services watches their parent

        await using var next = AppHostProcess.Start([], workingDirectory: killed.WorkingDirectory);
        await next.WaitForOutputAsync("resources healthy", StartTimeout);

        Assert.Contains($"stopped 5 processes left in {killed.WorkingDirectory} by an AppHost that was killed", next.Output);
        Assert.Empty(killed.LiveReportedPids());
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving,
            await HealthOf((await next.WaitForEndpointsAsync(StartTimeout))["training"]));
        next.Signal(AppHostProcess.SigTerm);
        Assert.Equal(0, await next.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        next.AssertNoProcessLeft();
        Assert.False(File.Exists(Path.Combine(killed.WorkingDirectory, ".imesh", "apphost-run.json")));
    }

    [Fact]
    public async Task Run_executes_the_command_against_the_healthy_mesh_then_stops_it_and_returns_its_exit_code()
    {
        const string command = "cp .imesh/endpoints.json seen.json && echo \"$IMESH_AUGMENTATION_URL\" > url.txt " +
                               "&& imesh status > status.txt; exit 7";
        await using var host = AppHostProcess.Start(["--run", command]);

        var exitCode = await host.WaitForExitAsync(StartTimeout);
        Assert.True(exitCode == 7, $"exit code {exitCode}:\n{host.Output}");
        var seen = System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, string>>(
            File.ReadAllText(Path.Combine(host.WorkingDirectory, "seen.json")))!;
        Assert.Equal(["cache", .. Mesh.Services], seen.Keys);
        Assert.Equal(seen["augmentation"], File.ReadAllText(Path.Combine(host.WorkingDirectory, "url.txt")).Trim());
        var status = File.ReadAllText(Path.Combine(host.WorkingDirectory, "status.txt"));
        Assert.All(Mesh.Services, s => Assert.Contains(s, status));
        Assert.DoesNotContain("restart", host.Output);
        Assert.False(File.Exists(host.EndpointsPath));
        host.AssertNoProcessLeft();
    }

    public static async Task<HealthCheckResponse.Types.ServingStatus> HealthOf(string url)
    {
        using var channel = GrpcChannel.ForAddress(url);
        var reply = await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow.AddSeconds(5));
        return reply.Status;
    }

    public static async Task<ServiceInfo> InfoOf(string url)
    {
        using var channel = GrpcChannel.ForAddress(url);
        return await new InfoService.InfoServiceClient(channel).GetInfoAsync(new GetInfoRequest(),
            deadline: DateTime.UtcNow.AddSeconds(30));
    }

    /// <summary>
    /// Info once every dependency probe succeeds, or the last answer after <paramref name="timeout"/>. The probes have a
    /// 2 s deadline, which a machine loaded by parallel test runs can miss once without anything being wrong.
    /// </summary>
    public static async Task<ServiceInfo> InfoWhenReachableAsync(string url, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var info = await InfoOf(url);
            if (info.Dependencies.All(d => d.Reachable) || DateTime.UtcNow > deadline) return info;
            await Task.Delay(500);
        }
    }

    private static async Task<int> HealthCheckModeAsync(string service, string url)
    {
        var info = new ProcessStartInfo(ProjectLauncher.DotnetHost)
        {
            ArgumentList = { ProjectLauncher.BuiltAssembly(Mesh.Project(service)), "--health-check" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.Environment["ASPNETCORE_URLS"] = url;
        using var process = Process.Start(info)!;
        await process.WaitForExitAsync();
        return process.ExitCode;
    }

    private static async Task<T> EventuallyAsync<T>(Func<Task<T?>> probe, TimeSpan timeout) where T : class
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                if (await probe() is { } result) return result;
            }
            catch (RpcException) when (DateTime.UtcNow < deadline)
            {
                // Down between the kill and the restart.
            }
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Not within {timeout.TotalSeconds} s.");
            await Task.Delay(250);
        }
    }
}
