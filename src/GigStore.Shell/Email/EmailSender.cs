using System.Net.Mail;
using GigStore.Jobs;
using GigStore.Shell.Data;
using GigStore.Tenants;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GigStore.Shell.Email;

/// <summary>
/// Sends the tenant's due emails (<see cref="ShellEmailRow"/>) in batches. A batch is claimed with one
/// conditional UPDATE (a token and an expiry per row), so app nodes running this job at once never send
/// the same email; a claim that a node leaves behind (it died) expires and the email is sent again, which is
/// why an email is sent at least once rather than exactly once. A failure is recorded on the email, which
/// waits longer after each (<see cref="RetryDelays"/>) and is given up, kept with its error, after
/// <see cref="MaxAttempts"/>. Registered by the shell, so it runs for every tenant whatever its features.
/// </summary>
internal sealed partial class EmailSender(ShellDb db, EmailDelivery delivery, ITenantAccessor tenants, EmailPurges purges, TimeProvider clock, ILogger<EmailSender> log)
{
    public const int BatchSize = 100;

    /// <summary>How often a batch that is still sending marks what it has sent.</summary>
    private static readonly TimeSpan MarkEvery = TimeSpan.FromSeconds(5);

    /// <summary>How long a claim keeps other senders off an email: far longer than a run (<see cref="RunTime"/> and one email's <see cref="EmailDelivery.Timeout"/>).</summary>
    public static readonly TimeSpan ClaimTime = TimeSpan.FromMinutes(5);

    /// <summary>The wait after the first, second, ... failure; the failure after the last of them gives the email up.</summary>
    public static readonly TimeSpan[] RetryDelays = [TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30), TimeSpan.FromHours(2)];

    public static int MaxAttempts => RetryDelays.Length + 1;

    /// <summary>Sent emails are deleted after this (they hold addresses and order details); given-up ones stay for an administrator.</summary>
    public static readonly TimeSpan KeepSent = TimeSpan.FromDays(30);

    /// <summary>A run stops claiming after this: the tenant's other jobs wait while it runs.</summary>
    private static readonly TimeSpan RunTime = TimeSpan.FromSeconds(20);

    /// <summary>Sends what is due now, batch by batch; the number of emails sent.</summary>
    internal async Task<int> SendDueAsync(CancellationToken ct)
    {
        var sent = 0;
        var started = clock.GetTimestamp();
        while (clock.GetElapsedTime(started) < RunTime)
        {
            var now = clock.GetUtcNow().ToUniversalTime();

            // The common case, every few seconds: nothing due, found by a read that takes no write lock.
            if (!await AnyDueAsync(now, ct))
            {
                break;
            }

            var token = Guid.NewGuid().ToString("N");
            var claimed = await ClaimAsync(token, now, ct);
            if (claimed == 0)
            {
                // Another node claimed them between the read and the update.
                break;
            }

            var (batchSent, serverFailed) = await SendClaimedAsync(token, started, ct);
            sent += batchSent;
            if (serverFailed || claimed < BatchSize)
            {
                break;
            }
        }

        // Old sent emails go at most once an hour: each delete waits for SQLite's one writer with the store's requests.
        if (sent > 0 && purges.Due(tenants.Tenant.Name, clock.GetUtcNow()))
        {
            var before = clock.GetUtcNow().ToUniversalTime() - KeepSent;
            await db.Database.ExecuteSqlAsync($"""DELETE FROM "Shell_Emails" WHERE "SentUtc" < {before}""", ct);
        }

        return sent;
    }

    // SQL of its own where times are compared: EF refuses to compare DateTimeOffset columns on SQLite, which
    // stores them as text; the times are always UTC, whose text sorts as the times do.
    private Task<bool> AnyDueAsync(DateTimeOffset now, CancellationToken ct) => db.Database.SqlQuery<long>(
        $"""SELECT "Id" AS "Value" FROM "Shell_Emails" WHERE "NextAttemptUtc" <= {now} AND ("ClaimExpiresUtc" IS NULL OR "ClaimExpiresUtc" < {now})""").AnyAsync(ct);

    /// <summary>
    /// Claims up to <see cref="BatchSize"/> due emails. The outer condition repeats the inner one because on
    /// PostgreSQL an UPDATE that waited for another's row lock checks its WHERE again on the row that one
    /// committed (and skips it, claimed); SQLite runs one writer at a time.
    /// </summary>
    private Task<int> ClaimAsync(string token, DateTimeOffset now, CancellationToken ct)
    {
        var until = now + ClaimTime;
        return db.Database.ExecuteSqlAsync($"""
            UPDATE "Shell_Emails" SET "ClaimToken" = {token}, "ClaimExpiresUtc" = {until}
            WHERE "Id" IN (
                SELECT "Id" FROM "Shell_Emails"
                WHERE "NextAttemptUtc" <= {now} AND ("ClaimExpiresUtc" IS NULL OR "ClaimExpiresUtc" < {now})
                ORDER BY "Id" LIMIT {BatchSize})
            AND "NextAttemptUtc" <= {now} AND ("ClaimExpiresUtc" IS NULL OR "ClaimExpiresUtc" < {now})
            """, ct);
    }

    /// <summary>
    /// Sends the emails claimed with <paramref name="token"/>; stops at a failure that is not one recipient's. Sent
    /// emails are marked together — when the batch ends, or every <see cref="MarkEvery"/> in a slow one — in one
    /// write rather than one an email, since every write waits its turn at SQLite's single writer with the store's
    /// requests. An email sent but not yet marked when the process dies is sent again: at least once, as an
    /// email whose claim a dead sender left behind is.
    /// </summary>
    private async Task<(int Sent, bool ServerFailed)> SendClaimedAsync(string token, long started, CancellationToken ct)
    {
        var count = 0;
        var failed = 0;
        var toMark = new List<long>();
        var marked = clock.GetTimestamp();
        var emails = await db.Emails.AsNoTracking().Where(e => e.ClaimToken == token).OrderBy(e => e.Id).ToListAsync(ct);
        try
        {
            foreach (var email in emails)
            {
                // Every tenant's jobs wait while this runs: the rest of a slow batch is left for the next run.
                if (clock.GetElapsedTime(started) >= RunTime)
                {
                    break;
                }

                if (clock.GetElapsedTime(marked) > MarkEvery)
                {
                    await MarkSentAsync(toMark, token, ct);
                    marked = clock.GetTimestamp();
                }

                try
                {
                    await delivery.SendAsync(email, ct);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    await FailedAsync(email, token, ex, Permanent(ex), ct);
                    failed++;
                    if (ex is SmtpFailedRecipientException)
                    {
                        continue;
                    }

                    // The server is down or refuses us: the rest of the batch would only fail the same way.
                    return (count, true);
                }

                toMark.Add(email.Id);
                count++;
            }

            return (count, false);
        }
        finally
        {
            await MarkSentAsync(toMark, token, CancellationToken.None);

            // What this run did not get to is free for the next one at once, not when the claim expires.
            if (count + failed < emails.Count)
            {
                await db.Emails.Where(e => e.ClaimToken == token)
                    .ExecuteUpdateAsync(s => s.SetProperty(e => e.ClaimToken, (string?)null).SetProperty(e => e.ClaimExpiresUtc, (DateTimeOffset?)null), CancellationToken.None);
            }
        }
    }

    /// <summary>Marks the emails <paramref name="ids"/> sent (and unclaimed) where this sender still holds them, and empties the list.</summary>
    private async Task MarkSentAsync(List<long> ids, string token, CancellationToken ct)
    {
        if (ids.Count == 0)
        {
            return;
        }

        var now = clock.GetUtcNow().ToUniversalTime();
        var updated = await db.Emails.Where(e => ids.Contains(e.Id) && e.ClaimToken == token).ExecuteUpdateAsync(s => s
            .SetProperty(e => e.SentUtc, now)
            .SetProperty(e => e.Attempts, e => e.Attempts + 1)
            .SetProperty(e => e.NextAttemptUtc, (DateTimeOffset?)null)
            .SetProperty(e => e.ClaimToken, (string?)null)
            .SetProperty(e => e.ClaimExpiresUtc, (DateTimeOffset?)null), ct);
        if (updated < ids.Count)
        {
            LogClaimLost(log, ids.Count - updated, tenants.Tenant.Name);
        }

        ids.Clear();
    }

    /// <summary>
    /// The recipient's server refused the address for good (an SMTP 5xx reply to it: no such mailbox, not
    /// accepted): trying again in minutes or hours would only be refused again. A 4xx (mailbox busy, try later)
    /// and every failure of the server itself (refused connection, authentication) are tried again.
    /// </summary>
    internal static bool Permanent(Exception ex) => ex is SmtpFailedRecipientException { StatusCode: var code } && (int)code is >= 500 and < 600;

    private async Task FailedAsync(ShellEmailRow email, string token, Exception ex, bool permanent, CancellationToken ct)
    {
        var attempts = email.Attempts + 1;
        var next = !permanent && attempts < MaxAttempts ? clock.GetUtcNow().ToUniversalTime() + RetryDelays[attempts - 1] : (DateTimeOffset?)null;
        var error = Describe(ex);
        await db.Emails.Where(e => e.Id == email.Id && e.ClaimToken == token).ExecuteUpdateAsync(s => s
            .SetProperty(e => e.Attempts, attempts)
            .SetProperty(e => e.NextAttemptUtc, next)
            .SetProperty(e => e.LastError, error)
            .SetProperty(e => e.ClaimToken, (string?)null)
            .SetProperty(e => e.ClaimExpiresUtc, (DateTimeOffset?)null), ct);
        if (next is null)
        {
            LogGivenUp(log, ex, email.Id, tenants.Tenant.Name, attempts);
        }
        else
        {
            LogFailed(log, ex, email.Id, tenants.Tenant.Name, attempts, next.Value);
        }
    }

    /// <summary>SmtpClient says only "Failure sending mail."; the reason (refused connection, the server's reply) is in the inner exceptions.</summary>
    private static string Describe(Exception ex)
    {
        var messages = new List<string>();
        for (var e = ex; e is not null; e = e.InnerException)
        {
            if (!messages.Contains(e.Message))
            {
                messages.Add(e.Message);
            }
        }

        var text = string.Join(" ", messages);
        return text.Length > ShellEmailRow.MaxErrorLength ? text[..ShellEmailRow.MaxErrorLength] : text;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Email {Id} of tenant {Tenant} was not sent (attempt {Attempt}); next attempt at {Next}")]
    private static partial void LogFailed(ILogger logger, Exception exception, long id, string tenant, int attempt, DateTimeOffset next);

    [LoggerMessage(Level = LogLevel.Error, Message = "Email {Id} of tenant {Tenant} was given up after {Attempts} attempts")]
    private static partial void LogGivenUp(ILogger logger, Exception exception, long id, string tenant, int attempts);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} emails of tenant {Tenant} were sent after their claim had expired; another sender may send them again")]
    private static partial void LogClaimLost(ILogger logger, int count, string tenant);
}

/// <summary>When each tenant's sent emails were last deleted (old ones go at most once an hour).</summary>
internal sealed class EmailPurges
{
    private static readonly TimeSpan Every = TimeSpan.FromHours(1);

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, DateTimeOffset> _last = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>True, and noted, when the tenant's last purge is an hour old (or its clock went back).</summary>
    public bool Due(string tenant, DateTimeOffset now)
    {
        if (_last.TryGetValue(tenant, out var last) && now >= last && now - last < Every)
        {
            return false;
        }

        _last[tenant] = now;
        return true;
    }
}

/// <summary>
/// Runs <see cref="EmailSender"/> for each running tenant every few seconds. A singleton that resolves the sender
/// only when it is due: the job host lists the jobs on every tick, and a sender built then would open the
/// tenant's database four times a second for nothing.
/// </summary>
internal sealed class EmailSendingJob : IBackgroundJob
{
    public string Name => "email";

    public TimeSpan Interval => TimeSpan.FromSeconds(5);

    public Task RunAsync(IServiceProvider tenantServices, CancellationToken cancellationToken) =>
        tenantServices.GetRequiredService<EmailSender>().SendDueAsync(cancellationToken);
}
