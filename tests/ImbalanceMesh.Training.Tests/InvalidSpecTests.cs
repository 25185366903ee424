using Grpc.Core;
using ImbalanceMesh.Contracts.V1;
using ImbalanceMesh.Training.Tests.Support;

namespace ImbalanceMesh.Training.Tests;

public sealed class InvalidSpecTests(TrainingMesh mesh) : IClassFixture<TrainingMesh>
{
    private async Task<RpcException> RefusedAsync(TrainingSpec spec)
    {
        await using var host = await mesh.StartTrainingAsync(mesh.NewDataRoot());
        var client = new TrainingService.TrainingServiceClient(host.Channel);
        var error = await Assert.ThrowsAsync<RpcException>(() => client.StartTrainingAsync(spec).ResponseAsync);
        Assert.Empty((await client.ListJobsAsync(new ListJobsRequest())).Jobs);
        return error;
    }

    [Fact]
    public async Task Unknown_loss_is_invalid_argument_naming_the_choices()
    {
        var error = await RefusedAsync(TrainingMesh.TinySpec(1, loss: "hinge"));
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("unknown loss 'hinge'", error.Status.Detail);
        Assert.Contains("ldam-drw", error.Status.Detail);
    }

    [Fact]
    public async Task Negative_learning_rate_is_invalid_argument()
    {
        var spec = TrainingMesh.TinySpec(1);
        spec.Optimizer.LearningRate = -0.1;
        var error = await RefusedAsync(spec);
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("learning_rate must be a positive number", error.Status.Detail);
    }

    [Fact]
    public async Task Missing_plan_is_invalid_argument()
    {
        var spec = TrainingMesh.TinySpec(1);
        spec.Plan = null;
        var error = await RefusedAsync(spec);
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("no plan", error.Status.Detail);
    }

    [Fact]
    public async Task Unknown_plan_id_is_not_found()
    {
        var spec = TrainingMesh.TinySpec(1);
        spec.Plan = null;
        spec.PlanId = "plan-that-does-not-exist";
        var error = await RefusedAsync(spec);
        Assert.Equal(StatusCode.NotFound, error.StatusCode);
        Assert.Contains("plan-that-does-not-exist", error.Status.Detail);
    }

    [Fact]
    public async Task Class_weights_for_the_wrong_number_of_classes_are_invalid_argument()
    {
        var spec = TrainingMesh.TinySpec(1, loss: "focal");
        spec.Loss.FocalAlpha.Add([0.5, 1.0]);
        var error = await RefusedAsync(spec);
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("focal_alpha has 2 weights but plan", error.Status.Detail);
        Assert.Contains("3 classes", error.Status.Detail);
    }

    [Fact]
    public async Task Width_that_libtorch_cannot_train_correctly_and_cuda_without_a_gpu_are_refused()
    {
        var spec = TrainingMesh.TinySpec(1);
        spec.Width = 20;
        Assert.Equal(StatusCode.InvalidArgument, (await RefusedAsync(spec)).StatusCode);
        spec.Width = 16;
        spec.Device = "cuda";
        var error = await RefusedAsync(spec);
        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        Assert.Contains("no CUDA device", error.Status.Detail);
    }

    [Fact]
    public async Task More_threads_than_the_machine_has_cores_are_refused_at_submission()
    {
        var spec = TrainingMesh.TinySpec(1);
        spec.Threads = 64;
        var error = await RefusedAsync(spec);
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains($"threads must be 0..{Environment.ProcessorCount}, got 64", error.Status.Detail);
        Assert.Contains("Training:MaxThreads", error.Status.Detail);
    }

    [Fact]
    public async Task An_explicit_zero_epochs_is_refused_not_replaced_by_a_default()
    {
        var spec = TrainingMesh.TinySpec(1);
        spec.Epochs = 0;
        var error = await RefusedAsync(spec);
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("epochs must be 1..1000, got 0", error.Status.Detail);
    }

    [Fact]
    public async Task An_explicit_zero_width_is_refused_not_replaced_by_a_default()
    {
        var spec = TrainingMesh.TinySpec(1);
        spec.Width = 0;
        var error = await RefusedAsync(spec);
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("width must be a multiple of 16 between 16 and 256, got 0", error.Status.Detail);
    }

    [Fact]
    public async Task An_image_size_the_model_cannot_train_is_refused_at_submission_inline_or_by_plan_id()
    {
        var inline = TrainingMesh.TinySpec(1);
        inline.Plan.ImageSize = 1;
        var error = await RefusedAsync(inline);
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("plan.image_size must be 8..256, got 1", error.Status.Detail);

        var small = TrainingMesh.TinyPlan(1);
        small.ImageSize = 4;
        var plan = await mesh.AugmentationClient.CreatePlanAsync(small);
        var byId = TrainingMesh.TinySpec(1);
        (byId.Plan, byId.PlanId) = (null, plan.PlanId);
        error = await RefusedAsync(byId);
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains($"model cnn cannot train on plan {plan.PlanId}: image_size must be 8..256, got 4", error.Status.Detail);
    }

    [Fact]
    public async Task A_plan_refused_by_augmentation_is_relayed_with_its_status_and_the_service_named()
    {
        var spec = TrainingMesh.TinySpec(1);
        (spec.Plan.BatchSize, spec.Plan.ImageSize) = (4096, 256);
        var error = await RefusedAsync(spec);
        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
        Assert.StartsWith("augmentation: a batch of 4096 images of 1×256×256", error.Status.Detail);
        Assert.Contains("Augmentation:MaxBatchBytes", error.Status.Detail);
    }

    [Fact]
    public async Task Explicit_zeros_are_kept_where_they_mean_something_and_refused_where_they_do_not()
    {
        await using (var host = await mesh.StartTrainingAsync(mesh.NewDataRoot()))
        {
            var client = new TrainingService.TrainingServiceClient(host.Channel);
            var spec = TrainingMesh.TinySpec(1, loss: "focal");
            spec.Loss.FocalGamma = 0;
            spec.Loss.DrwStartEpoch = 0;
            spec.Optimizer = new OptimizerSpec { Name = "sgd", LearningRate = 0.01, Momentum = 0, Schedule = "constant" };
            var job = await client.StartTrainingAsync(spec);
            await client.CancelJobAsync(new JobRef { JobId = job.JobId });
            Assert.Equal((0.0, 0, 0.0), (job.Spec.Loss.FocalGamma, job.Spec.Loss.DrwStartEpoch, job.Spec.Optimizer.Momentum));
            Assert.Equal((0.999, 0.5), (job.Spec.Loss.CbBeta, job.Spec.Loss.LdamMaxMargin));
        }

        var zeroRate = TrainingMesh.TinySpec(1);
        zeroRate.Optimizer.LearningRate = 0;
        Assert.Contains("learning_rate must be a positive number, got 0", (await RefusedAsync(zeroRate)).Status.Detail);
        var zeroMargin = TrainingMesh.TinySpec(1, loss: "ldam-drw");
        zeroMargin.Loss.LdamMaxMargin = 0;
        Assert.Contains("ldam_max_margin must be > 0, got 0", (await RefusedAsync(zeroMargin)).Status.Detail);
    }

    [Fact]
    public async Task Unknown_job_is_not_found_for_every_job_rpc()
    {
        await using var host = await mesh.StartTrainingAsync(mesh.NewDataRoot());
        var client = new TrainingService.TrainingServiceClient(host.Channel);
        var missing = new JobRef { JobId = "job-nope" };
        Assert.Equal(StatusCode.NotFound, (await Assert.ThrowsAsync<RpcException>(() => client.GetJobAsync(missing).ResponseAsync)).StatusCode);
        Assert.Equal(StatusCode.NotFound, (await Assert.ThrowsAsync<RpcException>(() => client.CancelJobAsync(missing).ResponseAsync)).StatusCode);
        var watch = client.WatchJob(missing);
        Assert.Equal(StatusCode.NotFound, (await Assert.ThrowsAsync<RpcException>(() => watch.ResponseStream.MoveNext())).StatusCode);
        var checkpoint = client.GetCheckpoint(missing);
        Assert.Equal(StatusCode.NotFound, (await Assert.ThrowsAsync<RpcException>(() => checkpoint.ResponseStream.MoveNext())).StatusCode);
    }
}
