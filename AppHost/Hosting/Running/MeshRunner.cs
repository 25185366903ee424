using System.Diagnostics;
using ImbalanceMesh.AppHost.Hosting.Cli;
using ImbalanceMesh.AppHost.Hosting.Contract;
using ImbalanceMesh.AppHost.Hosting.Model;
using ImbalanceMesh.AppHost.Hosting.Publishing;

namespace ImbalanceMesh.AppHost.Hosting.Running;

/// <summary>
/// Runs the graph locally: Redis and every project as child processes on loopback ports, each started once what it
/// waits for is healthy; writes .imesh/endpoints.json; on stop (or after --run) stops everything in reverse order.
/// </summary>
public sealed class MeshRunner(ResourceGraph graph, AppHostOptions options, MeshConsole console, string workingDirectory)
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    public async Task<int> RunAsync(CancellationToken stop)
    {
        if (graph.Caches.Any() && RedisLauncher.FindOnPath(Environment.GetEnvironmentVariable) is null)
            throw new AppHostException(
                $"{graph.Caches.First().Name}: {RedisLauncher.Executable} is not installed (not found on PATH). " +
                "Install it: apt-get install -y redis-server");

        var record = new RunRecord(workingDirectory);
        var leftovers = record.ClaimDirectory();
        if (leftovers > 0)
            console.Warn($"stopped {leftovers} processes left in {workingDirectory} by an AppHost that was killed");
        // No other AppHost runs here now, so an endpoints file is a stale one from a killed run.
        EndpointsFile.Remove(workingDirectory);
        try
        {
            return await RunClaimedAsync(record, stop);
        }
        finally
        {
            record.Remove();
        }
    }

    private async Task<int> RunClaimedAsync(RunRecord record, CancellationToken stop)
    {
        var ports = PortAllocator.Allocate(graph, options.PortBase);
        var passwords = graph.Caches.ToDictionary(c => c.Name, _ => Passwords.Generate());
        var endpoints = new LoopbackEndpoints(ports, passwords);
        var telemetry = new RunTelemetry(options.OtlpEndpoint, Guid.NewGuid().ToString("N")[..8]);
        var scratch = Directory.CreateTempSubdirectory("imesh-apphost-");
        var resources = graph.StartOrder.Select(r => Supervise(r, endpoints, telemetry, scratch.FullName, record)).ToList();
        using var watching = CancellationTokenSource.CreateLinkedTokenSource(stop);
        var statusTable = console.ShowStatusAsync(resources, watching.Token);
        // Ends supervision before the resources are stopped, so a deliberate stop is never taken for a crash.
        using var supervising = CancellationTokenSource.CreateLinkedTokenSource(stop);
        var supervision = new List<Task>();
        try
        {
            var clock = Stopwatch.StartNew();
            if (!await StartAllAsync(resources, stop)) return 0;
            var file = EndpointsFile.Write(workingDirectory, endpoints.Describe(graph));
            console.Info($"all {resources.Count} resources healthy in {clock.Elapsed.TotalSeconds:0.0} s; endpoints in {file}");
            supervision.AddRange(resources.Select(r => r.SuperviseAsync(StartTimeout, supervising.Token)));
            if (options.RunCommand is not null)
                return await CommandRun.RunAsync(options.RunCommand, graph, endpoints, options.ApiKey, workingDirectory,
                    scratch.FullName, console, stop);
            await Task.WhenAll(supervision);
            // Supervision ends on a stop request, or when every resource has failed for good.
            return stop.IsCancellationRequested ? 0 : 1;
        }
        finally
        {
            console.Info("stopping");
            await supervising.CancelAsync();
            // Supervision ends by cancellation; whatever else it ended with must not keep the children running.
            await Task.WhenAll(supervision).ContinueWith(_ => { }, TaskScheduler.Default);
            for (var i = resources.Count - 1; i >= 0; i--) await resources[i].StopAsync();
            EndpointsFile.Remove(workingDirectory);
            await watching.CancelAsync();
            await statusTable;
            foreach (var resource in resources) resource.Dispose();
            scratch.Delete(recursive: true);
        }
    }

    /// <summary>False when stopped by a signal before everything was up; throws when a resource failed to start.</summary>
    private async Task<bool> StartAllAsync(List<SupervisedResource> resources, CancellationToken stop)
    {
        using var starting = CancellationTokenSource.CreateLinkedTokenSource(stop);
        var started = new Dictionary<string, Task>();
        foreach (var (resource, supervised) in graph.StartOrder.Zip(resources))
            started[resource.Name] = StartWhenReadyAsync(supervised, resource.WaitsFor.Select(w => started[w.Name]), starting);
        try
        {
            await Task.WhenAll(started.Values);
            return true;
        }
        catch when (stop.IsCancellationRequested)
        {
            return false;
        }
        catch
        {
            var causes = started.Values.Where(t => t.Exception?.InnerException is AppHostException)
                .Select(t => t.Exception!.InnerException!.Message);
            throw new AppHostException(string.Join("\n", causes));
        }
    }

    private static async Task StartWhenReadyAsync(SupervisedResource resource, IEnumerable<Task> dependencies,
        CancellationTokenSource starting)
    {
        try
        {
            await Task.WhenAll(dependencies);
            await resource.StartAsync(StartTimeout, starting.Token);
        }
        catch (AppHostException)
        {
            // The first failure cancels the other starts; its message is the one reported.
            await starting.CancelAsync();
            throw;
        }
    }

    private SupervisedResource Supervise(MeshResource resource, LoopbackEndpoints endpoints, RunTelemetry telemetry,
        string scratchDirectory, RunRecord record)
    {
        switch (resource)
        {
            case RedisResource cache:
                var port = endpoints.Port(cache);
                var password = endpoints.Password(cache);
                var dataDirectory = options.DataDirectory is null
                    ? null
                    : Directory.CreateDirectory(Path.Combine(Path.GetFullPath(options.DataDirectory), cache.Name)).FullName;
                return new SupervisedResource(cache.Name, $"{LoopbackEndpoints.Host}:{port}",
                    () => RedisLauncher.Spec(port, password, dataDirectory, scratchDirectory),
                    new RedisPingProbe(port, password), RestartPolicy.Default, console, record);
            case ProjectResource project:
                var environment = EnvironmentContract.Run(project, endpoints, telemetry, options.ApiKey);
                return new SupervisedResource(project.Name, endpoints.Url(project),
                    () => ProjectLauncher.Spec(project, environment, workingDirectory),
                    new GrpcHealthProbe(endpoints.Url(project)), RestartPolicy.Default, console, record);
            default:
                throw new NotSupportedException(resource.GetType().Name);
        }
    }
}
