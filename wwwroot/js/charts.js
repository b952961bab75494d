// CifarLab's chart interop: Blazor hands us an element, apex options and series; we keep one
// ApexCharts instance per element so live updates only replace data (no re-render flicker).
const charts = new WeakMap();

export function render(element, options, series) {
    destroy(element);
    if (typeof ApexCharts === "undefined") {
        element.textContent = "Charts unavailable: wwwroot/lib/apexcharts/apexcharts.min.js did not load.";
        return;
    }
    const chart = new ApexCharts(element, { ...options, series });
    charts.set(element, chart);
    chart.render();
}

export function update(element, series) {
    const chart = charts.get(element);
    if (chart) {
        chart.updateSeries(series, false);
    }
}

export function destroy(element) {
    const chart = charts.get(element);
    if (chart) {
        chart.destroy();
        charts.delete(element);
    }
}
