using System.Diagnostics;
using ImbalanceMesh.AppHost.Commands;
using ImbalanceMesh.AppHost.Services;
using Microsoft.Extensions.Logging;

namespace ImbalanceMesh.AppHost.Lifecycle;

/// <summary>
/// --run "COMMAND": a shell command run against the healthy mesh in the mesh root (which holds .imesh/endpoints.json),
/// with `imesh` on its PATH, each service's URL in IMESH_&lt;SERVICE&gt;_URL and the API key.
/// </summary>
public sealed class RunCommand(string appHostDirectory, MeshSettings mesh, ILogger<RunCommand> logger)
{
    public const int InterruptedExitCode = 130;

    public async Task<int> RunAsync(string command, IReadOnlyList<IResource> resources, CancellationToken stop)
    {
        var info = new ProcessStartInfo("/bin/sh") { ArgumentList = { "-c", command }, WorkingDirectory = mesh.Root };
        info.Environment["PATH"] = ImeshCli.PathWithImesh(appHostDirectory, mesh);
        foreach (var project in resources.OfType<ProjectResource>())
            info.Environment[$"IMESH_{project.Name.ToUpperInvariant().Replace('-', '_')}_URL"] =
                project.GetEndpoint(GrpcServiceExtensions.EndpointName).Url;
        if (mesh.ApiKey is { } key) info.Environment[MeshSettings.ApiKeyVariable] = key;

        logger.LogInformation("running: {Command}", command);
        using var process = Process.Start(info)!;
        try
        {
            await process.WaitForExitAsync(stop);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            return InterruptedExitCode;
        }
        logger.LogInformation("'{Command}' exited with code {ExitCode}", command, process.ExitCode);
        return process.ExitCode;
    }
}
