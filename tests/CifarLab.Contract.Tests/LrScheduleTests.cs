namespace CifarLab.Contract.Tests;

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

    [Fact]
    public void Multi_step_multiplies_by_gamma_at_each_milestone_epoch()
    {
        var c = new RunConfig { Schedule = ScheduleKind.MultiStep, Epochs = 90, Milestones = "30, 60,80", StepGamma = 0.1, WarmupFraction = 0 };
        var s = new LrSchedule(c, 10);
        Assert.Equal(1.0, s.Multiplier(0), 12);
        Assert.Equal(1.0, s.Multiplier(299), 12);   // epoch 29
        Assert.Equal(0.1, s.Multiplier(300), 12);   // epoch 30
        Assert.Equal(0.1, s.Multiplier(599), 12);
        Assert.Equal(0.01, s.Multiplier(600), 12);  // epoch 60
        Assert.Equal(0.001, s.Multiplier(800), 12); // epoch 80
        Assert.Equal(0.001, s.Multiplier(899), 12);
    }

    [Fact]
    public void Exponential_multiplies_by_gamma_once_per_epoch()
    {
        var c = new RunConfig { Schedule = ScheduleKind.Exponential, Epochs = 10, ExponentialGamma = 0.9, WarmupFraction = 0 };
        var s = new LrSchedule(c, 4);
        Assert.Equal(1.0, s.Multiplier(3), 12);
        Assert.Equal(0.9, s.Multiplier(4), 12);
        Assert.Equal(0.81, s.Multiplier(11), 12);
        Assert.Equal(Math.Pow(0.9, 9), s.Multiplier(39), 12);
    }

    [Fact]
    public void Warm_restarts_follow_sgdr_periods_of_t0_then_t0_times_tmult()
    {
        // T_0 = 2 epochs, T_mult = 2: periods [0,2), [2,6), [6,14); floor 0.1; 10 steps an epoch.
        var c = new RunConfig
        {
            Schedule = ScheduleKind.WarmRestarts, Epochs = 14, RestartEpochs = 2, RestartMultiplier = 2, FinalLrFraction = 0.1, WarmupFraction = 0,
        };
        var s = new LrSchedule(c, 10);
        double Sgdr(double tCur, double tI) => 0.1 + 0.9 * 0.5 * (1 + Math.Cos(Math.PI * tCur / tI));
        Assert.Equal(1.0, s.Multiplier(0), 12);
        Assert.Equal(0.55, s.Multiplier(10), 12);          // halfway through the first period
        Assert.Equal(Sgdr(1.9, 2), s.Multiplier(19), 12);
        Assert.Equal(1.0, s.Multiplier(20), 12);           // restart at epoch 2
        Assert.Equal(0.55, s.Multiplier(40), 12);          // epoch 4: halfway through [2,6)
        Assert.Equal(Sgdr(3.5, 4), s.Multiplier(55), 12);
        Assert.Equal(1.0, s.Multiplier(60), 12);           // restart at epoch 6
        Assert.Equal(0.55, s.Multiplier(100), 12);         // epoch 10: halfway through [6,14)
        Assert.Equal(Sgdr(7.9, 8), s.Multiplier(139), 12);
    }

    [Fact]
    public void Warm_restarts_with_multiplier_one_repeat_the_same_period()
    {
        var c = new RunConfig { Schedule = ScheduleKind.WarmRestarts, Epochs = 9, RestartEpochs = 3, RestartMultiplier = 1, WarmupFraction = 0 };
        var s = new LrSchedule(c, 5);
        for (var step = 0; step < 15; step++)
        {
            Assert.Equal(s.Multiplier(step), s.Multiplier(step + 15), 12);
            Assert.Equal(s.Multiplier(step), s.Multiplier(step + 30), 12);
        }
        Assert.Equal(0.5, s.Multiplier(7) - 0.5 * (1 + Math.Cos(Math.PI * 1.4 / 3)) + 0.5, 12); // step 7 = epoch 1.4 of 3
    }

    [Fact]
    public void Warmup_replaces_the_first_steps_of_epoch_based_schedules()
    {
        var c = new RunConfig { Schedule = ScheduleKind.Exponential, Epochs = 10, ExponentialGamma = 0.5, WarmupFraction = 0.1, InitialLrFraction = 0 };
        var s = new LrSchedule(c, 10);
        Assert.Equal(0.0, s.Multiplier(0), 12);
        Assert.Equal(0.5, s.Multiplier(5), 12);
        Assert.Equal(0.5, s.Multiplier(10), 12); // epoch 1 after warmup: gamma^1
    }

    [Fact]
    public void Curve_has_one_multiplier_per_step()
    {
        var c = new RunConfig { Schedule = ScheduleKind.Cosine, Epochs = 3, WarmupFraction = 0 };
        var s = new LrSchedule(c, 7);
        var curve = s.Curve();
        Assert.Equal(21, curve.Length);
        Assert.Equal(s.Multiplier(13), curve[13]);
    }
}
