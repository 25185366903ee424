using ImbalanceMesh.AppHost.Hosting.Contract;
using ImbalanceMesh.AppHost.Tests.Support;

namespace ImbalanceMesh.AppHost.Tests.Unit;

public class EnvironmentContractTests
{
    private static readonly LoopbackEndpoints Endpoints = new(
        new Dictionary<string, int>
        {
            ["cache"] = 7000, ["ingestion"] = 7001, ["augmentation"] = 7002, ["training"] = 7003, ["evaluation"] = 7004,
        },
        new Dictionary<string, string> { ["cache"] = "s3cret" });

    [Fact]
    public void Augmentation_gets_exactly_the_variables_aspire_passes_without_telemetry_or_key()
    {
        var env = EnvironmentContract.Run(Mesh.Project("augmentation"), Endpoints, new RunTelemetry(null, "run1"), apiKey: null);

        Assert.Equal(new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["ASPNETCORE_URLS"] = "http://127.0.0.1:7002",
            ["ConnectionStrings__cache"] = "127.0.0.1:7000,password=s3cret",
            ["OTEL_DOTNET_EXPERIMENTAL_OTLP_EMIT_EVENT_LOG_ATTRIBUTES"] = "true",
            ["OTEL_DOTNET_EXPERIMENTAL_OTLP_EMIT_EXCEPTION_LOG_ATTRIBUTES"] = "true",
            ["OTEL_DOTNET_EXPERIMENTAL_OTLP_RETRY"] = "in_memory",
            ["OTEL_RESOURCE_ATTRIBUTES"] = "service.instance.id=augmentation-run1",
            ["OTEL_SERVICE_NAME"] = "augmentation",
            ["services__ingestion__http__0"] = "http://127.0.0.1:7001",
        }, env);
    }

    [Fact]
    public void An_otlp_endpoint_and_api_key_add_the_exporter_variables_and_the_key()
    {
        var env = EnvironmentContract.Run(Mesh.Project("evaluation"), Endpoints,
            new RunTelemetry("http://localhost:18889", "run2"), apiKey: "k1");

        Assert.Equal("http://localhost:18889", env["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        Assert.Equal("grpc", env["OTEL_EXPORTER_OTLP_PROTOCOL"]);
        Assert.Equal("k1", env["IMESH_API_KEY"]);
        Assert.Equal("http://127.0.0.1:7001", env["services__ingestion__http__0"]);
        Assert.Equal("http://127.0.0.1:7003", env["services__training__http__0"]);
        Assert.DoesNotContain("services__augmentation__http__0", env.Keys);
        Assert.DoesNotContain("ConnectionStrings__cache", env.Keys);
    }

    [Theory]
    [InlineData("training", true)]
    [InlineData("evaluation", true)]
    [InlineData("ingestion", false)]
    [InlineData("augmentation", false)]
    public void The_libtorch_services_run_and_deploy_with_one_malloc_arena(string name, bool expected)
    {
        var project = Mesh.Project(name);
        var run = EnvironmentContract.Run(project, Endpoints, new RunTelemetry(null, "r"), null);
        var published = EnvironmentContract.Publish(project).ToDictionary(v => v.Key, v => v.Value);

        Assert.Equal(expected, run.TryGetValue("MALLOC_ARENA_MAX", out var value) && value == "1");
        Assert.Equal(expected, published.TryGetValue("MALLOC_ARENA_MAX", out var literal)
            && literal.Resolve(Endpoints) == "1");
    }

    [Fact]
    public void Ingestion_references_nothing_so_it_gets_no_connection_strings_or_service_urls()
    {
        var env = EnvironmentContract.Run(Mesh.Project("ingestion"), Endpoints, new RunTelemetry(null, "r"), null);

        Assert.DoesNotContain(env.Keys, k => k.StartsWith("ConnectionStrings__") || k.StartsWith("services__"));
        Assert.DoesNotContain(env.Keys, k => k.StartsWith("OTEL_EXPORTER_OTLP"));
    }

    [Fact]
    public void Run_and_publish_modes_carry_the_same_reference_variables()
    {
        foreach (var project in Mesh.Graph().Projects)
        {
            var run = EnvironmentContract.Run(project, Endpoints, new RunTelemetry(null, "r"), null);
            var publish = EnvironmentContract.Publish(project).Select(p => p.Key).ToHashSet();
            var references = EnvironmentContract.References(project).Select(p => p.Key).ToList();

            Assert.Equal(project.References.Count, references.Count);
            Assert.All(references, k => Assert.Contains(k, run.Keys));
            Assert.All(references, k => Assert.Contains(k, publish));
        }
    }

    [Fact]
    public void Endpoints_json_content_names_every_resource_with_its_address()
    {
        var described = Endpoints.Describe(Mesh.Graph());

        Assert.Equal("127.0.0.1:7000,password=s3cret", described["cache"]);
        Assert.Equal("http://127.0.0.1:7004", described["evaluation"]);
        Assert.Equal(5, described.Count);
    }
}
