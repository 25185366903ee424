using System.CommandLine;
using System.Diagnostics;
using Grpc.Core;
using ImbalanceMesh.Contracts.V1;
using Spectre.Console;

namespace ImbalanceMesh.Cli.Commands.Plans;

/// <summary>
/// `imesh plan read PLAN [--from-epoch E] [--epochs N]` → {"batches","images","cache_hits","seconds","images_per_second"}:
/// reads whole epochs of a plan as a trainer would (StreamBatches) and says how fast they came — the data loader's
/// speed without a model, to size a plan or measure the augmentation service.
/// </summary>
public static class PlanReadCommand
{
    public sealed record ReadSummary(int Batches, long Images, int CacheHits, double Seconds, double ImagesPerSecond);

    public static Command Create()
    {
        var plan = PlanCommands.PlanArgument();
        var fromEpoch = new Option<int>("--from-epoch") { Description = "First epoch to read (default 0)." };
        var epochs = new Option<int>("--epochs") { Description = "How many epochs to read (default 1)." };
        var command = new Command("read", "Read whole epochs of a plan as a trainer would and report images/s.");
        command.Arguments.Add(plan);
        command.Options.Add(fromEpoch);
        command.Options.Add(epochs);
        command.SetMeshAction(async (ctx, ct) =>
        {
            var client = PlanCommands.Client(ctx);
            var planId = ctx.Get(plan)!;
            var info = await client.GetPlanAsync(new PlanRef { PlanId = planId }, cancellationToken: ct);
            var first = ctx.Get(fromEpoch);
            var count = ctx.Get(epochs) == 0 ? 1 : ctx.Get(epochs);
            if (first < 0 || count < 0 || first + count > info.Spec.Epochs)
                throw new CliException($"epochs {first}..{first + count - 1} are outside the plan's 0..{info.Spec.Epochs - 1}.");
            var (batches, images, hits) = (0, 0L, 0);
            var watch = Stopwatch.StartNew();
            for (var e = first; e < first + count; e++)
            {
                using var call = client.StreamBatches(new StreamBatchesRequest { PlanId = planId, Epoch = e }, cancellationToken: ct);
                await foreach (var batch in call.ResponseStream.ReadAllAsync(ct))
                {
                    batches++;
                    images += Core.Batches.BatchFormat.Read(batch.Data.Span).Count;
                    if (batch.CacheHit) hits++;
                }
            }
            var seconds = watch.Elapsed.TotalSeconds;
            var summary = new ReadSummary(batches, images, hits, Math.Round(seconds, 3), Math.Round(images / Math.Max(seconds, 1e-9), 1));
            if (ctx.Json) ctx.WriteJson(summary);
            else ctx.Console.WriteLine($"{batches} batches, {images:N0} images in {seconds:0.00} s: {summary.ImagesPerSecond:N0} images/s ({hits} from the cache)");
            return 0;
        });
        return command;
    }
}
