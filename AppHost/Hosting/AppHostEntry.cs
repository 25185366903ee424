using System.Reflection;
using ImbalanceMesh.AppHost.Hosting.Cli;
using ImbalanceMesh.AppHost.Hosting.Model;
using ImbalanceMesh.AppHost.Hosting.Publishing;
using ImbalanceMesh.AppHost.Hosting.Running;

namespace ImbalanceMesh.AppHost.Hosting;

/// <summary>What Main does with a declared graph: print help, publish it, or run it until stopped.</summary>
public static class AppHostEntry
{
    /// <summary>The AppHost project directory recorded at build time (project paths are relative to it).</summary>
    public static string ProjectDirectory { get; } =
        typeof(AppHostEntry).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "AppHostProjectDirectory")?.Value
        ?? throw new InvalidOperationException("The AppHost assembly lacks its AppHostProjectDirectory metadata.");

    public static async Task<int> RunAsync(string[] args, Func<MeshAppBuilder, ResourceGraph> declare)
    {
        try
        {
            var parsed = AppHostCommandLine.Parse(args);
            if (parsed.Action is not null) return parsed.Invoke(); // --help or --version
            var options = AppHostOptions.From(parsed, Environment.GetEnvironmentVariable);
            var graph = declare(new MeshAppBuilder(ProjectDirectory));
            if (options.Publisher is { } publisher)
            {
                foreach (var file in Publish(graph, publisher, options)) Console.WriteLine($"wrote {file}");
                return 0;
            }
            using var signal = new ShutdownSignal();
            var console = new MeshConsole(interactive: !Console.IsOutputRedirected && options.RunCommand is null);
            return await new MeshRunner(graph, options, console, Directory.GetCurrentDirectory()).RunAsync(signal.Token);
        }
        catch (AppHostException e)
        {
            Console.Error.WriteLine($"apphost: {e.Message}");
            return e.ExitCode;
        }
        catch (Exception e)
        {
            // A bug, not bad input: the runner has already stopped the children; show everything for the report.
            Console.Error.WriteLine($"apphost: unexpected failure: {e}");
            return 1;
        }
    }

    private static IReadOnlyList<string> Publish(ResourceGraph graph, Publisher publisher, AppHostOptions options) =>
        publisher switch
        {
            Publisher.Manifest => [ManifestWriter.Write(graph, options.OutputPath!)],
            Publisher.Compose => ComposeWriter.Write(graph, options.OutputPath!, options.PortBase ?? ComposeWriter.DefaultPortBase),
            Publisher.Kubernetes => KubernetesWriter.Write(graph, options.OutputPath!, options.Gpus),
            _ => throw new ArgumentOutOfRangeException(nameof(publisher)),
        };
}
