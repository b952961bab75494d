using System.Globalization;
using System.Text;
using CifarLab.Web.Data;
using CifarLab.Web.Lab;

namespace CifarLab.Web.Api;

/// <summary>GET /api/runs/export.csv: the leaderboard (same filters and sort), streamed row by row.</summary>
public static class CsvExport
{
    public static IEndpointRouteBuilder MapCsvExport(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/runs/export.csv", Export).WithTags("Runs").WithSummary("Every matching run as CSV")
            .RequireAuthorization(Accounts.LabPolicies.Viewer);
        return app;
    }

    private static async Task Export(HttpContext http, RunQueries queries, [AsParameters] RunFilterQuery query)
    {
        if (!query.TryRead(out var filter, out var sort, out var error))
        {
            await error!.ExecuteAsync(http);
            return;
        }
        http.Response.ContentType = "text/csv; charset=utf-8";
        http.Response.Headers.ContentDisposition = "attachment; filename=\"cifarlab-runs.csv\"";
        await using var writer = new StreamWriter(http.Response.Body, new UTF8Encoding(false), 1 << 14, leaveOpen: true);
        await writer.WriteLineAsync("id,name,model,status,test_accuracy,validation_accuracy,train_seconds,epochs,completed_epochs,parameters,tags,device,created_utc,owner,official_data");
        await foreach (var r in queries.StreamAsync(filter, sort, http.RequestAborted))
        {
            await writer.WriteLineAsync(Line(r));
        }
    }

    public static string Line(RunRow r) => string.Join(',',
        r.Id.ToString(CultureInfo.InvariantCulture), Escape(r.Name), Escape(r.Model), r.Status.ToString(),
        Num(r.TestAccuracy), Num(r.ValidationAccuracy), Num(r.TrainSeconds), r.Epochs.ToString(CultureInfo.InvariantCulture),
        r.CompletedEpochs.ToString(CultureInfo.InvariantCulture), r.ParameterCount?.ToString(CultureInfo.InvariantCulture) ?? "",
        Escape(string.Join(' ', r.TagList)), Escape(r.Device), r.CreatedAt.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
        Escape(r.Owner ?? ""), r.OfficialData switch { true => "true", false => "false", null => "" });

    private static string Num(double? v) => FiniteJson.OrNull(v)?.ToString("R", CultureInfo.InvariantCulture) ?? "";

    // RFC 4180 quoting; a leading =,+,-,@ is prefixed so spreadsheets do not run it as a formula.
    public static string Escape(string value)
    {
        if (value.Length > 0 && "=+-@".Contains(value[0], StringComparison.Ordinal))
        {
            value = "'" + value;
        }
        return value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}
