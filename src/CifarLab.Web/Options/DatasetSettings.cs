namespace CifarLab.Web.Options;

/// <summary>
/// What only the web host does with the "Dataset" section. Where the data comes from and what is accepted (Source,
/// CacheDirectory, Md5, AllowUnofficial, TimeoutSeconds) is <see cref="DatasetOptions"/>, read by
/// <see cref="DatasetConfiguration.Read"/> in both hosts (<see cref="Extensions.LabPaths.Dataset"/> here).
/// </summary>
public sealed class DatasetSettings
{
    public const string Section = DatasetOptions.Section;

    /// <summary>Fetch and extract the dataset in the background when the app starts.</summary>
    public bool PrepareOnStartup { get; set; }
}
