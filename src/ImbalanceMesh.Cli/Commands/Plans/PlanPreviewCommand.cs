using System.CommandLine;
using Spectre.Console;
using ImbalanceMesh.Contracts.V1;
using ImbalanceMesh.Storage;

namespace ImbalanceMesh.Cli.Commands.Plans;

/// <summary>`imesh plan preview PLAN --out grid.png`: a PNG grid of a batch's augmented/mixed samples with their soft labels.</summary>
public static class PlanPreviewCommand
{
    public static Command Create()
    {
        var plan = PlanCommands.PlanArgument();
        var output = new Option<string>("--out") { Description = "PNG file to write.", Required = true };
        var epoch = new Option<int>("--epoch") { Description = "Epoch of the batch to show." };
        var index = new Option<int>("--index") { Description = "Batch index within the epoch." };
        var samples = new Option<int>("--samples") { Description = "How many samples to show.", DefaultValueFactory = _ => 16 };
        var command = new Command("preview", "Write a PNG grid of one batch's samples, captioned with soft labels and λ.");
        command.Arguments.Add(plan);
        foreach (var option in new Option[] { output, epoch, index, samples }) command.Options.Add(option);
        command.SetMeshAction(async (ctx, ct) =>
        {
            var response = await PlanCommands.Client(ctx).PreviewAsync(new PreviewRequest
            {
                PlanId = ctx.Get(plan), Epoch = ctx.Get(epoch), Index = ctx.Get(index), MaxSamples = ctx.Get(samples),
            }, cancellationToken: ct);
            var path = CliPaths.Full(ctx.Get(output), "--out");
            await AtomicFile.WriteAsync(path, response.Png.Memory, ct);
            if (ctx.Json) ctx.WriteJson(new { output = path, captions = response.Captions });
            else
            {
                ctx.Console.MarkupLineInterpolated($"wrote [bold]{path}[/]");
                foreach (var caption in response.Captions) ctx.Console.WriteLine(caption);
            }
            return 0;
        });
        return command;
    }
}
