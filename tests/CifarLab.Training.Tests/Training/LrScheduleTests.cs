using CifarLab.Training.Training;

namespace CifarLab.Training.Tests.Training;

public class LrScheduleTests
{
    [Fact]
    public void Airbench_schedule_warms_from_0_2_to_1_then_decays_to_0_07()
    {
        var c = Presets.Get("airbench94").Config; // 10 epochs, warmup 23%
        var s = new LrSchedule(c, stepsPerEpoch: 48);
        Assert.Equal(480, s.TotalSteps);
        Assert.Equal(0.2, s.Multiplier(0), 6);
        var peak = (int)Math.Round(0.23 * 480);
        Assert.Equal(1.0, s.Multiplier(peak), 6);
        Assert.Equal(0.07, s.Multiplier(479), 6);
        for (var i = 1; i < 480; i++)
        {
            var rising = i <= peak;
            Assert.True(rising ? s.Multiplier(i) >= s.Multiplier(i - 1) : s.Multiplier(i) <= s.Multiplier(i - 1), $"step {i}");
        }
    }

    [Fact]
    public void Cosine_reaches_its_floor_at_the_last_step_and_halfway_is_the_midpoint()
    {
        var c = new RunConfig { Schedule = ScheduleKind.Cosine, Epochs = 10, WarmupFraction = 0, FinalLrFraction = 0.1 };
        var s = new LrSchedule(c, 101);
        Assert.Equal(1.0, s.Multiplier(0), 9);
        Assert.Equal(0.1, s.Multiplier(s.TotalSteps - 1), 9);
        Assert.Equal(0.55, s.Multiplier((s.TotalSteps - 1) / 2), 2);
    }

    [Fact]
    public void Step_schedule_decays_every_step_epochs()
    {
        var c = new RunConfig { Schedule = ScheduleKind.Step, Epochs = 9, StepEpochs = 3, StepGamma = 0.1, WarmupFraction = 0 };
        var s = new LrSchedule(c, 10);
        Assert.Equal(1.0, s.Multiplier(29), 9);
        Assert.Equal(0.1, s.Multiplier(30), 9);
        Assert.Equal(0.01, s.Multiplier(60), 9);
    }

    [Fact]
    public void Constant_stays_at_peak_after_warmup()
    {
        var c = new RunConfig { Schedule = ScheduleKind.Constant, Epochs = 2, WarmupFraction = 0.5, InitialLrFraction = 0 };
        var s = new LrSchedule(c, 10);
        Assert.Equal(0.0, s.Multiplier(0), 9);
        Assert.Equal(0.5, s.Multiplier(5), 9);
        Assert.Equal(1.0, s.Multiplier(19), 9);
    }

    [Fact]
    public void Linear_decay_is_one_minus_step_over_total_as_airbench94_muon()
    {
        var c = Presets.Get("airbench94-muon").Config; // 8 epochs of 25 steps
        var s = new LrSchedule(c, 25);
        Assert.Equal(200, s.TotalSteps);
        for (var step = 0; step < 200; step++)
        {
            Assert.Equal(1 - step / 200.0, s.Multiplier(step));
        }
    }

    [Fact]
    public void Linear_decay_after_warmup_reaches_the_floor_one_step_after_the_last()
    {
        var c = new RunConfig { Schedule = ScheduleKind.LinearDecay, Epochs = 1, WarmupFraction = 0.2, InitialLrFraction = 0, FinalLrFraction = 0.5 };
        var s = new LrSchedule(c, 10);
        Assert.Equal(1.0, s.Multiplier(2), 12);
        Assert.Equal(0.5 + 0.5 / 8, s.Multiplier(9), 12);
    }
}
