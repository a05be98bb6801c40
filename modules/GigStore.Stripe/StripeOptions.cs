using System.ComponentModel.DataAnnotations;

namespace GigStore.Stripe;

/// <summary>The installation's Stripe settings (<c>GigStore:Stripe</c>); keys and webhook secrets are per tenant, in its admin.</summary>
public sealed class StripeOptions
{
    public const string Section = "GigStore:Stripe";

    /// <summary>Where Stripe's API is: tests and local mocks point it elsewhere.</summary>
    [Required]
    public Uri ApiBaseUrl { get; set; } = new("https://api.stripe.com");

    /// <summary>
    /// Whether a tenant's admin may set an API address of their own. Off by default: it would let a store's admin
    /// make this server send requests, with the store's key, to any address it can reach.
    /// </summary>
    public bool AllowTenantApiBaseUrl { get; set; }

    /// <summary>How long one attempt of a call may take before it counts as failed (and is retried).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Further attempts after a rate limit, a server error or a network failure.</summary>
    [Range(0, 10)]
    public int MaxRetries { get; set; } = 3;

    /// <summary>The wait before the first retry; it doubles for each next one.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(500);
}
