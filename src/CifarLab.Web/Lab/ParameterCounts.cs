namespace CifarLab.Web.Lab;

/// <summary>
/// A run's parameter count without building its network (a web request never loads libtorch or allocates a model):
/// the contract's analytic count (<see cref="ModelSpec.CountParameters"/>), exact for every catalog model. Null when
/// the config names no model or options the model does not take (the validator says which).
/// </summary>
public static class ParameterCounts
{
    public static long? Of(RunConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (!ModelSpecs.TryGet(config.Model ?? "", out var spec) || !spec.SupportedNorms.Contains(config.Norm))
        {
            return null;
        }
        try
        {
            return spec.CountParameters(config.Width, config.Norm);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }
}
