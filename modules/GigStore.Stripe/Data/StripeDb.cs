using Microsoft.EntityFrameworkCore;

namespace GigStore.Stripe.Data;

/// <summary>What the Stripe module keeps in the tenant's database: the store's keys and the webhook events it has handled.</summary>
public sealed class StripeDb(DbContextOptions<StripeDb> options) : DbContext(options)
{
    public const string HistoryTable = "__Migrations_Stripe";

    public DbSet<StripeSettingsRow> Settings => Set<StripeSettingsRow>();

    public DbSet<StripeWebhookSecretRow> WebhookSecrets => Set<StripeWebhookSecretRow>();

    public DbSet<StripeProcessedEvent> ProcessedEvents => Set<StripeProcessedEvent>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<StripeSettingsRow>(e =>
        {
            e.ToTable("Stripe_Settings");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).ValueGeneratedNever();
            e.Property(x => x.SecretKey).HasMaxLength(2000);
            e.Property(x => x.ApiBaseUrl).HasMaxLength(500);
        });
        modelBuilder.Entity<StripeWebhookSecretRow>(e =>
        {
            e.ToTable("Stripe_WebhookSecrets");
            e.HasKey(x => x.Id);
            e.Property(x => x.Secret).HasMaxLength(2000);
        });
        modelBuilder.Entity<StripeProcessedEvent>(e =>
        {
            e.ToTable("Stripe_ProcessedEvents");
            e.HasKey(x => x.EventId);
            e.Property(x => x.EventId).HasMaxLength(255);
            e.Property(x => x.Type).HasMaxLength(100);
            e.Property(x => x.Reference).HasMaxLength(255);
            e.Property(x => x.Outcome).HasMaxLength(40);
        });
    }
}

/// <summary>The store's Stripe account (one row, id 1). The secret key is encrypted with Data Protection for this tenant.</summary>
public sealed class StripeSettingsRow
{
    public const int SingleId = 1;

    public int Id { get; set; } = SingleId;

    /// <summary>The protected secret (or restricted) key; null when none is set.</summary>
    public string? SecretKey { get; set; }

    /// <summary>This store's own API address, when the installation allows one (<see cref="StripeOptions.AllowTenantApiBaseUrl"/>).</summary>
    public string? ApiBaseUrl { get; set; }

    public DateTimeOffset? UpdatedUtc { get; set; }
}

/// <summary>
/// One webhook signing secret, encrypted like the key. Several at once: while a secret is rolled in Stripe's
/// dashboard, Stripe signs with the old and the new one, and both must be accepted until the old one is removed.
/// </summary>
public sealed class StripeWebhookSecretRow
{
    public int Id { get; set; }

    public string Secret { get; set; } = "";

    public DateTimeOffset AddedUtc { get; set; }
}

/// <summary>A webhook event already applied: a repeat of its id (Stripe delivers at least once) is answered without acting again.</summary>
public sealed class StripeProcessedEvent
{
    public string EventId { get; set; } = "";

    public string Type { get; set; } = "";

    /// <summary>The Checkout Session it was about.</summary>
    public string? Reference { get; set; }

    /// <summary>What the checkout said (<see cref="Commerce.Contracts.CompletionOutcome"/>).</summary>
    public string? Outcome { get; set; }

    public DateTimeOffset ProcessedUtc { get; set; }
}
