using System.CommandLine;
using System.Globalization;
using ImbalanceMesh.Contracts.V1;
using Spectre.Console;

namespace ImbalanceMesh.Cli.Commands.Plans;

/// <summary>`imesh plan status PLAN`: produced, cached, hits, misses, production rate, cache bytes.</summary>
public static class PlanStatusCommand
{
    public sealed record StatusJson(string Plan, long Produced, long Cached, long Hits, long Misses, double HitRate,
        double BatchesPerSecond, long CacheBytes, long CacheBudgetBytes, int StepsPerEpoch, int Epochs);

    public static Command Create()
    {
        var plan = PlanCommands.PlanArgument();
        var command = new Command("status", "Show how much of a plan is produced and cached, and the cache hit rate.");
        command.Arguments.Add(plan);
        command.SetMeshAction(async (ctx, ct) =>
        {
            var s = await PlanCommands.Client(ctx).GetPlanStatusAsync(new PlanRef { PlanId = ctx.Get(plan) }, cancellationToken: ct);
            var requests = s.Hits + s.Misses;
            var json = new StatusJson(s.PlanId, s.Produced, s.Cached, s.Hits, s.Misses, requests == 0 ? 0 : (double)s.Hits / requests,
                s.BatchesPerSecond, s.CacheBytes, s.CacheBudgetBytes, s.StepsPerEpoch, s.Epochs);
            if (ctx.Json)
            {
                ctx.WriteJson(json);
                return 0;
            }
            var table = new Table().AddColumns("plan", "batches", "produced", "cached", "hits", "misses", "hit rate", "batches/s", "cache");
            table.AddRow(s.PlanId, $"{s.StepsPerEpoch} × {s.Epochs}", N(s.Produced), N(s.Cached), N(s.Hits), N(s.Misses),
                json.HitRate.ToString("P0", CultureInfo.InvariantCulture), s.BatchesPerSecond.ToString("0.0", CultureInfo.InvariantCulture),
                $"{s.CacheBytes / 1048576.0:0.0} / {s.CacheBudgetBytes / 1048576.0:0} MiB");
            ctx.Console.Write(table);
            return 0;
        });
        return command;
    }

    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
