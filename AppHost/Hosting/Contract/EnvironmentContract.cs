using ImbalanceMesh.AppHost.Hosting.Model;

namespace ImbalanceMesh.AppHost.Hosting.Contract;

/// <summary>
/// The variables a .NET Aspire AppHost gives a project resource, computed once for every way the graph is run or
/// published, so the manifest, the local run, compose and Kubernetes cannot disagree.
/// </summary>
public static class EnvironmentContract
{
    public const string OtlpProtocol = "grpc";

    /// <summary>Variables that depend on references only: the same in run and publish mode.</summary>
    public static IReadOnlyList<KeyValuePair<string, EnvValue>> References(ProjectResource project)
    {
        var variables = new List<KeyValuePair<string, EnvValue>>();
        foreach (var reference in project.References)
        {
            switch (reference)
            {
                case RedisResource cache:
                    variables.Add(new($"ConnectionStrings__{cache.Name}", new ConnectionStringValue(cache)));
                    break;
                case ProjectResource service:
                    variables.Add(new($"services__{service.Name}__http__0", new EndpointUrlValue(service)));
                    break;
            }
        }
        return variables;
    }

    /// <summary>What Aspire writes into a project.v0 resource's env in the manifest.</summary>
    public static IReadOnlyList<KeyValuePair<string, EnvValue>> Publish(ProjectResource project) =>
    [
        .. OtelExporterDefaults(),
        new("ASPNETCORE_FORWARDEDHEADERS_ENABLED", new LiteralValue("true")),
        new("HTTP_PORTS", new TargetPortValue(project)),
        .. References(project),
        .. project.Environment.Select(v => new KeyValuePair<string, EnvValue>(v.Key, new LiteralValue(v.Value))),
    ];

    /// <summary>What the AppHost sets for a child process (Aspire run mode), resolved to loopback addresses.</summary>
    public static IReadOnlyDictionary<string, string> Run(ProjectResource project, IEndpointResolver endpoints,
        RunTelemetry telemetry, string? apiKey)
    {
        var variables = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["ASPNETCORE_URLS"] = endpoints.Url(project),
            ["OTEL_SERVICE_NAME"] = project.Name,
            ["OTEL_RESOURCE_ATTRIBUTES"] = $"service.instance.id={telemetry.InstanceId(project)}",
        };
        foreach (var (key, value) in OtelExporterDefaults().Concat(References(project)))
            variables[key] = value.Resolve(endpoints);
        foreach (var (key, value) in project.Environment) variables[key] = value;
        if (telemetry.OtlpEndpoint is { } otlp)
        {
            variables["OTEL_EXPORTER_OTLP_ENDPOINT"] = otlp;
            variables["OTEL_EXPORTER_OTLP_PROTOCOL"] = OtlpProtocol;
            // Aspire's local-development export cadence: telemetry shows up within a second, not after 5-60 s.
            variables["OTEL_BLRP_SCHEDULE_DELAY"] = "1000";
            variables["OTEL_BSP_SCHEDULE_DELAY"] = "1000";
            variables["OTEL_METRIC_EXPORT_INTERVAL"] = "1000";
            variables["OTEL_TRACES_SAMPLER"] = "always_on";
        }
        if (apiKey is not null) variables[ApiKeyVariable] = apiKey;
        return variables;
    }

    public const string ApiKeyVariable = "IMESH_API_KEY";

    private static IEnumerable<KeyValuePair<string, EnvValue>> OtelExporterDefaults() =>
    [
        new("OTEL_DOTNET_EXPERIMENTAL_OTLP_EMIT_EXCEPTION_LOG_ATTRIBUTES", new LiteralValue("true")),
        new("OTEL_DOTNET_EXPERIMENTAL_OTLP_EMIT_EVENT_LOG_ATTRIBUTES", new LiteralValue("true")),
        new("OTEL_DOTNET_EXPERIMENTAL_OTLP_RETRY", new LiteralValue("in_memory")),
    ];
}

/// <summary>Where telemetry goes in a local run and how instances are told apart.</summary>
public sealed record RunTelemetry(string? OtlpEndpoint, string RunId)
{
    /// <summary>service.instance.id: stable for one run of one resource, different across runs.</summary>
    public string InstanceId(MeshResource resource) => $"{resource.Name}-{RunId}";
}
