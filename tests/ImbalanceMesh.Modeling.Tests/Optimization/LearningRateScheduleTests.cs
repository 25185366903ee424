using ImbalanceMesh.Modeling.Optimization;

namespace ImbalanceMesh.Modeling.Tests.Optimization;

public sealed class LearningRateScheduleTests
{
    [Fact]
    public void Warmup_rises_linearly_then_cosine_decays_to_zero()
    {
        var schedule = new LearningRateSchedule("cosine", 0.1, Epochs: 10, StepsPerEpoch: 10, WarmupEpochs: 2);
        Assert.Equal(0.1 / 20, schedule.At(0, 0), 10);
        Assert.Equal(0.1, schedule.At(1, 9), 10);
        Assert.Equal(0.1, schedule.At(2, 0), 10);
        Assert.Equal(0.05, schedule.At(6, 0), 10);
        Assert.True(schedule.At(9, 9) < 0.001);
    }

    [Fact]
    public void Step_schedule_multiplies_by_gamma_every_step_size_epochs()
    {
        var schedule = new LearningRateSchedule("step", 1.0, Epochs: 9, StepsPerEpoch: 4, StepSize: 3, Gamma: 0.5);
        Assert.Equal(1.0, schedule.At(2, 3));
        Assert.Equal(0.5, schedule.At(3, 0));
        Assert.Equal(0.25, schedule.At(8, 3));
    }

    [Fact]
    public void Bad_settings_are_explained()
    {
        Assert.Contains("unknown schedule", new LearningRateSchedule("linear", 0.1, 5, 5).Validate());
        Assert.Contains("learning rate must be a positive number", new OptimizerOptions("sgd", -0.1).Validate());
        Assert.Contains("unknown optimizer", new OptimizerOptions("rmsprop", 0.1).Validate());
    }
}
