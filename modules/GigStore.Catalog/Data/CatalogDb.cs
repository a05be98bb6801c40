using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Handles = GigStore.Catalog.Sellers.SellerHandles;

namespace GigStore.Catalog.Data;

public sealed class CatalogDb(DbContextOptions<CatalogDb> options) : DbContext(options)
{
    /// <summary>A list stored as a JSON text column.</summary>
    private static Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter<T, string> Json<T>()
        where T : new() => new(v => JsonSerializer.Serialize(v, JsonSerializerOptions.Web), v => JsonSerializer.Deserialize<T>(v, JsonSerializerOptions.Web) ?? new T());

    private static ValueComparer<T> Compare<T>()
        where T : class => new(
            (a, b) => JsonSerializer.Serialize(a, JsonSerializerOptions.Web) == JsonSerializer.Serialize(b, JsonSerializerOptions.Web),
            v => JsonSerializer.Serialize(v, JsonSerializerOptions.Web).GetHashCode(),
            v => JsonSerializer.Deserialize<T>(JsonSerializer.Serialize(v, JsonSerializerOptions.Web), JsonSerializerOptions.Web)!);

    public const string HistoryTable = "__Migrations_Catalog";

    public DbSet<Category> Categories => Set<Category>();

    public DbSet<CategoryAttribute> CategoryAttributes => Set<CategoryAttribute>();

    public DbSet<SellerProfile> Sellers => Set<SellerProfile>();

    public DbSet<SellerHandle> SellerHandles => Set<SellerHandle>();

    public DbSet<Gig> Gigs => Set<Gig>();

    public DbSet<GigSlug> GigSlugs => Set<GigSlug>();

    /// <summary>The outbox of buyer-visible gig changes, for the search index and others that follow the catalogue.</summary>
    public DbSet<GigChange> GigChanges => Set<GigChange>();

    /// <summary>What a gig shows buyers; a change to any of these (or a new gig) is recorded in <see cref="GigChanges"/>.</summary>
    private static readonly string[] VisibleGigProperties =
        [nameof(Gig.State), nameof(Gig.LiveJson), nameof(Gig.Title), nameof(Gig.Slug), nameof(Gig.CategoryId), nameof(Gig.SubcategoryId), nameof(Gig.StartingPriceMinor), nameof(Gig.MinDeliveryDays), nameof(Gig.Cover), nameof(Gig.Currency),
            nameof(Gig.RatingAverage), nameof(Gig.ReviewCount), nameof(Gig.OrdersCompleted)];

    /// <summary>What a seller's gigs show of the seller (cards, search facets, visibility).</summary>
    private static readonly string[] VisibleSellerProperties =
        [nameof(SellerProfile.DisplayName), nameof(SellerProfile.Handle), nameof(SellerProfile.VacationMode), nameof(SellerProfile.Country), nameof(SellerProfile.Languages), nameof(SellerProfile.ResponseTimeHours), nameof(SellerProfile.Level)];

    /// <summary>Saves, recording buyer-visible gig changes in the outbox in the same transaction as the change itself.</summary>
    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        var changedSellers = ChangedSellers();
        var sellersGigs = changedSellers.Count == 0 ? [] : await Gigs.Where(g => changedSellers.Contains(g.SellerId)).Select(g => g.Id).ToListAsync(cancellationToken);
        RecordGigChanges(sellersGigs);
        return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        var changedSellers = ChangedSellers();
        RecordGigChanges(changedSellers.Count == 0 ? [] : [.. Gigs.Where(g => changedSellers.Contains(g.SellerId)).Select(g => g.Id)]);
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    private List<string> ChangedSellers() =>
        [.. ChangeTracker.Entries<SellerProfile>()
            .Where(e => e.State == EntityState.Modified && VisibleSellerProperties.Any(p => e.Property(p).IsModified))
            .Select(e => e.Entity.UserId)];

    private void RecordGigChanges(IReadOnlyCollection<int> sellersGigs)
    {
        var now = DateTimeOffset.UtcNow;
        var gigs = ChangeTracker.Entries<Gig>()
            .Where(e => e.State == EntityState.Added
                || (e.State == EntityState.Modified && VisibleGigProperties.Any(p => e.Property(p).IsModified)
                    // A gig never published shows nothing to buyers: its draft's title and slug are its own business.
                    && (e.Entity.LiveJson is not null || e.Property(nameof(Gig.State)).IsModified)))
            .Select(e => e.Entity)
            .ToList();
        foreach (var gig in gigs)
        {
            GigChanges.Add(new GigChange { Gig = gig, ChangedUtc = now });
        }

        foreach (var id in sellersGigs.Where(id => gigs.All(g => g.Id != id)))
        {
            GigChanges.Add(new GigChange { GigId = id, ChangedUtc = now });
        }
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<GigChange>(e =>
        {
            e.ToTable("Catalog_GigChanges");
            e.HasKey(x => x.Id);
            e.HasOne(x => x.Gig).WithMany().HasForeignKey(x => x.GigId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(x => x.GigId);
        });
        modelBuilder.Entity<Category>(e =>
        {
            e.ToTable("Catalog_Categories");
            e.HasKey(x => x.Id);
            e.Property(x => x.Slug).HasMaxLength(80);
            e.Property(x => x.Name).HasMaxLength(80);
            e.Property(x => x.Description).HasMaxLength(500);
            e.HasIndex(x => x.Slug).IsUnique();
            e.HasIndex(x => x.ParentId);
            e.HasMany(x => x.Attributes).WithOne().HasForeignKey(a => a.CategoryId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<CategoryAttribute>(e =>
        {
            e.ToTable("Catalog_CategoryAttributes");
            e.HasKey(x => x.Id);
            e.Property(x => x.Key).HasMaxLength(60);
            e.Property(x => x.Name).HasMaxLength(80);
            e.Property(x => x.Options).HasColumnName("OptionsJson").HasConversion(Json<List<string>>(), Compare<List<string>>());
            e.HasIndex(x => new { x.CategoryId, x.Key }).IsUnique();
        });
        modelBuilder.Entity<SellerProfile>(e =>
        {
            e.ToTable("Catalog_Sellers");
            e.HasKey(x => x.UserId);
            e.Property(x => x.Handle).HasMaxLength(Handles.MaxLength);
            e.HasIndex(x => x.Handle).IsUnique();
            e.HasIndex(x => x.LastSeenUtc);
            e.Property(x => x.DisplayName).HasMaxLength(100);
            e.Property(x => x.Tagline).HasMaxLength(120);
            e.Property(x => x.Country).HasMaxLength(2);
            e.Property(x => x.Level).HasConversion<string>().HasMaxLength(20);
            e.Property(x => x.Skills).HasColumnName("SkillsJson").HasConversion(Json<List<string>>(), Compare<List<string>>());
            e.Property(x => x.Languages).HasColumnName("LanguagesJson").HasConversion(Json<List<SellerLanguage>>(), Compare<List<SellerLanguage>>());
            e.Property(x => x.Avatar).HasColumnName("AvatarJson").HasConversion(
                v => v == null ? null : JsonSerializer.Serialize(v, JsonSerializerOptions.Web),
                v => v == null ? null : JsonSerializer.Deserialize<Gigs.GalleryImage>(v, JsonSerializerOptions.Web));
        });
        modelBuilder.Entity<SellerHandle>(e =>
        {
            e.ToTable("Catalog_SellerHandles");
            e.HasKey(x => x.Handle);
            e.Property(x => x.Handle).HasMaxLength(Handles.MaxLength);
            e.HasIndex(x => x.UserId);
        });
        modelBuilder.Entity<Gig>(e =>
        {
            e.ToTable("Catalog_Gigs");
            e.HasKey(x => x.Id);
            e.Property(x => x.Slug).HasMaxLength(100);
            e.HasIndex(x => x.Slug).IsUnique();
            e.HasIndex(x => x.SellerId);
            e.HasIndex(x => x.DraftSubmittedUtc);
            e.HasIndex(x => new { x.State, x.CategoryId });
            e.Property(x => x.State).HasConversion<string>().HasMaxLength(20);
            e.Property(x => x.Title).HasMaxLength(100);
            e.Property(x => x.Currency).HasMaxLength(3);
            e.Property(x => x.Version).IsConcurrencyToken();
            e.Property(x => x.Cover).HasColumnName("CoverJson").HasConversion(
                v => v == null ? null : JsonSerializer.Serialize(v, JsonSerializerOptions.Web),
                v => v == null ? null : JsonSerializer.Deserialize<Gigs.GalleryImage>(v, JsonSerializerOptions.Web));
        });
        modelBuilder.Entity<GigSlug>(e =>
        {
            e.ToTable("Catalog_GigSlugs");
            e.HasKey(x => x.Slug);
            e.Property(x => x.Slug).HasMaxLength(100);
        });
    }
}

public sealed class Category
{
    public int Id { get; set; }
    public int? ParentId { get; set; }
    public string Slug { get; set; } = "";
    public string Name { get; set; } = "";
    public string Description { get; set; } = "";
    public int Position { get; set; }
    public List<CategoryAttribute> Attributes { get; set; } = [];
}

/// <summary>A category-specific gig attribute such as "Logo style: minimalist | vintage | 3D".</summary>
public sealed class CategoryAttribute
{
    public int Id { get; set; }
    public int CategoryId { get; set; }
    public string Key { get; set; } = "";
    public string Name { get; set; } = "";
    public bool MultiSelect { get; set; }
    public bool Required { get; set; }
    public List<string> Options { get; set; } = [];
    public int Position { get; set; }
}

public sealed class SellerProfile
{
    public string UserId { get; set; } = "";

    /// <summary>The name in the profile's address, /sellers/{handle}: see <see cref="Handles"/>.</summary>
    public string Handle { get; set; } = "";

    public string DisplayName { get; set; } = "";
    public string Tagline { get; set; } = "";
    public string Bio { get; set; } = "";
    public bool VacationMode { get; set; }
    public DateTimeOffset MemberSinceUtc { get; set; }
    public Gigs.GalleryImage? Avatar { get; set; }
    public List<string> Skills { get; set; } = [];
    public List<SellerLanguage> Languages { get; set; } = [];

    /// <summary>ISO 3166 two-letter code.</summary>
    public string? Country { get; set; }

    /// <summary>Average hours to a first reply; filled in by messaging.</summary>
    public int? ResponseTimeHours { get; set; }

    /// <summary>The seller's standing, computed from their orders and reviews (issue 6); a badge and a search facet.</summary>
    public SellerLevel Level { get; set; }

    /// <summary>
    /// When the seller last made a request while signed in, to the minute (see <see cref="Sellers.SellerActivity"/>),
    /// always in UTC; null if never. Not buyer-visible catalogue content: it is not recorded in the outbox.
    /// </summary>
    public DateTimeOffset? LastSeenUtc { get; set; }
}

/// <summary>A seller's standing, lowest first.</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<SellerLevel>))]
public enum SellerLevel
{
    New,
    Level1,
    Level2,
    TopRated,
}

/// <summary>A handle the seller had before: requests to it redirect to the current one.</summary>
public sealed class SellerHandle
{
    public string Handle { get; set; } = "";
    public string UserId { get; set; } = "";
}

public sealed record SellerLanguage(string Language, string Level);

public enum GigState
{
    Draft,
    PendingReview,
    Rejected,
    Published,
    Paused,
    Archived,
}

/// <summary>
/// A gig: its live content (what buyers see) and, while the seller edits, a draft that replaces the
/// live content atomically on publish. Title, category, starting price, fastest delivery and cover
/// image of the live content are copied into columns for listing, so cards never read the document.
/// </summary>
public sealed class Gig
{
    public int Id { get; set; }
    public string SellerId { get; set; } = "";
    public string Slug { get; set; } = "";
    public GigState State { get; set; }
    public string? RejectionReason { get; set; }
    public string? Title { get; set; }
    public int? CategoryId { get; set; }
    public int? SubcategoryId { get; set; }
    public long? StartingPriceMinor { get; set; }
    public string Currency { get; set; } = "USD";
    public int? MinDeliveryDays { get; set; }

    /// <summary>The first gallery image of the live content, for cards.</summary>
    public Gigs.GalleryImage? Cover { get; set; }

    public string? LiveJson { get; set; }
    public string? DraftJson { get; set; }
    public DateTimeOffset CreatedUtc { get; set; }
    public DateTimeOffset UpdatedUtc { get; set; }
    public DateTimeOffset? PublishedUtc { get; set; }

    /// <summary>When the draft of a live gig was submitted for review; null when it is not waiting.</summary>
    public DateTimeOffset? DraftSubmittedUtc { get; set; }

    /// <summary>Average of the gig's review ratings (1–5), 0 while it has none.</summary>
    public double RatingAverage { get; set; }

    public int ReviewCount { get; set; }

    public int OrdersCompleted { get; set; }

    public int Version { get; set; }
}

/// <summary>
/// One row of the catalogue's outbox: this gig changed in a way buyers see (published, paused,
/// edited live, its seller went on vacation...). Written in the same transaction as the change, so
/// a follower (the search indexer) never misses one; followers read rows in Id order and delete them
/// when done.
/// </summary>
public sealed class GigChange
{
    public long Id { get; set; }
    public int GigId { get; set; }
    public Gig? Gig { get; set; }
    public DateTimeOffset ChangedUtc { get; set; }
}

/// <summary>A slug the gig had before: requests to it redirect to the current one.</summary>
public sealed class GigSlug
{
    public string Slug { get; set; } = "";
    public int GigId { get; set; }
}
