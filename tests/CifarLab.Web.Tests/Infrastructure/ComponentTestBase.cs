using Bunit;
using CifarLab.Training.Data;
using CifarLab.Web.Data;
using CifarLab.Web.Composition;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;

namespace CifarLab.Web.Tests.Infrastructure;

/// <summary>bUnit over the app's own service graph and a real, migrated SQLite file.</summary>
public abstract class ComponentTestBase : BunitContext
{
    /// <param name="replace">Registrations to add over the app's (e.g. a scripted engine, settings), before any is used.</param>
    protected ComponentTestBase(Action<IServiceCollection>? replace = null)
    {
        DataDirectory = LabFactory.NewDataDirectory();
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:DataDirectory"] = DataDirectory,
            ["Dataset:Source"] = TestDataset.Folder,
            [DatasetOptions.AllowUnofficialSetting] = "true", // generated data, not the official files
        }).Build();
        Services.AddSingleton<IConfiguration>(config);
        Services.AddSingleton<IHostEnvironment>(new TestEnvironment(DataDirectory));
        Services.AddLogging();
        Services.AddLabCore();
        replace?.Invoke(Services);
        using var db = CreateDbContext();
        db.Database.Migrate();
    }

    protected string DataDirectory { get; }

    protected LabDbContext CreateDbContext() =>
        Services.GetRequiredService<IDbContextFactory<LabDbContext>>().CreateDbContext();

    private sealed class TestEnvironment(string root) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = "Testing";
        public string ApplicationName { get; set; } = "CifarLab.Web";
        public string ContentRootPath { get; set; } = root;
        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}
