using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ImbalanceMesh.AppHost.Hosting.Model;
using ImbalanceMesh.AppHost.Hosting.Publishing;
using ImbalanceMesh.AppHost.Tests.Support;

namespace ImbalanceMesh.AppHost.Tests.Unit;

public sealed class ComposeWriterTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("imesh-compose-").FullName;
    private readonly JsonObject _compose;
    private readonly JsonObject _manifest;

    public ComposeWriterTests()
    {
        ComposeWriter.Write(Mesh.Graph(), _directory);
        _compose = YamlDocuments.Parse(Path.Combine(_directory, ComposeWriter.FileName)).Single()!.AsObject();
        _manifest = ManifestWriter.Build(Mesh.Graph(), _directory)["resources"]!.AsObject();
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private JsonObject Service(string name) => _compose["services"]![name]!.AsObject();

    [Fact]
    public void Every_resource_of_the_graph_is_a_service_plus_the_optional_dashboard()
    {
        var services = _compose["services"]!.AsObject().Select(s => s.Key).ToList();

        Assert.Equal(["cache", .. Mesh.Services, ComposeWriter.DashboardService], services);
        Assert.Equal("dashboard", (string?)Service(ComposeWriter.DashboardService)["profiles"]![0]);
    }

    [Fact]
    public void The_env_contract_matches_the_manifest_and_references_resolve_to_compose_service_names()
    {
        foreach (var name in Mesh.Services)
        {
            var environment = Service(name)["environment"]!.AsObject();
            var manifestEnv = _manifest[name]!["env"]!.AsObject();

            Assert.All(manifestEnv.Select(e => e.Key), key => Assert.True(environment.ContainsKey(key), $"{name}: {key}"));
            Assert.Equal(name, (string?)environment["OTEL_SERVICE_NAME"]);
            Assert.Equal(_manifest[name]!["bindings"]!["http"]!["targetPort"]!.ToString(), (string?)environment["HTTP_PORTS"]);
            foreach (var (key, value) in environment)
            {
                var match = Regex.Match(key, "^services__(.+)__http__0$");
                if (!match.Success) continue;
                var target = match.Groups[1].Value;
                Assert.Equal($"http://{target}:{_manifest[target]!["bindings"]!["http"]!["targetPort"]}", (string?)value);
                Assert.True(_compose["services"]!.AsObject().ContainsKey(target));
            }
        }
        Assert.Equal("cache:6379,password=${CACHE_PASSWORD}",
            (string?)Service("augmentation")["environment"]!["ConnectionStrings__cache"]);
        Assert.Equal("cache:6379,password=${CACHE_PASSWORD}",
            (string?)Service("training")["environment"]!["ConnectionStrings__cache"]);
    }

    [Fact]
    public void Depends_on_waits_for_healthy_services_and_healthchecks_use_the_services_own_mode()
    {
        var graph = Mesh.Graph();
        foreach (var project in graph.Projects)
        {
            var service = Service(project.Name);
            var dependsOn = service["depends_on"]?.AsObject() ?? [];
            Assert.Equal(project.WaitsFor.Select(w => w.Name).Order(), dependsOn.Select(d => d.Key).Order());
            Assert.All(dependsOn, d => Assert.Equal("service_healthy", (string?)d.Value!["condition"]));
            var test = service["healthcheck"]!["test"]!.AsArray().Select(t => (string)t!).ToList();
            Assert.Equal(["CMD", "dotnet", $"/app/{project.AssemblyName}.dll", "--health-check"], test);
            var port = Assert.Single(service["ports"]!.AsArray());
            Assert.EndsWith($":{ProjectResource.TargetPort}", (string?)port);
            Assert.StartsWith("127.0.0.1:", (string?)port);
            Assert.True(File.Exists(Path.Combine(_directory, (string)service["build"]!["context"]!,
                (string)service["build"]!["dockerfile"]!)));
        }
    }

    [Fact]
    public void Redis_takes_its_password_from_the_env_file_and_state_lives_in_named_volumes()
    {
        var envFile = File.ReadAllLines(Path.Combine(_directory, ComposeWriter.EnvFileName));
        var password = envFile.Single(l => l.StartsWith("CACHE_PASSWORD=", StringComparison.Ordinal))["CACHE_PASSWORD=".Length..];

        Assert.Matches("^[A-Za-z0-9]{32}$", password);
        Assert.Equal("${CACHE_PASSWORD:?set CACHE_PASSWORD in .env}", (string?)Service("cache")["environment"]!["REDIS_PASSWORD"]);
        Assert.Equal(["ingestion-data", "training-checkpoints", "evaluation-reports"],
            _compose["volumes"]!.AsObject().Select(v => v.Key));
        Assert.Equal("ingestion-data:/app/.imesh/data/ingestion", (string?)Service("ingestion")["volumes"]![0]);
        Assert.Equal("training-checkpoints:/app/.imesh/data/training", (string?)Service("training")["volumes"]![0]);
    }

    [Fact]
    public void Publishing_again_keeps_the_existing_env_file_and_its_secrets()
    {
        var envFile = Path.Combine(_directory, ComposeWriter.EnvFileName);
        var before = File.ReadAllText(envFile);

        ComposeWriter.Write(Mesh.Graph(), _directory);

        Assert.Equal(before, File.ReadAllText(envFile));
    }
}
