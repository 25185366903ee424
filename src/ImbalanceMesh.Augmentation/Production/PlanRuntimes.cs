using ImbalanceMesh.Augmentation.Plans;
using ImbalanceMesh.Augmentation.Sources;
using ImbalanceMesh.Contracts.V1;
using ImbalanceMesh.ServiceDefaults.Errors;

namespace ImbalanceMesh.Augmentation.Production;

/// <summary>
/// The executable form of the plans this process serves, each built once (its split's index loaded once) and
/// shared; at most <see cref="Kept"/> are kept, the least recently used dropped (rebuilt when asked for again). A
/// runtime holds no pixels and no native resources, so dropping one is just forgetting it.
/// </summary>
public sealed class PlanRuntimes(SourceIndexCache indexes, SampleFetcher fetcher, PlanStore store)
{
    public const int Kept = 8;
    private readonly RecentLoads<string, (PlanRuntime, BatchProducer)> _runtimes = new(Kept);

    /// <summary>Runtimes built and kept now.</summary>
    public int Count => _runtimes.Count;

    public async Task<(PlanRuntime Runtime, BatchProducer Producer)> GetAsync(string planId, CancellationToken cancellationToken) =>
        await GetAsync(await FindPlanAsync(planId), cancellationToken);

    public Task<(PlanRuntime Runtime, BatchProducer Producer)> GetAsync(Plan plan, CancellationToken cancellationToken) =>
        _runtimes.GetAsync(plan.PlanId, () => BuildAsync(plan), cancellationToken);

    public async Task<Plan> FindPlanAsync(string planId)
    {
        if (string.IsNullOrWhiteSpace(planId)) throw MeshException.Invalid("plan_id is required.");
        return await store.FindAsync(planId) ?? throw MeshException.NotFound($"plan '{planId}' does not exist; create it with CreatePlan.");
    }

    private async Task<(PlanRuntime, BatchProducer)> BuildAsync(Plan plan)
    {
        var index = await indexes.GetAsync(PlanRuntime.SourceKeyOf(plan.Spec), CancellationToken.None);
        var runtime = new PlanRuntime(plan, index);
        return (runtime, new BatchProducer(runtime, fetcher));
    }
}
