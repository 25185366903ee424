using ImbalanceMesh.Core.Batches;
using ImbalanceMesh.Core.Budgets;
using Xunit;

namespace ImbalanceMesh.Core.Tests.Budgets;

public class BatchBudgetTests
{
    [Fact]
    public void The_largest_batch_is_the_smaller_of_the_batch_budget_and_the_cache_share_of_one_window_slot()
    {
        Assert.Equal(1000, new BatchBudget(1000, 1_000_000, 4).LargestBatchBytes);
        Assert.Equal(200_000, new BatchBudget(1_000_000, 1_000_000, 4).LargestBatchBytes);
        Assert.Equal(1, new BatchBudget(10, 10, -3).WindowBatches);
    }

    [Fact]
    public void Over_budget_means_strictly_more_than_the_limit()
    {
        var budget = new BatchBudget(1000, 5000, 4);
        Assert.False(budget.OverBatchBudget(1000));
        Assert.True(budget.OverBatchBudget(1001));
        Assert.False(budget.OverCacheBudget(1000));
        Assert.True(budget.OverCacheBudget(1001));
    }

    [Theory]
    [InlineData(BatchPixelFormat.UInt8)]
    [InlineData(BatchPixelFormat.Float16)]
    public void The_largest_batch_size_fits_and_one_more_image_does_not(BatchPixelFormat format)
    {
        var budget = new BatchBudget(33_554_432, 512L * 1024 * 1024, 4);
        var n = budget.LargestBatchSize(3, 224, 224, 10, format);
        Assert.True(n > 0);
        Assert.True(BatchFormat.Length((int)n, 3, 224, 224, 10, format) <= budget.LargestBatchBytes);
        Assert.True(BatchFormat.Length((int)n + 1, 3, 224, 224, 10, format) > budget.LargestBatchBytes);
    }

    [Fact]
    public void Not_one_image_fits_a_budget_below_one_image()
    {
        Assert.Equal(0, new BatchBudget(1000, 1_000_000, 4).LargestBatchSize(3, 64, 64, 2, BatchPixelFormat.UInt8));
    }
}
