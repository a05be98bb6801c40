using System.Data;
using System.Data.Common;
using System.Net.Mail;
using GigStore.Data;
using GigStore.Email;
using GigStore.Shell.Data;

namespace GigStore.Shell.Email;

/// <summary>
/// Writes to <c>Shell_Emails</c> with a command of its own on the scope's connection rather than through
/// <see cref="ShellDb"/>: enlisting a shared context in the caller's transaction would change it for
/// everything else in the scope that uses it.
/// </summary>
internal sealed class EmailOutbox(ITenantDatabase database, TimeProvider clock) : IEmailOutbox
{
    public async Task EnqueueAsync(EmailMessage message, DbTransaction? transaction, CancellationToken ct)
    {
        Check(message);
        var connection = database.Connection;
        if (transaction is not null && transaction.Connection != connection)
        {
            throw new ArgumentException("The transaction must be begun on the tenant's connection (ITenantDatabase.Connection).", nameof(transaction));
        }

        var opened = connection.State != ConnectionState.Open;
        if (opened)
        {
            await connection.OpenAsync(ct);
        }

        try
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = """
                INSERT INTO "Shell_Emails" ("ToAddress", "ToName", "Subject", "TextBody", "HtmlBody", "CreatedUtc", "Attempts", "NextAttemptUtc")
                VALUES (@to, @name, @subject, @text, @html, @now, 0, @now)
                """;
            var now = clock.GetUtcNow().ToUniversalTime();
            Add(command, "@to", message.To.Trim());
            Add(command, "@name", string.IsNullOrWhiteSpace(message.ToName) ? null : message.ToName.Trim());
            Add(command, "@subject", message.Subject);
            Add(command, "@text", message.TextBody);
            Add(command, "@html", string.IsNullOrWhiteSpace(message.HtmlBody) ? null : message.HtmlBody);
            Add(command, "@now", now);
            await command.ExecuteNonQueryAsync(ct);
        }
        finally
        {
            if (opened)
            {
                await connection.CloseAsync();
            }
        }
    }

    /// <summary>Refuses what a mail server or another recipient's mailbox could be abused with, before it is stored.</summary>
    internal static void Check(EmailMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        OneLine(message.To, "The recipient's address", nameof(EmailMessage.To));
        var to = message.To?.Trim() ?? "";
        if (to.Length == 0 || to.Length > ShellEmailRow.MaxAddressLength
            || !MailAddress.TryCreate(to, out var address) || address.Address != to || address.DisplayName.Length > 0)
        {
            throw new ArgumentException($"'{to}' is not one email address (e.g. name@example.com; put the name in ToName).", nameof(EmailMessage.To));
        }

        OneLine(message.ToName, "The recipient's name", nameof(EmailMessage.ToName));
        if (message.ToName?.Trim().Length > ShellEmailRow.MaxNameLength)
        {
            throw new ArgumentException($"The recipient's name must be at most {ShellEmailRow.MaxNameLength} characters.", nameof(EmailMessage.ToName));
        }

        OneLine(message.Subject, "The subject", nameof(EmailMessage.Subject));
        if (string.IsNullOrWhiteSpace(message.Subject) || message.Subject.Length > ShellEmailRow.MaxSubjectLength)
        {
            throw new ArgumentException($"The subject is required, at most {ShellEmailRow.MaxSubjectLength} characters.", nameof(EmailMessage.Subject));
        }

        if (string.IsNullOrWhiteSpace(message.TextBody))
        {
            throw new ArgumentException("The plain-text body is required (mail programs that show no HTML show it).", nameof(EmailMessage.TextBody));
        }
    }

    /// <summary>A line break in a header field would let its value add headers (Bcc, a second body) of its own.</summary>
    private static void OneLine(string? value, string what, string field)
    {
        if (value is not null && value.Any(c => char.IsControl(c) && c != '\t'))
        {
            throw new ArgumentException($"{what} must be one line: it contains a line break or another control character.", field);
        }
    }

    private static void Add(DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
    }
}
