using CifarLab.Web.Extensions;

var builder = WebApplication.CreateBuilder(HostPaths.Options(args));
builder.AddApplicationServices();

var app = builder.Build();
app.UseApplication();
app.Lifetime.ApplicationStarted.Register(() =>
    Console.WriteLine($"CifarLab is running: open {string.Join(" or ", app.Urls)} in a browser."));
app.Run();

/// <summary>Entry point, public for WebApplicationFactory.</summary>
public partial class Program;
