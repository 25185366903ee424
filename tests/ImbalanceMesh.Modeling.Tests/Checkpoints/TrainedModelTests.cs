using ImbalanceMesh.Contracts.V1;
using ImbalanceMesh.Modeling.Checkpoints;
using ImbalanceMesh.Modeling.Models;
using ImbalanceMesh.Modeling.Runtime;
using static TorchSharp.torch;

namespace ImbalanceMesh.Modeling.Tests.Checkpoints;

public sealed class TrainedModelTests
{
    public TrainedModelTests() => TorchRuntime.EnsureInitialized();

    [Theory]
    [InlineData("resnet20", 1, 16)]
    [InlineData("resnet18", 3, 32)]
    [InlineData("resnet50", 3, 32)]
    public void Saved_weights_load_into_a_predictor_that_gives_the_same_probabilities(string architecture, int channels, int size)
    {
        var spec = new ModelSpec(architecture, 16, 3, channels, size);
        using var model = ModelFactory.Create(spec);
        model.eval();
        var pixels = new float[2 * channels * size * size];
        for (var i = 0; i < pixels.Length; i++) pixels[i] = (i % 17) / 17f;
        using var input = tensor(pixels, [2, channels, size, size]);
        using var expected = nn.functional.softmax(model.forward(input), 1);
        var card = new ModelCard { Architecture = architecture, Width = 16, ImageSize = size, Channels = channels, Classes = { "a", "b", "c" } };

        using var loaded = TrainedModel.Load(ModelSerializer.Save(model), card, DevicePreference.Cpu);
        var probabilities = loaded.PredictProbabilities(pixels, 2);

        Assert.Equal(6, probabilities.Length);
        var reference = expected.data<float>().ToArray();
        for (var i = 0; i < 6; i++) Assert.Equal(reference[i], probabilities[i], 5);
        Assert.Equal(1.0, probabilities[0] + probabilities[1] + probabilities[2], 4);
    }

    [Fact]
    public void A_card_that_does_not_fit_the_weights_is_rejected()
    {
        using var model = ModelFactory.Create(new ModelSpec("cnn", 16, 3, 1, 16));
        var card = new ModelCard { Architecture = "cnn", Width = 32, ImageSize = 16, Channels = 1, Classes = { "a", "b", "c" } };
        Assert.Throws<InvalidDataException>(() => TrainedModel.Load(ModelSerializer.Save(model), card, DevicePreference.Cpu));
    }

    [Fact]
    public void Wrong_input_length_is_rejected_before_touching_libtorch()
    {
        using var model = ModelFactory.Create(new ModelSpec("cnn", 16, 3, 1, 16));
        var card = new ModelCard { Architecture = "cnn", Width = 16, ImageSize = 16, Channels = 1, Classes = { "a", "b", "c" } };
        using var loaded = TrainedModel.Load(ModelSerializer.Save(model), card, DevicePreference.Cpu);
        Assert.Contains("expected 2 ×", Assert.Throws<ArgumentException>(() => loaded.PredictProbabilities(new float[100], 2)).Message);
    }
}
