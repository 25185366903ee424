using System.Diagnostics;
using ImbalanceMesh.AppHost.Hosting.Contract;
using ImbalanceMesh.AppHost.Hosting.Model;

namespace ImbalanceMesh.AppHost.Hosting.Running;

/// <summary>
/// --run "COMMAND": a shell command run against the healthy mesh, with `imesh` on its PATH, the service URLs in
/// IMESH_&lt;SERVICE&gt;_URL and the API key, in the AppHost's working directory (which holds .imesh/endpoints.json).
/// </summary>
public static class CommandRun
{
    public const int InterruptedExitCode = 130;

    public static async Task<int> RunAsync(string command, ResourceGraph graph, LoopbackEndpoints endpoints, string? apiKey,
        string workingDirectory, string scratchDirectory, MeshConsole console, CancellationToken stop)
    {
        var info = new ProcessStartInfo("/bin/sh") { ArgumentList = { "-c", command }, WorkingDirectory = workingDirectory };
        var shimDirectory = WriteImeshShim(graph, scratchDirectory);
        if (shimDirectory is not null)
            info.Environment["PATH"] = $"{shimDirectory}:{Environment.GetEnvironmentVariable("PATH")}";
        foreach (var project in graph.Projects)
            info.Environment[$"IMESH_{project.Name.ToUpperInvariant().Replace('-', '_')}_URL"] = endpoints.Url(project);
        if (apiKey is not null) info.Environment[EnvironmentContract.ApiKeyVariable] = apiKey;

        console.Info($"running: {command}");
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
        console.Info($"'{command}' exited with code {process.ExitCode}");
        return process.ExitCode;
    }

    /// <summary>A two-line `imesh` script running the CLI built beside the services; null if it is not built.</summary>
    private static string? WriteImeshShim(ResourceGraph graph, string scratchDirectory)
    {
        var cli = Path.Combine(graph.RepositoryRoot, "src", "ImbalanceMesh.Cli", "bin",
            ProjectLauncher.Configuration, ProjectLauncher.TargetFramework, "imesh.dll");
        if (!File.Exists(cli)) return null;
        var directory = Directory.CreateDirectory(Path.Combine(scratchDirectory, "bin")).FullName;
        var shim = Path.Combine(directory, "imesh");
        File.WriteAllText(shim, $"#!/bin/sh\nexec \"{ProjectLauncher.DotnetHost}\" \"{cli}\" \"$@\"\n");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(shim, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return directory;
    }
}
