using System.CommandLine;
using System.CommandLine.Parsing;
using ImbalanceMesh.AppHost.Hosting.Contract;

namespace ImbalanceMesh.AppHost.Hosting.Cli;

/// <summary>
/// The AppHost's command line. What is wrong with it is refused with exit code 2 and a message naming each problem.
/// </summary>
public static class AppHostCommandLine
{
    public const int UsageExitCode = 2;

    public static readonly Option<string> Data = Text("--data", "DIR",
        "keep Redis data in DIR (default: no persistence)");

    public static readonly Option<string> OtlpEndpoint = Value("--otlp-endpoint", "URL",
        "send OTLP/gRPC telemetry to URL, e.g. http://localhost:18889 (Aspire dashboard); " +
        $"default: ${AppHostOptions.OtlpFallbackVariable}", HttpUrl);

    public static readonly Option<string> ApiKey = Text("--api-key", "KEY",
        $"require x-api-key KEY on every RPC (default: ${EnvironmentContract.ApiKeyVariable})");

    public static readonly Option<int?> PortBase = Value<int?>("--port-base", "N",
        "cache on port N, the services on N+1.. (default: free ports)", (name, text) => WholeNumber(name, text, 1024, 65000));

    public static readonly Option<string> Run = Text("--run", "COMMAND",
        "once all are healthy, run COMMAND (imesh is on its PATH), then stop everything and exit with its exit code");

    public static readonly Option<Publisher?> Publisher = Value<Publisher?>("--publisher", "manifest|compose|k8s",
        "write an Aspire manifest (PATH = file), docker-compose.yml + .env or Kubernetes YAML (PATH = directory) " +
        "to --output-path PATH and exit without starting anything", (_, text) => ParsePublisher(text));

    public static readonly Option<string> OutputPath = Text("--output-path", "PATH", "where --publisher writes");

    public static readonly Option<int?> Gpus = Value<int?>("--gpus", "N",
        "with --publisher k8s: nvidia.com/gpu limit for the training Deployment", (name, text) => WholeNumber(name, text, 0, 16));

    // Values are taken as written: an API key or a --run command may start with '@' (a response file otherwise).
    private static readonly ParserConfiguration Configuration = new() { ResponseFileTokenReplacer = null };

    private static readonly RootCommand Root = CreateRoot();

    /// <summary>The parsed command line; its Action is set when --help or --version was asked for.</summary>
    public static ParseResult Parse(IReadOnlyList<string> args)
    {
        var parsed = Root.Parse(args, Configuration);
        return parsed.Errors.Count == 0 ? parsed : throw Refused(parsed.Errors.Select(e => Describe(e, parsed)).Distinct());
    }

    /// <summary>The exception for a bad command line (or a bad environment value standing in for an option).</summary>
    public static AppHostException Refused(IEnumerable<string> problems) =>
        new($"{string.Join(" ", problems)} Run with --help for the options.", UsageExitCode);

    public static string HttpUrl(string source, string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? text
            : throw new FormatException($"{source} '{text}' is not an http(s) URL, e.g. http://localhost:18889.");

    private static RootCommand CreateRoot()
    {
        var root = new RootCommand(
            "Runs Redis and the four services, health-gated and wired the way a .NET Aspire AppHost wires them, " +
            "and writes .imesh/endpoints.json in the working directory while they run.");
        foreach (var option in new Option[] { Data, OtlpEndpoint, ApiKey, PortBase, Run, Publisher, OutputPath, Gpus })
            root.Options.Add(option);
        root.Validators.Add(result =>
        {
            if (result.GetResult(Publisher) is not null && result.GetResult(OutputPath) is null)
                result.AddError("--publisher needs --output-path PATH.");
            if (result.GetResult(Publisher) is null && result.GetResult(OutputPath) is not null)
                result.AddError("--output-path is only used with --publisher.");
        });
        return root;
    }

    private static Option<string> Text(string name, string valueName, string description) =>
        Value(name, valueName, description, (_, text) => text);

    /// <summary>
    /// An option with one value, converted by <paramref name="convert"/> (given the option's name and the text; a
    /// FormatException says what is wrong with it). Another option where the value should stand means the value is
    /// missing, as the AppHost always read it.
    /// </summary>
    private static Option<T> Value<T>(string name, string valueName, string description, Func<string, string, T> convert) =>
        new(name)
        {
            HelpName = valueName,
            Description = description,
            CustomParser = result =>
            {
                var text = result.Tokens[0].Value;
                if (text.StartsWith("--", StringComparison.Ordinal))
                {
                    result.AddError($"{name} needs a value.");
                    return default!;
                }
                try
                {
                    return convert(name, text);
                }
                catch (FormatException e)
                {
                    result.AddError(e.Message);
                    return default!;
                }
            },
        };

    /// <summary>A parse error in the words the AppHost has always used for an unknown option and a missing value.</summary>
    private static string Describe(ParseError error, ParseResult parsed) => error.SymbolResult switch
    {
        OptionResult { Tokens.Count: 0 } missing => $"{missing.Option.Name} needs a value.",
        CommandResult when parsed.UnmatchedTokens.FirstOrDefault(t => error.Message.Contains($"'{t}'")) is { } unknown =>
            $"Unknown option '{unknown}'.",
        _ => error.Message,
    };

    private static int WholeNumber(string name, string text, int min, int max) =>
        int.TryParse(text, out var n) && n >= min && n <= max
            ? n
            : throw new FormatException($"{name} '{text}' must be a whole number from {min} to {max}.");

    private static Publisher ParsePublisher(string text) => text switch
    {
        "manifest" => Cli.Publisher.Manifest,
        "compose" => Cli.Publisher.Compose,
        "k8s" or "kubernetes" => Cli.Publisher.Kubernetes,
        _ => throw new FormatException($"Unknown publisher '{text}': use manifest, compose or k8s."),
    };
}
