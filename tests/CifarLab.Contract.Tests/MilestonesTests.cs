namespace CifarLab.Contract.Tests;

/// <summary>The multi-step schedule's milestone list: parsing and the validator's messages.</summary>
public sealed class MilestonesTests
{
    [Theory]
    [InlineData("", new int[0])]
    [InlineData("30,60,80", new[] { 30, 60, 80 })]
    [InlineData(" 5 , 7 ", new[] { 5, 7 })]
    public void Parses_increasing_epochs(string text, int[] expected)
    {
        Assert.True(Milestones.TryParse(text, out var epochs, out var problem), problem);
        Assert.Equal(expected, epochs);
    }

    [Theory]
    [InlineData("30,x", "'x'")]
    [InlineData("0,10", "'0'")]
    [InlineData("10,-3", "'-3'")]
    [InlineData("1.5", "'1.5'")]
    [InlineData("10,,20", "''")]
    [InlineData("60,30", "must increase: 30 comes after 60")]
    [InlineData("30,30", "must increase: 30 comes after 30")]
    [InlineData("2000", "'2000'")]
    public void Rejects_bad_lists_naming_the_entry_and_what_is_allowed(string text, string named)
    {
        Assert.False(Milestones.TryParse(text, out _, out var problem));
        Assert.Contains(named, problem);
        Assert.Contains("e.g. 30,60,80", problem);
    }

    [Fact]
    public void Validator_reports_bad_milestones_and_a_multi_step_schedule_without_any()
    {
        var bad = RunConfigValidator.Validate(new RunConfig { Milestones = "60,30" });
        Assert.Contains(bad, e => e.Field == nameof(RunConfig.Milestones) && e.Message.Contains("must increase", StringComparison.Ordinal));
        var missing = RunConfigValidator.Validate(new RunConfig { Schedule = ScheduleKind.MultiStep });
        Assert.Contains(missing, e => e.Field == nameof(RunConfig.Milestones) && e.Message.Contains("needs milestones", StringComparison.Ordinal));
        Assert.Empty(RunConfigValidator.Validate(new RunConfig { Schedule = ScheduleKind.MultiStep, Milestones = "1" }));
    }

    [Fact]
    public void The_option_is_text_shown_only_for_the_multi_step_schedule()
    {
        Assert.Equal(OptionKind.Text, RunOptions.Milestones.Kind);
        Assert.Equal("--milestones", RunOptions.Milestones.Flag);
        Assert.False(RunOptions.Milestones.AppliesTo(new RunConfig()));
        Assert.True(RunOptions.Milestones.AppliesTo(new RunConfig { Schedule = ScheduleKind.MultiStep }));
        Assert.True(RunOptions.Schedule.TryApply(new RunConfig(), "warm-restarts", out var c, out _));
        Assert.Equal(ScheduleKind.WarmRestarts, c.Schedule);
    }
}
