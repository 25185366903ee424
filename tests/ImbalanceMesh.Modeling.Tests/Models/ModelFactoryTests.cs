using ImbalanceMesh.Modeling.Models;
using ImbalanceMesh.Modeling.Runtime;
using static TorchSharp.torch;

namespace ImbalanceMesh.Modeling.Tests.Models;

public sealed class ModelFactoryTests
{
    public ModelFactoryTests() => TorchRuntime.EnsureInitialized();

    [Theory]
    [InlineData("cnn", 1, 28)]
    [InlineData("cnn", 3, 64)]
    [InlineData("cnn", 3, 224)]
    [InlineData("resnet20", 3, 32)]
    [InlineData("resnet32", 1, 28)]
    public void Produces_one_logit_per_class(string architecture, int channels, int size)
    {
        using var model = ModelFactory.Create(new ModelSpec(architecture, 16, 5, channels, size));
        using var input = randn(2, channels, size, size);
        using var output = model.forward(input);
        Assert.Equal(new long[] { 2, 5 }, output.shape);
    }

    [Theory]
    [InlineData(28, 3)]
    [InlineData(64, 3)]
    [InlineData(65, 4)]
    [InlineData(128, 4)]
    [InlineData(224, 5)]
    [InlineData(256, 5)]
    public void Cnn_adds_a_block_for_each_halving_past_64_px(int size, int blocks)
    {
        using var model = ModelFactory.Create(new ModelSpec("cnn", 16, 2, 3, size));
        var convolutions = model.named_parameters().Where(p => p.parameter.dim() == 4).Select(p => p.name).ToArray();
        Assert.Equal(Enumerable.Range(0, blocks).Select(b => $"features.{b}.0.weight"), convolutions);
        Assert.Equal(16L << Math.Min(blocks - 1, 3), model.named_parameters().Single(p => p.name == "classifier.weight").parameter.shape[1]);
    }

    [Fact]
    public void Resnet32_is_deeper_than_resnet20()
    {
        static long Count(string architecture)
        {
            using var model = ModelFactory.Create(new ModelSpec(architecture, 16, 10, 3, 32));
            return model.parameters().Sum(p => p.numel());
        }
        Assert.True(Count("resnet32") > Count("resnet20") * 1.5);
    }

    [Fact]
    public void Convolutions_get_kaiming_initialisation()
    {
        using var model = ModelFactory.Create(new ModelSpec("cnn", 16, 3, 3, 32));
        var firstConv = model.parameters().First(p => p.dim() == 4);
        var fanOut = firstConv.shape[0] * firstConv.shape[2] * firstConv.shape[3];
        var expectedStd = Math.Sqrt(2.0 / fanOut);
        Assert.InRange(firstConv.std().item<float>(), expectedStd * 0.7, expectedStd * 1.3);
    }

    [Fact]
    public void Invalid_specs_are_rejected_with_a_message()
    {
        Assert.Contains("unknown model 'vgg'", Assert.Throws<ArgumentException>(() => ModelFactory.Create(new ModelSpec("vgg", 16, 3, 1, 28))).Message);
        Assert.Contains("channels must be 1 or 3", new ModelSpec("cnn", 16, 3, 2, 28).Validate());
        Assert.Contains("multiple of 16", new ModelSpec("cnn", 20, 3, 1, 28).Validate());
    }
}
