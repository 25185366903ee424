using System.Runtime.Versioning;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ImbalanceMesh.AppHost.Publishing;
using ImbalanceMesh.Testing;

namespace ImbalanceMesh.AppHost.Tests.Publishing;

/// <summary>docker-compose.yml and .env as `--publisher compose` writes them, read back by PyYAML.</summary>
[Collection(PublishingCollection.Name)]
public sealed class ComposeOutputTests(PublishedOutput published)
{
    private const string PasswordReference = "${CACHE_PASSWORD:?set CACHE_PASSWORD in .env}";

    private JsonObject Service(string name) => published.Compose["services"]![name]!.AsObject();

    private JsonObject Environment(string name) => Service(name)["environment"]!.AsObject();

    [Fact]
    public void Every_container_and_project_of_the_manifest_is_a_service_plus_the_optional_dashboard()
    {
        var services = published.Compose["services"]!.AsObject().Select(s => s.Key).ToList();
        var deployable = published.Resources
            .Where(r => (string?)r.Value!["type"] is "container.v0" or "project.v0").Select(r => r.Key);

        Assert.Equal(["cache", "jobs", .. PublishedOutput.Services, ComposeFile.DashboardService], services);
        Assert.Equal([.. deployable, ComposeFile.DashboardService], services);
        Assert.Equal("dashboard", (string?)Service(ComposeFile.DashboardService)["profiles"]![0]);
    }

    [Fact]
    public void Each_service_gets_the_manifests_env_with_references_resolved_to_compose_names_and_port_8080()
    {
        foreach (var name in PublishedOutput.Services)
        {
            var environment = Environment(name);
            foreach (var (key, value) in published.ManifestEnv(name))
            {
                Assert.True(environment.ContainsKey(key), $"{name}: {key} missing");
                var written = (string)environment[key]!;
                Assert.DoesNotContain("{", written.Replace("${", "")); // no manifest expression left
                if (!((string)value!).Contains('{')) Assert.Equal((string?)value, written);
            }
            Assert.Equal("8080", (string?)environment["HTTP_PORTS"]);
            Assert.Equal(name, (string?)environment["OTEL_SERVICE_NAME"]);
            foreach (var (key, value) in environment)
            {
                var match = Regex.Match(key, "^services__(.+)__http__0$");
                if (!match.Success) continue;
                Assert.Equal($"http://{match.Groups[1].Value}:8080", (string?)value);
                Assert.True(published.Compose["services"]!.AsObject().ContainsKey(match.Groups[1].Value));
            }
        }
        var augmentation = Environment("augmentation");
        Assert.Equal($"cache:6379,password={PasswordReference}", (string?)augmentation["ConnectionStrings__cache"]);
        Assert.Equal($"redis://:{PasswordReference}@cache:6379", (string?)augmentation["CACHE_URI"]);
        Assert.Equal("cache", (string?)augmentation["CACHE_HOST"]);
        Assert.Equal("6379", (string?)augmentation["CACHE_PORT"]);
        Assert.Equal("http://ingestion:8080", (string?)augmentation["services__ingestion__http__0"]);
        Assert.Equal("1", (string?)Environment("training")["MALLOC_ARENA_MAX"]);
    }

    [Fact]
    public void Services_wait_for_what_they_refer_to_and_health_check_with_their_own_mode()
    {
        var waits = new Dictionary<string, string[]>
        {
            ["ingestion"] = [],
            ["augmentation"] = ["cache", "ingestion"],
            ["training"] = ["augmentation", "cache", "ingestion", "jobs"],
            ["evaluation"] = ["ingestion", "training"],
        };
        var hostPort = ComposeFile.DefaultPortBase;
        foreach (var name in PublishedOutput.Services)
        {
            var service = Service(name);
            var dependsOn = service["depends_on"]?.AsObject() ?? [];
            Assert.Equal(waits[name], dependsOn.Select(d => d.Key).Order());
            Assert.All(dependsOn, d => Assert.Equal("service_healthy", (string?)d.Value!["condition"]));

            var assembly = Path.GetFileNameWithoutExtension((string)published.Resources[name]!["path"]!);
            var test = service["healthcheck"]!["test"]!.AsArray().Select(t => (string)t!).ToList();
            Assert.Equal(["CMD", "dotnet", $"/app/{assembly}.dll", "--health-check"], test);
            Assert.Equal($"127.0.0.1:{++hostPort}:8080", (string?)Assert.Single(service["ports"]!.AsArray()));
            var dockerfile = Path.Combine(published.ComposeDirectory, (string)service["build"]!["context"]!,
                (string)service["build"]!["dockerfile"]!);
            Assert.Equal(Path.Combine(BuiltArtifacts.RepositoryRoot, "src", assembly, "Dockerfile"), Path.GetFullPath(dockerfile));
        }
        var cacheCheck = Service("cache")["healthcheck"]!["test"]!.AsArray().Select(t => (string)t!).ToList();
        Assert.Equal(["CMD-SHELL", "REDISCLI_AUTH=\"$$REDIS_PASSWORD\" redis-cli ping | grep -q PONG"], cacheCheck);
    }

    [Fact]
    [SupportedOSPlatform("linux")]
    public void The_password_is_a_generated_secret_in_the_owner_only_env_file_and_nowhere_in_the_yaml()
    {
        var password = published.EnvFileValue("CACHE_PASSWORD");
        var envFile = Path.Combine(published.ComposeDirectory, ComposeFile.EnvFileName);

        Assert.Matches("^[A-Za-z0-9]{22,}$", password);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(envFile));
        Assert.DoesNotContain(password, File.ReadAllText(Path.Combine(published.ComposeDirectory, ComposeFile.FileName)));
        Assert.Equal(PasswordReference, (string?)Environment("cache")["REDIS_PASSWORD"]);
        Assert.Equal(PasswordReference, (string?)Environment("training")["CACHE_PASSWORD"]);
        // "$$" is compose's escape: the container's shell, not compose, expands $REDIS_PASSWORD.
        Assert.Equal(["-c", "redis-server --requirepass $$REDIS_PASSWORD"],
            Service("cache")["command"]!.AsArray().Select(a => (string)a!));
        Assert.Equal("", published.EnvFileValue("OTEL_EXPORTER_OTLP_ENDPOINT"));
        Assert.Equal("", published.EnvFileValue("IMESH_API_KEY"));
    }

    [Fact]
    public void A_named_volume_is_mounted_exactly_where_each_DataRoot_points()
    {
        var dataRoots = published.DataRoots();

        Assert.Equal(["evaluation", "ingestion", "training"], dataRoots.Select(d => d.Resource).Order());
        foreach (var (resource, path) in dataRoots)
        {
            Assert.Equal($"/app/.imesh/data/{resource}", path);
            var mount = Assert.Single(Service(resource)["volumes"]!.AsArray().Select(v => ((string)v!).Split(':')),
                v => v[1] == path);
            Assert.True(published.Compose["volumes"]!.AsObject().ContainsKey(mount[0]), mount[0]);
        }
        Assert.Null(Service("augmentation")["volumes"]);
    }

    [Fact]
    public void Publishing_again_keeps_the_env_files_values_and_adds_only_what_it_lacks()
    {
        var directory = Directory.CreateTempSubdirectory("imesh-compose-again-").FullName;
        try
        {
            var envFile = Path.Combine(directory, ComposeFile.EnvFileName);
            File.WriteAllText(envFile, "CACHE_PASSWORD=mine\n");

            ComposeFile.Write(published.Manifest, directory, portBase: 6000);
            var afterFirst = File.ReadAllText(envFile);
            ComposeFile.Write(published.Manifest, directory, portBase: 6000);

            Assert.StartsWith("CACHE_PASSWORD=mine\n", afterFirst);
            Assert.Single(afterFirst.Split('\n'), l => l.StartsWith("CACHE_PASSWORD="));
            Assert.Contains("\nOTEL_EXPORTER_OTLP_ENDPOINT=\n", afterFirst);
            Assert.Contains("\nIMESH_API_KEY=\n", afterFirst);
            Assert.Equal(afterFirst, File.ReadAllText(envFile));
            var compose = YamlDocuments.Parse(Path.Combine(directory, ComposeFile.FileName)).Single()!;
            Assert.Equal("127.0.0.1:6004:8080", (string?)compose["services"]!["evaluation"]!["ports"]![0]);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
