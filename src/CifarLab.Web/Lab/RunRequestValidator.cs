using System.Text.RegularExpressions;

namespace CifarLab.Web.Lab;

/// <summary>
/// The one gate in front of the queue, shared by the form and the REST API: the engine's own config
/// rules plus the lab's limits on names, tags and notes, and (in a host that trains) whether the device exists here.
/// </summary>
public sealed partial class RunRequestValidator(BackendInfo backend)
{
    public const int MaxName = 120;
    public const int MaxNotes = 4000;
    public const int MaxTags = 10;
    public const int MaxTagLength = 32;

    public IReadOnlyList<FieldError> Validate(LaunchRequest request)
    {
        var errors = new List<FieldError>(RunConfigValidator.Validate(request.Config).Select(e => new FieldError(e.Field, e.Message)));
        if (request.Name is { Length: > MaxName })
        {
            errors.Add(new("Name", $"Name must be at most {MaxName} characters."));
        }
        if (request.Notes is { Length: > MaxNotes })
        {
            errors.Add(new("Notes", $"Notes must be at most {MaxNotes} characters."));
        }
        var tags = request.Tags ?? [];
        if (tags.Count > MaxTags)
        {
            errors.Add(new("Tags", $"At most {MaxTags} tags are allowed."));
        }
        foreach (var tag in tags.Where(t => !TagPattern().IsMatch(t)))
        {
            errors.Add(new("Tags", $"Tag '{tag}' is not allowed: use 1-{MaxTagLength} letters, digits, '-', '_' or '.'."));
        }
        if (!errors.Any(e => e.Field == "Device") && NeedsCuda(request.Config.Device) && backend.Report is { CudaAvailable: false })
        {
            errors.Add(new("Device", $"Device '{request.Config.Device}' needs CUDA, which this machine does not have; use 'auto' or 'cpu'."));
        }
        return errors;
    }

    private static bool NeedsCuda(string device) => device.StartsWith("cuda", StringComparison.OrdinalIgnoreCase);

    [GeneratedRegex("^[A-Za-z0-9_.-]{1,32}$")]
    private static partial Regex TagPattern();
}
