using System.CommandLine;
using System.Globalization;
using ImbalanceMesh.Contracts.V1;
using ImbalanceMesh.Core.Batches;
using Spectre.Console;

namespace ImbalanceMesh.Cli.Commands.Plans;

/// <summary>
/// `imesh plan batch PLAN --epoch E --index K [--json]` → {"class_sums":{...},"lambdas":[...],"sample_ids":[...]}:
/// per-class sums of the batch's soft labels, λ per sample (1 where unmixed), to check balance and mixup from outside.
/// </summary>
public static class PlanBatchCommand
{
    public sealed record BatchSummary(IReadOnlyDictionary<string, double> ClassSums, IReadOnlyList<float> Lambdas,
        IReadOnlyList<long> SampleIds);

    public static Command Create()
    {
        var plan = PlanCommands.PlanArgument();
        var epoch = new Option<int>("--epoch") { Description = "Epoch." };
        var index = new Option<int>("--index") { Description = "Batch index within the epoch." };
        var command = new Command("batch", "Fetch one batch and summarise it: per-class soft-label sums, λ and sample ids.");
        command.Arguments.Add(plan);
        command.Options.Add(epoch);
        command.Options.Add(index);
        command.SetMeshAction(async (ctx, ct) =>
        {
            var client = PlanCommands.Client(ctx);
            var planId = ctx.Get(plan)!;
            var info = await client.GetPlanAsync(new PlanRef { PlanId = planId }, cancellationToken: ct);
            var response = await client.GetBatchAsync(new BatchRequest { PlanId = planId, Epoch = ctx.Get(epoch), Index = ctx.Get(index) }, cancellationToken: ct);
            var summary = Summarise(BatchFormat.Read(response.Data.Span), info.Classes);
            if (ctx.Json) ctx.WriteJson(summary);
            else Render(ctx.Console, summary, response.CacheHit);
            return 0;
        });
        return command;
    }

    public static BatchSummary Summarise(MeshBatch batch, IReadOnlyList<string> classes)
    {
        var sums = new Dictionary<string, double>();
        for (var c = 0; c < batch.ClassCount; c++)
        {
            double sum = 0;
            for (var i = 0; i < batch.Count; i++) sum += batch.SoftLabels[i * batch.ClassCount + c];
            sums[classes[c]] = Math.Round(sum, 6);
        }
        return new BatchSummary(sums, batch.Lambdas, batch.SampleIds);
    }

    private static void Render(IAnsiConsole console, BatchSummary summary, bool cacheHit)
    {
        var table = new Table().AddColumns("class", "soft-label sum");
        foreach (var (name, sum) in summary.ClassSums) table.AddRow(Markup.Escape(name), sum.ToString("0.###", CultureInfo.InvariantCulture));
        console.Write(table);
        console.WriteLine($"{summary.Lambdas.Count} samples, {summary.Lambdas.Count(l => l < 1)} mixed, mean λ " +
                          $"{summary.Lambdas.Average():0.###}, {(cacheHit ? "from the cache" : "produced on request")}");
    }
}
