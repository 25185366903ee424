using Grpc.Core;
using ImbalanceMesh.Contracts.V1;

namespace ImbalanceMesh.Training.Specs;

/// <summary>Training-split class counts and the loss's class weights, in the plan's class order.</summary>
public sealed record ClassStatistics(long[] Counts, double[]? RuleWeights, double[] EffectiveNumberWeights)
{
    /// <summary>Asks the statistics service; weights come from its rules (normalised so Σ n_c·w_c = n).</summary>
    public static async Task<ClassStatistics> FetchAsync(IngestionService.IngestionServiceClient ingestion, Plan plan,
        LossSpec loss, CancellationToken ct)
    {
        DatasetStatistics statistics;
        try
        {
            statistics = await ingestion.GetStatisticsAsync(new StatisticsRequest
            {
                Dataset = new DatasetRef { Dataset = plan.Spec.Dataset.Dataset, Version = plan.ResolvedVersion },
                Split = Split.Train,
                Beta = loss.CbBeta,
                Normalize = true,
            }, cancellationToken: ct);
        }
        catch (RpcException e)
        {
            throw new InvalidOperationException($"class statistics for {plan.Spec.Dataset.Dataset}: {e.StatusCode}: {e.Status.Detail}", e);
        }
        var counts = plan.Classes.Select(name => statistics.Classes.FirstOrDefault(c => c.Name == name)?.Count ?? 0).ToArray();
        return new ClassStatistics(counts,
            loss.WeightRule == WeightRule.Unspecified ? null : Weights(statistics, plan, loss.WeightRule),
            Weights(statistics, plan, WeightRule.EffectiveNumber));
    }

    private static double[] Weights(DatasetStatistics statistics, Plan plan, WeightRule rule)
    {
        var weights = statistics.Weights.FirstOrDefault(w => w.Rule == rule)
            ?? throw new InvalidOperationException($"the statistics service returned no {rule} weights");
        return plan.Classes.Select(name => weights.Weights.TryGetValue(name, out var w) ? w : 0).ToArray();
    }
}
