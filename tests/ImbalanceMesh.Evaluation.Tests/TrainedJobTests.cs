using ImbalanceMesh.Contracts.V1;
using ImbalanceMesh.Evaluation.Tests.Support;
using Grpc.Core;

namespace ImbalanceMesh.Evaluation.Tests;

/// <summary>End to end: a real training job on the mesh, then its checkpoint evaluated and used for prediction by job id.</summary>
[Collection(EvaluationCollection.Name)]
public sealed class TrainedJobTests(EvaluationMesh mesh)
{
    private static TrainingSpec TinySpec() => new()
    {
        Dataset = new DatasetRef { Dataset = EvaluationMesh.Dataset },
        Plan = new PlanSpec
        {
            Dataset = new DatasetRef { Dataset = EvaluationMesh.Dataset },
            Split = Split.Train,
            Sampling = new SamplingSpec { Policy = SamplingPolicy.SamplingBalanced, StepsPerEpoch = 4 },
            BatchSize = 16,
            ImageSize = 16,
            Channels = 1,
            Seed = 9,
            Epochs = 2,
        },
        Model = "cnn",
        Width = 16,
        Loss = new LossSpec { Name = "ce" },
        Optimizer = new OptimizerSpec { Name = "adam", LearningRate = 0.01, Schedule = "constant" },
        Epochs = 2,
        Seed = 1,
    };

    [Theory]
    [InlineData("")]
    [InlineData("ce+crt=1")]
    [InlineData("ce+tau-norm")]
    public async Task Job_checkpoint_is_evaluated_and_predicts_by_job_id(string strategy)
    {
        var spec = TinySpec();
        spec.Strategy = strategy;
        var job = await mesh.TrainingClient.StartTrainingAsync(spec);
        using (var cts = new CancellationTokenSource(TimeSpan.FromSeconds(90)))
        {
            using var watch = mesh.TrainingClient.WatchJob(new JobRef { JobId = job.JobId }, cancellationToken: cts.Token);
            await foreach (var e in watch.ResponseStream.ReadAllAsync(cts.Token))
                if (e.EventCase == JobEvent.EventOneofCase.Finished) break;
        }
        var finished = await mesh.TrainingClient.GetJobAsync(new JobRef { JobId = job.JobId });
        Assert.True(finished.State == JobState.JobSucceeded, $"training ended {finished.State}: {finished.Error}");
        using (var checkpoint = mesh.TrainingClient.GetCheckpoint(new JobRef { JobId = job.JobId }))
        {
            Assert.True(await checkpoint.ResponseStream.MoveNext());
            // A decoupled model is served with its stage on record (tau-norm: τ chosen on the validation split).
            Assert.Equal(strategy.Length == 0 ? null : strategy[3..].Split('=')[0], checkpoint.ResponseStream.Current.Card.Decoupling?.Method);
        }

        var report = await mesh.Client.EvaluateAsync(new EvaluateRequest
        {
            Model = new ModelSource { JobId = job.JobId },
            Dataset = new DatasetRef { Dataset = EvaluationMesh.Dataset },
            Split = Split.Test,
        });
        Assert.Equal(job.JobId, report.JobId);
        Assert.StartsWith($"job {job.JobId}, epoch ", report.CheckpointSource);
        Assert.Equal((await mesh.TestSplitCountsAsync()).Values.Sum(), report.Samples);

        using var call = mesh.Client.Predict();
        await call.RequestStream.WriteAsync(new PredictRequest { Model = new ModelSource { JobId = job.JobId }, TopK = 1 });
        var file = Directory.EnumerateFiles(Path.Combine(mesh.InboxRoot, "square")).Order().First();
        await call.RequestStream.WriteAsync(new PredictRequest { FileName = "s.png", Image = Google.Protobuf.ByteString.CopyFrom(File.ReadAllBytes(file)) });
        await call.RequestStream.CompleteAsync();
        var prediction = Assert.Single(await call.ResponseStream.ReadAllAsync().ToListAsync());
        Assert.Contains(Assert.Single(prediction.Top).ClassName, EvaluationMesh.Classes);
    }
}
