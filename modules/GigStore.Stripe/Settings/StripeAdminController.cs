using Microsoft.AspNetCore.Http;
using GigStore.Modules;
using GigStore.Navigation;
using GigStore.Stripe.Webhooks;
using GigStore.Users.Contracts;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace GigStore.Stripe.Settings;

/// <summary>What the admin page shows: whether a key is set and in which mode, the signing secrets by date, where Stripe must send events.</summary>
public sealed record StripeAdminPage(
    bool HasSecretKey,
    bool SecretKeyUnreadable,
    bool IsTestMode,
    IReadOnlyList<StripeSecretListing> WebhookSecrets,
    string WebhookUrl,
    IReadOnlyList<string> WebhookEvents,
    bool AllowApiBaseUrl,
    StripeAccountForm Account,
    StripeWebhookSecretForm Secret);

/// <summary>A stored signing secret as the page lists it: when it was added, and whether it can still be decrypted.</summary>
public sealed record StripeSecretListing(int Id, DateTimeOffset AddedUtc, bool Readable);

/// <summary>The key as the form edits it: a new key replaces the stored one, empty keeps it; the stored key is never shown.</summary>
public sealed class StripeAccountForm
{
    public string? SecretKey { get; set; }

    public bool ClearSecretKey { get; set; }

    public string? ApiBaseUrl { get; set; }

    public Dictionary<string, string> Errors { get; } = [];

    public bool Validate(bool allowApiBaseUrl)
    {
        var key = SecretKey?.Trim();
        if (!string.IsNullOrEmpty(key)
            && (key.Length > 255 || key.Any(char.IsWhiteSpace) || !(key.StartsWith("sk_test_", StringComparison.Ordinal) || key.StartsWith("sk_live_", StringComparison.Ordinal) || key.StartsWith("rk_test_", StringComparison.Ordinal) || key.StartsWith("rk_live_", StringComparison.Ordinal))))
        {
            Errors[nameof(SecretKey)] = "Enter a secret key from Stripe's dashboard: it starts with sk_test_ or sk_live_ (or rk_ for a restricted key).";
        }

        if (allowApiBaseUrl && !string.IsNullOrWhiteSpace(ApiBaseUrl)
            && (!Uri.TryCreate(ApiBaseUrl.Trim(), UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https") || ApiBaseUrl.Trim().Length > 500))
        {
            Errors[nameof(ApiBaseUrl)] = "Enter an address such as https://api.stripe.com, or leave it empty for Stripe's.";
        }

        return Errors.Count == 0;
    }
}

/// <summary>A webhook signing secret to add (Stripe shows it once for each endpoint, starting with whsec_).</summary>
public sealed class StripeWebhookSecretForm
{
    public string? WebhookSecret { get; set; }

    public Dictionary<string, string> Errors { get; } = [];

    public bool Validate()
    {
        var secret = WebhookSecret?.Trim() ?? "";
        if (!secret.StartsWith("whsec_", StringComparison.Ordinal) || secret.Length is < 10 or > 255 || secret.Any(char.IsWhiteSpace))
        {
            Errors[nameof(WebhookSecret)] = "Enter the endpoint's signing secret from Stripe's dashboard: it starts with whsec_.";
        }

        return Errors.Count == 0;
    }
}

/// <summary>
/// <c>/admin/payments/stripe</c>: the store's Stripe key and webhook signing secrets. Secrets go in and never
/// come back out: the page says only whether they are set.
/// </summary>
[Admin]
[Route("admin/payments/stripe")]
public sealed class StripeAdminController(StripeSettingsStore settings, IOptions<StripeOptions> options) : Controller
{
    /// <summary>The events the store acts on: what to select when adding the endpoint in Stripe's dashboard.</summary>
    public static readonly IReadOnlyList<string> WebhookEvents =
    [
        "checkout.session.completed",
        "checkout.session.async_payment_succeeded",
        "checkout.session.async_payment_failed",
        "checkout.session.expired",
    ];

    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken ct) => View(await PageAsync(null, null, ct));

    [HttpPost("account")]
    public async Task<IActionResult> Account(StripeAccountForm form, CancellationToken ct)
    {
        var allowApiBaseUrl = options.Value.AllowTenantApiBaseUrl;
        if (!form.Validate(allowApiBaseUrl))
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View("Index", await PageAsync(form, null, ct));
        }

        var current = await settings.GetAsync(ct);
        var key = string.IsNullOrWhiteSpace(form.SecretKey) ? null : form.SecretKey.Trim();
        var apiBaseUrl = allowApiBaseUrl ? (string.IsNullOrWhiteSpace(form.ApiBaseUrl) ? null : form.ApiBaseUrl.Trim()) : current.OwnApiBaseUrl;
        await settings.SaveAccountAsync(key, form.ClearSecretKey && key is null, apiBaseUrl, ct);
        TempData["Status"] = form.ClearSecretKey && key is null ? "The secret key was removed; buyers cannot pay with Stripe until a new one is set."
            : key is not null ? "The secret key was saved." : "Saved.";
        return Redirect($"{Request.PathBase}/admin/payments/stripe");
    }

    [HttpPost("webhook-secrets")]
    public async Task<IActionResult> AddWebhookSecret(StripeWebhookSecretForm form, CancellationToken ct)
    {
        if (!form.Validate())
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View("Index", await PageAsync(null, form, ct));
        }

        await settings.AddWebhookSecretAsync(form.WebhookSecret!.Trim(), ct);
        TempData["Status"] = "The signing secret was added; events signed with it are accepted now.";
        return Redirect($"{Request.PathBase}/admin/payments/stripe");
    }

    [HttpPost("webhook-secrets/{id:int}/remove")]
    public async Task<IActionResult> RemoveWebhookSecret(int id, CancellationToken ct)
    {
        TempData["Status"] = await settings.RemoveWebhookSecretAsync(id, ct)
            ? "The signing secret was removed; events signed only with it are refused from now on."
            : "That signing secret was already removed.";
        return Redirect($"{Request.PathBase}/admin/payments/stripe");
    }

    private async Task<StripeAdminPage> PageAsync(StripeAccountForm? account, StripeWebhookSecretForm? secret, CancellationToken ct)
    {
        var current = await settings.GetAsync(ct);
        var allowApiBaseUrl = options.Value.AllowTenantApiBaseUrl;

        // A form sent back with errors keeps what was typed, except any secret: those are typed again.
        account ??= new StripeAccountForm { ApiBaseUrl = current.OwnApiBaseUrl };
        account.SecretKey = null;
        secret ??= new StripeWebhookSecretForm();
        secret.WebhookSecret = null;
        return new StripeAdminPage(
            current.HasSecretKey,
            current.SecretKeyUnreadable,
            current.IsTestMode,
            [.. current.WebhookSecrets.Select(s => new StripeSecretListing(s.Id, s.AddedUtc, s.Secret is not null))],
            $"{Request.Scheme}://{Request.Host}{Request.PathBase}{StripeWebhookEndpoint.Path}",
            WebhookEvents,
            allowApiBaseUrl,
            account,
            secret);
    }
}

internal sealed class StripeNavigation : INavigationProvider
{
    public void BuildNavigation(string menu, NavigationBuilder builder)
    {
        if (menu == Menus.Admin)
        {
            builder.Add("Stripe payments", "/admin/payments/stripe", 600, Roles.Administrator);
        }
    }
}
