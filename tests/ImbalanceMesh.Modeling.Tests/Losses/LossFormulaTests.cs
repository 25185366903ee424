using ImbalanceMesh.Modeling.Losses;
using ImbalanceMesh.Modeling.Runtime;
using static TorchSharp.torch;

namespace ImbalanceMesh.Modeling.Tests.Losses;

public sealed class LossFormulaTests
{
    private static readonly float[,] Logits = { { 2.0f, 0.5f, -1.0f }, { 0.1f, 0.2f, 0.3f }, { -0.5f, 1.5f, 0.0f }, { 1.0f, -2.0f, 3.0f } };
    private static readonly long[] Labels = [0, 2, 1, 2];

    public LossFormulaTests() => TorchRuntime.EnsureInitialized();

    private static Tensor LogitTensor() => tensor(Logits);
    private static Tensor LabelTensor() => tensor(Labels);

    private static double LogSoftmax(int row, int column)
    {
        var max = Enumerable.Range(0, 3).Max(k => Logits[row, k]);
        var sum = Enumerable.Range(0, 3).Sum(k => Math.Exp(Logits[row, k] - max));
        return Logits[row, column] - max - Math.Log(sum);
    }

    [Fact]
    public void Weighted_cross_entropy_matches_its_formula()
    {
        double[] weights = [0.5, 2.0, 1.5];
        var numerator = 0.0;
        var denominator = 0.0;
        for (var i = 0; i < Labels.Length; i++)
        {
            var w = weights[Labels[i]];
            numerator += w * -LogSoftmax(i, (int)Labels[i]);
            denominator += w;
        }
        using var logits = LogitTensor();
        using var labels = LabelTensor();
        using var value = new CrossEntropyLoss(3, weights).Compute(logits, labels);
        Assert.Equal(numerator / denominator, value.item<float>(), 5);
    }

    [Fact]
    public void Unweighted_cross_entropy_matches_libtorch()
    {
        using var logits = LogitTensor();
        using var labels = LabelTensor();
        using var ours = new CrossEntropyLoss(3).Compute(logits, labels);
        using var reference = nn.functional.cross_entropy(logits, labels);
        Assert.Equal(reference.item<float>(), ours.item<float>(), 5);
    }

    [Fact]
    public void Label_smoothing_matches_libtorch()
    {
        using var logits = LogitTensor();
        using var labels = LabelTensor();
        using var ours = new CrossEntropyLoss(3, labelSmoothing: 0.1).Compute(logits, labels);
        using var reference = nn.functional.cross_entropy(logits, labels, label_smoothing: 0.1);
        Assert.Equal(reference.item<float>(), ours.item<float>(), 5);
    }

    [Fact]
    public void Focal_with_gamma_zero_equals_cross_entropy()
    {
        using var logits = LogitTensor();
        using var labels = LabelTensor();
        using var focal = new FocalLoss(3, gamma: 0).Compute(logits, labels);
        using var ce = new CrossEntropyLoss(3).Compute(logits, labels);
        Assert.Equal(ce.item<float>(), focal.item<float>(), 6);
    }

    [Fact]
    public void Focal_with_gamma_two_down_weights_easy_examples_per_its_formula()
    {
        var expected = Enumerable.Range(0, Labels.Length).Average(i =>
        {
            var logP = LogSoftmax(i, (int)Labels[i]);
            return Math.Pow(1 - Math.Exp(logP), 2) * -logP;
        });
        using var logits = LogitTensor();
        using var labels = LabelTensor();
        using var focal = new FocalLoss(3, gamma: 2).Compute(logits, labels);
        Assert.Equal(expected, focal.item<float>(), 5);
    }

    public static TheoryData<string> AllLosses => new(LossFactory.Names);

    [Theory]
    [MemberData(nameof(AllLosses))]
    public void Soft_one_hot_targets_give_the_same_loss_as_hard_labels(string name)
    {
        var loss = LossFactory.Create(Options(name));
        using var logits = LogitTensor();
        using var labels = LabelTensor();
        using var oneHot = nn.functional.one_hot(labels, 3).to(ScalarType.Float32);
        using var hard = loss.Compute(logits, labels, epoch: 5);
        using var soft = loss.Compute(logits, oneHot, epoch: 5);
        Assert.Equal(hard.item<float>(), soft.item<float>(), 6);
    }

    [Fact]
    public void Logit_adjusted_loss_adds_tau_log_prior_to_the_logits()
    {
        long[] counts = [100, 10, 1];
        var total = counts.Sum();
        var adjusted = new float[4, 3];
        for (var i = 0; i < 4; i++)
            for (var k = 0; k < 3; k++)
                adjusted[i, k] = Logits[i, k] + (float)(0.5 * Math.Log(counts[k] / (double)total));
        using var logits = LogitTensor();
        using var labels = LabelTensor();
        using var shifted = tensor(adjusted);
        using var ours = new LogitAdjustedLoss(3, counts, tau: 0.5).Compute(logits, labels);
        using var reference = nn.functional.cross_entropy(shifted, labels);
        Assert.Equal(reference.item<float>(), ours.item<float>(), 5);
    }

    [Fact]
    public void Ldam_margins_follow_quarter_power_and_drw_switches_weights_on()
    {
        long[] counts = [10000, 16, 1];
        var loss = new LdamLoss(3, counts, maxMargin: 0.5, scale: 1, deferredWeights: [0.1, 1, 3], drwStartEpoch: 2);
        Assert.Equal(0.5, loss.Margins[2], 10);
        Assert.Equal(0.25, loss.Margins[1], 10);
        Assert.Equal(0.05, loss.Margins[0], 10);
        using var logits = LogitTensor();
        using var labels = LabelTensor();
        using var before = loss.Compute(logits, labels, epoch: 1);
        using var after = loss.Compute(logits, labels, epoch: 2);
        Assert.NotEqual(before.item<float>(), after.item<float>(), 3);
    }

    [Fact]
    public void Deferred_reweighting_is_plain_cross_entropy_then_weighted_cross_entropy()
    {
        double[] weights = [0.5, 2.0, 1.5];
        var loss = LossFactory.Create(new LossOptions
        {
            Name = "ce", Classes = 3, DeferredReweighting = true, DrwStartEpoch = 2, EffectiveNumberWeights = weights,
        });
        using var logits = LogitTensor();
        using var labels = LabelTensor();
        using var before = loss.Compute(logits, labels, epoch: 1);
        using var plain = new CrossEntropyLoss(3).Compute(logits, labels);
        using var after = loss.Compute(logits, labels, epoch: 2);
        using var weighted = new CrossEntropyLoss(3, weights).Compute(logits, labels);
        Assert.Equal(plain.item<float>(), before.item<float>(), 6);
        Assert.Equal(weighted.item<float>(), after.item<float>(), 6);
        Assert.NotEqual(before.item<float>(), after.item<float>(), 3);
    }

    [Fact]
    public void Wrong_shapes_and_class_counts_are_rejected_with_a_message()
    {
        using var logits = LogitTensor();
        using var labels = tensor(new long[] { 0, 1 });
        Assert.Contains("2 labels for 4", Assert.Throws<ArgumentException>(() => new CrossEntropyLoss(3).Compute(logits, labels)).Message);
        Assert.Contains("has 2 entries but the model has 3 classes",
            Assert.Throws<ArgumentException>(() => new CrossEntropyLoss(3, [1.0, 2.0])).Message);
        Assert.Contains("unknown loss 'hinge'",
            Assert.Throws<ArgumentException>(() => LossFactory.Create(Options("hinge"))).Message);
    }

    internal static LossOptions Options(string name) => new()
    {
        Name = name,
        Classes = 3,
        ClassCounts = [60, 30, 10],
        ClassWeights = [0.55, 1.1, 3.3],
        EffectiveNumberWeights = [0.6, 0.9, 1.5],
        FocalGamma = 2,
        FocalAlpha = [0.25, 0.5, 1.0],
        DrwStartEpoch = 1,
    };
}
