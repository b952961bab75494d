using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CifarLab.Training.Data;
using CifarLab.Web.Lab;
using CifarLab.Web.Tests.Accounts;
using CifarLab.Web.Tests.Infrastructure;

namespace CifarLab.Web.Tests.Previews;

/// <summary>POST /api/preview/augmentation: the engine's pictures as data URLs, on a host that trains only.</summary>
public sealed class AugmentationPreviewApiTests
{
    private static readonly RunConfig Config = TinyRuns.Config() with { CropPadding = 2, Cutout = 8, Seed = 7 };

    /// <summary>The scripted engine's flat picture of grey <paramref name="value"/> at the default scale.</summary>
    private static string Flat(int value, int scale = AugmentationPreviews.DefaultScale) => AugmentationPreviews.DataUrl(
        PngEncoder.EncodeRgbPlanes(Enumerable.Repeat((byte)value, CifarLayout.PixelBytes).ToArray(), CifarLayout.ImageSize, CifarLayout.ImageSize, scale));

    [Fact]
    public async Task A_host_that_trains_answers_each_draw_of_each_image_from_the_engine()
    {
        var engine = new ScriptedEngine();
        using var factory = LabFactory.Scripted(engine);
        var client = factory.CreateClient();

        using var response = await client.PostAsJsonAsync("/api/preview/augmentation?images=2&draws=3", TinyRuns.Body(Config));

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        var preview = JsonDocument.Parse(text).RootElement;
        Assert.Equal(2, preview.GetProperty("images").GetInt32());
        Assert.Equal(3, preview.GetProperty("draws").GetInt32());
        Assert.Equal([Flat(0), Flat(1)], preview.GetProperty("originals").EnumerateArray().Select(e => e.GetString()));
        var samples = preview.GetProperty("samples").EnumerateArray().Select(d => d.EnumerateArray().Select(e => e.GetString()).ToList()).ToList();
        Assert.Equal(3, samples.Count);
        Assert.Equal([Flat(20), Flat(21)], samples[1]); // draw 1, images 0 and 1
        var asked = Assert.Single(engine.Previews);
        Assert.Equal((Config, 2, 3, AugmentationPreviews.DefaultScale), asked);
    }

    [Fact]
    public async Task The_real_engine_draws_the_generated_dataset_and_with_augmentation_off_shows_the_originals()
    {
        using var factory = new LabFactory(LabFactory.NewDataDirectory());
        var client = factory.CreateClient();
        var off = Config with { CropPadding = 0, Cutout = 0, Flip = FlipMode.None };

        using var on = await client.PostAsJsonAsync("/api/preview/augmentation?images=3&draws=2", TinyRuns.Body(Config));
        using var plain = await client.PostAsJsonAsync("/api/preview/augmentation?images=3&draws=2", TinyRuns.Body(off));

        var augmented = JsonDocument.Parse(await on.Content.ReadAsStringAsync()).RootElement;
        var original = JsonDocument.Parse(await plain.Content.ReadAsStringAsync()).RootElement;
        Assert.True(on.StatusCode == HttpStatusCode.OK, augmented.ToString());
        var originals = original.GetProperty("originals").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.Equal(originals, augmented.GetProperty("originals").EnumerateArray().Select(e => e.GetString()));
        Assert.All(original.GetProperty("samples").EnumerateArray(), draw => Assert.Equal(originals, draw.EnumerateArray().Select(e => e.GetString())));
        Assert.NotEqual(originals, augmented.GetProperty("samples")[0].EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task Counts_and_settings_out_of_range_are_named_and_never_reach_the_engine()
    {
        var engine = new ScriptedEngine();
        using var factory = LabFactory.Scripted(engine);
        var client = factory.CreateClient();

        using var response = await client.PostAsJsonAsync("/api/preview/augmentation?draws=99&scale=0", TinyRuns.Body(Config with { CropPadding = -1 }));

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, text);
        var errors = JsonDocument.Parse(text).RootElement.GetProperty("errors");
        Assert.Contains("draws must be 1 to 8; got 99", errors.GetProperty("draws")[0].GetString(), StringComparison.Ordinal);
        Assert.Contains("scale must be 1 to 8", errors.GetProperty("scale")[0].GetString(), StringComparison.Ordinal);
        Assert.True(errors.TryGetProperty("config.cropPadding", out _), text);
        Assert.Empty(engine.Previews);
    }

    [Fact]
    public async Task A_host_that_does_not_train_refuses_in_words_without_asking_the_engine()
    {
        var engine = new ScriptedEngine();
        using var factory = LabFactory.Scripted(engine, workerEnabled: false);
        var client = factory.CreateClient();

        using var response = await client.PostAsJsonAsync("/api/preview/augmentation", TinyRuns.Body(Config));

        var detail = await ProblemAssert.IsProblem(response, HttpStatusCode.ServiceUnavailable);
        Assert.Contains("Previews need a host that trains", detail, StringComparison.Ordinal);
        Assert.Empty(engine.Previews);
    }
}
