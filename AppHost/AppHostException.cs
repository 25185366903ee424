namespace ImbalanceMesh.AppHost;

/// <summary>A failure a person can act on: the message names the resource and the cause; no stack trace is shown.</summary>
public sealed class AppHostException(string message, int exitCode = 1) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
