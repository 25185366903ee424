using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ImbalanceMesh.Modeling.Models;

/// <summary>
/// torchvision's ResNet Bottleneck (V1.5: the stride sits on the 3×3 convolution); 1×1 → 3×3 → 1×1 with four times the
/// planes out; keys conv1..3, bn1..3, downsample.0/.1.
/// </summary>
internal sealed class TorchvisionBottleneck : nn.Module<Tensor, Tensor>
{
    public const int Expansion = 4;

    private readonly Conv2d conv1;
    private readonly BatchNorm2d bn1;
    private readonly Conv2d conv2;
    private readonly BatchNorm2d bn2;
    private readonly Conv2d conv3;
    private readonly BatchNorm2d bn3;
    private readonly Sequential? downsample;

    public TorchvisionBottleneck(int input, int planes, int stride, Sequential? downsample) : base("Bottleneck")
    {
        conv1 = nn.Conv2d(input, planes, 1, bias: false);
        bn1 = nn.BatchNorm2d(planes);
        conv2 = nn.Conv2d(planes, planes, 3, stride: stride, padding: 1, bias: false);
        bn2 = nn.BatchNorm2d(planes);
        conv3 = nn.Conv2d(planes, planes * Expansion, 1, bias: false);
        bn3 = nn.BatchNorm2d(planes * Expansion);
        this.downsample = downsample;
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var x = nn.functional.relu(bn1.forward(conv1.forward(input)));
        x = nn.functional.relu(bn2.forward(conv2.forward(x)));
        x = bn3.forward(conv3.forward(x));
        var identity = downsample is null ? input : downsample.forward(input);
        return nn.functional.relu(x + identity).MoveToOuterDisposeScope();
    }
}
