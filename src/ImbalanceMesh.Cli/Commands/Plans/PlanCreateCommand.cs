using System.CommandLine;
using Spectre.Console;

namespace ImbalanceMesh.Cli.Commands.Plans;

/// <summary>`imesh plan create --dataset NAME ...` → {"plan", "steps_per_epoch"}.</summary>
public static class PlanCreateCommand
{
    public sealed record Created(string Plan, int StepsPerEpoch, int Version, IReadOnlyList<string> Classes, long SourceSamples);

    public static Command Create()
    {
        var options = new PlanOptions();
        var command = new Command("create", "Create (or find) the plan for these flags; prints its id and steps per epoch.");
        options.AddTo(command);
        command.SetMeshAction(async (ctx, ct) =>
        {
            var plan = await PlanCommands.Client(ctx).CreatePlanAsync(options.ToSpec(ctx), cancellationToken: ct);
            var created = new Created(plan.PlanId, plan.StepsPerEpoch, plan.ResolvedVersion, plan.Classes, plan.SourceSamples);
            if (ctx.Json) ctx.WriteJson(created);
            else
                ctx.Console.MarkupLineInterpolated(
                    $"plan [bold]{plan.PlanId}[/]: {plan.StepsPerEpoch} batches per epoch × {plan.Spec.Epochs} epochs, {plan.SourceSamples} source images of v{plan.ResolvedVersion} ({string.Join(", ", plan.Classes)})");
            return 0;
        });
        return command;
    }
}
