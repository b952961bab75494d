using CifarLab.Cli.Options;
using CifarLab.Training.Data;
using Microsoft.Extensions.Configuration;

namespace CifarLab.Cli;

/// <summary>
/// The CLI's settings, read as the web host reads its own: the repository's appsettings.json and
/// appsettings.{Environment}.json (found by <see cref="ContentRoot"/>), then the environment (Section__Key, e.g.
/// Dataset__Md5), then the command line (--data is Dataset:Source, --allow-unofficial Dataset:AllowUnofficial).
/// The Dataset section is bound by <see cref="DatasetConfiguration"/>, as in the web host.
/// </summary>
public static class CliConfiguration
{
    public static IConfigurationRoot Build(string root, IEnumerable<KeyValuePair<string, string?>> commandLine)
    {
        var environment = Variable("ASPNETCORE_ENVIRONMENT") ?? Variable("DOTNET_ENVIRONMENT") ?? "Production";
        return new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(root, "appsettings.json"), optional: true, reloadOnChange: false)
            .AddJsonFile(Path.Combine(root, $"appsettings.{environment}.json"), optional: true, reloadOnChange: false)
            .AddEnvironmentVariables()
            .AddInMemoryCollection(commandLine)
            .Build();
    }

    /// <summary>
    /// The dataset options: <paramref name="data"/> (--data) and <paramref name="allowUnofficial"/>
    /// (--allow-unofficial) win over the environment, which wins over appsettings.json.
    /// </summary>
    public static DatasetOptions Dataset(string? data, bool? allowUnofficial = null)
    {
        var root = ContentRoot.Find();
        var commandLine = new Dictionary<string, string?>();
        if (data is not null)
        {
            commandLine[$"{DatasetOptions.Section}:{nameof(DatasetOptions.Source)}"] = data;
        }
        if (allowUnofficial is { } allow)
        {
            commandLine[DatasetOptions.AllowUnofficialSetting] = allow ? "true" : "false";
        }
        try
        {
            return DatasetConfiguration.Read(Build(root, commandLine), root);
        }
        catch (InvalidOperationException ex)
        {
            // The binder names the key and the value it could not convert (e.g. Dataset:AllowUnofficial = "maybe").
            throw new UsageException($"{ex.Message} Check appsettings.json and the {DatasetOptions.Section}__* environment variables.", ex);
        }
    }

    private static string? Variable(string name) =>
        System.Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : null;
}
