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
        xaxis = new { type = "numeric", title = new { text = "epoch" }, decimalsInFloat = 0, tickAmount = "dataPoints" },
        yaxis = new { title = new { text = yTitle }, min = percent ? (double?)0 : null, max = percent ? (double?)1 : null, logarithmic = logY, decimalsInFloat = percent ? 2 : 4 },
        legend = new { position = "top" },
        noData = new { text = "waiting for the first epoch…" },
    };

    public static object Bar(string title, bool percent = true) => new
    {
        chart = new { type = "bar", height = 280, animations = new { enabled = false }, toolbar = new { show = false } },
        title = new { text = title, style = new { fontSize = "14px" } },
        plotOptions = new { bar = new { horizontal = false, columnWidth = "60%" } },
        dataLabels = new { enabled = false },
        yaxis = new { min = 0, max = percent ? (double?)1 : null, decimalsInFloat = 2 },
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
