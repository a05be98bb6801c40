using System.Security.Cryptography;
using GigStore.Stripe.Data;
using GigStore.Tenants;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GigStore.Stripe.Settings;

/// <summary>The store's Stripe account as the module uses it: the key and webhook secrets decrypted, in memory only.</summary>
/// <param name="SecretKey">Null when none is set, or the stored one cannot be decrypted (<paramref name="SecretKeyUnreadable"/>).</param>
/// <param name="OwnApiBaseUrl">The address the store's admin entered, used only when the installation allows it.</param>
public sealed record StripeAccount(string? SecretKey, bool SecretKeyUnreadable, IReadOnlyList<StripeWebhookSecret> WebhookSecrets, Uri ApiBaseUrl, string? OwnApiBaseUrl)
{
    public bool HasSecretKey => SecretKey is not null;

    /// <summary>The secrets a webhook's signature is checked with.</summary>
    public IReadOnlyList<string> SigningSecrets => [.. WebhookSecrets.Select(s => s.Secret).OfType<string>()];

    /// <summary>Test keys (<c>sk_test_</c>, and restricted <c>rk_test_</c>) move no money.</summary>
    public bool IsTestMode => SecretKey is not null && (SecretKey.StartsWith("sk_test_", StringComparison.Ordinal) || SecretKey.StartsWith("rk_test_", StringComparison.Ordinal));
}

/// <summary>A stored signing secret; <see cref="Secret"/> is null when it cannot be decrypted any more.</summary>
public sealed record StripeWebhookSecret(int Id, string? Secret, DateTimeOffset AddedUtc);

/// <summary>
/// Reads and writes the tenant's Stripe settings. Secrets are encrypted with Data Protection under a purpose
/// that names the tenant, so a row copied into another store's database cannot be read there; they are
/// decrypted only to call Stripe or check a signature and are never shown back. The account as read is kept in
/// this process for a few seconds (<see cref="StripeAccountCache"/>): every cart and checkout asks whether Stripe
/// is ready, which was two queries and a decryption each time.
/// </summary>
public sealed class StripeSettingsStore(StripeDb db, ITenantAccessor tenants, IDataProtectionProvider protection, IOptions<StripeOptions> options, StripeAccountCache cache, TimeProvider clock, ILogger<StripeSettingsStore> log)
{
    private IDataProtector Protector => protection.CreateProtector("GigStore.Stripe.Secrets", "v1", tenants.Tenant.Name);

    public async Task<StripeAccount> GetAsync(CancellationToken ct)
    {
        if (cache.TryGet(tenants.Tenant.Name, clock.GetUtcNow(), out var cached))
        {
            return cached;
        }

        var account = await ReadAsync(ct);
        cache.Set(tenants.Tenant.Name, account, clock.GetUtcNow());
        return account;
    }

    private async Task<StripeAccount> ReadAsync(CancellationToken ct)
    {
        var row = await db.Settings.AsNoTracking().FirstOrDefaultAsync(ct);
        var secrets = await db.WebhookSecrets.AsNoTracking().OrderBy(s => s.Id).ToListAsync(ct);
        var key = Unprotect(row?.SecretKey);
        var webhookSecrets = secrets.Select(s => new StripeWebhookSecret(s.Id, Unprotect(s.Secret), s.AddedUtc)).ToList();
        var apiBase = options.Value.AllowTenantApiBaseUrl && Uri.TryCreate(row?.ApiBaseUrl, UriKind.Absolute, out var own) ? own : options.Value.ApiBaseUrl;
        return new StripeAccount(key, row?.SecretKey is not null && key is null, webhookSecrets, apiBase, row?.ApiBaseUrl);
    }

    private string? Unprotect(string? value)
    {
        if (value is null)
        {
            return null;
        }

        try
        {
            return Protector.Unprotect(value);
        }
        catch (CryptographicException ex)
        {
            // The installation's data-protection keys were lost or replaced: the secret is as good as unset,
            // and the admin page says to enter it again.
            log.LogError(ex, "A stored Stripe secret of tenant {Tenant} cannot be decrypted; enter it again in the admin.", tenants.Tenant.Name);
            return null;
        }
    }

    /// <summary>Replaces the key (a new one), clears it (<paramref name="clearKey"/>), or keeps it (neither); sets the store's API address.</summary>
    public async Task SaveAccountAsync(string? newSecretKey, bool clearKey, string? apiBaseUrl, CancellationToken ct)
    {
        var row = await db.Settings.FirstOrDefaultAsync(ct);
        if (row is null)
        {
            row = new StripeSettingsRow();
            db.Settings.Add(row);
        }

        if (clearKey)
        {
            row.SecretKey = null;
        }
        else if (newSecretKey is not null)
        {
            row.SecretKey = Protector.Protect(newSecretKey);
        }

        row.ApiBaseUrl = apiBaseUrl;
        row.UpdatedUtc = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        cache.Remove(tenants.Tenant.Name);
    }

    public async Task AddWebhookSecretAsync(string secret, CancellationToken ct)
    {
        db.WebhookSecrets.Add(new StripeWebhookSecretRow { Secret = Protector.Protect(secret), AddedUtc = clock.GetUtcNow() });
        await db.SaveChangesAsync(ct);
        cache.Remove(tenants.Tenant.Name);
    }

    /// <summary>False when there was no such secret.</summary>
    public async Task<bool> RemoveWebhookSecretAsync(int id, CancellationToken ct)
    {
        var removed = await db.WebhookSecrets.Where(s => s.Id == id).ExecuteDeleteAsync(ct) > 0;
        cache.Remove(tenants.Tenant.Name);
        return removed;
    }
}

/// <summary>
/// Each tenant's Stripe account for this process; other app nodes see a change within five seconds (a webhook
/// signed with a secret added on another node a moment ago is refused once and delivered again by Stripe).
/// </summary>
public sealed class StripeAccountCache() : TenantValueCache<StripeAccount>(TimeSpan.FromSeconds(5));
