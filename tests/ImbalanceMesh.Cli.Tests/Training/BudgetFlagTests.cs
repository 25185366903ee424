using System.CommandLine;
using ImbalanceMesh.Cli.Commands.Plans;
using ImbalanceMesh.Cli.Commands.Training;

namespace ImbalanceMesh.Cli.Tests.Training;

/// <summary>
/// imesh refuses out-of-range numbers itself, with the services' own rules, before it sends anything: the service
/// addresses below answer nothing. The tests of this class capture Console.Error.
/// </summary>
public sealed class BudgetFlagTests
{
    private const string Nowhere = "http://127.0.0.1:1";

    private static async Task<(int Exit, string Error)> Imesh(params string[] args)
    {
        var error = new StringWriter();
        var previous = Console.Error;
        Console.SetError(error);
        try
        {
            var exit = await ImeshApp.BuildRoot().Parse([.. args, "--training", Nowhere, "--augmentation", Nowhere]).InvokeAsync();
            return (exit, error.ToString().Trim());
        }
        finally
        {
            Console.SetError(previous);
        }
    }

    [Theory]
    [InlineData("error: --epochs must be 1..1000, got 0", "train", "--dataset", "shapes", "--epochs", "0")]
    [InlineData("error: --epochs must be 1..1000, got 5000", "train", "--dataset", "shapes", "--epochs", "5000")]
    [InlineData("error: --image-size must be 8..256, got 1", "train", "--dataset", "shapes", "--image-size", "1")]
    [InlineData("error: --threads must be 0..2147483647, got -1", "train", "--dataset", "shapes", "--threads", "-1")]
    [InlineData("error: --validation-prior-adjustment must be a finite number >= 0 (1 = the whole correction), got -1", "train", "--dataset", "shapes", "--validation-prior-adjustment", "-1")]
    [InlineData("error: --batch-size must be 1..4096, got 0", "plan", "create", "--dataset", "shapes", "--batch-size", "0")]
    [InlineData("error: --image-size must be 1..1024, got 4096", "plan", "create", "--dataset", "shapes", "--image-size", "4096")]
    [InlineData("error: --epochs must be 1..100000, got 0", "plan", "create", "--dataset", "shapes", "--epochs", "0")]
    public async Task Out_of_range_numbers_are_refused_before_anything_is_sent(string expected, params string[] args)
    {
        var (exit, error) = await Imesh(args);
        Assert.Equal(1, exit);
        Assert.Equal(expected, error);
    }

    [Fact]
    public void Loss_and_optimizer_flags_left_out_stay_unset_and_a_given_zero_is_sent_as_zero()
    {
        var command = new Command("train");
        foreach (var option in TrainOptions.All) command.Options.Add(option);
        var plan = new PlanOptions();
        plan.AddTo(command, includeDataset: false);
        using var unset = new CliContext(command.Parse(["--dataset", "shapes"]));
        using var zeros = new CliContext(command.Parse(["--dataset", "shapes", "--focal-gamma", "0", "--momentum", "0", "--drw-start-epoch", "0"]));

        var defaults = TrainOptions.ToSpec(unset, plan);
        var given = TrainOptions.ToSpec(zeros, plan);

        Assert.False(defaults.Loss.HasFocalGamma || defaults.Optimizer.HasMomentum || defaults.Loss.HasDrwStartEpoch || defaults.Optimizer.HasLearningRate);
        Assert.True(given.Loss.HasFocalGamma && given.Optimizer.HasMomentum && given.Loss.HasDrwStartEpoch);
        Assert.Equal((0.0, 0.0, 0), (given.Loss.FocalGamma, given.Optimizer.Momentum, given.Loss.DrwStartEpoch));
    }
}
