using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace GigStore.Stripe.Webhooks;

/// <summary>
/// <c>POST /webhooks/stripe</c>, relative to the store's address (its host name or <c>/t/{prefix}</c>), so each
/// store has its own endpoint and signing secret in Stripe. Stripe signs the request instead of signing in, and
/// sends no antiforgery token: the signature is the whole authentication.
/// </summary>
internal static class StripeWebhookEndpoint
{
    public const string Path = "/webhooks/stripe";

    /// <summary>Stripe's events are a few kilobytes; a body this large is not one of them.</summary>
    public const int MaxBodyBytes = 256 * 1024;

    public static void Map(IEndpointRouteBuilder routes) =>
        routes.MapPost(Path, ReceiveAsync)
            .WithName("Stripe.Webhook")
            .AllowAnonymous()
            .DisableAntiforgery()
            // Stripe's call into the store, not part of the store's API for its own clients.
            .ExcludeFromDescription();

    private static async Task<Results<Ok<WebhookAnswer>, ProblemHttpResult>> ReceiveAsync(HttpRequest request, StripeWebhookReceiver receiver, CancellationToken ct)
    {
        var body = await ReadBodyAsync(request, ct);
        if (body is null)
        {
            return TypedResults.Problem(title: "Body too large", detail: $"A Stripe event is at most {MaxBodyBytes / 1024} KB.", statusCode: StatusCodes.Status400BadRequest);
        }

        var reply = await receiver.ReceiveAsync(request.Headers["Stripe-Signature"].ToString(), body, ct);
        return reply.Succeeded
            ? TypedResults.Ok(new WebhookAnswer(true, reply.Title))
            : TypedResults.Problem(title: reply.Title, detail: reply.Detail, statusCode: reply.Status);
    }

    /// <summary>The raw bytes (the signature is over them), or null when there are more than <see cref="MaxBodyBytes"/>.</summary>
    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, CancellationToken ct)
    {
        if (request.ContentLength > MaxBodyBytes)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}

/// <summary>What Stripe gets back for a delivery it may stop repeating.</summary>
internal sealed record WebhookAnswer(bool Received, string Result);
