using ImbalanceMesh.Contracts.V1;

namespace ImbalanceMesh.Training.Telemetry;

public static class TrainingStrategy
{
    public const string Tag = "imesh.training.strategy";

    /// <summary>
    /// What the strategy tag says about a job: its name (`imesh sweep` and `imesh demo` name each job after its
    /// strategy), or its loss when it has no name.
    /// </summary>
    public static string Of(TrainingSpec spec) => string.IsNullOrWhiteSpace(spec.Name) ? spec.Loss?.Name ?? "" : spec.Name;
}
