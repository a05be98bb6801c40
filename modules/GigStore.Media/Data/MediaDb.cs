using Microsoft.EntityFrameworkCore;

namespace GigStore.Media.Data;

/// <summary>
/// Who uploaded which image. Ids are content hashes, so two users who upload the same bytes share one
/// stored image and both own it: a row per (image, user).
/// </summary>
internal sealed class ImageOwner
{
    public string ImageId { get; set; } = "";

    public string OwnerId { get; set; } = "";

    public DateTimeOffset UploadedUtc { get; set; }
}

internal sealed class MediaDb(DbContextOptions<MediaDb> options) : DbContext(options)
{
    public const string HistoryTable = "__Migrations_Media";

    public DbSet<ImageOwner> ImageOwners => Set<ImageOwner>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.Entity<ImageOwner>(e =>
    {
        e.ToTable("Media_ImageOwners");
        e.HasKey(x => new { x.ImageId, x.OwnerId });
        e.Property(x => x.ImageId).HasMaxLength(20);
        e.Property(x => x.OwnerId).HasMaxLength(450);
        e.HasIndex(x => x.OwnerId);
    });
}
