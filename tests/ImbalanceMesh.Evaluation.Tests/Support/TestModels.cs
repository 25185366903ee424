using Google.Protobuf;
using ImbalanceMesh.Contracts.V1;
using ImbalanceMesh.Modeling.Checkpoints;
using ImbalanceMesh.Modeling.Models;
using ImbalanceMesh.Modeling.Runtime;
using TorchSharp;

namespace ImbalanceMesh.Evaluation.Tests.Support;

/// <summary>Real (untrained, seeded) TorchSharp checkpoints made with Modeling, as a client would upload them.</summary>
public static class TestModels
{
    public static ModelCard Card(IEnumerable<string> classes, int size = 16, int channels = 1) => new()
    {
        Architecture = "cnn",
        Width = 16,
        Classes = { classes },
        ImageSize = size,
        Channels = channels,
        Mean = { Enumerable.Repeat(0.5f, channels) },
        Std = { Enumerable.Repeat(0.5f, channels) },
    };

    public static byte[] Weights(ModelCard card, long seed)
    {
        TorchRuntime.EnsureInitialized();
        torch.manual_seed(seed);
        using var model = ModelFactory.Create(card.ToModelSpec());
        return ModelSerializer.Save(model);
    }

    public static ModelSource Upload(ModelCard card, byte[] weights) => new()
    {
        Checkpoint = ByteString.CopyFrom(weights),
        ModelCard = card.ToByteString(),
    };

    public static ModelSource Upload(IEnumerable<string> classes, long seed = 1)
    {
        var card = Card(classes);
        return Upload(card, Weights(card, seed));
    }
}
