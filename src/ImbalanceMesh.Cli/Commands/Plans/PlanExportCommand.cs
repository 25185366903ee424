using System.CommandLine;
using Spectre.Console;
using ImbalanceMesh.Contracts.V1;

namespace ImbalanceMesh.Cli.Commands.Plans;

/// <summary>`imesh plan export PLAN --class C --count N --out DIR`: N augmented PNGs of class C, written by the service.</summary>
public static class PlanExportCommand
{
    public static Command Create()
    {
        var plan = PlanCommands.PlanArgument();
        var className = new Option<string>("--class") { Description = "Class to export.", Required = true };
        var count = new Option<int>("--count") { Description = "Number of augmented images.", Required = true };
        var output = new Option<string>("--out") { Description = "Folder (on the service's machine, below Augmentation:AllowedRoots).", Required = true };
        var command = new Command("export", "Write N augmented images of a class to a folder (balance a dataset on disk).");
        command.Arguments.Add(plan);
        foreach (var option in new Option[] { className, count, output }) command.Options.Add(option);
        command.SetMeshAction(async (ctx, ct) =>
        {
            var response = await PlanCommands.Client(ctx).ExportAugmentedAsync(new ExportAugmentedRequest
            {
                PlanId = ctx.Get(plan), ClassName = ctx.Get(className), Count = ctx.Get(count), OutputPath = CliPaths.Full(ctx.Get(output), "--out"),
            }, cancellationToken: ct);
            if (ctx.Json) ctx.WriteJson(new { written = response.Written, output = response.OutputPath, files = response.Files });
            else ctx.Console.MarkupLineInterpolated($"wrote {response.Written} images to [bold]{response.OutputPath}[/]");
            return 0;
        });
        return command;
    }
}
