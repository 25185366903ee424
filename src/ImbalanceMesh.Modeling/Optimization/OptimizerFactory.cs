using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ImbalanceMesh.Modeling.Optimization;

public static class OptimizerFactory
{
    public static OptimizerHelper Create(OptimizerOptions options, IEnumerable<Parameter> parameters)
    {
        if (options.Validate() is { } problem) throw new ArgumentException(problem, nameof(options));
        return options.Name switch
        {
            "sgd" => optim.SGD(parameters, options.LearningRate, momentum: options.Momentum, weight_decay: options.WeightDecay),
            "adam" => optim.Adam(parameters, options.LearningRate, weight_decay: options.WeightDecay),
            _ => optim.AdamW(parameters, options.LearningRate, weight_decay: options.WeightDecay),
        };
    }

    public static void SetLearningRate(optim.Optimizer optimizer, double learningRate)
    {
        foreach (var group in optimizer.ParamGroups) group.LearningRate = learningRate;
    }
}
