using System.Diagnostics;
using System.Reflection;
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

    private static readonly string Configuration =
        typeof(RunCommand).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";

    /// <summary>imesh.dll as built beside the AppHost (the AppHost project builds the CLI).</summary>
    public string ImeshAssembly => Path.Combine(Path.GetDirectoryName(Path.GetFullPath(appHostDirectory))!,
        "src", "ImbalanceMesh.Cli", "bin", Configuration, "net10.0", "imesh.dll");

    public async Task<int> RunAsync(string command, IReadOnlyList<IResource> resources, CancellationToken stop)
    {
        var info = new ProcessStartInfo("/bin/sh") { ArgumentList = { "-c", command }, WorkingDirectory = mesh.Root };
        info.Environment["PATH"] = $"{WriteImeshShim()}:{Environment.GetEnvironmentVariable("PATH")}";
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

    /// <summary>A directory holding a two-line `imesh` script that runs the built CLI with this process's dotnet.</summary>
    private string WriteImeshShim()
    {
        var directory = Path.Combine(mesh.StateDirectory, "bin");
        Directory.CreateDirectory(directory);
        var shim = Path.Combine(directory, "imesh");
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
        File.WriteAllText(shim, $"#!/bin/sh\nexec \"{dotnet}\" \"{ImeshAssembly}\" \"$@\"\n");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(shim, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return directory;
    }
}
