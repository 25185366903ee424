using System.Reflection;
using ImbalanceMesh.AppHost.Hosting.Cli;
using ImbalanceMesh.AppHost.Hosting.Model;

namespace ImbalanceMesh.AppHost.Hosting.Running;

/// <summary>
/// Runs a project's built dll directly (what `dotnet run` ends up doing, without its build check and extra process),
/// built in the same configuration as the AppHost; falls back to `dotnet run --no-build`.
/// </summary>
public static class ProjectLauncher
{
    public const string TargetFramework = "net10.0";

    /// <summary>Debug or Release: whatever this AppHost was built as, so one build serves both.</summary>
    public static string Configuration { get; } =
        typeof(ProjectLauncher).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";

    /// <summary>The dotnet host running this process, so children need no dotnet on PATH.</summary>
    public static string DotnetHost { get; } = FindDotnetHost();

    public static string BuiltAssembly(ProjectResource project) =>
        Path.Combine(project.ProjectDirectory, "bin", Configuration, TargetFramework, project.AssemblyName + ".dll");

    public static LaunchSpec Spec(ProjectResource project, IReadOnlyDictionary<string, string> environment, string workingDirectory)
    {
        var dll = BuiltAssembly(project);
        if (File.Exists(dll)) return new LaunchSpec(DotnetHost, [dll], environment, workingDirectory);
        if (!File.Exists(project.ProjectFile))
            throw new AppHostException($"{project.Name}: project file {project.ProjectFile} does not exist.");
        return new LaunchSpec(DotnetHost,
            ["run", "--no-build", "--no-launch-profile", "-c", Configuration, "--project", project.ProjectFile],
            environment, workingDirectory);
    }

    private static string FindDotnetHost()
    {
        var current = Environment.ProcessPath;
        if (current is not null && Path.GetFileNameWithoutExtension(current) == "dotnet") return current;
        return Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
    }
}
