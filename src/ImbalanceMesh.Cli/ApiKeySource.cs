using System.CommandLine;

namespace ImbalanceMesh.Cli;

/// <summary>
/// Where the API key comes from: --api-key-file FILE (its first line), else --api-key KEY, else IMESH_API_KEY.
/// The file and the environment keep the key out of the process list.
/// </summary>
public static class ApiKeySource
{
    public const string EnvironmentVariable = "IMESH_API_KEY";

    public static string? Read(ParseResult parse)
    {
        var file = parse.GetValue(GlobalOptions.ApiKeyFile);
        var inline = parse.GetValue(GlobalOptions.ApiKey);
        if (file is null) return inline ?? Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (inline is not null) throw new CliException("give the API key once: --api-key-file or --api-key, not both.");
        var path = CliPaths.Full(file, "--api-key-file");
        if (!File.Exists(path)) throw new CliException($"--api-key-file: {path} does not exist.");
        var key = File.ReadLines(path).FirstOrDefault()?.Trim();
        return string.IsNullOrEmpty(key) ? throw new CliException($"--api-key-file: {path} holds no key on its first line.") : key;
    }
}
