using ImbalanceMesh.Core.Resilience;

namespace ImbalanceMesh.Core.Tests.Resilience;

public sealed class BackoffScheduleTests
{
    [Fact]
    public void Waits_double_from_the_initial_delay_up_to_the_cap_then_stop_after_the_last_attempt()
    {
        var schedule = new BackoffSchedule(TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(3), maxAttempts: 6);

        var delays = Enumerable.Range(1, 7).Select(schedule.DelayBefore).ToList();

        Assert.Equal(
            [500, 1000, 2000, 3000, 3000, 3000],
            delays.Take(6).Select(d => d!.Value.TotalMilliseconds));
        Assert.Null(delays[6]);
    }

    [Fact]
    public void A_huge_attempt_number_stays_at_the_cap_without_overflow()
    {
        var schedule = new BackoffSchedule(TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1), maxAttempts: int.MaxValue);
        Assert.Equal(TimeSpan.FromMinutes(1), schedule.DelayBefore(int.MaxValue));
    }

    [Fact]
    public void No_attempts_means_no_retry()
    {
        var schedule = new BackoffSchedule(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), maxAttempts: 0);
        Assert.Null(schedule.DelayBefore(1));
    }

    [Theory]
    [InlineData(0, 1000, 3)]
    [InlineData(-5, 1000, 3)]
    [InlineData(2000, 1000, 3)]
    [InlineData(100, 1000, -1)]
    public void Nonsense_settings_are_refused(int initialMs, int maxMs, int attempts) =>
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            new BackoffSchedule(TimeSpan.FromMilliseconds(initialMs), TimeSpan.FromMilliseconds(maxMs), attempts));
}
