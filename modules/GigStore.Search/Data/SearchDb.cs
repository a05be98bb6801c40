using Microsoft.EntityFrameworkCore;

namespace GigStore.Search.Data;

/// <summary>What the search module keeps in the tenant's database: the indexer's state and the search settings.</summary>
public sealed class SearchDb(DbContextOptions<SearchDb> options) : DbContext(options)
{
    public const string HistoryTable = "__Migrations_Search";

    public DbSet<IndexState> IndexState => Set<IndexState>();

    public DbSet<SearchSettingsRow> Settings => Set<SearchSettingsRow>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<IndexState>(e =>
        {
            e.ToTable("Search_IndexState");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).ValueGeneratedNever();
            e.Property(x => x.LeaseOwner).HasMaxLength(100);
            e.Property(x => x.LastError).HasMaxLength(2000);
        });
        modelBuilder.Entity<SearchSettingsRow>(e =>
        {
            e.ToTable("Search_Settings");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).ValueGeneratedNever();
        });
    }
}

/// <summary>
/// The tenant's indexer: who holds the lease (one indexer at a time, across app nodes and the rebuild
/// command), how far it got, and the last error with its retry schedule. One row, id 1.
/// </summary>
public sealed class IndexState
{
    public const int SingleId = 1;

    public int Id { get; set; } = SingleId;

    public string? LeaseOwner { get; set; }

    /// <summary>Unix milliseconds (comparable in SQL on every provider).</summary>
    public long LeaseExpiresUnixMs { get; set; }

    public DateTimeOffset? LastIndexedUtc { get; set; }

    /// <summary>Gigs written to the index by the indexer since the last rebuild.</summary>
    public long ChangesIndexed { get; set; }

    /// <summary>An administrator asked for a rebuild; the indexer does it on its next run.</summary>
    public bool RebuildRequested { get; set; }

    public DateTimeOffset? RebuiltUtc { get; set; }
    public long RebuildDocuments { get; set; }
    public long RebuildMilliseconds { get; set; }

    public string? LastError { get; set; }
    public DateTimeOffset? LastErrorUtc { get; set; }

    /// <summary>Failures in a row; the next attempt waits longer each time (up to a minute).</summary>
    public int FailedAttempts { get; set; }
    public DateTimeOffset? NextAttemptUtc { get; set; }
}

/// <summary>The tenant's search settings as JSON (one row, id 1): ranking weights and the Elasticsearch connection.</summary>
public sealed class SearchSettingsRow
{
    public int Id { get; set; } = 1;
    public string Json { get; set; } = "{}";
}
