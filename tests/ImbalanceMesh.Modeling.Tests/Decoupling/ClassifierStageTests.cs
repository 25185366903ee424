using ImbalanceMesh.Modeling.Decoupling;
using ImbalanceMesh.Modeling.Losses;
using ImbalanceMesh.Modeling.Models;
using ImbalanceMesh.Modeling.Optimization;
using ImbalanceMesh.Modeling.Runtime;
using ImbalanceMesh.Modeling.Training;
using ImbalanceMesh.Modeling.Transfer;
using static TorchSharp.torch;

namespace ImbalanceMesh.Modeling.Tests.Decoupling;

public sealed class ClassifierStageTests
{
    public ClassifierStageTests()
    {
        TorchRuntime.EnsureInitialized();
        TorchRuntime.SetThreads(2);
    }

    [Theory]
    [InlineData("cnn", 1, "classifier.")]
    [InlineData("resnet20", 1, "classifier.")]
    [InlineData("resnet18", 3, "fc.")]
    public void A_crt_step_changes_only_the_re_initialised_classifier_and_no_batch_norm_statistics(string architecture, int channels, string classifier)
    {
        manual_seed(4);
        var model = ModelFactory.Create(new ModelSpec(architecture, 16, 3, channels, 32));
        using var inputs = randn(6, channels, 32, 32);
        using var labels = tensor(new long[] { 0, 1, 2, 1, 0, 2 });
        using (var joint = new ModelTrainer(model, Ce(), OptimizerFactory.Create(new OptimizerOptions("adamw", 1e-2), model.parameters()), CPU))
        {
            // A joint step first, so the batch norms have statistics a train-mode step would move.
            joint.Step(inputs, labels, epoch: 0, learningRate: 1e-2);
            var initial = Snapshot(model);
            ClassifierStage.Reinitialise(model, seed: 11);
            Assert.Equal([classifier + "bias", classifier + "weight"], Changed(initial, Snapshot(model)).Order());

            joint.Restart(Ce(), OptimizerFactory.Create(new OptimizerOptions("adamw", 1e-2), ClassifierStage.Classifier(model).parameters()));
            joint.Frozen = FrozenPart.AllButClassifier;
            var before = Snapshot(model);
            joint.Step(inputs, labels, epoch: 1, learningRate: 1e-2);
            joint.Step(inputs, labels, epoch: 1, learningRate: 1e-2);
            var changed = Changed(before, Snapshot(model));
            Assert.Equal([classifier + "bias", classifier + "weight"], changed.Order());
            Assert.All(model.parameters(), p => Assert.Equal(ClassifierStage.Classifier(model).parameters().Any(c => c.Handle == p.Handle), p.requires_grad));

            joint.Frozen = FrozenPart.None;
            Assert.All(model.parameters(), p => Assert.True(p.requires_grad));
        }
    }

    [Fact]
    public void Tau_normalisation_rescales_each_class_row_to_norm_to_the_one_minus_tau_and_keeps_directions_and_bias()
    {
        manual_seed(5);
        using var model = ModelFactory.Create(new ModelSpec("cnn", 16, 4, 1, 16));
        var linear = ClassifierStage.Classifier(model);
        using (no_grad()) linear.weight!.mul_(tensor(new float[] { 0.5f, 1, 2, 4 }).unsqueeze(1)); // rows of clearly different norms
        using (no_grad()) linear.bias!.copy_(tensor(new float[] { 0.1f, -0.2f, 0.3f, 0 }));
        using var original = linear.weight!.detach().clone();
        using var bias = linear.bias!.detach().clone();
        var norms = ClassifierStage.RowNorms(original);

        ClassifierStage.TauNormalise(model, original, 0.7);
        var after = ClassifierStage.RowNorms(linear.weight!);
        for (var j = 0; j < norms.Length; j++) Assert.Equal(Math.Pow(norms[j], 0.3), after[j], 4);
        using (var cosine = nn.functional.cosine_similarity(original, linear.weight!, 1))
            Assert.All(cosine.data<float>().ToArray(), c => Assert.Equal(1, c, 4));
        Assert.True(bias.eq(linear.bias!).all().item<bool>());

        ClassifierStage.TauNormalise(model, original, 1);
        Assert.All(ClassifierStage.RowNorms(linear.weight!), n => Assert.Equal(1, n, 4));
        ClassifierStage.TauNormalise(model, original, 0);
        Assert.True(original.allclose(linear.weight!));
    }

    private static ImbalanceLoss Ce() => LossFactory.Create(new LossOptions { Name = "ce", Classes = 3 });

    private static Dictionary<string, Tensor> Snapshot(nn.Module model) =>
        model.state_dict().ToDictionary(e => e.Key, e => e.Value.detach().clone());

    private static List<string> Changed(Dictionary<string, Tensor> before, Dictionary<string, Tensor> after)
    {
        var changed = before.Keys.Where(k => !before[k].eq(after[k]).all().item<bool>()).ToList();
        foreach (var t in before.Values.Concat(after.Values)) t.Dispose();
        return changed;
    }
}
