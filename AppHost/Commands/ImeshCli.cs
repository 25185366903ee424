using System.Reflection;

namespace ImbalanceMesh.AppHost.Commands;

/// <summary>`imesh` as built beside the AppHost (the AppHost project builds the CLI), for --run and dashboard commands.</summary>
public static class ImeshCli
{
    private static readonly string Configuration =
        typeof(ImeshCli).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";

    public static string Assembly(string appHostDirectory) => Path.Combine(Path.GetDirectoryName(Path.GetFullPath(appHostDirectory))!,
        "src", "ImbalanceMesh.Cli", "bin", Configuration, "net10.0", "imesh.dll");

    /// <summary>A directory under .imesh holding a two-line `imesh` script that runs the built CLI; for PATH.</summary>
    public static string ShimDirectory(string appHostDirectory, MeshSettings mesh)
    {
        var directory = Path.Combine(mesh.StateDirectory, "bin");
        Directory.CreateDirectory(directory);
        var shim = Path.Combine(directory, "imesh");
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
        File.WriteAllText(shim, $"#!/bin/sh\nexec \"{dotnet}\" \"{Assembly(appHostDirectory)}\" \"$@\"\n");
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(shim, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return directory;
    }

    /// <summary>PATH with the shim first, so a shell command can say `imesh`.</summary>
    public static string PathWithImesh(string appHostDirectory, MeshSettings mesh) =>
        $"{ShimDirectory(appHostDirectory, mesh)}:{Environment.GetEnvironmentVariable("PATH")}";
}
