using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ImbalanceMesh.Modeling.Optimization;

public static class OptimizerFactory
{
    public static OptimizerHelper Create(OptimizerOptions options, IEnumerable<Parameter> parameters) =>
        Create(options, [new ParameterGroup(parameters.ToList(), 1)]);

    /// <summary>One optimiser parameter group per group, in order, each at options.LearningRate × its RateScale.</summary>
    public static OptimizerHelper Create(OptimizerOptions options, IReadOnlyList<ParameterGroup> groups)
    {
        if (options.Validate() is { } problem) throw new ArgumentException(problem, nameof(options));
        double Rate(ParameterGroup g) => options.LearningRate * g.RateScale;
        return options.Name switch
        {
            "sgd" => optim.SGD(groups.Select(g => new SGD.ParamGroup(g.Parameters, Rate(g), options.Momentum, weight_decay: options.WeightDecay)),
                options.LearningRate, momentum: options.Momentum, weight_decay: options.WeightDecay),
            "adam" => optim.Adam(groups.Select(g => new Adam.ParamGroup(g.Parameters, Rate(g), weight_decay: options.WeightDecay)),
                options.LearningRate, weight_decay: options.WeightDecay),
            _ => optim.AdamW(groups.Select(g => new AdamW.ParamGroup(g.Parameters, Rate(g), weight_decay: options.WeightDecay)),
                options.LearningRate, weight_decay: options.WeightDecay),
        };
    }

    /// <summary>Sets group i to learningRate × rateScales[i] (every group to learningRate when rateScales is empty).</summary>
    public static void SetLearningRate(optim.Optimizer optimizer, double learningRate, IReadOnlyList<double>? rateScales = null)
    {
        var index = 0;
        foreach (var group in optimizer.ParamGroups)
            group.LearningRate = learningRate * (rateScales is { Count: > 0 } ? rateScales[index++] : 1);
    }
}
