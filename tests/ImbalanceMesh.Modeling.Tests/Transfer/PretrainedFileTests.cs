using ImbalanceMesh.Modeling.Models;
using ImbalanceMesh.Modeling.Runtime;
using ImbalanceMesh.Modeling.Transfer;
using ImbalanceMesh.Testing.Torchvision;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace ImbalanceMesh.Modeling.Tests.Transfer;

/// <summary>Files that are not a fitting state dict are refused with a message naming the file's problem or the first bad key.</summary>
public sealed class PretrainedFileTests
{
    public PretrainedFileTests() => TorchRuntime.EnsureInitialized();

    private static nn.Module<Tensor, Tensor> Resnet18(int classes = 5) => ModelFactory.Create(new ModelSpec("resnet18", 16, classes, 3, 32));

    [Fact]
    public void Another_architectures_state_dict_names_the_first_key_resnet18_lacks()
    {
        using var checkpoint = TorchvisionCheckpoint.Create("resnet34", "pth", size: 32);
        using var model = Resnet18();
        var error = Refused(model, File.ReadAllBytes(checkpoint.StatePath));
        Assert.Contains("key 'layer1.2.bn1.bias'", error);
        Assert.Contains("is not part of resnet18", error);
    }

    [Fact]
    public void A_truncated_pth_is_refused_as_unreadable()
    {
        using var checkpoint = TorchvisionCheckpoint.Create("resnet18", "pth", size: 32);
        var bytes = File.ReadAllBytes(checkpoint.StatePath);
        using var model = Resnet18();
        Assert.Contains("not a readable torch.save state dict", Refused(model, bytes[..(bytes.Length / 2)]));
    }

    [Fact]
    public void A_truncated_safetensors_file_is_refused()
    {
        using var model = Resnet18();
        var bytes = Safetensors(model);
        using var other = Resnet18();
        Assert.Contains("truncated", Refused(other, bytes[..(bytes.Length / 2)]));
        Assert.Contains("truncated", Refused(other, bytes[..100]));
    }

    [Fact]
    public void A_missing_key_is_named()
    {
        using var model = Resnet18();
        var bytes = Safetensors(model, skip: ["layer3.1.bn2.running_var"]);
        using var other = Resnet18();
        Assert.Contains("key 'layer3.1.bn2.running_var' [256] is missing", Refused(other, bytes));
    }

    [Fact]
    public void An_extra_key_is_named()
    {
        using var model = Resnet18();
        using var scope = NewDisposeScope();
        var state = model.state_dict().ToDictionary(e => e.Key, e => e.Value);
        state["layer5.0.conv1.weight"] = zeros(4, 4);
        Assert.Contains("key 'layer5.0.conv1.weight' [4, 4] is not part of resnet18", Refused(model, Write(state)));
    }

    [Fact]
    public void A_wrongly_shaped_backbone_key_is_named_but_the_head_may_differ()
    {
        using var thousand = Resnet18(classes: 1000);
        using var model = Resnet18(classes: 5);
        using (var stream = new MemoryStream(Safetensors(thousand))) PretrainedLoader.Load(model, stream, "head-differs");

        using var scope = NewDisposeScope();
        var state = thousand.state_dict().ToDictionary(e => e.Key, e => e.Value);
        state["conv1.weight"] = zeros(64, 1, 7, 7);
        Assert.Contains("key 'conv1.weight' is [64, 1, 7, 7] in the file but resnet18 needs [64, 3, 7, 7]", Refused(model, Write(state)));
    }

    [Fact]
    public void Neither_format_is_refused()
    {
        using var model = Resnet18();
        Assert.Contains("neither a torch.save zip file (.pth) nor a safetensors file", Refused(model, "hello, not weights"u8.ToArray()));
    }

    [Fact]
    public void Loaded_weights_are_the_files_and_the_head_keeps_its_own()
    {
        using var source = Resnet18(classes: 1000);
        using var model = Resnet18(classes: 5);
        var headBefore = model.state_dict()["fc.weight"].clone();
        using (var stream = new MemoryStream(Safetensors(source))) PretrainedLoader.Load(model, stream, "resnet18");
        Assert.True(model.state_dict()["layer4.1.conv2.weight"].eq(source.state_dict()["layer4.1.conv2.weight"]).all().item<bool>());
        Assert.True(model.state_dict()["fc.weight"].eq(headBefore).all().item<bool>());
    }

    private static string Refused(nn.Module<Tensor, Tensor> model, byte[] bytes)
    {
        using var stream = new MemoryStream(bytes);
        return Assert.Throws<PretrainedWeightsException>(() => PretrainedLoader.Load(model, stream, "file")).Message;
    }

    private static byte[] Safetensors(nn.Module model, IList<string>? skip = null)
    {
        using var stream = new MemoryStream();
        model.save_safetensors(stream, skip, leaveOpen: true);
        return stream.ToArray();
    }

    private static byte[] Write(Dictionary<string, Tensor> state)
    {
        using var stream = new MemoryStream();
        TorchSharp.PyBridge.Safetensors.SaveStateDict(stream, state, leaveOpen: true);
        return stream.ToArray();
    }
}
