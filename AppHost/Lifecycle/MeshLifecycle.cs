using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ImbalanceMesh.AppHost.Lifecycle;

/// <summary>
/// The mesh's life in a local run: wait until every resource is healthy (or report the one that failed and stop),
/// write .imesh/endpoints.json, bring crashed resources back, run --run's command and stop with its exit code;
/// remove endpoints.json on shutdown. It starts before the resources do: Aspire's own start-up waits for every
/// WaitFor, so a resource that fails would hold it (and anything watching after it) forever.
/// </summary>
public sealed class MeshLifecycle(DistributedApplicationModel model, StartupWatch startup, CrashRestarts restarts,
    RunCommand runCommand, MeshSettings mesh, MeshExit exit, IHostApplicationLifetime lifetime, ILogger<MeshLifecycle> logger)
{
    public async Task RunAsync()
    {
        var stopping = lifetime.ApplicationStopping;
        stopping.Register(() => EndpointsFile.Remove(mesh));
        var resources = MeshResources.Of(model);
        try
        {
            var clock = Stopwatch.StartNew();
            await startup.WaitUntilHealthyAsync(resources, stopping);
            var path = await EndpointsFile.WriteAsync(resources, mesh, stopping);
            logger.LogInformation("all {Count} resources healthy in {Seconds:0.0} s; endpoints in {Path}",
                resources.Count, clock.Elapsed.TotalSeconds, path);
            var watching = restarts.WatchAsync(resources, stopping);
            if (mesh.RunCommand is { } command)
            {
                exit.Code = await runCommand.RunAsync(command, resources, stopping);
                lifetime.StopApplication();
            }
            await watching;
        }
        catch (AppHostException e)
        {
            logger.LogError("{Message}", e.Message);
            exit.Code = e.ExitCode;
            lifetime.StopApplication();
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Ctrl+C or SIGTERM: Aspire stops the resources.
        }
    }
}

/// <summary>The AppHost's exit code: --run's command's, or that of a failure to start.</summary>
public sealed class MeshExit
{
    public int Code { get; set; }
}
