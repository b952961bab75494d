namespace CifarLab.Web.Components.Widgets;

/// <summary>ApexCharts option objects for the few chart kinds the lab draws (serialised as JSON).</summary>
public static class ChartOptions
{
    public static object Line(string title, string yTitle, bool percent = false, bool logY = false) => new
    {
        chart = new { type = "line", height = 280, animations = new { enabled = false }, toolbar = new { show = false }, zoom = new { enabled = false } },
        title = new { text = title, style = new { fontSize = "14px" } },
        stroke = new { width = 2, curve = "straight" },
        markers = new { size = 3 },
        xaxis = new { type = "numeric", title = new { text = "epoch" }, decimalsInFloat = 0 },
        yaxis = YAxis(yTitle, percent, logY),
        legend = new { position = "top" },
        noData = new { text = "waiting for the first epoch…" },
    };

    /// <summary>
    /// Lines with shaded bands (a group's min-max over its runs): <paramref name="series"/> in the order drawn, each band
    /// in the colour of the line after it.
    /// </summary>
    public static object Banded(string title, string yTitle, IReadOnlyList<ChartSeries> series, bool percent = false)
    {
        string[] palette = ["#2e86de", "#e67e22", "#27ae60", "#8e44ad", "#c0392b", "#16a085", "#d35400", "#2c3e50"];
        var colors = new List<string>();
        var next = 0;
        foreach (var s in series)
        {
            colors.Add(palette[next % palette.Length]);
            if (!s.Band)
            {
                next++;
            }
        }
        return new
        {
            chart = new { type = "rangeArea", height = 280, animations = new { enabled = false }, toolbar = new { show = false }, zoom = new { enabled = false } },
            title = new { text = title, style = new { fontSize = "14px" } },
            colors,
            stroke = new { curve = "straight", width = series.Select(s => s.Band ? 0 : 2).ToArray() },
            fill = new { opacity = series.Select(s => s.Band ? 0.2 : 1).ToArray() },
            markers = new { size = 0 },
            dataLabels = new { enabled = false },
            xaxis = new { type = "numeric", title = new { text = "epoch" }, decimalsInFloat = 0 },
            yaxis = YAxis(yTitle, percent, logY: false),
            legend = new { position = "top" },
            noData = new { text = "waiting for the first epoch…" },
        };
    }

    // Apex reads an explicit null bound as 0, so absent bounds must be left out, not sent as null.
    private static Dictionary<string, object> YAxis(string title, bool percent, bool logY)
    {
        var axis = new Dictionary<string, object>
        {
            ["title"] = new { text = title },
            ["logarithmic"] = logY,
            ["decimalsInFloat"] = percent ? 2 : 4,
        };
        if (percent)
        {
            axis["min"] = 0;
            axis["max"] = 1;
        }
        return axis;
    }

    public static object Bar(string title, bool percent = true) => new
    {
        chart = new { type = "bar", height = 280, animations = new { enabled = false }, toolbar = new { show = false } },
        title = new { text = title, style = new { fontSize = "14px" } },
        plotOptions = new { bar = new { horizontal = false, columnWidth = "60%" } },
        dataLabels = new { enabled = false },
        yaxis = percent ? new Dictionary<string, object> { ["min"] = 0, ["max"] = 1, ["decimalsInFloat"] = 2 } : new Dictionary<string, object> { ["min"] = 0 },
    };

    public static object Heatmap(string title, int height) => new
    {
        chart = new { type = "heatmap", height, animations = new { enabled = false }, toolbar = new { show = false } },
        title = new { text = title, style = new { fontSize = "14px" } },
        dataLabels = new { enabled = true, style = new { fontSize = "10px", colors = new[] { "#1d2733" } } },
        colors = new[] { "#2e86de" },
        xaxis = new { title = new { text = "predicted" } },
        yaxis = new { title = new { text = "true class" } },
        legend = new { show = false },
    };
}
