using System.Collections.Concurrent;
using ImbalanceMesh.Augmentation.Plans;
using ImbalanceMesh.Augmentation.Sources;
using ImbalanceMesh.Contracts.V1;
using ImbalanceMesh.ServiceDefaults.Errors;

namespace ImbalanceMesh.Augmentation.Production;

/// <summary>The executable form of each plan this process serves, built once (sources pulled once) and shared.</summary>
public sealed class PlanRuntimes(SourceCache sources, PlanStore store) : IDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<Task<(PlanRuntime Runtime, BatchProducer Producer)>>> _runtimes = new();

    public async Task<(PlanRuntime Runtime, BatchProducer Producer)> GetAsync(string planId, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(planId)) throw MeshException.Invalid("plan_id is required.");
        var plan = await store.FindAsync(planId) ?? throw MeshException.NotFound($"plan '{planId}' does not exist; create it with CreatePlan.");
        return await GetAsync(plan, cancellationToken);
    }

    public Task<(PlanRuntime Runtime, BatchProducer Producer)> GetAsync(Plan plan, CancellationToken cancellationToken)
    {
        var lazy = _runtimes.GetOrAdd(plan.PlanId, _ => new Lazy<Task<(PlanRuntime, BatchProducer)>>(() => BuildAsync(plan)));
        if (lazy.Value.IsFaulted) _runtimes.TryRemove(plan.PlanId, out _);
        return lazy.Value.WaitAsync(cancellationToken);
    }

    private async Task<(PlanRuntime, BatchProducer)> BuildAsync(Plan plan)
    {
        var key = new SourceKey(plan.Spec.Dataset.Dataset, plan.Spec.Dataset.Version, plan.Spec.Split);
        var set = await sources.GetAsync(key, CancellationToken.None);
        var runtime = new PlanRuntime(plan, set);
        return (runtime, new BatchProducer(runtime));
    }

    public void Dispose()
    {
        foreach (var lazy in _runtimes.Values)
            if (lazy.IsValueCreated && lazy.Value.IsCompletedSuccessfully) lazy.Value.Result.Producer.Dispose();
    }
}
