using CifarLab.Web.Composition;
using CifarLab.Web.Extensions;

var builder = WebApplication.CreateBuilder(HostPaths.Options(args));
// Outside Development the framework's own files (blazor.web.js) are found through the build's
// static-web-assets manifest only if asked; a published app has none and serves them from its folder.
builder.WebHost.UseStaticWebAssets();
builder.AddLabAccounts();
builder.AddApplicationServices();

var app = builder.Build();
app.UseApplication();
app.Lifetime.ApplicationStarted.Register(() =>
    Console.WriteLine($"CifarLab is running: open {string.Join(" or ", app.Urls)} in a browser."));
app.Run();

/// <summary>Entry point, public for WebApplicationFactory.</summary>
public partial class Program;
