using System.Data.Common;

namespace GigStore.Email;

/// <summary>An email to one recipient: a plain-text body, and an HTML one for mail programs that show it.</summary>
public sealed record EmailMessage(string To, string Subject, string TextBody)
{
    /// <summary>The recipient's name as their mail program shows it.</summary>
    public string? ToName { get; init; }

    public string? HtmlBody { get; init; }
}

/// <summary>
/// Emails of the current tenant waiting to be sent. An enqueued email is sent by a background job
/// after it is committed, at least once (and, unless a node dies mid-send, exactly once), retried
/// with backoff when the mail server fails.
/// </summary>
public interface IEmailOutbox
{
    /// <summary>
    /// Adds <paramref name="message"/> to the tenant's outbox through the scope's shared connection
    /// (<see cref="GigStore.Data.ITenantDatabase.Connection"/>). With a <paramref name="transaction"/> begun on that
    /// connection, the email commits or rolls back with the caller's own writes (enlist the DbContexts
    /// with <c>Database.UseTransactionAsync</c>); without one it is stored at once.
    /// </summary>
    /// <exception cref="ArgumentException">The address is not one email address, a header field has a line break,
    /// a required field is empty or too long, or the transaction is on another connection.</exception>
    Task EnqueueAsync(EmailMessage message, DbTransaction? transaction, CancellationToken ct);
}
