using CifarLab.Web.Api;
using CifarLab.Web.Components;
using CifarLab.Web.Live;
using CifarLab.Web.Security;
using Scalar.AspNetCore;

namespace CifarLab.Web.Composition;

public static class AppExtensions
{
    public static WebApplication UseApplication(this WebApplication app)
    {
        app.UseLabSecurity();
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/Error", createScopeForErrors: true);
        }
        StorageProblems.UseStorageProblems(app);
        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        app.UseApiProblems();
        // The top-level wwwroot/ (our css, js and vendored apexcharts) ...
        app.UseStaticFiles();
        app.UseLabAccounts();
        app.UseAntiforgery();
        // ... next to the framework's own assets (blazor.web.js, scoped css).
        app.MapStaticAssets();

        app.MapOpenApi();
        app.MapScalarApiReference(o => o.DisableDefaultFonts()); // offline: no fonts from the internet
        app.MapRunsApi();
        app.MapGroupsApi();
        app.MapCsvExport();
        app.MapDownloadsApi();
        app.MapHealthApi();
        app.MapPreviewApi();
        app.MapHub<TrainingHub>(TrainingHub.Path);
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }
}
