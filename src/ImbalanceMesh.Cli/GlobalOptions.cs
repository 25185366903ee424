using System.CommandLine;

namespace ImbalanceMesh.Cli;

/// <summary>Options every command accepts: where the services are, the API key, and the output form.</summary>
public static class GlobalOptions
{
    public static readonly Option<bool> Json = new("--json") { Description = "Print machine-readable JSON instead of human output.", Recursive = true };
    public static readonly Option<string?> Endpoints = new("--endpoints") { Description = "Path of endpoints.json (default: .imesh/endpoints.json in this or a parent directory).", Recursive = true };
    public static readonly Option<string?> ApiKey = new("--api-key") { Description = "API key sent as x-api-key. Other users see it in `ps`: prefer IMESH_API_KEY or --api-key-file.", Recursive = true };
    public static readonly Option<string?> ApiKeyFile = new("--api-key-file") { Description = "File holding the API key (its first line); preferred over --api-key, which shows in `ps`.", Recursive = true };
    public static readonly Option<string?> Ingestion = new("--ingestion") { Description = "Ingestion service URL, e.g. http://127.0.0.1:5101.", Recursive = true };
    public static readonly Option<string?> Augmentation = new("--augmentation") { Description = "Augmentation service URL.", Recursive = true };
    public static readonly Option<string?> Training = new("--training") { Description = "Training service URL.", Recursive = true };
    public static readonly Option<string?> Evaluation = new("--evaluation") { Description = "Evaluation service URL.", Recursive = true };

    public static IEnumerable<Option> All => [Json, Endpoints, ApiKey, ApiKeyFile, Ingestion, Augmentation, Training, Evaluation];
}
