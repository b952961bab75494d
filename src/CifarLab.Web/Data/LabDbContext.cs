using Microsoft.EntityFrameworkCore;

namespace CifarLab.Web.Data;

public sealed class LabDbContext(DbContextOptions<LabDbContext> options) : DbContext(options)
{
    public DbSet<RunRecord> Runs => Set<RunRecord>();
    public DbSet<EpochRow> Epochs => Set<EpochRow>();
    public DbSet<RunResultRow> Results => Set<RunResultRow>();
    public DbSet<ArtifactRow> Artifacts => Set<ArtifactRow>();
    public DbSet<MisclassifiedImageRow> MisclassifiedImages => Set<MisclassifiedImageRow>();
    public DbSet<RunGroupRecord> Groups => Set<RunGroupRecord>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        var run = modelBuilder.Entity<RunRecord>();
        run.Property(r => r.Name).HasMaxLength(200);
        run.Property(r => r.Tags).HasMaxLength(400);
        run.Property(r => r.Model).HasMaxLength(100);
        run.Property(r => r.Device).HasMaxLength(50);
        run.Property(r => r.Status).HasConversion<string>().HasMaxLength(20);
        run.Ignore(r => r.TagList);
        // The worker's claim query and every sortable leaderboard column get an index, so paging
        // through 10 000 runs never scans and sorts the whole table.
        run.HasIndex(r => new { r.Status, r.QueueOrder });
        run.HasIndex(r => r.CreatedAt);
        run.HasIndex(r => r.Model);
        run.HasIndex(r => r.TestAccuracy);
        run.HasIndex(r => r.ValidationAccuracy);
        run.HasIndex(r => r.TrainSeconds);
        run.HasIndex(r => r.Epochs);
        run.HasIndex(r => r.ParameterCount);
        run.HasIndex(r => r.Name);
        run.Property(r => r.Owner).HasMaxLength(256);
        run.HasIndex(r => new { r.Owner, r.Status });
        run.HasMany(r => r.EpochRows).WithOne().HasForeignKey(e => e.RunId).OnDelete(DeleteBehavior.Cascade);
        run.HasOne(r => r.Result).WithOne().HasForeignKey<RunResultRow>(r => r.RunId).OnDelete(DeleteBehavior.Cascade);
        run.HasMany(r => r.Artifacts).WithOne().HasForeignKey(a => a.RunId).OnDelete(DeleteBehavior.Cascade);
        // No navigation: the images are only ever read one at a time, never with the run.
        run.HasMany<MisclassifiedImageRow>().WithOne().HasForeignKey(i => i.RunId).OnDelete(DeleteBehavior.Cascade);

        var group = modelBuilder.Entity<RunGroupRecord>();
        group.ToTable("RunGroups");
        group.Property(g => g.Name).HasMaxLength(200);
        group.Property(g => g.Seeds).HasMaxLength(400);
        group.Property(g => g.Owner).HasMaxLength(256);
        group.Ignore(g => g.SeedList);
        // Deleting a group's last run leaves the group; deleting a group (not offered yet) would keep its runs.
        group.HasMany<RunRecord>().WithOne().HasForeignKey(r => r.GroupId).OnDelete(DeleteBehavior.SetNull);

        modelBuilder.Entity<EpochRow>().HasKey(e => new { e.RunId, e.Epoch });
        modelBuilder.Entity<RunResultRow>().HasKey(r => r.RunId);
        modelBuilder.Entity<MisclassifiedImageRow>().HasKey(i => new { i.RunId, i.TestIndex });
        var artifact = modelBuilder.Entity<ArtifactRow>();
        artifact.Property(a => a.Kind).HasMaxLength(40);
        artifact.Property(a => a.RelativePath).HasMaxLength(400);
        artifact.HasIndex(a => new { a.RunId, a.RelativePath }).IsUnique();
    }
}
