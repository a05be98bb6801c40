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

/// <summary>An email the outbox has not delivered: failing (tried again at <see cref="NextAttemptUtc"/>) or given up (no next attempt).</summary>
public sealed record UndeliveredEmail(long Id, string To, string Subject, DateTimeOffset CreatedUtc, int Attempts, DateTimeOffset? NextAttemptUtc, string? LastError)
{
    public bool GivenUp => NextAttemptUtc is null;
}

/// <summary>The tenant's outbox at a glance: waiting for their first attempt, failing and to be retried, given up, sent in the last 24 hours.</summary>
public sealed record OutboxSummary(int Waiting, int Failing, int GivenUp, int SentLastDay);

/// <summary>What an administrator sees and does of the tenant's outbox.</summary>
public interface IEmailOutboxAdmin
{
    Task<OutboxSummary> SummaryAsync(CancellationToken ct);

    /// <summary>Failing and given-up emails, newest first, at most <paramref name="max"/>.</summary>
    Task<IReadOnlyList<UndeliveredEmail>> UndeliveredAsync(int max, CancellationToken ct);

    /// <summary>Puts a given-up email back in the queue with a fresh set of attempts; false when it is not given up (sent, still being tried, or not this tenant's).</summary>
    Task<bool> RetryAsync(long id, CancellationToken ct);
}
