namespace CifarLab.Contract.Tests;

/// <summary>Every text field of a config has a length limit and refuses invisible characters, with a message saying which.</summary>
public sealed class TextRulesTests
{
    public static TheoryData<string, RunConfig> TooLong => new()
    {
        { nameof(RunConfig.Model), new RunConfig { Model = new string('m', TextLimits.Model + 1) } },
        { nameof(RunConfig.Device), new RunConfig { Device = new string('1', TextLimits.Device + 1) } },
        { nameof(RunConfig.Preset), new RunConfig { Preset = new string('p', 10_000_000) } },
    };

    [Theory]
    [MemberData(nameof(TooLong))]
    public void A_text_field_over_its_limit_is_refused_saying_the_limit_without_echoing_the_value(string field, RunConfig config)
    {
        var error = Assert.Single(RunConfigValidator.Validate(config));

        Assert.Equal(field, error.Field);
        Assert.Contains("at most", error.Message, StringComparison.Ordinal);
        Assert.True(error.Message.Length < 200, error.Message);
    }

    [Theory]
    [InlineData(" cuda")]
    [InlineData("cuda ")]
    [InlineData("\tcpu")]
    public void A_device_with_surrounding_space_is_refused_with_a_message(string device)
    {
        var error = Assert.Single(RunConfigValidator.Validate(new RunConfig { Device = device }));

        Assert.Equal(nameof(RunConfig.Device), error.Field);
        Assert.True(error.Message.Contains("spaces", StringComparison.Ordinal) || error.Message.Contains("U+0009", StringComparison.Ordinal), error.Message);
    }

    [Theory]
    [InlineData("a\0b", "U+0000")]
    [InlineData("a\u202Eb", "U+202E")]
    [InlineData("a\u2067b", "U+2067")]
    [InlineData("a\u001Bb", "U+001B")]
    [InlineData("a\u009Bb", "U+009B")]
    public void Invisible_characters_are_named_by_code_point(string text, string named)
    {
        Assert.Contains(named, TextRules.CheckLine(text, 100), StringComparison.Ordinal);
        Assert.Contains(named, RunConfigValidator.Validate(new RunConfig { Preset = text }).Single().Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Notes_may_have_line_breaks_and_tabs_but_names_may_not()
    {
        Assert.Null(TextRules.CheckLines("one\r\ntwo\tthree", 100));
        Assert.NotNull(TextRules.CheckLine("one\ntwo", 100));
        Assert.Null(TextRules.CheckLine("ünïcödé 名前 👍", 100));
        Assert.Null(RunConfigValidator.Validate(new RunConfig { Preset = "airbench94" }).SingleOrDefault());
    }
}
