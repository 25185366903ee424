using ImbalanceMesh.Testing;

namespace ImbalanceMesh.AppHost.Tests.Publishing;

/// <summary>One publish run of the built AppHost, as a user runs it: its exit code and everything it printed.</summary>
public static class BuiltAppHost
{
    /// <param name="workingDirectory">Default: a scratch directory.</param>
    public static Task<(int ExitCode, string Output)> RunAsync(string? workingDirectory, params string[] arguments) =>
        RunAsync(workingDirectory, new Dictionary<string, string>(), arguments);

    public static async Task<(int ExitCode, string Output)> RunAsync(string? workingDirectory,
        IDictionary<string, string> environment, params string[] arguments)
    {
        await using var host = AppHostProcess.Start(arguments, environment, workingDirectory);
        var exitCode = await host.WaitForExitAsync(TimeSpan.FromSeconds(120));
        return (exitCode, host.Output);
    }
}
