namespace CifarLab.Web.Components.Forms;

/// <summary>What the selected model adds to an option's hint: the norms it supports, whether it has dropout.</summary>
public static class ModelHints
{
    public static string? For(RunOption option, RunConfig config)
    {
        if (!ModelSpecs.TryGet(config.Model, out var model))
        {
            return null;
        }
        if (ReferenceEquals(option, RunOptions.Norm))
        {
            return $"{model.DisplayName} supports: {string.Join(", ", model.SupportedNorms.Select(n => RunOptions.Norm.LabelOf(n).Label))}";
        }
        return ReferenceEquals(option, RunOptions.Dropout) && !model.SupportsDropout ? $"{model.DisplayName} has no dropout: use 0" : null;
    }
}
