using ImbalanceMesh.Modeling.Losses;
using ImbalanceMesh.Modeling.Models;
using ImbalanceMesh.Modeling.Optimization;
using ImbalanceMesh.Modeling.Runtime;
using ImbalanceMesh.Modeling.Training;
using ImbalanceMesh.Modeling.Transfer;
using static TorchSharp.torch;

namespace ImbalanceMesh.Modeling.Tests.Transfer;

public sealed class FineTuningTests
{
    public FineTuningTests()
    {
        TorchRuntime.EnsureInitialized();
        TorchRuntime.SetThreads(2);
    }

    [Theory]
    [InlineData("resnet18")]
    public void A_frozen_step_changes_only_the_head_and_an_unfrozen_step_the_backbone_too(string architecture)
    {
        manual_seed(3);
        var model = ModelFactory.Create(new ModelSpec(architecture, 16, 3, 3, 32));
        var groups = FineTuning.Groups(model);
        using var trainer = new ModelTrainer(model, LossFactory.Create(new LossOptions { Name = "ce", Classes = 3 }),
            OptimizerFactory.Create(new OptimizerOptions("adamw", 1e-3, WeightDecay: 0.01), groups), CPU,
            groups.Select(g => g.RateScale).ToList());
        using var inputs = randn(4, 3, 32, 32);
        using var labels = tensor(new long[] { 0, 1, 2, 1 });
        var head = ((ITransferNetwork)model).Head.state_dict().Keys.Select(k => KeyOf(model, k)).ToHashSet();

        trainer.BackboneFrozen = true;
        var before = Snapshot(model);
        trainer.Step(inputs, labels, epoch: 0, learningRate: 1e-3);
        var changed = Changed(before, Snapshot(model));
        Assert.NotEmpty(changed);
        Assert.All(changed, key => Assert.Contains(key, head));
        Assert.Equal(head.Count(k => !k.Contains("running") && !k.Contains("num_batches")), changed.Count);

        trainer.BackboneFrozen = false;
        before = Snapshot(model);
        trainer.Step(inputs, labels, epoch: 1, learningRate: 1e-3);
        changed = Changed(before, Snapshot(model));
        var backboneChanged = changed.Where(k => !head.Contains(k)).ToList();
        Assert.Contains(backboneChanged, k => k.StartsWith(architecture == "vgg16" ? "features.0." : "conv1.", StringComparison.Ordinal));
        Assert.Contains(backboneChanged, k => k.StartsWith(architecture == "vgg16" ? "features.28." : "layer4.", StringComparison.Ordinal));
        if (architecture == "resnet18") Assert.Contains("bn1.running_mean", backboneChanged);
    }

    [Fact]
    public void Learning_rates_fall_from_a_tenth_next_to_the_head_to_a_hundredth_at_the_stem()
    {
        using var model = ModelFactory.Create(new ModelSpec("resnet34", 16, 3, 3, 32));
        var groups = FineTuning.Groups(model);
        Assert.Equal(6, groups.Count);
        Assert.Equal(1, groups[0].RateScale);
        Assert.Equal(0.01, groups[1].RateScale, 12);
        Assert.Equal(0.1, groups[^1].RateScale, 12);
        Assert.True(groups.Skip(1).Zip(groups.Skip(2)).All(p => p.First.RateScale < p.Second.RateScale));

        using var optimizer = OptimizerFactory.Create(new OptimizerOptions("sgd", 0.1), groups);
        OptimizerFactory.SetLearningRate(optimizer, 0.5, groups.Select(g => g.RateScale).ToList());
        Assert.Equal(groups.Select(g => 0.5 * g.RateScale), optimizer.ParamGroups.Select(g => g.LearningRate));
    }

    private static string KeyOf(nn.Module model, string headKey) =>
        model.state_dict().Keys.Single(k => k.EndsWith("." + headKey, StringComparison.Ordinal) && (k.StartsWith("fc.", StringComparison.Ordinal) || k.StartsWith("classifier.", StringComparison.Ordinal)));

    private static Dictionary<string, Tensor> Snapshot(nn.Module model) =>
        model.state_dict().ToDictionary(e => e.Key, e => e.Value.detach().clone());

    private static List<string> Changed(Dictionary<string, Tensor> before, Dictionary<string, Tensor> after)
    {
        var changed = before.Keys.Where(k => !before[k].eq(after[k]).all().item<bool>()).ToList();
        foreach (var t in before.Values.Concat(after.Values)) t.Dispose();
        return changed;
    }
}
