using GigStore.Jobs;
using GigStore.Stripe.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GigStore.Stripe.Webhooks;

/// <summary>
/// Forgets the webhook events applied more than <see cref="KeepFor"/> ago, so <c>Stripe_ProcessedEvents</c> does
/// not grow for ever. Stripe retries an event for up to three days, and a copy that came later still could not
/// make a second set of orders: the checkout's completion happens once whatever confirms it.
/// </summary>
internal sealed class ProcessedEventsPruning(TimeProvider clock) : IBackgroundJob
{
    public static readonly TimeSpan KeepFor = TimeSpan.FromDays(30);

    public string Name => "stripe-processed-events";

    public TimeSpan Interval => TimeSpan.FromHours(1);

    /// <summary>
    /// SQL of its own: EF will not compare DateTimeOffset columns on SQLite, which stores them as text; these
    /// times are always UTC, whose text sorts as the times do.
    /// </summary>
    public async Task RunAsync(IServiceProvider tenantServices, CancellationToken cancellationToken)
    {
        var before = clock.GetUtcNow().ToUniversalTime() - KeepFor;
        await tenantServices.GetRequiredService<StripeDb>().Database
            .ExecuteSqlAsync($"""DELETE FROM "Stripe_ProcessedEvents" WHERE "ProcessedUtc" < {before}""", cancellationToken);
    }
}
