using System.Text.Json;
using GigStore.Commerce.Contracts;
using GigStore.Stripe.Api;
using GigStore.Stripe.Data;
using GigStore.Stripe.Payments;
using GigStore.Stripe.Settings;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GigStore.Stripe.Webhooks;

/// <summary>How a delivery was answered: the HTTP status Stripe gets, and words for the log and the response.</summary>
internal sealed record WebhookReply(int Status, string Title, string? Detail = null)
{
    public bool Succeeded => Status == StatusCodes.Status200OK;
}

/// <summary>
/// One webhook delivery: signature checked against the store's signing secrets, then the event applied to the
/// checkout once. Stripe delivers at least once and retries whatever is not answered with a 2xx for days, so:
/// a bad signature changes nothing (400); an event already applied is answered 200 without acting again; an
/// event is recorded as applied only after the checkout took it, so a failure (500) is delivered again later.
/// </summary>
internal sealed class StripeWebhookReceiver(
    StripeSettingsStore settings,
    StripeDb db,
    ICheckoutCompletion completion,
    TimeProvider clock,
    ILogger<StripeWebhookReceiver> log)
{
    public async Task<WebhookReply> ReceiveAsync(string? signatureHeader, byte[] body, CancellationToken ct)
    {
        var account = await settings.GetAsync(ct);
        if (StripeSignature.Check(signatureHeader, body, account.SigningSecrets, clock.GetUtcNow()) is { } wrong)
        {
            log.LogWarning("Stripe webhook refused: {Reason}", wrong);
            return new WebhookReply(StatusCodes.Status400BadRequest, "Invalid Stripe signature", "The Stripe-Signature header does not match this store's webhook signing secrets, or it is too old.");
        }

        StripeEvent? stripeEvent;
        try
        {
            stripeEvent = JsonSerializer.Deserialize<StripeEvent>(body, StripeJson.Options);
        }
        catch (JsonException ex)
        {
            log.LogWarning(ex, "A signed Stripe webhook is not an event this store can read");
            stripeEvent = null;
        }

        if (stripeEvent is not { Id.Length: > 0, Type.Length: > 0 })
        {
            return new WebhookReply(StatusCodes.Status400BadRequest, "Not a Stripe event", "The body is not a Stripe event object.");
        }

        if (await db.ProcessedEvents.AsNoTracking().AnyAsync(e => e.EventId == stripeEvent.Id, ct))
        {
            return new WebhookReply(StatusCodes.Status200OK, "Already processed");
        }

        PaymentStatus? status;
        try
        {
            status = StatusOf(stripeEvent);
        }
        catch (JsonException ex)
        {
            log.LogWarning(ex, "Stripe event {Event} ({Type}) has no readable Checkout Session", stripeEvent.Id, stripeEvent.Type);
            return new WebhookReply(StatusCodes.Status400BadRequest, "Not a Checkout Session event", $"The {stripeEvent.Type} event does not carry a Checkout Session.");
        }

        if (status is null)
        {
            return new WebhookReply(StatusCodes.Status200OK, "Ignored", $"{stripeEvent.Type} events are not used by this store.");
        }

        CompletionOutcome? outcome = null;
        if (status.State != PaymentState.Pending)
        {
            try
            {
                outcome = await completion.ApplyAsync(StripePaymentProvider.ProviderId, status, ct);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                log.LogError(ex, "Stripe event {Event} ({Type}) for {Session} could not be applied; Stripe will deliver it again", stripeEvent.Id, stripeEvent.Type, status.Reference);
                return new WebhookReply(StatusCodes.Status500InternalServerError, "Not applied", "The event could not be applied now; deliver it again later.");
            }
        }

        await RecordAsync(stripeEvent, status, outcome, ct);
        log.LogInformation("Stripe event {Event} ({Type}) for {Session}: {Outcome}", stripeEvent.Id, stripeEvent.Type, status.Reference, outcome?.ToString() ?? "pending, nothing to apply");
        return new WebhookReply(StatusCodes.Status200OK, "Processed");
    }

    /// <summary>The payment status an event reports, or null for events this store does not act on.</summary>
    internal static PaymentStatus? StatusOf(StripeEvent stripeEvent)
    {
        StripeCheckoutSession Session() =>
            stripeEvent.Data.Object.Deserialize<StripeCheckoutSession>(StripeJson.Options) is { Id.Length: > 0 } session
                ? session
                : throw new JsonException("The event's object has no id.");

        return stripeEvent.Type switch
        {
            // Completed is paid for cards; for delayed methods (bank debits) it is still unpaid, and an
            // async_payment_succeeded or _failed event follows.
            "checkout.session.completed" => CheckoutSessionStatus.Of(Session()),
            "checkout.session.async_payment_succeeded" => CheckoutSessionStatus.Succeeded(Session()),
            "checkout.session.async_payment_failed" => CheckoutSessionStatus.Failed(Session()),
            "checkout.session.expired" => new PaymentStatus(Session().Id, PaymentState.Expired),
            _ => null,
        };
    }

    private async Task RecordAsync(StripeEvent stripeEvent, PaymentStatus status, CompletionOutcome? outcome, CancellationToken ct)
    {
        db.ProcessedEvents.Add(new StripeProcessedEvent
        {
            EventId = stripeEvent.Id,
            Type = stripeEvent.Type,
            Reference = status.Reference,
            Outcome = outcome?.ToString() ?? status.State.ToString(),
            ProcessedUtc = clock.GetUtcNow(),
        });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another delivery of the same event may have been recorded meanwhile (the key refuses the second
            // row); the checkout applied it once either way. Any other failure is the caller's 500.
            db.ChangeTracker.Clear();
            if (!await db.ProcessedEvents.AsNoTracking().AnyAsync(e => e.EventId == stripeEvent.Id, ct))
            {
                throw;
            }
        }
    }
}
