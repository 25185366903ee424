using Grpc.Core;
using ImbalanceMesh.Contracts.V1;

namespace ImbalanceMesh.AppHost.Tests.Support;

/// <summary>A small training job on a 16 px grey plan, and watching one to its end.</summary>
public static class TinyJob
{
    public static TrainingSpec Spec(string dataset, int epochs, int stepsPerEpoch) => new()
    {
        Name = "apphost-test",
        Dataset = new DatasetRef { Dataset = dataset },
        Plan = new PlanSpec
        {
            Dataset = new DatasetRef { Dataset = dataset }, Split = Split.Train,
            Sampling = new SamplingSpec { Policy = SamplingPolicy.SamplingBalanced, StepsPerEpoch = stepsPerEpoch },
            BatchSize = 16, ImageSize = 16, Channels = 1, Seed = 3, Epochs = epochs,
        },
        Model = "cnn", Width = 16, Epochs = epochs, Seed = 3,
        Loss = new LossSpec { Name = "ce" },
        Optimizer = new OptimizerSpec { Name = "adam", LearningRate = 0.01, Schedule = "constant" },
    };

    /// <summary>The job's terminal state as WatchJob reports it.</summary>
    public static async Task<Job?> WatchUntilFinishedAsync(TrainingService.TrainingServiceClient training, string jobId)
    {
        using var watch = training.WatchJob(new JobRef { JobId = jobId });
        await foreach (var update in watch.ResponseStream.ReadAllAsync())
            if (update.Finished is { } done) return done;
        return null;
    }
}
