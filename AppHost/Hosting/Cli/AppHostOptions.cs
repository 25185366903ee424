namespace ImbalanceMesh.AppHost.Hosting.Cli;

public enum Publisher { Manifest, Compose, Kubernetes }

/// <summary>The AppHost's command line. Unknown or malformed options are refused with exit code 2.</summary>
public sealed record AppHostOptions
{
    public const int UsageExitCode = 2;
    public const string OtlpFallbackVariable = "ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL";

    public Publisher? Publisher { get; init; }
    public string? OutputPath { get; init; }
    public string? DataDirectory { get; init; }
    public string? OtlpEndpoint { get; init; }
    public string? ApiKey { get; init; }
    public int? PortBase { get; init; }
    public string? RunCommand { get; init; }
    public int Gpus { get; init; }
    public bool ShowHelp { get; init; }

    public const string Usage = """
        Usage: ImbalanceMesh.AppHost [options]

        Runs Redis and the four services, health-gated and wired the way a .NET Aspire AppHost wires them,
        and writes .imesh/endpoints.json in the working directory while they run.

        Options:
          --data DIR                 keep Redis data in DIR (default: no persistence)
          --otlp-endpoint URL        send OTLP/gRPC telemetry to URL, e.g. http://localhost:18889 (Aspire dashboard);
                                     default: $ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL
          --api-key KEY              require x-api-key KEY on every RPC (default: $IMESH_API_KEY)
          --port-base N              cache on port N, the services on N+1.. (default: free ports)
          --run "COMMAND"            once all are healthy, run COMMAND (imesh is on its PATH), then stop everything
                                     and exit with its exit code
          --publisher manifest|compose|k8s --output-path PATH
                                     write an Aspire manifest (PATH = file), docker-compose.yml + .env or Kubernetes
                                     YAML (PATH = directory) and exit without starting anything
          --gpus N                   with --publisher k8s: nvidia.com/gpu limit for the training Deployment
          -h, --help                 show this help
        """;

    public static AppHostOptions Parse(IReadOnlyList<string> args, Func<string, string?> environment)
    {
        var options = new AppHostOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            string Value() => i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal)
                ? args[++i]
                : throw Invalid($"{arg} needs a value.");
            options = arg switch
            {
                "--publisher" => options with { Publisher = ParsePublisher(Value()) },
                "--output-path" => options with { OutputPath = Value() },
                "--data" => options with { DataDirectory = Value() },
                "--otlp-endpoint" => options with { OtlpEndpoint = ParseUrl(arg, Value()) },
                "--api-key" => options with { ApiKey = Value() },
                "--port-base" => options with { PortBase = ParseInt(arg, Value(), 1024, 65000) },
                "--run" => options with { RunCommand = Value() },
                "--gpus" => options with { Gpus = ParseInt(arg, Value(), 0, 16) },
                "-h" or "--help" => options with { ShowHelp = true },
                _ => throw Invalid($"Unknown option '{arg}'."),
            };
        }
        if (options.Publisher is not null && options.OutputPath is null)
            throw Invalid("--publisher needs --output-path PATH.");
        if (options.Publisher is null && options.OutputPath is not null)
            throw Invalid("--output-path is only used with --publisher.");
        var otlp = options.OtlpEndpoint ?? NonEmpty(environment(OtlpFallbackVariable));
        return options with
        {
            OtlpEndpoint = otlp is null ? null : ParseUrl(OtlpFallbackVariable, otlp),
            ApiKey = options.ApiKey ?? NonEmpty(environment("IMESH_API_KEY")),
        };
    }

    private static Publisher ParsePublisher(string value) => value switch
    {
        "manifest" => Cli.Publisher.Manifest,
        "compose" => Cli.Publisher.Compose,
        "k8s" or "kubernetes" => Cli.Publisher.Kubernetes,
        _ => throw Invalid($"Unknown publisher '{value}': use manifest, compose or k8s."),
    };

    private static string ParseUrl(string option, string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? value
            : throw Invalid($"{option} '{value}' is not an http(s) URL, e.g. http://localhost:18889.");

    private static int ParseInt(string option, string value, int min, int max) =>
        int.TryParse(value, out var n) && n >= min && n <= max
            ? n
            : throw Invalid($"{option} '{value}' must be a whole number from {min} to {max}.");

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    private static AppHostException Invalid(string message) =>
        new($"{message} Run with --help for the options.", UsageExitCode);
}
