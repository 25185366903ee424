using ImbalanceMesh.Modeling.Losses;
using ImbalanceMesh.Modeling.Models;
using ImbalanceMesh.Modeling.Optimization;
using ImbalanceMesh.Modeling.Runtime;
using ImbalanceMesh.Modeling.Training;
using static TorchSharp.torch;

namespace ImbalanceMesh.Modeling.Tests.Losses;

/// <summary>A tiny CNN learns an imbalanced, separable 8×8 problem (bright quadrant = class) with every loss.</summary>
public sealed class LossLearningTests
{
    private const int Classes = 3;
    private const int Size = 8;

    public LossLearningTests()
    {
        TorchRuntime.EnsureInitialized();
        TorchRuntime.SetThreads(2);
    }

    public static TheoryData<string> AllLosses => new(LossFactory.Names);

    [Theory]
    [MemberData(nameof(AllLosses))]
    public void Learns_a_separable_problem_well_above_chance(string name)
    {
        manual_seed(7);
        var random = new Random(11);
        var (trainX, trainY) = Synthetic(random, [60, 30, 10]);
        var (testX, testY) = Synthetic(random, [30, 30, 30]);
        using var _x = trainX; using var _y = trainY; using var _tx = testX; using var _ty = testY;
        var model = ModelFactory.Create(new ModelSpec("cnn", 16, Classes, 1, Size));
        var loss = LossFactory.Create(LossFormulaTests.Options(name) with { FocalAlpha = null });
        using var trainer = new ModelTrainer(model, loss,
            OptimizerFactory.Create(new OptimizerOptions("adam", 0.01), model.parameters()), CPU);
        for (var step = 0; step < 40; step++)
        {
            using var scope = NewDisposeScope();
            var pick = randint(0, 100, [32], dtype: ScalarType.Int64);
            trainer.Step(trainX.index_select(0, pick), trainY.index_select(0, pick), epoch: step / 10, learningRate: 0.01);
        }
        var predicted = trainer.Predict(testX);
        var truth = testY.data<long>().ToArray();
        var accuracy = predicted.Zip(truth).Count(p => p.First == p.Second) / (double)truth.Length;
        Assert.True(accuracy > 0.8, $"{name}: balanced test accuracy {accuracy:P0}, chance is 33%");
    }

    private static (Tensor X, Tensor Y) Synthetic(Random random, int[] counts)
    {
        var total = counts.Sum();
        var pixels = new float[total * Size * Size];
        var labels = new long[total];
        var i = 0;
        for (var c = 0; c < counts.Length; c++)
        {
            for (var n = 0; n < counts[c]; n++, i++)
            {
                labels[i] = c;
                for (var y = 0; y < Size; y++)
                    for (var x = 0; x < Size; x++)
                    {
                        var h = Size / 2; var lit = c switch { 0 => y < h && x < h, 1 => y < h && x >= h, _ => y >= h };
                        pixels[(i * Size + y) * Size + x] = (lit ? 1f : 0f) + (float)(random.NextDouble() - 0.5) * 0.6f;
                    }
            }
        }
        return (tensor(pixels, [total, 1, Size, Size]), tensor(labels));
    }
}
