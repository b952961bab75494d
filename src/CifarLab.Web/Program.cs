using CifarLab.Web.Extensions;

var builder = WebApplication.CreateBuilder(HostPaths.Options(args));
// Serve the framework's assets (_framework/blazor.web.js) from the build output in every environment,
// not only Development: `dotnet run -c Release` and a bare `dotnet CifarLab.Web.dll` run from bin/.
// A published app has no static web assets manifest, so this is a no-op there.
builder.WebHost.UseStaticWebAssets();
builder.AddApplicationServices();

var app = builder.Build();
app.UseApplication();
app.Lifetime.ApplicationStarted.Register(() =>
    Console.WriteLine($"CifarLab is running: open {string.Join(" or ", app.Urls)} in a browser."));
app.Run();

/// <summary>Entry point, public for WebApplicationFactory.</summary>
public partial class Program;
