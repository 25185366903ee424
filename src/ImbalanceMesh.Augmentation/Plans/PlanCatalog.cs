using ImbalanceMesh.Augmentation.Production;
using ImbalanceMesh.Augmentation.Sources;
using ImbalanceMesh.Contracts.V1;
using ImbalanceMesh.ServiceDefaults.Errors;

namespace ImbalanceMesh.Augmentation.Plans;

/// <summary>
/// CreatePlan and GetPlan: validate, resolve the dataset version, load the split's index (ids and labels, no pixels),
/// canonicalise, check its budgets, hash, check it runs (and count its training mix), persist.
/// </summary>
public sealed class PlanCatalog(DatasetResolver resolver, SourceIndexCache sources, PlanStore store, PlanRuntimes runtimes, PlanBudget budget)
{
    public async Task<Plan> CreateAsync(PlanSpec spec, CancellationToken cancellationToken)
    {
        PlanValidator.Validate(spec);
        var version = await resolver.ResolveAsync(spec.Dataset, cancellationToken);
        var split = spec.Split == Split.Unspecified ? Split.Train : spec.Split;
        var set = await sources.GetAsync(new SourceKey(spec.Dataset.Dataset, version.Version, split), cancellationToken);
        if (set.Count == 0)
            throw MeshException.Precondition($"{spec.Dataset.Dataset} v{version.Version} has no samples in the {split} split.");
        var canonical = PlanCanonicalizer.Canonical(spec, version.Version, set.Channels, set.Classes);
        budget.Check(canonical, set.Classes.Count, set.MaxPixelBytes, set.Count);
        var plan = new Plan
        {
            PlanId = PlanCanonicalizer.PlanId(canonical),
            Spec = canonical,
            Classes = { set.Classes },
            SourceSamples = set.Count,
            ResolvedVersion = version.Version,
        };
        try
        {
            var sampling = new PlanRuntime(plan, set).Sampling;
            plan.StepsPerEpoch = sampling.StepsPerEpoch;
            plan.EpochClassCounts.Add(sampling.ClassCounts(0));
        }
        catch (ArgumentException e)
        {
            throw MeshException.Invalid($"the plan cannot be sampled: {e.Message}.");
        }
        await store.SaveAsync(plan);
        await runtimes.GetAsync(plan, cancellationToken);
        return plan;
    }

    public async Task<Plan> GetAsync(string planId) =>
        await store.FindAsync(planId) ?? throw MeshException.NotFound($"plan '{planId}' does not exist; create it with CreatePlan.");
}
