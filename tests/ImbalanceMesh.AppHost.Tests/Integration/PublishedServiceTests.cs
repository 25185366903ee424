using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ImbalanceMesh.AppHost.Hosting.Publishing;
using ImbalanceMesh.AppHost.Hosting.Running;
using ImbalanceMesh.AppHost.Tests.Support;
using ImbalanceMesh.Testing;

namespace ImbalanceMesh.AppHost.Tests.Integration;

/// <summary>
/// What a container would run: each service's `dotnet publish` output started from its folder with the environment
/// docker-compose.yml gives it (interpolated from the generated .env). The only change is where names point: compose
/// DNS names and port 8080 become loopback ports, since all four run on one machine here.
/// </summary>
[Collection(MeshCollection.Name)]
public sealed class PublishedServiceTests : IAsyncLifetime
{
    private readonly string _root = Directory.CreateTempSubdirectory("imesh-published-").FullName;
    private readonly List<ChildProcess> _processes = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var process in Enumerable.Reverse(_processes))
        {
            await process.StopAsync(TimeSpan.FromSeconds(5));
            process.Dispose();
        }
        Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public async Task Published_services_start_and_pass_their_health_check_with_the_compose_environment()
    {
        var graph = Mesh.Graph();
        var composeDirectory = Path.Combine(_root, "compose");
        ComposeWriter.Write(graph, composeDirectory);
        var compose = YamlDocuments.Parse(Path.Combine(composeDirectory, ComposeWriter.FileName)).Single()!;
        var envFile = File.ReadAllLines(Path.Combine(composeDirectory, ComposeWriter.EnvFileName))
            .Where(l => l.Contains('=') && !l.StartsWith('#'))
            .ToDictionary(l => l[..l.IndexOf('=')], l => l[(l.IndexOf('=') + 1)..]);

        var ports = graph.Resources.ToDictionary(r => r.Name, _ => FreePort.Next());
        string ToLoopback(string value)
        {
            foreach (var (name, port) in ports)
                value = value.Replace($"http://{name}:8080", $"http://127.0.0.1:{port}")
                             .Replace($"{name}:6379,", $"127.0.0.1:{port},");
            return value;
        }

        var redis = RedisLauncher.Spec(ports["cache"], envFile["CACHE_PASSWORD"], null, _root);
        _processes.Add(ChildProcess.Start("cache", redis, _ => { }));
        using (var ping = new RedisPingProbe(ports["cache"], envFile["CACHE_PASSWORD"]))
            await WaitUntilAsync(async () => (await ping.CheckAsync(CancellationToken.None)).Healthy, "cache");

        foreach (var project in graph.Projects)
        {
            var publishDirectory = Path.Combine(_root, project.Name);
            await RunAsync(ProjectLauncher.DotnetHost, ["publish", project.ProjectFile, "--no-build", "-c",
                ProjectLauncher.Configuration, "-o", publishDirectory]);
            Assert.True(File.Exists(Path.Combine(publishDirectory, project.AssemblyName + ".dll")));

            var environment = compose["services"]![project.Name]!["environment"]!.AsObject()
                .ToDictionary(e => e.Key, e => ToLoopback(Interpolate((string)e.Value!, envFile)));
            Assert.Equal("8080", environment["HTTP_PORTS"]);
            environment["HTTP_PORTS"] = ports[project.Name].ToString();
            var dll = Path.Combine(publishDirectory, project.AssemblyName + ".dll");
            var spec = new LaunchSpec(ProjectLauncher.DotnetHost, [dll], environment, publishDirectory);
            var output = new List<string>();
            var child = ChildProcess.Start(project.Name, spec, line => { lock (output) output.Add(line); });
            _processes.Add(child);

            // The container HEALTHCHECK: the published dll's own --health-check with the same environment.
            var check = spec with { Arguments = [dll, "--health-check"] };
            await WaitUntilAsync(async () => await ExitCodeAsync(check) == 0,
                $"{project.Name} (exited: {child.Exited.IsCompleted}):\n{string.Join('\n', output)}");
        }

        var augmentation = await MeshRunTests.InfoWhenReachableAsync($"http://127.0.0.1:{ports["augmentation"]}", TimeSpan.FromSeconds(60));
        Assert.All(augmentation.Dependencies, d => Assert.True(d.Reachable, $"{d.Name}: {d.Detail}"));
        Assert.Equal(["cache", "ingestion"], augmentation.Dependencies.Select(d => d.Name).Order());
        var evaluation = await MeshRunTests.InfoWhenReachableAsync($"http://127.0.0.1:{ports["evaluation"]}", TimeSpan.FromSeconds(60));
        Assert.All(evaluation.Dependencies, d => Assert.True(d.Reachable, $"{d.Name}: {d.Detail}"));
    }

    /// <summary>Compose's ${VAR}, ${VAR:-default} and ${VAR:?error} against the .env file.</summary>
    private static string Interpolate(string value, Dictionary<string, string> envFile) =>
        Regex.Replace(value, @"\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*)|:\?[^}]*)?\}", m =>
            envFile.TryGetValue(m.Groups[1].Value, out var v) && v.Length > 0
                ? v
                : m.Groups[2].Success ? m.Groups[2].Value : throw new InvalidOperationException($"{m.Value} is not set"));

    private static async Task<int> ExitCodeAsync(LaunchSpec spec)
    {
        var child = ChildProcess.Start("health-check", spec, _ => { });
        using (child) return await child.Exited;
    }

    private static async Task RunAsync(string fileName, string[] arguments)
    {
        var output = new List<string>();
        using var child = ChildProcess.Start("publish",
            new LaunchSpec(fileName, arguments, new Dictionary<string, string>(), Directory.GetCurrentDirectory()),
            line => { lock (output) output.Add(line); });
        Assert.True(await child.Exited == 0, string.Join('\n', output));
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(45);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Not healthy in time: {what}");
            await Task.Delay(250);
        }
    }
}
