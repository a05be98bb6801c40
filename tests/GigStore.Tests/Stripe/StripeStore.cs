using System.Collections.Concurrent;
using GigStore.Commerce;
using GigStore.Commerce.Contracts;
using GigStore.Shell.Features;
using GigStore.Shell.Tenants;
using GigStore.Stripe.Contracts;
using GigStore.Stripe.Settings;
using GigStore.Tenants;
using Microsoft.Extensions.DependencyInjection;

namespace GigStore.Tests.Stripe;

[CollectionDefinition(Name)]
public sealed class StripeCollection : ICollectionFixture<StripeStore>
{
    public const string Name = "Stripe";
}

/// <summary>
/// The store with Stripe pointed at a <see cref="StripeTestDouble"/>, and a <see cref="RecordingCheckoutCompletion"/>
/// in place of the checkout's side (so these tests see exactly what the webhook and provider report; the checkout's own is tested with Stripe end to end in Commerce/StripeCheckoutTests). Shared by the Stripe tests;
/// each test makes its own shop (tenant), which the double's webhooks then go to.
/// </summary>
public sealed class StripeStore : IAsyncLifetime
{
    public GigStoreFactory App { get; } = new();

    public StripeTestDouble Stripe { get; private set; } = null!;

    public CompletionLog Completions { get; } = new();

    public async Task InitializeAsync()
    {
        Stripe = await StripeTestDouble.StartAsync();
        App.Settings["GigStore:Stripe:ApiBaseUrl"] = Stripe.Url.AbsoluteUri;
        App.Settings["GigStore:Stripe:RetryBaseDelay"] = "00:00:00.010";
        App.TestServices = services =>
        {
            services.AddSingleton(Completions);
            services.AddScoped<ICheckoutCompletion, RecordingCheckoutCompletion>();
        };
    }

    /// <summary>A new shop at <c>/t/{name}</c> with Stripe on, the double's key and signing secret stored, and the double's webhooks sent to it.</summary>
    public async Task<Tenant> ShopAsync(string name, bool configure = true)
    {
        var prefix = name.ToLowerInvariant();
        var tenant = await App.CreateTenantAsync(name, prefix: prefix, adminEmail: $"owner@{prefix}.test");
        await InShopAsync(tenant, async services =>
        {
            var result = await services.GetRequiredService<FeatureManager>().EnableAsync([StripeFeatures.Stripe]);
            Assert.True(result.Succeeded, result.Error);
            if (configure)
            {
                var settings = services.GetRequiredService<StripeSettingsStore>();
                await settings.SaveAccountAsync(Stripe.SecretKey, clearKey: false, apiBaseUrl: null, default);
                foreach (var secret in Stripe.WebhookSecrets)
                {
                    await settings.AddWebhookSecretAsync(secret, default);
                }
            }

            return true;
        });
        Stripe.DeliverWebhooksTo(App.CreateClient(), $"/t/{prefix}/webhooks/stripe");
        return tenant;
    }

    public async Task<T> InShopAsync<T>(Tenant tenant, Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = App.Services.GetRequiredService<TenantScopeFactory>().CreateScope(tenant);
        return await work(scope.ServiceProvider);
    }

    /// <summary>The shop's Stripe provider, as the checkout finds it among the enabled ones.</summary>
    public static IPaymentProvider Provider(IServiceProvider services) =>
        services.GetServices<IPaymentProvider>().Single(p => p.Id == "stripe");

    /// <summary>Starts paying for a checkout of the shop, as the checkout does.</summary>
    public Task<PaymentStart> StartAsync(Tenant shop, PaymentRequest checkout) => InShopAsync(shop, sp => Provider(sp).StartAsync(checkout, default));

    /// <summary>What Stripe says now about a payment of the shop, as the checkout asks.</summary>
    public Task<PaymentStatus> RetrieveAsync(Tenant shop, string reference) => InShopAsync(shop, sp => Provider(sp).RetrieveAsync(reference, default));

    /// <summary>A checkout of a $40 package and its $5 service fee, returning to the shop's checkout page.</summary>
    public static PaymentRequest Checkout(string shopPrefix, Guid? id = null, string? idempotencyKey = null)
    {
        var checkoutId = id ?? Guid.NewGuid();
        return new PaymentRequest(
            checkoutId,
            new Money(4500, "USD"),
            "Logo design — Standard",
            "buyer@example.com",
            [new PaymentLine("Logo design — Standard", new Money(4000, "USD")), new PaymentLine("Service fee", new Money(500, "USD"))],
            $"http://localhost/t/{shopPrefix}/checkout/{checkoutId}/return",
            $"http://localhost/t/{shopPrefix}/checkout/{checkoutId}",
            idempotencyKey ?? $"checkout-{checkoutId}");
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        await Stripe.DisposeAsync();
    }
}

/// <summary>What providers reported to the checkout, across shops; and failures to play.</summary>
public sealed class CompletionLog
{
    private int _failures;

    public ConcurrentQueue<(string Tenant, string Provider, PaymentStatus Status)> Applied { get; } = new();

    /// <summary>The next <paramref name="count"/> calls throw, as a checkout whose database is down would.</summary>
    public void FailNext(int count = 1) => Interlocked.Exchange(ref _failures, count);

    public bool TakeFailure()
    {
        int left;
        do
        {
            left = Volatile.Read(ref _failures);
            if (left == 0)
            {
                return false;
            }
        }
        while (Interlocked.CompareExchange(ref _failures, left - 1, left) != left);
        return true;
    }

    public IReadOnlyList<PaymentStatus> For(string tenant, string reference) =>
        [.. Applied.Where(a => a.Tenant == tenant && a.Status.Reference == reference).Select(a => a.Status)];
}

/// <summary>
/// The checkout's side as the contract describes it, only recording: the first success for a reference completes
/// it, later ones find it completed; failed and expired close it. <see cref="ConfirmAsync"/> asks the provider, as
/// the checkout's return page will.
/// </summary>
internal sealed class RecordingCheckoutCompletion(CompletionLog log, ITenantAccessor tenants, IEnumerable<IPaymentProvider> providers) : ICheckoutCompletion
{
    public Task<CompletionOutcome> ApplyAsync(string providerId, PaymentStatus status, CancellationToken cancellationToken)
    {
        if (log.TakeFailure())
        {
            throw new InvalidOperationException("The checkout's database is not answering (a failure the test asked for).");
        }

        var before = log.For(tenants.Tenant.Name, status.Reference);
        log.Applied.Enqueue((tenants.Tenant.Name, providerId, status));
        return Task.FromResult(status.State switch
        {
            PaymentState.Succeeded when before.Any(s => s.State == PaymentState.Succeeded) => CompletionOutcome.AlreadyCompleted,
            PaymentState.Succeeded => CompletionOutcome.Completed,
            PaymentState.Pending => CompletionOutcome.Pending,
            _ => CompletionOutcome.Closed,
        });
    }

    public async Task<CompletionOutcome> ConfirmAsync(string providerId, string reference, CancellationToken cancellationToken)
    {
        var status = await providers.Single(p => p.Id == providerId).RetrieveAsync(reference, cancellationToken);
        return status.State == PaymentState.Pending ? CompletionOutcome.Pending : await ApplyAsync(providerId, status, cancellationToken);
    }
}
