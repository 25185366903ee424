namespace ImbalanceMesh.AppHost.Hosting.Running;

/// <summary>How to start one resource's process.</summary>
/// <param name="StandardInput">Written to the process's stdin, which is then closed (redis-server reads its config so).</param>
public sealed record LaunchSpec(
    string FileName,
    IReadOnlyList<string> Arguments,
    IReadOnlyDictionary<string, string> Environment,
    string WorkingDirectory,
    string? StandardInput = null);
