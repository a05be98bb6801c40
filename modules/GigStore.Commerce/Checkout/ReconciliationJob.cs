using GigStore.Commerce.Contracts;
using GigStore.Commerce.Data;
using GigStore.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GigStore.Commerce.Checkout;

/// <summary>
/// Finds checkouts left pending — the buyer paid but the app died before it heard, a webhook never came, a
/// buyer walked away — and asks their provider: paid ones are completed (their orders created), refused or
/// abandoned ones closed when their time is up. Every step is the idempotent completion, so app nodes running
/// it at the same time, or a webhook arriving meanwhile, still make one set of orders.
/// </summary>
internal sealed partial class ReconciliationJob(TimeProvider clock, ILogger<ReconciliationJob> logger) : IBackgroundJob
{
    /// <summary>A checkout younger than this is left to its buyer and its provider's webhook.</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromMinutes(2);

    public string Name => "commerce-reconciliation";

    public TimeSpan Interval => TimeSpan.FromMinutes(1);

    public async Task RunAsync(IServiceProvider tenantServices, CancellationToken cancellationToken)
    {
        var db = tenantServices.GetRequiredService<CommerceDb>();
        var completion = tenantServices.GetRequiredService<ICheckoutCompletion>();
        var now = clock.GetUtcNow();

        // Pending checkouts are few (each becomes something else within a day), so they are read whole and their
        // times compared here: SQLite keeps DateTimeOffset as text that EF will not compare.
        var pending = (await db.Checkouts.AsNoTracking().Where(c => c.State == CheckoutState.Pending).ToListAsync(cancellationToken))
            .Where(c => now - c.CreatedUtc >= Grace)
            .ToList();
        foreach (var checkout in pending)
        {
            try
            {
                var outcome = checkout.ProviderReference is { } reference
                    ? await completion.ConfirmAsync(checkout.Provider, reference, cancellationToken)
                    : CompletionOutcome.Pending;
                if (outcome == CompletionOutcome.Pending && now >= checkout.ExpiresUtc)
                {
                    await CheckoutClosing.CloseAsync(db, checkout, CheckoutState.Expired, "The payment was not completed in time.", cancellationToken);
                }
            }
            catch (PaymentProviderException ex)
            {
                // The provider is unreachable: the next run asks again; nothing is expired on a guess.
                LogProviderFailed(logger, ex, checkout.Id, checkout.Provider);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reconciling checkout {CheckoutId}: {Provider} could not be asked; trying again on the next run")]
    private static partial void LogProviderFailed(ILogger logger, Exception exception, Guid checkoutId, string provider);
}
