using ImbalanceMesh.Contracts.V1;

namespace ImbalanceMesh.Training.Specs;

/// <summary>The sampling names of strategy compositions (Core's StrategyParts) and the plan's SamplingPolicy.</summary>
public static class SamplingNames
{
    private static readonly Dictionary<string, SamplingPolicy> Policies = new()
    {
        ["none"] = SamplingPolicy.SamplingNone,
        ["weighted"] = SamplingPolicy.SamplingWeighted,
        ["oversample"] = SamplingPolicy.SamplingOversample,
        ["undersample"] = SamplingPolicy.SamplingUndersample,
        ["balanced"] = SamplingPolicy.SamplingBalanced,
        ["rare-plus-slice"] = SamplingPolicy.SamplingRarePlusSlice,
    };

    public static SamplingPolicy Policy(string name) => Policies[name];

    public static string Name(SamplingPolicy policy) =>
        policy == SamplingPolicy.Unspecified ? "none" : Policies.First(p => p.Value == policy).Key;
}
