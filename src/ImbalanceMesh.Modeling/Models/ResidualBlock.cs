using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ImbalanceMesh.Modeling.Models;

/// <summary>Basic two-conv residual block; a 1×1 projection shortcut when the shape changes.</summary>
internal sealed class ResidualBlock : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d conv1;
    private readonly BatchNorm2d bn1;
    private readonly Conv2d conv2;
    private readonly BatchNorm2d bn2;
    private readonly Sequential shortcut;

    public ResidualBlock(int input, int output, int stride) : base("block")
    {
        conv1 = nn.Conv2d(input, output, 3, stride: stride, padding: 1, bias: false);
        bn1 = nn.BatchNorm2d(output);
        conv2 = nn.Conv2d(output, output, 3, padding: 1, bias: false);
        bn2 = nn.BatchNorm2d(output);
        shortcut = stride != 1 || input != output
            ? nn.Sequential(nn.Conv2d(input, output, 1, stride: stride, bias: false), nn.BatchNorm2d(output))
            : nn.Sequential();
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var x = nn.functional.relu(bn1.forward(conv1.forward(input)));
        x = bn2.forward(conv2.forward(x));
        return nn.functional.relu(x + shortcut.forward(input)).MoveToOuterDisposeScope();
    }
}
