using GigStore.Email;
using GigStore.Shell.Data;
using Microsoft.EntityFrameworkCore;

namespace GigStore.Shell.Email;

/// <summary>The tenant's outbox for its administrators: counts, the emails not delivered, and sending a given-up one again.</summary>
internal sealed class EmailOutboxAdmin(ShellDb db, TimeProvider clock) : IEmailOutboxAdmin
{
    public async Task<OutboxSummary> SummaryAsync(CancellationToken ct)
    {
        var unsent = db.Emails.Where(e => e.SentUtc == null);
        var since = clock.GetUtcNow().ToUniversalTime() - TimeSpan.FromDays(1);

        // SQL of its own for the time: EF will not compare DateTimeOffset columns on SQLite (text there, always UTC,
        // which sorts as the times do).
        var sent = await db.Database.SqlQuery<int>($"""SELECT COUNT(*) AS "Value" FROM "Shell_Emails" WHERE "SentUtc" >= {since}""").SingleAsync(ct);
        return new OutboxSummary(
            await unsent.CountAsync(e => e.NextAttemptUtc != null && e.Attempts == 0, ct),
            await unsent.CountAsync(e => e.NextAttemptUtc != null && e.Attempts > 0, ct),
            await unsent.CountAsync(e => e.NextAttemptUtc == null, ct),
            sent);
    }

    public async Task<IReadOnlyList<UndeliveredEmail>> UndeliveredAsync(int max, CancellationToken ct) =>
        await db.Emails.AsNoTracking()
            .Where(e => e.SentUtc == null && e.Attempts > 0)
            .OrderByDescending(e => e.Id)
            .Take(max)
            .Select(e => new UndeliveredEmail(e.Id, e.ToAddress, e.Subject, e.CreatedUtc, e.Attempts, e.NextAttemptUtc, e.LastError))
            .ToListAsync(ct);

    public async Task<bool> RetryAsync(long id, CancellationToken ct)
    {
        var now = clock.GetUtcNow().ToUniversalTime();
        return await db.Emails.Where(e => e.Id == id && e.SentUtc == null && e.NextAttemptUtc == null)
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.Attempts, 0).SetProperty(e => e.NextAttemptUtc, now), ct) == 1;
    }
}
