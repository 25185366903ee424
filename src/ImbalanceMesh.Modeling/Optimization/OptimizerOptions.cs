namespace ImbalanceMesh.Modeling.Optimization;

public sealed record OptimizerOptions(string Name, double LearningRate, double Momentum = 0.9, double WeightDecay = 0)
{
    public static IReadOnlyList<string> Names { get; } = ["sgd", "adam", "adamw"];

    public string? Validate()
    {
        if (!Names.Contains(Name)) return $"unknown optimizer '{Name}'; use one of: {string.Join(", ", Names)}";
        if (!(LearningRate > 0) || double.IsInfinity(LearningRate)) return $"learning rate must be a positive number, got {LearningRate}";
        if (Momentum is < 0 or >= 1) return $"momentum must be in [0, 1), got {Momentum}";
        if (WeightDecay < 0 || double.IsNaN(WeightDecay)) return $"weight decay must be >= 0, got {WeightDecay}";
        return null;
    }
}
