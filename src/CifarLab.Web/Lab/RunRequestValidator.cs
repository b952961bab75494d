using System.Text.RegularExpressions;

namespace CifarLab.Web.Lab;

/// <summary>
/// The one gate in front of the queue, shared by the form and the REST API: the engine's own config
/// rules plus the lab's limits on names, tags and notes (lengths from <see cref="TextLimits"/>, characters from
/// <see cref="TextRules"/>), and (in a host that trains) whether the device exists here.
/// </summary>
public sealed partial class RunRequestValidator(BackendInfo backend)
{
    public IReadOnlyList<FieldError> Validate(LaunchRequest request)
    {
        var errors = new List<FieldError>(RunConfigValidator.Validate(request.Config).Select(e => new FieldError(e.Field, e.Message)));
        errors.AddRange(ValidateText(request.Name, request.Tags, request.Notes));
        if (!errors.Any(e => e.Field == "Device") && NeedsCuda(request.Config.Device) && backend.Report is { CudaAvailable: false })
        {
            errors.Add(new("Device", $"Device '{request.Config.Device}' needs CUDA, which this machine does not have; use 'auto' or 'cpu'."));
        }
        return errors;
    }

    /// <summary>The rules on a run's name, tags and notes, at launch and when they are edited later.</summary>
    public static IReadOnlyList<FieldError> ValidateText(string? nameText, IReadOnlyList<string>? tagList, string? notesText)
    {
        var errors = new List<FieldError>();
        if (TextRules.CheckLine(nameText, TextLimits.Name) is { } name)
        {
            errors.Add(new("Name", "Name " + name));
        }
        if (TextRules.CheckLines(notesText, TextLimits.Notes) is { } notes)
        {
            errors.Add(new("Notes", "Notes " + notes));
        }
        var tags = tagList ?? [];
        if (tags.Count > TextLimits.TagCount)
        {
            errors.Add(new("Tags", $"At most {TextLimits.TagCount} tags are allowed (got {tags.Count})."));
        }
        for (var i = 0; i < tags.Count; i++)
        {
            if (tags[i] is null)
            {
                errors.Add(new("Tags", $"Tag {i + 1} is null; every tag must be a string."));
            }
            else if (tags[i].Length is 0 or > TextLimits.Tag || !TagPattern().IsMatch(tags[i]))
            {
                errors.Add(new("Tags", $"Tag '{Shown(tags[i])}' is not allowed: use 1-{TextLimits.Tag} letters, digits, '-', '_' or '.'."));
            }
        }
        return errors;
    }

    private static bool NeedsCuda(string? device) => device?.StartsWith("cuda", StringComparison.OrdinalIgnoreCase) == true;

    /// <summary>A refused value as a message may quote it: cut to the tag limit, invisible characters written as U+XXXX.</summary>
    private static string Shown(string value)
    {
        var cut = value.Length > TextLimits.Tag ? value[..TextLimits.Tag] + "…" : value;
        return string.Concat(cut.Select(c => TextRules.IsForbidden(c) ? $"U+{(int)c:X4}" : c.ToString()));
    }

    [GeneratedRegex("^[A-Za-z0-9_.-]+$")]
    private static partial Regex TagPattern();
}
