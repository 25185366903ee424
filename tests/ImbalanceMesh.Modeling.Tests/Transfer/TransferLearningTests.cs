using ImbalanceMesh.Core.Batches;
using ImbalanceMesh.Imaging.Decoding;
using ImbalanceMesh.Imaging.Demo;
using ImbalanceMesh.Imaging.Preprocessing;
using ImbalanceMesh.Modeling.Losses;
using ImbalanceMesh.Modeling.Models;
using ImbalanceMesh.Modeling.Optimization;
using ImbalanceMesh.Modeling.Runtime;
using ImbalanceMesh.Modeling.Training;
using ImbalanceMesh.Modeling.Transfer;
using TorchSharp.PyBridge;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace ImbalanceMesh.Modeling.Tests.Transfer;

/// <summary>
/// A resnet18 first trained here on one long-tailed set (circle vs triangle, 10:1) and saved as a PyTorch state dict
/// learns another long-tailed set (square vs triangle, 8:1, new head, squares never seen) in fewer epochs than the
/// same network from scratch. Tiny on purpose: 32 px demo shapes, a few hundred images.
/// </summary>
public sealed class TransferLearningTests(ITestOutputHelper output)
{
    private const int Size = 32;
    private const int TargetEpochs = 4;
    private const double Goal = 0.75;

    [Fact]
    public void A_resnet18_pretrained_on_one_long_tailed_set_reaches_the_goal_on_another_in_fewer_epochs()
    {
        TorchRuntime.EnsureInitialized();
        TorchRuntime.SetThreads(2);
        var source = Load(["circle", "triangle"], new() { ["circle"] = 120, ["triangle"] = 12 }, seed: 11);
        var target = Load(["square", "triangle"], new() { ["square"] = 64, ["triangle"] = 8 }, seed: 12);
        var test = Load(["square", "triangle"], new() { ["square"] = 30, ["triangle"] = 30 }, seed: 13);

        manual_seed(1);
        var pretrained = Path.Combine(Directory.CreateTempSubdirectory("imesh-transfer-").FullName, "shapes-resnet18.pth");
        using (var trainer = Trainer(classes: 2, groups: null))
        {
            for (var epoch = 0; epoch < 3; epoch++) Epoch(trainer, source, epoch);
            trainer.Model.save_py(pretrained);
        }

        manual_seed(2);
        using var scratch = Trainer(classes: 2, groups: null);
        var scratchCurve = Curve(scratch, target, test, freezeEpochs: 0);

        manual_seed(2);
        var model = ModelFactory.Create(new ModelSpec("resnet18", 16, 2, 3, Size));
        using (var file = File.OpenRead(pretrained)) PretrainedLoader.Load(model, file, "shapes-resnet18.pth");
        using var transfer = Trainer(classes: 2, groups: FineTuning.Groups(model), model);
        var transferCurve = Curve(transfer, target, test, freezeEpochs: 1);
        File.Delete(pretrained);

        output.WriteLine($"balanced accuracy per epoch, scratch:  {string.Join(" ", scratchCurve.Select(a => a.ToString("F3")))}");
        output.WriteLine($"balanced accuracy per epoch, transfer: {string.Join(" ", transferCurve.Select(a => a.ToString("F3")))}");
        var scratchEpochs = EpochsTo(scratchCurve);
        var transferEpochs = EpochsTo(transferCurve);
        Assert.True(transferEpochs <= TargetEpochs && transferEpochs < scratchEpochs,
            $"epochs to balanced accuracy {Goal}: transfer {transferEpochs}, scratch {scratchEpochs} (more than {TargetEpochs} = never); " +
            $"scratch {string.Join(" ", scratchCurve.Select(a => a.ToString("F2")))}, transfer {string.Join(" ", transferCurve.Select(a => a.ToString("F2")))}");
    }

    private static int EpochsTo(IReadOnlyList<double> curve) =>
        curve.Select((accuracy, i) => (accuracy, i)).FirstOrDefault(p => p.accuracy >= Goal, (0, TargetEpochs)).Item2 + 1;

    private static ModelTrainer Trainer(int classes, IReadOnlyList<ParameterGroup>? groups, nn.Module<Tensor, Tensor>? model = null)
    {
        model ??= ModelFactory.Create(new ModelSpec("resnet18", 16, classes, 3, Size));
        var options = new OptimizerOptions("adamw", 0.003, WeightDecay: 0.0005);
        return groups is null
            ? new ModelTrainer(model, Loss(classes), OptimizerFactory.Create(options, model.parameters()), CPU)
            : new ModelTrainer(model, Loss(classes), OptimizerFactory.Create(options, groups), CPU, groups.Select(g => g.RateScale).ToList());
    }

    private static ImbalanceLoss Loss(int classes) => LossFactory.Create(new LossOptions { Name = "ce", Classes = classes });

    private static List<double> Curve(ModelTrainer trainer, (Tensor X, Tensor Y) train, (Tensor X, Tensor Y) test, int freezeEpochs)
    {
        var curve = new List<double>();
        for (var epoch = 0; epoch < TargetEpochs; epoch++)
        {
            if (freezeEpochs > 0) trainer.BackboneFrozen = epoch < freezeEpochs;
            Epoch(trainer, train, epoch);
            curve.Add(BalancedAccuracy(trainer.Predict(test.X), test.Y.data<long>().ToArray()));
        }
        return curve;
    }

    /// <summary>Class-balanced batches of 16 (the rare class drawn as often as the common one), one pass over the common class.</summary>
    private static void Epoch(ModelTrainer trainer, (Tensor X, Tensor Y) set, int epoch)
    {
        var labels = set.Y.data<long>().ToArray();
        var byClass = labels.Select((label, i) => (label, i)).GroupBy(p => p.label).Select(g => g.Select(p => (long)p.i).ToArray()).ToArray();
        var perClass = byClass.Max(c => c.Length);
        var random = new Random(epoch);
        var picks = byClass.SelectMany(c => Enumerable.Range(0, perClass).Select(k => c[k % c.Length])).OrderBy(_ => random.Next()).ToArray();
        for (var start = 0; start < picks.Length; start += 16)
        {
            using var scope = NewDisposeScope();
            var index = tensor(picks[start..Math.Min(start + 16, picks.Length)]);
            trainer.Step(set.X.index_select(0, index), set.Y.index_select(0, index), epoch, 0.003);
        }
    }

    private static double BalancedAccuracy(long[] predicted, long[] truth) =>
        truth.Distinct().Average(c => predicted.Where((p, i) => truth[i] == c).Count(p => p == c) / (double)truth.Count(t => t == c));

    private static (Tensor X, Tensor Y) Load(string[] classes, Dictionary<string, int> counts, long seed)
    {
        var decoder = new ImageDecoder();
        var pixels = new List<float>();
        var labels = new List<long>();
        foreach (var image in DemoDataset.Generate(counts, Size, seed))
        {
            var planes = ImagePreprocessor.HwcToChw(decoder.Decode(image.Png).Image!.Pixels, 3);
            pixels.AddRange(PixelNormalization.Normalize(planes, 3, Size * Size, [0.5f, 0.5f, 0.5f], [0.5f, 0.5f, 0.5f]));
            labels.Add(Array.IndexOf(classes, image.ClassName));
        }
        return (tensor(pixels.ToArray(), [labels.Count, 3, Size, Size]), tensor(labels.ToArray()));
    }
}
