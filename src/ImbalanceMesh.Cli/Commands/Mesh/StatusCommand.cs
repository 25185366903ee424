using System.CommandLine;
using System.Diagnostics;
using Grpc.Core;
using Grpc.Health.V1;
using ImbalanceMesh.Contracts.V1;
using Spectre.Console;

namespace ImbalanceMesh.Cli.Commands.Mesh;

/// <summary>`imesh status`: every service of the mesh, its endpoint, health, version and dependencies.</summary>
public static class StatusCommand
{
    public static readonly string[] Services = ["ingestion", "augmentation", "training", "evaluation"];

    public sealed record ServiceStatus(string Name, string? Endpoint, string Health, string? Version,
        double LatencyMs, IReadOnlyList<DependencyReport> Dependencies, string? Error);

    public sealed record DependencyReport(string Name, string Target, bool Reachable, string? Detail);

    public static Command Create()
    {
        var command = new Command("status", "Show the mesh's services, their endpoints, health and dependencies.");
        command.SetMeshAction(async (ctx, ct) =>
        {
            var statuses = await Task.WhenAll(Services.Select(s => ProbeAsync(ctx, s, ct)));
            if (ctx.Json) ctx.WriteJson(new { services = statuses });
            else Render(ctx.Console, statuses);
            return statuses.All(s => s.Health == "SERVING") ? 0 : 1;
        });
        return command;
    }

    private static async Task<ServiceStatus> ProbeAsync(CliContext ctx, string service, CancellationToken ct)
    {
        string? endpoint = null;
        var watch = Stopwatch.StartNew();
        try
        {
            var channel = ctx.Channel(service);
            endpoint = channel.Target;
            var deadline = DateTime.UtcNow.AddSeconds(3);
            var health = await new Health.HealthClient(channel)
                .CheckAsync(new HealthCheckRequest(), deadline: deadline, cancellationToken: ct);
            var latency = watch.Elapsed.TotalMilliseconds;
            var info = await new InfoService.InfoServiceClient(channel)
                .GetInfoAsync(new GetInfoRequest(), deadline: deadline, cancellationToken: ct);
            var dependencies = info.Dependencies
                .Select(d => new DependencyReport(d.Name, d.Target, d.Reachable, d.Reachable ? null : d.Detail))
                .ToList();
            return new ServiceStatus(service, endpoint, health.Status.ToString().ToUpperInvariant(), info.Version,
                latency, dependencies, null);
        }
        catch (Exception e) when (e is RpcException or CliException)
        {
            var reason = e is RpcException rpc ? $"{rpc.StatusCode}: {rpc.Status.Detail}" : e.Message;
            return new ServiceStatus(service, endpoint, "UNREACHABLE", null, watch.Elapsed.TotalMilliseconds, [], reason);
        }
    }

    private static void Render(IAnsiConsole console, IEnumerable<ServiceStatus> statuses)
    {
        var table = new Table().AddColumns("service", "endpoint", "health", "version", "dependencies");
        foreach (var s in statuses)
        {
            var health = s.Health == "SERVING" ? "[green]SERVING[/]" : $"[red]{Markup.Escape(s.Health)}[/]";
            var dependencies = s.Error is not null
                ? Markup.Escape(s.Error)
                : string.Join(", ", s.Dependencies.Select(d =>
                    $"{Markup.Escape(d.Name)} {(d.Reachable ? "[green]ok[/]" : "[red]down[/]")}"));
            table.AddRow(s.Name, Markup.Escape(s.Endpoint ?? "-"), health, Markup.Escape(s.Version ?? "-"), dependencies);
        }
        console.Write(table);
    }
}
