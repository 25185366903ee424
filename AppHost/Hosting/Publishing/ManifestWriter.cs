using System.Text.Json;
using System.Text.Json.Nodes;
using ImbalanceMesh.AppHost.Hosting.Contract;
using ImbalanceMesh.AppHost.Hosting.Model;

namespace ImbalanceMesh.AppHost.Hosting.Publishing;

/// <summary>
/// Writes the Aspire manifest (aspire-8.0 schema): the cache as container.v0 with a parameter.v0 password,
/// each service as project.v0 with an http2 binding and Aspire's expressions for references.
/// </summary>
public static class ManifestWriter
{
    public const string Schema = "https://json.schemastore.org/aspire-8.0.json";

    /// <param name="manifestDirectory">Project paths are written relative to it, as Aspire does.</param>
    public static JsonObject Build(ResourceGraph graph, string manifestDirectory)
    {
        var resources = new JsonObject();
        foreach (var resource in graph.Resources)
        {
            switch (resource)
            {
                case RedisResource cache:
                    resources[cache.Name] = Container(cache);
                    resources[cache.PasswordParameterName] = PasswordParameter(cache);
                    break;
                case ProjectResource project:
                    resources[project.Name] = Project(project, manifestDirectory);
                    break;
            }
        }
        return new JsonObject { ["$schema"] = Schema, ["resources"] = resources };
    }

    public static string Write(ResourceGraph graph, string outputFile)
    {
        var fullPath = Path.GetFullPath(outputFile);
        var directory = Path.GetDirectoryName(fullPath)!;
        var json = Build(graph, directory).ToJsonString(new JsonSerializerOptions { WriteIndented = true });
        AtomicFile.Write(fullPath, json + "\n");
        return fullPath;
    }

    private static JsonObject Container(RedisResource cache)
    {
        var password = $"{{{cache.PasswordParameterName}.value}}";
        return new JsonObject
        {
            ["type"] = "container.v0",
            ["connectionString"] = $"{{{cache.Name}.bindings.tcp.host}}:{{{cache.Name}.bindings.tcp.port}},password={password}",
            ["image"] = $"{RedisResource.Image}:{RedisResource.ImageTag}",
            // The password reaches redis-server through the environment, not the visible command line.
            ["entrypoint"] = "/bin/sh",
            ["args"] = new JsonArray("-c", "redis-server --requirepass $REDIS_PASSWORD"),
            ["env"] = new JsonObject { ["REDIS_PASSWORD"] = password },
            ["bindings"] = new JsonObject
            {
                ["tcp"] = new JsonObject
                {
                    ["scheme"] = "tcp", ["protocol"] = "tcp", ["transport"] = "tcp",
                    ["targetPort"] = RedisResource.TargetPort,
                },
            },
        };
    }

    private static JsonObject PasswordParameter(RedisResource cache) => new()
    {
        ["type"] = "parameter.v0",
        ["value"] = $"{{{cache.PasswordParameterName}.inputs.value}}",
        ["inputs"] = new JsonObject
        {
            ["value"] = new JsonObject
            {
                ["type"] = "string",
                ["secret"] = true,
                ["default"] = new JsonObject
                {
                    ["generate"] = new JsonObject { ["minLength"] = 22, ["special"] = false },
                },
            },
        },
    };

    private static JsonObject Project(ProjectResource project, string manifestDirectory)
    {
        var env = new JsonObject();
        foreach (var (key, value) in EnvironmentContract.Publish(project))
            env[key] = value.Resolve(ManifestExpressions.Instance);
        return new JsonObject
        {
            ["type"] = "project.v0",
            ["path"] = Path.GetRelativePath(manifestDirectory, project.ProjectFile).Replace('\\', '/'),
            ["env"] = env,
            ["bindings"] = new JsonObject
            {
                ["http"] = new JsonObject
                {
                    ["scheme"] = "http", ["protocol"] = "tcp", ["transport"] = "http2",
                    ["targetPort"] = ProjectResource.TargetPort,
                },
            },
        };
    }
}

/// <summary>Aspire's placeholder expressions, resolved later by the deployment tool.</summary>
public sealed class ManifestExpressions : IEndpointResolver
{
    public static readonly ManifestExpressions Instance = new();

    public string ConnectionString(RedisResource cache) => $"{{{cache.Name}.connectionString}}";

    public string Url(ProjectResource project) => $"{{{project.Name}.bindings.http.url}}";

    public string TargetPort(ProjectResource project) => $"{{{project.Name}.bindings.http.targetPort}}";
}
