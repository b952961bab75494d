using CifarLab.Web.Accounts;
using CifarLab.Web.Composition;
using CifarLab.Web.Extensions;
using CifarLab.Web.Lab;

// `create-admin NAME` makes an admin and exits (Accounts/CreateAdminCommand); its output is one line, no logs.
var createAdmin = CreateAdminCommand.TryParse(args, out var adminName, out var hostArgs);
var builder = WebApplication.CreateBuilder(HostPaths.Options(hostArgs));
if (createAdmin)
{
    builder.Logging.ClearProviders();
}
// Outside Development the framework's own files (blazor.web.js) are found through the build's
// static-web-assets manifest only if asked; a published app has none and serves them from its folder.
builder.WebHost.UseStaticWebAssets();
builder.AddLabAccounts();
builder.AddApplicationServices();

var app = builder.Build();
// A place the app cannot write (read-only data folder or database) is one clear line and a non-zero exit.
if (StartupStorage.Problem(app.Services.GetRequiredService<LabPaths>()) is { } problem)
{
    Console.Error.WriteLine($"CifarLab cannot start: {problem}");
    return 2;
}
if (createAdmin)
{
    return await CreateAdminCommand.RunAsync(app.Services, adminName, Console.In, Console.Out, Console.Error);
}
app.UseApplication();
app.Lifetime.ApplicationStarted.Register(() =>
    Console.WriteLine($"CifarLab is running: open {string.Join(" or ", app.Urls)} in a browser."));
app.Run();
return 0;

/// <summary>Entry point, public for WebApplicationFactory.</summary>
public partial class Program;
