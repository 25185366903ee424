using Grpc.Core;
using ImbalanceMesh.Contracts.V1;
using ImbalanceMesh.Evaluation.Tests.Support;

namespace ImbalanceMesh.Evaluation.Tests;

[Collection(EvaluationCollection.Name)]
public sealed class ModelErrorTests(EvaluationMesh mesh)
{
    private static EvaluateRequest Request(ModelSource model, string dataset = EvaluationMesh.Dataset) => new()
    {
        Model = model, Dataset = new DatasetRef { Dataset = dataset }, Split = Split.Test,
    };

    private async Task<RpcException> FailsAsync(EvaluateRequest request)
    {
        var e = await Assert.ThrowsAsync<RpcException>(() => mesh.Client.EvaluateAsync(request).ResponseAsync);
        // and the service keeps serving
        var report = await mesh.Client.EvaluateAsync(Request(TestModels.Upload(EvaluationMesh.Classes)));
        Assert.True(report.Samples > 0);
        return e;
    }

    [Fact]
    public async Task Unknown_training_job_is_not_found()
    {
        var e = await FailsAsync(Request(new ModelSource { JobId = "job-that-does-not-exist" }));
        Assert.Equal(StatusCode.NotFound, e.StatusCode);
        Assert.Contains("job-that-does-not-exist", e.Status.Detail);
    }

    [Fact]
    public async Task Checkpoint_with_another_class_count_is_a_failed_precondition_naming_the_mismatch()
    {
        var e = await FailsAsync(Request(TestModels.Upload(["circle", "square"])));
        Assert.Equal(StatusCode.FailedPrecondition, e.StatusCode);
        Assert.Contains("triangle", e.Status.Detail);
        Assert.Contains("2 classes", e.Status.Detail);
    }

    [Fact]
    public async Task Weights_that_do_not_fit_their_card_are_a_failed_precondition()
    {
        var twoClasses = TestModels.Card(["circle", "square"]);
        var e = await FailsAsync(Request(TestModels.Upload(TestModels.Card(EvaluationMesh.Classes), TestModels.Weights(twoClasses, 1))));
        Assert.Equal(StatusCode.FailedPrecondition, e.StatusCode);
        Assert.Contains("does not fit", e.Status.Detail);
    }

    [Fact]
    public async Task Unknown_dataset_is_not_found_and_a_missing_model_is_invalid()
    {
        var unknown = await FailsAsync(Request(TestModels.Upload(EvaluationMesh.Classes), dataset: "no-such-dataset"));
        Assert.Equal(StatusCode.NotFound, unknown.StatusCode);
        var missing = await FailsAsync(Request(new ModelSource()));
        Assert.Equal(StatusCode.InvalidArgument, missing.StatusCode);
        var badCard = await FailsAsync(Request(new ModelSource
        {
            Checkpoint = Google.Protobuf.ByteString.CopyFromUtf8("weights"), ModelCard = Google.Protobuf.ByteString.CopyFrom(0xff, 0xff, 0xff),
        }));
        Assert.Equal(StatusCode.InvalidArgument, badCard.StatusCode);
    }
}
