using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ImbalanceMesh.AppHost.Hosting.Publishing;
using ImbalanceMesh.AppHost.Tests.Support;

namespace ImbalanceMesh.AppHost.Tests.Unit;

public class ManifestWriterTests
{
    private static JsonObject Resources(string directory) =>
        ManifestWriter.Build(Mesh.Graph(), directory)["resources"]!.AsObject();

    [Fact]
    public void The_cache_is_a_redis_container_whose_connection_string_uses_the_password_parameter()
    {
        var resources = Resources("/tmp");
        var cache = resources["cache"]!;
        var password = resources["cache-password"]!;

        Assert.Equal("container.v0", (string?)cache["type"]);
        Assert.Equal("docker.io/library/redis:7.4", (string?)cache["image"]);
        Assert.Equal("{cache.bindings.tcp.host}:{cache.bindings.tcp.port},password={cache-password.value}",
            (string?)cache["connectionString"]);
        Assert.Equal(6379, (int)cache["bindings"]!["tcp"]!["targetPort"]!);
        Assert.Equal("{cache-password.value}", (string?)cache["env"]!["REDIS_PASSWORD"]);
        Assert.Equal("parameter.v0", (string?)password["type"]);
        Assert.Equal("{cache-password.inputs.value}", (string?)password["value"]);
        Assert.True((bool)password["inputs"]!["value"]!["secret"]!);
    }

    [Fact]
    public void Each_service_is_a_project_with_an_http2_binding_and_aspire_reference_expressions()
    {
        var resources = Resources("/tmp");

        foreach (var name in Mesh.Services)
        {
            var project = resources[name]!;
            Assert.Equal("project.v0", (string?)project["type"]);
            var http = project["bindings"]!["http"]!;
            Assert.Equal("http2", (string?)http["transport"]);
            Assert.Equal("http", (string?)http["scheme"]);
            Assert.Equal($"{{{name}.bindings.http.targetPort}}", (string?)project["env"]!["HTTP_PORTS"]);
        }
        var augmentation = resources["augmentation"]!["env"]!;
        Assert.Equal("{cache.connectionString}", (string?)augmentation["ConnectionStrings__cache"]);
        Assert.Equal("{ingestion.bindings.http.url}", (string?)augmentation["services__ingestion__http__0"]);
        var evaluation = resources["evaluation"]!["env"]!.AsObject();
        Assert.Equal("{training.bindings.http.url}", (string?)evaluation["services__training__http__0"]);
        Assert.False(evaluation.ContainsKey("ConnectionStrings__cache"));
    }

    [Fact]
    public void Project_paths_are_relative_to_the_manifest_and_point_at_the_csproj()
    {
        var directory = Directory.CreateTempSubdirectory("imesh-manifest-").FullName;
        try
        {
            var file = ManifestWriter.Write(Mesh.Graph(), Path.Combine(directory, "aspire-manifest.json"));
            var written = JsonNode.Parse(File.ReadAllText(file))!;

            Assert.Equal(ManifestWriter.Schema, (string?)written["$schema"]);
            foreach (var name in Mesh.Services)
            {
                var path = (string)written["resources"]![name]!["path"]!;
                Assert.False(Path.IsPathRooted(path));
                Assert.True(File.Exists(Path.Combine(directory, path)), path);
                Assert.EndsWith(".csproj", path);
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void Every_expression_names_a_resource_in_the_manifest()
    {
        var resources = Resources("/tmp");
        var text = resources.ToJsonString();

        var referenced = Regex.Matches(text, @"\{([a-z][a-z0-9-]*)\.").Select(m => m.Groups[1].Value).Distinct().ToList();
        Assert.Contains("cache-password", referenced);
        Assert.All(referenced, name => Assert.True(resources.ContainsKey(name), $"{{{name}...}} has no resource"));
    }
}
