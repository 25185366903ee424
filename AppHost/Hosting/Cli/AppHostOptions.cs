using System.CommandLine;
using ImbalanceMesh.AppHost.Hosting.Contract;

namespace ImbalanceMesh.AppHost.Hosting.Cli;

public enum Publisher { Manifest, Compose, Kubernetes }

/// <summary>What the AppHost was asked to do: the command line (<see cref="AppHostCommandLine"/>) and its environment fallbacks.</summary>
public sealed record AppHostOptions
{
    public const string OtlpFallbackVariable = "ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL";

    public Publisher? Publisher { get; init; }
    public string? OutputPath { get; init; }
    public string? DataDirectory { get; init; }
    public string? OtlpEndpoint { get; init; }
    public string? ApiKey { get; init; }
    public int? PortBase { get; init; }
    public string? RunCommand { get; init; }
    public int Gpus { get; init; }

    /// <summary>The options of a parsed command line; the dashboard endpoint and API key fall back to the environment.</summary>
    public static AppHostOptions From(ParseResult parsed, Func<string, string?> environment) => new()
    {
        Publisher = parsed.GetValue(AppHostCommandLine.Publisher),
        OutputPath = parsed.GetValue(AppHostCommandLine.OutputPath),
        DataDirectory = parsed.GetValue(AppHostCommandLine.Data),
        OtlpEndpoint = parsed.GetValue(AppHostCommandLine.OtlpEndpoint) ?? EnvironmentUrl(environment, OtlpFallbackVariable),
        ApiKey = parsed.GetValue(AppHostCommandLine.ApiKey) ?? NonEmpty(environment(EnvironmentContract.ApiKeyVariable)),
        PortBase = parsed.GetValue(AppHostCommandLine.PortBase),
        RunCommand = parsed.GetValue(AppHostCommandLine.Run),
        Gpus = parsed.GetValue(AppHostCommandLine.Gpus) ?? 0,
    };

    private static string? EnvironmentUrl(Func<string, string?> environment, string variable)
    {
        if (NonEmpty(environment(variable)) is not { } value) return null;
        try
        {
            return AppHostCommandLine.HttpUrl(variable, value);
        }
        catch (FormatException e)
        {
            throw AppHostCommandLine.Refused([e.Message]);
        }
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
