using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ImbalanceMesh.Modeling.Models;

/// <summary>
/// torchvision's vgg16 (configuration D, no batch norm) with its exact keys: features.N (13 3×3 convolutions with ReLU,
/// five 2×2 max-pools), a 7×7 adaptive average pool, classifier.0/3/6 (4096, 4096, classes; ReLU and dropout between).
/// The head is the whole classifier (its first two layers start from the checkpoint; classifier.6 is replaced).
/// </summary>
internal sealed class TorchvisionVgg16 : nn.Module<Tensor, Tensor>, ITransferNetwork
{
    private static readonly int[] Configuration = [64, 64, 0, 128, 128, 0, 256, 256, 256, 0, 512, 512, 512, 0, 512, 512, 512, 0];

    private readonly Sequential features;
    private readonly Sequential classifier;

    public TorchvisionVgg16(int classes) : base("vgg16")
    {
        var layers = new List<nn.Module<Tensor, Tensor>>();
        var stages = new List<IReadOnlyList<nn.Module>>();
        var stage = new List<nn.Module>();
        var input = 3;
        foreach (var channels in Configuration)
        {
            if (channels == 0)
            {
                var pool = nn.MaxPool2d(2, 2);
                layers.Add(pool);
                stage.Add(pool);
                stages.Add(stage);
                stage = [];
                continue;
            }
            var conv = nn.Conv2d(input, channels, 3, padding: 1);
            var relu = nn.ReLU();
            layers.AddRange([conv, relu]);
            stage.AddRange([conv, relu]);
            input = channels;
        }
        features = nn.Sequential(layers);
        classifier = nn.Sequential(
            nn.Linear(512 * 7 * 7, 4096), nn.ReLU(), nn.Dropout(0.5),
            nn.Linear(4096, 4096), nn.ReLU(), nn.Dropout(0.5),
            nn.Linear(4096, classes));
        RegisterComponents();
        BackboneStages = stages;
    }

    public IReadOnlyList<IReadOnlyList<nn.Module>> BackboneStages { get; }

    public nn.Module Head => classifier;

    // Computed, not a field: RegisterComponents would register a field as a second name for classifier.6.
    public Linear Classifier => (Linear)classifier[^1];

    public IReadOnlyList<string> ReplacedKeys { get; } = ["classifier.6.weight", "classifier.6.bias"];

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var x = nn.functional.adaptive_avg_pool2d(features.forward(input), [7, 7]).flatten(1);
        return classifier.forward(x).MoveToOuterDisposeScope();
    }
}
