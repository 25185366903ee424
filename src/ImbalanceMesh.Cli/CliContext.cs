using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Serialization;
using Grpc.Core;
using Grpc.Net.Client;
using Spectre.Console;

namespace ImbalanceMesh.Cli;

/// <summary>What a command needs: channels to the services, the output mode, and the console.</summary>
public sealed class CliContext : IDisposable
{
    public static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>The largest gRPC message the CLI sends or receives (the services' limit too).</summary>
    public const int MaxMessageBytes = 64 * 1024 * 1024;

    private readonly ParseResult _parse;
    private readonly Dictionary<string, GrpcChannel> _channels = new();
    private readonly Lazy<MeshEndpoints> _endpoints;

    public CliContext(ParseResult parse, IAnsiConsole? console = null)
    {
        _parse = parse;
        _endpoints = new Lazy<MeshEndpoints>(() => MeshEndpoints.Load(parse.GetValue(GlobalOptions.Endpoints)));
        // With --json, stdout carries only the JSON document: progress and messages go to stderr.
        Console = console ?? (Json
            ? AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(System.Console.Error) })
            : AnsiConsole.Console);
    }

    public IAnsiConsole Console { get; }
    public bool Json => _parse.GetValue(GlobalOptions.Json);
    public T? Get<T>(Option<T> option) => _parse.GetValue(option);
    public T? Get<T>(Argument<T> argument) => _parse.GetValue(argument);

    /// <summary>Whether the option was typed (not just its default).</summary>
    public bool Given(Option option) => _parse.GetResult(option) is { Implicit: false };
    public MeshEndpoints Endpoints => _endpoints.Value;

    public GrpcChannel Channel(string service)
    {
        if (_channels.TryGetValue(service, out var existing)) return existing;
        var overrideUrl = service switch
        {
            "ingestion" => _parse.GetValue(GlobalOptions.Ingestion),
            "augmentation" => _parse.GetValue(GlobalOptions.Augmentation),
            "training" => _parse.GetValue(GlobalOptions.Training),
            "evaluation" => _parse.GetValue(GlobalOptions.Evaluation),
            _ => null,
        };
        var apiKey = ApiKeySource.Read(_parse);
        var options = new GrpcChannelOptions
        {
            MaxReceiveMessageSize = MaxMessageBytes,
            MaxSendMessageSize = MaxMessageBytes,
            UnsafeUseInsecureChannelCallCredentials = true,
        };
        if (!string.IsNullOrEmpty(apiKey))
        {
            options.Credentials = ChannelCredentials.Create(ChannelCredentials.Insecure,
                CallCredentials.FromInterceptor((_, metadata) =>
                {
                    metadata.Add("x-api-key", apiKey);
                    return Task.CompletedTask;
                }));
        }
        var channel = GrpcChannel.ForAddress(Endpoints.Resolve(service, overrideUrl), options);
        _channels[service] = channel;
        return channel;
    }

    public void WriteJson<T>(T value) => System.Console.Out.WriteLine(JsonSerializer.Serialize(value, JsonOptions));

    public void Dispose()
    {
        foreach (var channel in _channels.Values) channel.Dispose();
    }
}
