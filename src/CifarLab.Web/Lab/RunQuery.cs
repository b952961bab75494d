using CifarLab.Web.Data;

namespace CifarLab.Web.Lab;

/// <summary>Leaderboard filter; every part is optional.</summary>
public sealed record RunFilter
{
    public string? Search { get; init; }
    public string? Model { get; init; }
    public string? Tag { get; init; }
    public RunStatus? StatusIs { get; init; }
    public double? MinAccuracy { get; init; }
    public DateTime? From { get; init; }
    public DateTime? To { get; init; }
    /// <summary>The launching account's name; "-" selects runs launched without an account.</summary>
    public string? Owner { get; init; }

    public const string NoOwner = "-";
}

public enum RunSortColumn { Created, Name, Model, Status, TestAccuracy, ValidationAccuracy, TrainSeconds, Epochs, Parameters }

public sealed record RunSort(RunSortColumn Column = RunSortColumn.Created, bool Descending = true);

/// <summary>One leaderboard row: only the columns the table shows.</summary>
public sealed record RunRow(
    int Id,
    string Name,
    string Model,
    RunStatus Status,
    double? TestAccuracy,
    double? TrainSeconds,
    int Epochs,
    int CompletedEpochs,
    long? ParameterCount,
    string Tags,
    DateTime CreatedAt,
    string Device,
    bool? OfficialData,
    string? Owner = null,
    int? GroupId = null,
    double? ValidationAccuracy = null)
{
    public IReadOnlyList<string> TagList => TagText.Split(Tags);
}

public sealed record RunPage(IReadOnlyList<RunRow> Rows, int Total, int Page, int PageSize)
{
    public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);
}
