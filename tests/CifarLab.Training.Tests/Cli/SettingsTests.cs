using CifarLab.Cli.Commands;
using CifarLab.Training.Data;
using Microsoft.Extensions.Configuration;

namespace CifarLab.Training.Tests.Cli;

/// <summary>
/// The CLI reads its settings as the web host does: the content root's appsettings.json, then Section__Key
/// environment variables, then its options. Each test runs the CLI as a child process in a root of its own.
/// </summary>
public sealed class SettingsTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("cifarlab-settings-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private (int Code, string Out, string Err) Doctor(Dictionary<string, string?> environment, params string[] args)
    {
        environment[ContentRoot.Variable] = _root;
        return CliRunner.RunProcess(environment, ["doctor", .. args]);
    }

    private static string Setting(string stdout, string name) =>
        stdout.Split('\n').Select(l => l.Trim()).Single(l => l.StartsWith(name + " ", StringComparison.Ordinal))[name.Length..].Trim();

    [Fact]
    public void Dataset_environment_variables_reach_the_cli()
    {
        var archive = Path.Combine(_root, "elsewhere", "cifar.tar.gz");
        var (_, stdout, stderr) = Doctor(new() { ["Dataset__Md5"] = "skip", ["Dataset__Source"] = archive });
        Assert.True(stdout.Contains("dataset ", StringComparison.Ordinal), stderr);
        Assert.Equal(archive, Setting(stdout, "source"));
        Assert.StartsWith(DatasetOptions.SkipChecksum + " ", Setting(stdout, "archive md5"), StringComparison.Ordinal);
        // A missing archive is a data error that names it.
        Assert.Contains($"Invalid: ", stdout, StringComparison.Ordinal);
        Assert.Contains(archive, stdout[stdout.IndexOf("dataset ", StringComparison.Ordinal)..], StringComparison.Ordinal);
    }

    [Fact]
    public void Appsettings_json_of_the_content_root_is_read_and_the_environment_and_options_override_it()
    {
        File.WriteAllText(Path.Combine(_root, "appsettings.json"), """
            {
              "Storage": { "DataDirectory": "state" },
              "Dataset": { "Source": "archives/cifar.tar.gz", "Md5": "0123456789abcdef0123456789abcdef", "AllowUnofficial": true }
            }
            """);
        var (_, stdout, stderr) = Doctor([]);
        Assert.True(stdout.Contains("dataset ", StringComparison.Ordinal), stderr);
        Assert.Equal(Path.Combine(_root, "archives", "cifar.tar.gz"), Setting(stdout, "source"));
        Assert.Equal(Path.Combine(_root, "state", "datasets"), Setting(stdout, "cache"));
        Assert.StartsWith("0123456789abcdef0123456789abcdef ", Setting(stdout, "archive md5"), StringComparison.Ordinal);

        (_, stdout, _) = Doctor(new() { ["Dataset__Source"] = "from-env", ["Dataset__CacheDirectory"] = "cache-env" });
        Assert.Equal(Path.Combine(_root, "from-env"), Setting(stdout, "source"));
        Assert.Equal(Path.Combine(_root, "cache-env"), Setting(stdout, "cache"));

        (_, stdout, _) = Doctor(new() { ["Dataset__Source"] = "from-env" }, "--data", "from-option");
        Assert.Equal(Path.Combine(_root, "from-option"), Setting(stdout, "source"));
    }

    [Fact]
    public void A_setting_the_binder_cannot_read_is_a_usage_error_naming_the_key()
    {
        var (code, _, stderr) = Doctor(new() { ["Dataset__AllowUnofficial"] = "maybe" });
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains(DatasetOptions.AllowUnofficialSetting, stderr, StringComparison.Ordinal);
        Assert.Contains("maybe", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void The_shared_reader_binds_every_dataset_key_and_resolves_paths_against_the_root()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Dataset:Source"] = "https://example.org/cifar.tar.gz",
            ["Dataset:Md5"] = " ",
            ["Dataset:AllowUnofficial"] = "True",
            ["Dataset:TimeoutSeconds"] = "30",
        }).Build();
        var options = DatasetConfiguration.Read(configuration, _root);
        Assert.Equal(new DatasetOptions
        {
            Source = "https://example.org/cifar.tar.gz",
            CacheDirectory = Path.Combine(_root, "data", "datasets"),
            Md5 = null,
            AllowUnofficial = true,
            TimeoutSeconds = 30,
        }, options);
        Assert.Equal(DatasetOptions.OfficialUrl, DatasetConfiguration.Read(new ConfigurationBuilder().Build(), _root).Source);
    }
}
