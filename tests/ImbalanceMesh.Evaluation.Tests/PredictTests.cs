using Grpc.Core;
using ImbalanceMesh.Contracts.V1;
using ImbalanceMesh.Evaluation.Tests.Support;
using ImbalanceMesh.Imaging.Preprocessing;
using ImbalanceMesh.Imaging.Decoding;
using ImbalanceMesh.Modeling.Checkpoints;
using Google.Protobuf;

namespace ImbalanceMesh.Evaluation.Tests;

[Collection(EvaluationCollection.Name)]
public sealed class PredictTests(EvaluationMesh mesh)
{
    private async Task<List<Prediction>> PredictAsync(ModelSource model, int topK, params (string Name, byte[] Bytes)[] images)
    {
        using var call = mesh.Client.Predict();
        await call.RequestStream.WriteAsync(new PredictRequest { Model = model, TopK = topK });
        foreach (var (name, bytes) in images)
            await call.RequestStream.WriteAsync(new PredictRequest { FileName = name, Image = ByteString.CopyFrom(bytes) });
        await call.RequestStream.CompleteAsync();
        return await call.ResponseStream.ReadAllAsync().ToListAsync();
    }

    private string[] InboxImages() =>
        EvaluationMesh.Classes.Select(c => Directory.EnumerateFiles(Path.Combine(mesh.InboxRoot, c)).Order().First()).ToArray();

    [Fact]
    public async Task Corrupt_image_gets_its_own_error_and_the_stream_goes_on()
    {
        var files = InboxImages();
        var corrupt = File.ReadAllBytes(files[1])[..40];
        var predictions = await PredictAsync(TestModels.Upload(EvaluationMesh.Classes), 2,
            ("a.png", File.ReadAllBytes(files[0])), ("broken.png", corrupt), ("c.png", File.ReadAllBytes(files[2])));

        Assert.Equal([0, 1, 2], predictions.Select(p => p.Index));
        Assert.Equal(["a.png", "broken.png", "c.png"], predictions.Select(p => p.FileName));
        Assert.Empty(predictions[1].Top);
        Assert.False(string.IsNullOrEmpty(predictions[1].Error));
        foreach (var p in new[] { predictions[0], predictions[2] })
        {
            Assert.Equal("", p.Error);
            Assert.Equal(2, p.Top.Count);
            Assert.True(p.Top[0].Probability >= p.Top[1].Probability);
            Assert.All(p.Top, t => Assert.Contains(t.ClassName, EvaluationMesh.Classes));
        }
    }

    [Fact]
    public async Task Probabilities_are_the_models_on_the_training_preprocessing()
    {
        // the same checkpoint loaded here, fed the file through decode → ImagePreprocessor → normalisation
        var card = TestModels.Card(EvaluationMesh.Classes);
        var weights = TestModels.Weights(card, 7);
        var file = InboxImages()[2];
        var predictions = await PredictAsync(TestModels.Upload(card, weights), 3, ("x.png", File.ReadAllBytes(file)));

        using var model = TrainedModel.Load(weights, card);
        var decoded = new ImageDecoder().Decode(File.ReadAllBytes(file)).Image!;
        using var preprocessor = new ImagePreprocessor(16, 1);
        var expected = model.PredictProbabilities(
            preprocessor.ToTensor(decoded.Width, decoded.Height, decoded.Channels, decoded.Pixels, [0.5f], [0.5f]), 1);
        var top = Assert.Single(predictions).Top;
        Assert.Equal(3, top.Count);
        Assert.Equal(1.0, top.Sum(t => t.Probability), 5);
        foreach (var t in top)
            Assert.Equal(expected[Array.IndexOf(EvaluationMesh.Classes, t.ClassName)], t.Probability, 6);
    }

    [Fact]
    public async Task Predict_without_a_model_or_with_an_unknown_job_fails_clearly_and_the_service_keeps_serving()
    {
        var image = File.ReadAllBytes(InboxImages()[0]);
        var noModel = await Assert.ThrowsAsync<RpcException>(() => PredictAsync(new ModelSource(), 1, ("a.png", image)));
        Assert.Equal(StatusCode.InvalidArgument, noModel.StatusCode);
        var unknownJob = await Assert.ThrowsAsync<RpcException>(() => PredictAsync(new ModelSource { JobId = "nope" }, 1, ("a.png", image)));
        Assert.Equal(StatusCode.NotFound, unknownJob.StatusCode);
        var badTopK = await Assert.ThrowsAsync<RpcException>(() => PredictAsync(TestModels.Upload(EvaluationMesh.Classes), -1, ("a.png", image)));
        Assert.Equal(StatusCode.InvalidArgument, badTopK.StatusCode);

        var ok = await PredictAsync(TestModels.Upload(EvaluationMesh.Classes), 1, ("a.png", image));
        Assert.Single(Assert.Single(ok).Top);
    }
}
