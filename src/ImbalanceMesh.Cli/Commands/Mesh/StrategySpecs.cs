using ImbalanceMesh.Contracts.V1;
using ImbalanceMesh.Core.Strategies;

namespace ImbalanceMesh.Cli.Commands.Mesh;

/// <summary>
/// Turns a strategy plus the sweep's shared budget into a training spec with an inline plan; the training service
/// expands the strategy's composition into the plan's sampling and mixing and the loss.
/// </summary>
public static class StrategySpecs
{
    public static TrainingSpec ToTrainingSpec(ImbalanceStrategy strategy, SweepSettings settings)
    {
        var spec = Spec(strategy, settings);
        if (settings.FreezeEpochs is { } freeze) spec.FreezeEpochs = freeze;
        return spec;
    }

    private static TrainingSpec Spec(ImbalanceStrategy strategy, SweepSettings settings) => new()
    {
        Name = strategy.Name,
        Strategy = StrategyComposition.Format(strategy),
        Dataset = new DatasetRef { Dataset = settings.Dataset },
        Plan = new PlanSpec
        {
            Dataset = new DatasetRef { Dataset = settings.Dataset },
            Split = Split.Train,
            Sampling = new SamplingSpec { TargetRatio = 1 },
            // The same augmentation for every strategy, so only the imbalance handling differs (a strategy's aug=LEVEL
            // part changes its strength, expanded by the training service).
            Augmentation = settings.Augmentation.Clone(),
            BatchSize = settings.BatchSize,
            ImageSize = settings.ImageSize,
            Seed = settings.Seed,
            Epochs = settings.Epochs,
        },
        Model = settings.Model,
        Loss = new LossSpec(),
        Optimizer = new OptimizerSpec { Name = "adamw", LearningRate = 0.003, WeightDecay = 0.0005, Schedule = "cosine" },
        Epochs = settings.Epochs,
        Seed = settings.Seed,
        Pretrained = settings.Pretrained?.Clone(),
    };
}
