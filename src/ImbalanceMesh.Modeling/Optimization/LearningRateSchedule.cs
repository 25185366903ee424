namespace ImbalanceMesh.Modeling.Optimization;

/// <summary>
/// Learning rate per step: linear warm-up over the first warmupEpochs, then constant, cosine (to 0 at the last step) or
/// step decay (× gamma every stepSize epochs, counted after warm-up).
/// </summary>
public sealed record LearningRateSchedule(
    string Kind, double BaseRate, int Epochs, int StepsPerEpoch, int WarmupEpochs = 0, int StepSize = 30, double Gamma = 0.1)
{
    public static IReadOnlyList<string> Kinds { get; } = ["constant", "cosine", "step"];

    public string? Validate()
    {
        if (!Kinds.Contains(Kind)) return $"unknown schedule '{Kind}'; use one of: {string.Join(", ", Kinds)}";
        if (WarmupEpochs < 0 || WarmupEpochs >= Math.Max(Epochs, 1) && WarmupEpochs > 0)
            return $"warm-up epochs must be >= 0 and fewer than the {Epochs} epochs, got {WarmupEpochs}";
        if (Kind == "step" && StepSize < 1) return $"step size must be >= 1 epoch, got {StepSize}";
        if (Kind == "step" && Gamma is <= 0 or > 1) return $"step gamma must be in (0, 1], got {Gamma}";
        return null;
    }

    public double At(int epoch, int step)
    {
        var steps = Math.Max(StepsPerEpoch, 1);
        var global = (long)epoch * steps + step;
        var warmupSteps = (long)WarmupEpochs * steps;
        if (global < warmupSteps) return BaseRate * (global + 1) / warmupSteps;
        var total = Math.Max((long)Epochs * steps - warmupSteps, 1);
        var progress = Math.Min((double)(global - warmupSteps) / total, 1);
        return Kind switch
        {
            "cosine" => 0.5 * BaseRate * (1 + Math.Cos(Math.PI * progress)),
            "step" => BaseRate * Math.Pow(Gamma, Math.Max(epoch - WarmupEpochs, 0) / StepSize),
            _ => BaseRate,
        };
    }
}
