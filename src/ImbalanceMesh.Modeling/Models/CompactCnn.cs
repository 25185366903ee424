using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ImbalanceMesh.Modeling.Models;

/// <summary>
/// Conv-BN-ReLU-pool blocks (w, 2w, 4w, then 8w channels), global average pooling, one linear layer. Three blocks up to
/// 64 px; larger images get one more block per halving until the last map is at most <see cref="LastMapSize"/> px, so the
/// receptive field grows with the image (three blocks see 22 px: a corner of a 224 px object, not the object).
/// </summary>
internal sealed class CompactCnn : nn.Module<Tensor, Tensor>, IStagedNetwork
{
    private const int LastMapSize = 8;
    private readonly Sequential features;
    private readonly Linear classifier;

    public CompactCnn(ModelSpec spec) : base("cnn")
    {
        var widths = Enumerable.Range(0, BlocksFor(spec.ImageSize)).Select(block => spec.Width << Math.Min(block, 3)).ToArray();
        var blocks = widths.Select((width, block) => Block(block == 0 ? spec.Channels : widths[block - 1], width));
        features = nn.Sequential([.. blocks, nn.AdaptiveAvgPool2d(1), nn.Flatten()]);
        classifier = nn.Linear(widths[^1], spec.Classes);
        RegisterComponents();
        BackboneStages = [[features]];
    }

    public IReadOnlyList<IReadOnlyList<nn.Module>> BackboneStages { get; }

    public nn.Module Head => classifier;

    public Linear Classifier => classifier;

    /// <summary>3 up to 64 px, 4 up to 128 px, 5 up to 256 px.</summary>
    private static int BlocksFor(int imageSize)
    {
        var blocks = 3;
        while (imageSize > LastMapSize << blocks) blocks++;
        return blocks;
    }

    private static Sequential Block(int input, int output) => nn.Sequential(
        nn.Conv2d(input, output, 3, padding: 1, bias: false),
        nn.BatchNorm2d(output),
        nn.ReLU(),
        nn.MaxPool2d(2));

    public override Tensor forward(Tensor input) => classifier.forward(features.forward(input));
}
