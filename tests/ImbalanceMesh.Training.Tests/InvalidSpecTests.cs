using Grpc.Core;
using ImbalanceMesh.Contracts.V1;
using ImbalanceMesh.Training.Tests.Support;

namespace ImbalanceMesh.Training.Tests;

public sealed class InvalidSpecTests(TrainingMesh mesh) : IClassFixture<TrainingMesh>
{
    private async Task<RpcException> RefusedAsync(TrainingSpec spec)
    {
        await using var host = mesh.StartTraining(mesh.NewDataRoot());
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
    public async Task Unknown_job_is_not_found_for_every_job_rpc()
    {
        await using var host = mesh.StartTraining(mesh.NewDataRoot());
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
