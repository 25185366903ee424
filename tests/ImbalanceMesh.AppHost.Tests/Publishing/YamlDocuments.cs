using System.Diagnostics;
using System.Text.Json.Nodes;

namespace ImbalanceMesh.AppHost.Tests.Publishing;

/// <summary>
/// Parses YAML with an independent, full parser (PyYAML's safe_load_all through /usr/bin/python3) and returns the
/// documents as JSON, so the tests check what a YAML consumer reads, not what our writer meant.
/// </summary>
public static class YamlDocuments
{
    private const string Script =
        "import sys, json, yaml\n" +
        "json.dump(list(yaml.safe_load_all(open(sys.argv[1], encoding='utf-8'))), sys.stdout)\n";

    public static JsonArray Parse(string path)
    {
        var info = new ProcessStartInfo("python3")
        {
            ArgumentList = { "-c", Script, path },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException(
                $"python3 could not parse {path} (needs python3-yaml: apt-get install -y python3-yaml):\n{stderr}");
        return JsonNode.Parse(stdout.Result)!.AsArray();
    }
}
