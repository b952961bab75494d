using System.Text.Json;
using CifarLab.Web.Tests.Infrastructure;

namespace CifarLab.Web.Tests.Api;

/// <summary>The API reference describes the run config from the option schema: ranges, choices, defaults and help.</summary>
public sealed class OpenApiSchemaTests : IDisposable
{
    private readonly LabFactory _factory = new(LabFactory.NewDataDirectory(), workerEnabled: false);

    public void Dispose() => _factory.Dispose();

    private async Task<JsonElement> RunConfigPropertiesAsync()
    {
        var client = _factory.CreateClient();
        var text = await client.GetStringAsync("/openapi/v1.json");
        var schemas = JsonDocument.Parse(text).RootElement.GetProperty("components").GetProperty("schemas");
        return schemas.GetProperty(nameof(RunConfig)).GetProperty("properties");
    }

    [Fact]
    public async Task The_config_body_carries_each_options_range_choices_default_and_help()
    {
        var properties = await RunConfigPropertiesAsync();

        var lr = properties.GetProperty("learningRate");
        Assert.Equal(0, lr.GetProperty("exclusiveMinimum").GetDouble());
        Assert.False(lr.TryGetProperty("minimum", out _), lr.ToString());
        Assert.Equal(100, lr.GetProperty("maximum").GetDouble());
        Assert.Equal(new RunConfig().LearningRate, lr.GetProperty("default").GetDouble());
        Assert.Contains(RunOptions.LearningRate.Help, lr.GetProperty("description").GetString(), StringComparison.Ordinal);

        var momentum = properties.GetProperty("momentum");
        Assert.Equal(0, momentum.GetProperty("minimum").GetDouble());
        Assert.Equal(0.999, momentum.GetProperty("maximum").GetDouble());

        var epochs = properties.GetProperty("epochs");
        Assert.Equal(1, epochs.GetProperty("minimum").GetInt32());
        Assert.Equal(RunOptions.MaxEpochs, epochs.GetProperty("maximum").GetInt32());

        var optimizer = properties.GetProperty("optimizer");
        Assert.Equal(["sgd", "adamW", "muon"], optimizer.GetProperty("enum").EnumerateArray().Select(v => v.GetString()));
        Assert.Equal("sgd", optimizer.GetProperty("default").GetString());
        Assert.Contains("Allowed: sgd, adamW, muon", optimizer.GetProperty("description").GetString(), StringComparison.Ordinal);

        Assert.Contains("auto, cpu, cuda, cuda:N", properties.GetProperty("device").GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.True(properties.GetProperty("channelsLast").GetProperty("default").ValueKind == JsonValueKind.False);
    }

    [Fact]
    public async Task Every_option_is_described()
    {
        var properties = await RunConfigPropertiesAsync();

        foreach (var option in RunOptions.All)
        {
            Assert.True(properties.TryGetProperty(option.JsonName, out var property), option.JsonName);
            Assert.Contains(option.Help, property.GetProperty("description").GetString(), StringComparison.Ordinal);
        }
    }
}
