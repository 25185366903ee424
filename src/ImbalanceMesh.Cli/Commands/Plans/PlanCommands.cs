using System.CommandLine;
using ImbalanceMesh.Contracts.V1;

namespace ImbalanceMesh.Cli.Commands.Plans;

/// <summary>`imesh plan create|status|preview|export|batch|read`.</summary>
public static class PlanCommands
{
    public static Command Create()
    {
        var plan = new Command("plan", "Batch plans: balanced sampling, augmentation and mixup batches from the augmentation service.");
        plan.Subcommands.Add(PlanCreateCommand.Create());
        plan.Subcommands.Add(PlanStatusCommand.Create());
        plan.Subcommands.Add(PlanPreviewCommand.Create());
        plan.Subcommands.Add(PlanExportCommand.Create());
        plan.Subcommands.Add(PlanBatchCommand.Create());
        plan.Subcommands.Add(PlanReadCommand.Create());
        return plan;
    }

    internal static AugmentationService.AugmentationServiceClient Client(CliContext ctx) => new(ctx.Channel("augmentation"));

    internal static Argument<string> PlanArgument() => new("plan") { Description = "Plan id (from imesh plan create)." };
}
