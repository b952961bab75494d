namespace CifarLab.Web.Lab;

/// <summary>
/// A run's parameter count at launch, without building its network: a web request must never load libtorch or
/// allocate a model. Until the contract can count analytically this returns null, and the worker fills the count in
/// when it takes the run (it has the engine loaded anyway); the finished run stores the trainer's own count.
/// </summary>
public static class ParameterCounts
{
    // The one line to swap when the contract's analytic count (ModelSpec.CountParameters, on main since 6a3ee6d) is
    // merged here: return ModelSpecs.TryGet(config.Model, out var spec) && spec.SupportedNorms.Contains(config.Norm)
    //     ? spec.CountParameters(config.Width, config.Norm) : null;   (it throws ArgumentException on a bad width)
    public static long? Of(RunConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return null;
    }
}
