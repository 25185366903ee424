using Grpc.Core;
using ImbalanceMesh.Contracts.V1;
using ImbalanceMesh.Core.Adjustment;
using ImbalanceMesh.ServiceDefaults.Errors;

namespace ImbalanceMesh.Training.Specs;

/// <summary>
/// The post-hoc prior correction of a job's validation scores (Core's LogitAdjustment.PriorShift): from π, the class
/// mix of the training plan's sampling (Plan.epoch_class_counts), to q, the VAL split's class counts, by τ.
/// </summary>
public sealed record ValidationPrior(double[] Shift, double Tau, long[] Mix, long[] Target)
{
    /// <summary>Null when the spec asks for no adjustment; FAILED_PRECONDITION when a prior is unknown or has a 0.</summary>
    public static async Task<ValidationPrior?> ResolveAsync(IngestionService.IngestionServiceClient ingestion, TrainingSpec spec,
        Plan training, CancellationToken ct)
    {
        if (!spec.HasValidationPriorTau) return null;
        if (training.EpochClassCounts.Count != training.Classes.Count)
            throw MeshException.Precondition(
                $"plan {training.PlanId} does not carry its class mix (it was made by an older augmentation service); create the plan again to adjust validation for its prior");
        var mix = training.EpochClassCounts.ToArray();
        NoZero(mix, training, "the plan's training mix");
        DatasetStatistics statistics;
        try
        {
            statistics = await ingestion.GetStatisticsAsync(new StatisticsRequest
            {
                Dataset = new DatasetRef { Dataset = training.Spec.Dataset.Dataset, Version = training.ResolvedVersion },
                Split = Split.Val,
            }, cancellationToken: ct);
        }
        catch (RpcException e) when (e.StatusCode is StatusCode.NotFound or StatusCode.FailedPrecondition)
        {
            throw MeshException.Precondition($"the validation split's class prior is not available: {e.Status.Detail}");
        }
        var target = training.Classes.Select(name => statistics.Classes.FirstOrDefault(c => c.Name == name)?.Count ?? 0).ToArray();
        NoZero(target, training, "the VAL split");
        return new ValidationPrior(LogitAdjustment.PriorShift(mix, target), spec.ValidationPriorTau, mix, target);
    }

    public string Describe(IReadOnlyList<string> classes) =>
        $"validation is prior-adjusted with τ = {Tau:0.###}: from the training mix ({Counts(Mix, classes)}) to the VAL split's prior ({Counts(Target, classes)})";

    private static string Counts(long[] counts, IReadOnlyList<string> classes) =>
        string.Join(", ", counts.Select((n, c) => $"{classes[c]} {n}"));

    private static void NoZero(long[] counts, Plan plan, string where)
    {
        var empty = Array.FindIndex(counts, c => c <= 0);
        if (empty >= 0)
            throw MeshException.Precondition(
                $"class '{plan.Classes[empty]}' has no images in {where}, so its prior is 0 and the adjustment undefined; train without validation_prior_tau");
    }
}
