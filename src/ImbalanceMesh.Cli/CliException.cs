namespace ImbalanceMesh.Cli;

/// <summary>A failure the user can fix; printed as one line, exit code 1, no stack trace.</summary>
public sealed class CliException(string message) : Exception(message);
