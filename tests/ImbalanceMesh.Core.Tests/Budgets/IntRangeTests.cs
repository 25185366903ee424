using ImbalanceMesh.Core.Budgets;
using Xunit;

namespace ImbalanceMesh.Core.Tests.Budgets;

public class IntRangeTests
{
    [Fact]
    public void Values_at_both_ends_are_inside_and_a_problem_names_the_field_the_range_and_the_value()
    {
        var range = new IntRange("epochs", 1, 1000);
        Assert.Null(range.Problem(1));
        Assert.Null(range.Problem(1000));
        Assert.Equal("epochs must be 1..1000, got 0", range.Problem(0));
        Assert.Equal("--epochs must be 1..1000, got 1001", range.Problem(1001, "--epochs"));
    }

    [Fact]
    public void Threads_allow_zero_for_the_service_default_and_at_most_the_cap()
    {
        Assert.Null(TrainingRanges.Threads(2).Problem(0));
        Assert.Null(TrainingRanges.Threads(2).Problem(2));
        Assert.Equal("threads must be 0..2, got 100000", TrainingRanges.Threads(2).Problem(100_000));
        Assert.Equal("threads must be 0..2, got -1", TrainingRanges.Threads(2).Problem(-1));
    }

    [Fact]
    public void Training_needs_at_least_8_pixel_images_while_a_plan_takes_any_size_up_to_1024()
    {
        Assert.NotNull(TrainingRanges.ImageSize.Problem(1));
        Assert.Null(TrainingRanges.ImageSize.Problem(8));
        Assert.Null(PlanRanges.ImageSize.Problem(1));
        Assert.NotNull(PlanRanges.ImageSize.Problem(1025));
        Assert.NotNull(PlanRanges.Epochs.Problem(0));
    }
}
