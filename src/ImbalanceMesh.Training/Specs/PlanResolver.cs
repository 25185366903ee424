using Grpc.Core;
using ImbalanceMesh.Contracts.V1;
using ImbalanceMesh.ServiceDefaults.Errors;

namespace ImbalanceMesh.Training.Specs;

/// <summary>Finds or creates the job's training plan, and makes its validation twin (VAL split, no sampling/augmentation/mixing).</summary>
public sealed class PlanResolver(AugmentationService.AugmentationServiceClient augmentation)
{
    public async Task<Plan> ResolveTrainingPlanAsync(TrainingSpec spec, CancellationToken ct)
    {
        Plan plan;
        if (!string.IsNullOrEmpty(spec.PlanId))
        {
            plan = await augmentation.GetPlanAsync(new PlanRef { PlanId = spec.PlanId }, cancellationToken: ct);
            if (plan.Spec.Epochs > 0 && plan.Spec.Epochs < spec.Epochs)
                throw MeshException.Invalid($"plan {plan.PlanId} covers {plan.Spec.Epochs} epochs but the job asks for {spec.Epochs}");
        }
        else
        {
            var planSpec = spec.Plan.Clone();
            if (planSpec.Dataset is null || string.IsNullOrEmpty(planSpec.Dataset.Dataset)) planSpec.Dataset = spec.Dataset?.Clone();
            if (planSpec.Dataset is null || string.IsNullOrEmpty(planSpec.Dataset.Dataset))
                throw MeshException.Invalid("the plan names no dataset: set dataset in the spec or in the plan");
            plan = await augmentation.CreatePlanAsync(planSpec, cancellationToken: ct);
        }
        if (spec.Dataset is { Dataset.Length: > 0 } wanted && wanted.Dataset != plan.Spec.Dataset.Dataset)
            throw MeshException.Invalid($"the spec names dataset '{wanted.Dataset}' but plan {plan.PlanId} is for '{plan.Spec.Dataset.Dataset}'");
        if (plan.Classes.Count < 2)
            throw MeshException.Precondition($"plan {plan.PlanId} has {plan.Classes.Count} class(es); a classifier needs at least 2");
        return plan;
    }

    /// <summary>
    /// A stored job's plan: asked for by id, and re-created from the spec the job stored when the augmentation service
    /// no longer has it (its plans live in Redis, which need not persist across restarts). Recreated says which.
    /// </summary>
    public async Task<(Plan Plan, bool Recreated)> EnsureAsync(string planId, byte[]? storedSpec, CancellationToken ct)
    {
        try
        {
            return (await augmentation.GetPlanAsync(new PlanRef { PlanId = planId }, cancellationToken: ct), false);
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.NotFound && storedSpec is not null)
        {
            var plan = await augmentation.CreatePlanAsync(PlanSpec.Parser.ParseFrom(storedSpec), cancellationToken: ct);
            if (plan.PlanId != planId)
                throw MeshException.Precondition(
                    $"plan '{planId}' was lost by the augmentation service and its stored spec now makes plan '{plan.PlanId}' (a different augmentation version?); start a new job");
            return (plan, true);
        }
    }

    /// <summary>
    /// cRT's plan: the training plan with class-balanced batches and no mixing (its augmentation, size and
    /// normalisation kept) for the stage's epochs.
    /// </summary>
    public async Task<Plan> CreateBalancedPlanAsync(Plan training, int epochs, CancellationToken ct)
    {
        var spec = training.Spec.Clone();
        spec.Dataset = new DatasetRef { Dataset = training.Spec.Dataset.Dataset, Version = training.ResolvedVersion };
        spec.Sampling = new SamplingSpec { Policy = SamplingPolicy.SamplingBalanced };
        spec.Mix = new MixSpec();
        spec.Epochs = epochs;
        return await augmentation.CreatePlanAsync(spec, cancellationToken: ct);
    }

    /// <summary>
    /// The validation plan — at most <paramref name="maxSamples"/> images of the VAL split, a fixed stratified subset
    /// (0 = all) — or null with the reason when the dataset has no usable VAL split.
    /// </summary>
    public async Task<(Plan? Plan, string? SkippedReason)> CreateValidationPlanAsync(Plan training, int maxSamples, CancellationToken ct)
    {
        var source = training.Spec;
        var spec = new PlanSpec
        {
            Dataset = new DatasetRef { Dataset = source.Dataset.Dataset, Version = training.ResolvedVersion },
            Split = Split.Val,
            Sampling = new SamplingSpec { Policy = SamplingPolicy.SamplingNone, MaxSamples = maxSamples },
            Augmentation = new AugmentationSpec { Enabled = false },
            Mix = new MixSpec(),
            BatchSize = source.BatchSize,
            ImageSize = source.ImageSize,
            Channels = source.Channels,
            Seed = source.Seed,
            Epochs = 1,
            PixelFormat = source.PixelFormat,
            Mean = { source.Mean },
            Std = { source.Std },
        };
        try
        {
            return (await augmentation.CreatePlanAsync(spec, cancellationToken: ct), null);
        }
        catch (RpcException e) when (e.StatusCode is StatusCode.FailedPrecondition or StatusCode.InvalidArgument)
        {
            return (null, $"no validation: {e.Status.Detail}");
        }
    }
}
