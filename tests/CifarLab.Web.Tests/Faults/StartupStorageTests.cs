using CifarLab.Web.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace CifarLab.Web.Tests.Faults;

/// <summary>The real app, as its own process, started where it cannot write: one clear line and a non-zero exit.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class StartupStorageTests
{
    [LinuxFact]
    public async Task A_read_only_data_folder_is_one_line_and_exit_code_2()
    {
        var data = LabFactory.NewDataDirectory();
        using var readOnly = new Unwritable(data);

        var (code, output) = await StartAsync(data);

        Assert.Equal(2, code);
        var line = Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.Equal($"CifarLab cannot start: the data folder {data} cannot be written (Permission denied). Make it writable by the app, or set Storage:DataDirectory to a writable place.", line);
    }

    [LinuxFact]
    public async Task A_read_only_database_is_one_line_and_exit_code_2()
    {
        var data = LabFactory.NewDataDirectory();
        var database = Path.Combine(data, "cifarlab.db");
        await using (var connection = new SqliteConnection($"Data Source={database};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "CREATE TABLE t (x INTEGER);";
            await command.ExecuteNonQueryAsync();
        }
        using var readOnly = new Unwritable(database);

        var (code, output) = await StartAsync(data);

        Assert.Equal(2, code);
        var line = Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.StartsWith($"CifarLab cannot start: the database {database} cannot be written (", line, StringComparison.Ordinal);
        Assert.Contains("readonly", line, StringComparison.Ordinal);
    }

    private static async Task<(int Code, string Output)> StartAsync(string data)
    {
        var (code, output, error) = await AppProcess.RunAsync(data);
        return (code, output + error);
    }
}
