using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ImbalanceMesh.AppHost.Publishing;
using ImbalanceMesh.AppHost.Tests.Support;
using ImbalanceMesh.Testing;
using StackExchange.Redis;

namespace ImbalanceMesh.AppHost.Tests.Publishing;

/// <summary>
/// What the containers would run: each service's `dotnet publish` output started from its folder with the environment
/// docker-compose.yml gives it, interpolated from the generated .env, and a redis-server with the .env password. All
/// run on one machine here, so where names point is the only change: compose DNS names and their ports become loopback
/// ports, and /app (the image's folder, which holds the publish output) becomes the publish folder.
/// </summary>
[Collection(PublishingCollection.Name)]
public sealed partial class PublishedServiceTests(PublishedOutput published) : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    private readonly string _root = Directory.CreateTempSubdirectory("imesh-published-").FullName;
    private readonly List<ChildProcess> _processes = [];

    public void Dispose()
    {
        foreach (var process in Enumerable.Reverse(_processes)) process.Dispose();
        Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public async Task Published_services_started_with_the_compose_environment_pass_their_health_check_and_reach_their_dependencies()
    {
        var envFile = File.ReadAllLines(Path.Combine(published.ComposeDirectory, ComposeFile.EnvFileName))
            .Where(l => l.Contains('=') && !l.StartsWith('#'))
            .ToDictionary(l => l[..l.IndexOf('=')], l => l[(l.IndexOf('=') + 1)..]);
        var manifest = published.Manifest;
        var loopback = manifest.Containers.Concat(manifest.Projects).ToDictionary(r => r, _ => FreePort.Next());

        foreach (var redis in manifest.Containers) // the cache and the jobs Redis
        {
            var password = envFile[$"{redis.ToUpperInvariant()}_PASSWORD"];
            _processes.Add(ChildProcess.Start("redis-server", ["--port", loopback[redis].ToString(), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--requirepass", password], _root));
            await WaitUntilAsync(() => PingsAsync(loopback[redis], password), redis, _processes[^1]);
        }

        foreach (var project in manifest.Projects)
        {
            var projectFile = manifest.ProjectFile(project);
            var folder = Path.Combine(_root, project);
            var (publishExit, publishOutput) = await ChildProcess.RunAsync("dotnet",
                ["publish", projectFile, "--no-build", "-c", BuiltArtifacts.Configuration, "-o", folder], _root, TimeSpan.FromMinutes(5));
            Assert.True(publishExit == 0, publishOutput);
            var dll = Path.Combine(folder, Path.GetFileNameWithoutExtension(projectFile) + ".dll");

            var composeEnvironment = published.Compose["services"]![project]!["environment"]!.AsObject();
            Assert.Equal("8080", (string?)composeEnvironment["HTTP_PORTS"]);
            var environment = composeEnvironment.ToDictionary(e => e.Key,
                e => OnLoopback(e.Key, Interpolate((string)e.Value!, envFile), loopback, folder));
            environment["HTTP_PORTS"] = loopback[project].ToString();

            var service = ChildProcess.Start("dotnet", [dll], folder, environment);
            _processes.Add(service);
            // The image's HEALTHCHECK: the published dll's own --health-check with the same environment.
            await WaitUntilAsync(async () =>
                (await ChildProcess.RunAsync("dotnet", [dll, "--health-check"], folder, TimeSpan.FromSeconds(30), environment)).ExitCode == 0,
                project, service);
        }

        var augmentation = await MeshCalls.InfoWhenReachableAsync($"http://127.0.0.1:{loopback["augmentation"]}", StartTimeout);
        Assert.Equal(["cache", "ingestion"], augmentation.Dependencies.Select(d => d.Name).Order());
        Assert.All(augmentation.Dependencies, d => Assert.True(d.Reachable, $"{d.Name}: {d.Detail}"));
        var evaluation = await MeshCalls.InfoWhenReachableAsync($"http://127.0.0.1:{loopback["evaluation"]}", StartTimeout);
        Assert.Equal(["ingestion", "training"], evaluation.Dependencies.Select(d => d.Name).Order());
        Assert.All(evaluation.Dependencies, d => Assert.True(d.Reachable, $"{d.Name}: {d.Detail}"));
    }

    /// <summary>Compose's ${VAR}, ${VAR:-default} and ${VAR:?error} against the .env file.</summary>
    private static string Interpolate(string value, Dictionary<string, string> envFile) =>
        ComposeVariable().Replace(value, m =>
            envFile.TryGetValue(m.Groups[1].Value, out var v) && v.Length > 0
                ? v
                : m.Groups[2].Success ? m.Groups[2].Value : throw new InvalidOperationException($"{m.Value} is not set"));

    /// <summary>name:port, a bare name and NAME_PORT to the loopback port; /app/ to the publish folder.</summary>
    private string OnLoopback(string key, string value, Dictionary<string, int> loopback, string folder)
    {
        foreach (var (name, port) in loopback)
        {
            var containerPort = published.Manifest.Port(name, published.Manifest.Bindings(name)[0]);
            if (value == name) return "127.0.0.1";
            if (key == $"{ParameterValues.Variable(name)}_PORT") return port.ToString();
            value = Regex.Replace(value, $"(?<=^|//|@){Regex.Escape(name)}:{containerPort}(?=$|[,/])", $"127.0.0.1:{port}");
        }
        return value.StartsWith("/app/", StringComparison.Ordinal) ? Path.Combine(folder, value["/app/".Length..]) : value;
    }

    private static async Task<bool> PingsAsync(int port, string password)
    {
        try
        {
            await using var redis = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{port},password={password},connectTimeout=1000");
            await redis.GetDatabase().PingAsync();
            return true;
        }
        catch (RedisConnectionException)
        {
            return false;
        }
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string what, ChildProcess process)
    {
        var deadline = DateTime.UtcNow + StartTimeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline || process.HasExited)
                throw new TimeoutException($"{what} not healthy (exited: {process.HasExited}):\n{process.Output}");
            await Task.Delay(250);
        }
    }

    [GeneratedRegex(@"\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*)|:\?[^}]*)?\}")]
    private static partial Regex ComposeVariable();
}
