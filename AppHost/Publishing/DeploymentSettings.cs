namespace ImbalanceMesh.AppHost.Publishing;

/// <summary>
/// Variables a deployment adds to each service that the manifest leaves to the deployment tool: the OpenTelemetry
/// service name and, in compose, the export endpoint read from .env.
/// </summary>
public static class DeploymentSettings
{
    public const string ServiceName = "OTEL_SERVICE_NAME";
    public const string OtlpEndpoint = "OTEL_EXPORTER_OTLP_ENDPOINT";
    public const string OtlpProtocol = "OTEL_EXPORTER_OTLP_PROTOCOL";
    public const string Grpc = "grpc";
}
