using ImbalanceMesh.Modeling.Models;
using ImbalanceMesh.Modeling.Runtime;
using ImbalanceMesh.Modeling.Transfer;
using ImbalanceMesh.Testing.Torchvision;
using static TorchSharp.torch;

namespace ImbalanceMesh.Modeling.Tests.Transfer;

/// <summary>
/// The TorchSharp backbones are torchvision's networks: a state dict PyTorch wrote (random weights, fixed seed,
/// batch-norm statistics from real passes) loads with the strict name and shape checks, and the eval-mode logits on
/// PyTorch's own input equal PyTorch's to 1e-4. 64 px inputs keep vgg16 and resnet50 quick.
/// </summary>
public sealed class TorchvisionEqualityTests
{
    public TorchvisionEqualityTests()
    {
        TorchRuntime.EnsureInitialized();
        TorchRuntime.SetThreads(2);
    }

    [Theory]
    [InlineData("resnet18", "pth")]
    [InlineData("resnet18", "safetensors")]
    [InlineData("resnet34", "pth")]
    [InlineData("resnet50", "safetensors")]
    [InlineData("vgg16", "pth")]
    public void Logits_equal_pytorch_in_eval_mode(string architecture, string format)
    {
        using var checkpoint = TorchvisionCheckpoint.Create(architecture, format, size: 64, batch: 2, classes: 1000);
        using var model = ModelFactory.Create(new ModelSpec(architecture, ModelSpec.DefaultWidth, checkpoint.Classes, 3, checkpoint.Size));
        using (var file = File.OpenRead(checkpoint.StatePath)) PretrainedLoader.Load(model, file, Path.GetFileName(checkpoint.StatePath));
        CopyHead(model, checkpoint.StatePath);
        model.eval();

        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var logits = model.forward(tensor(checkpoint.Input, [checkpoint.Batch, 3, checkpoint.Size, checkpoint.Size]));
        Assert.Equal([checkpoint.Batch, checkpoint.Classes], logits.shape);
        var expected = tensor(checkpoint.Logits, [checkpoint.Batch, checkpoint.Classes]);
        var difference = (logits - expected).abs().max().item<float>();
        Assert.True(difference <= 1e-4f,
            $"{architecture}: largest |logit difference| to PyTorch {difference:E2} (logits up to {expected.abs().max().item<float>():F3})");
    }

    /// <summary>Loading replaces the head; to compare whole networks the test puts PyTorch's head back.</summary>
    private static void CopyHead(nn.Module<Tensor, Tensor> model, string path)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        using var file = File.OpenRead(path);
        var source = StateDictFile.Read(file, path);
        var target = model.state_dict();
        foreach (var key in ((ITransferNetwork)model).ReplacedKeys) target[key].copy_(source[key]);
    }
}
