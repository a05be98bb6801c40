using System.Data;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using GigStore.Data;
using GigStore.Email;
using GigStore.Jobs;
using GigStore.Shell.Data;
using GigStore.Shell.Email;
using GigStore.Shell.Jobs;
using GigStore.Shell.Modules;
using GigStore.Shell.Tenants;
using GigStore.Tenants;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace GigStore.Tests;

/// <summary>
/// The email outbox every module sends through: an email is stored with the caller's own writes (and
/// rolled back with them), sent by a background job the tests run themselves (to the tenant's pickup
/// folder, or to an SMTP server on 127.0.0.1), once however many nodes run the job, and retried on the
/// host's clock, which the tests move.
/// </summary>
public sealed partial class EmailOutboxTests(GigStoreFactory app) : IClassFixture<GigStoreFactory>
{
    private ManualClock Clock { get; } = app.OnManualClock();

    [Fact]
    public Task AnEnqueuedEmailIsWrittenToTheTenantsPickupFolderAsAReadableEmlOnSqlite() =>
        WrittenToPickupFolderAsync(app.Registry.Default);

    [Fact]
    public Task AnEmailEnqueuedInATransactionThatRollsBackIsNeverSentOnSqlite() =>
        RolledBackNeverSentAsync(app.Registry.Default);

    [Fact]
    public Task TwoJobRunsAtOnceSendEachEmailOnceOnSqlite() =>
        SentOnceByConcurrentRunsAsync(app.Registry.Default);

    [Fact]
    public async Task AFailingMailServerRecordsTheErrorAndTheEmailIsSentOnALaterAttemptOnSqlite() =>
        await RetriedUntilSentAsync(await app.CreateTenantAsync("MailRetry", prefix: "mailretry", adminEmail: "owner@mailretry.test"));

    [Fact]
    public async Task AnEmailThatKeepsFailingIsGivenUpWithItsErrorAndSentOnesAreDeletedAfterThirtyDaysOnSqlite() =>
        await GivenUpAndPrunedAsync(await app.CreateTenantAsync("MailGiveUp", prefix: "mailgiveup", adminEmail: "owner@mailgiveup.test"));

    [Fact]
    public Task TheOutboxWorksTheSameOnPostgreSql() => MigrationTests.WithPostgresDatabaseAsync(async connection =>
    {
        var tenant = await app.CreateTenantAsync("PgMail", prefix: "pgmail", provider: DatabaseProvider.Postgres, connectionString: connection, adminEmail: "owner@pgmail.test");
        await WrittenToPickupFolderAsync(tenant);
        await RolledBackNeverSentAsync(tenant);
        await SentOnceByConcurrentRunsAsync(tenant);
        await RetriedUntilSentAsync(tenant);
        await GivenUpAndPrunedAsync(tenant);
    });

    [Fact]
    public async Task AnAddressTheServerRefusesForGoodIsGivenUpAtOnceAndABusyMailboxIsTriedAgain()
    {
        var tenant = await app.CreateTenantAsync("MailRefused", prefix: "mailrefused", adminEmail: "owner@mailrefused.test");
        await using var server = new SmtpTestServer();
        server.Refused["nobody@buyer.test"] = "550 5.1.1 No such user here";
        server.Refused["busy@buyer.test"] = "450 4.2.1 Mailbox busy, try again later";
        var run = Guid.NewGuid().ToString("N");
        await EnqueueAsync(tenant, new EmailMessage("nobody@buyer.test", $"Nobody {run}", "Body"));
        await EnqueueAsync(tenant, new EmailMessage("busy@buyer.test", $"Busy {run}", "Body"));
        await EnqueueAsync(tenant, new EmailMessage("zoe@buyer.test", $"Zoe {run}", "Body"));

        Assert.Equal(1, await RunJobAsync(tenant, Smtp(server.Port)));

        var nobody = await EmailAsync(tenant, $"Nobody {run}");
        Assert.Equal((1, null, null), (nobody.Attempts, nobody.NextAttemptUtc, nobody.SentUtc));
        Assert.Contains("No such user", nobody.LastError);
        var busy = await EmailAsync(tenant, $"Busy {run}");
        Assert.Equal((1, Clock.GetUtcNow() + EmailSender.RetryDelays[0]), (busy.Attempts, busy.NextAttemptUtc));
        Assert.NotNull((await EmailAsync(tenant, $"Zoe {run}")).SentUtc);

        // The mailbox is free a minute later; the refused address is not tried again.
        server.Refused.TryRemove("busy@buyer.test", out _);
        Clock.Advance(EmailSender.RetryDelays[0]);
        Assert.Equal(1, await RunJobAsync(tenant, Smtp(server.Port)));
        Assert.NotNull((await EmailAsync(tenant, $"Busy {run}")).SentUtc);
        Assert.Equal(1, (await EmailAsync(tenant, $"Nobody {run}")).Attempts);
    }

    [Fact]
    public async Task AnAdministratorSeesGivenUpEmailsWithTheirErrorAndSendsOneAgain()
    {
        var tenant = app.Registry.Default;
        await using var server = new SmtpTestServer();
        server.Refused["moved@buyer.test"] = "550 5.1.1 Mailbox moved away";
        var subject = $"Receipt {Guid.NewGuid():N}";
        await EnqueueAsync(tenant, new EmailMessage("moved@buyer.test", subject, "Body"));
        await RunJobAsync(tenant, Smtp(server.Port));
        var row = await EmailAsync(tenant, subject);
        Assert.Null(row.NextAttemptUtc);

        var buyer = app.Browser();
        Assert.Equal(System.Net.HttpStatusCode.Redirect, (await buyer.RegisterAsync("Nosy", "nosy@buyers.test", "Buyer-pass-123!")).StatusCode);
        Assert.NotEqual(System.Net.HttpStatusCode.OK, (await buyer.GetAsync("/admin/emails")).StatusCode);
        var refused = await buyer.PostAsync($"/admin/emails/{row.Id}/retry", null);
        Assert.NotEqual("/admin/emails", refused.Headers.Location?.OriginalString);
        Assert.Null((await EmailAsync(tenant, subject)).NextAttemptUtc);

        var admin = app.Browser();
        Assert.Equal(System.Net.HttpStatusCode.Redirect, (await admin.SignInAsync("", GigStoreFactory.AdminEmail, GigStoreFactory.AdminPassword)).StatusCode);
        var page = await admin.GetStringAsync("/admin/emails");
        Assert.Contains(subject, page);
        Assert.Contains("Mailbox moved away", page);
        Assert.Contains("Given up", page);

        var retried = await admin.PostFormAsync("/admin/emails", $"/admin/emails/{row.Id}/retry", new Dictionary<string, string>());
        Assert.Equal(System.Net.HttpStatusCode.Redirect, retried.StatusCode);
        var queued = await EmailAsync(tenant, subject);
        Assert.Equal((0, Clock.GetUtcNow()), (queued.Attempts, queued.NextAttemptUtc));
        Assert.Contains("queued again", await admin.GetStringAsync("/admin/emails"));

        // Only a given-up email is sent again.
        Assert.Equal(System.Net.HttpStatusCode.Redirect, (await admin.PostFormAsync("/admin/emails", $"/admin/emails/{row.Id}/retry", new Dictionary<string, string>())).StatusCode);
        Assert.Contains("nothing to send again", await admin.GetStringAsync("/admin/emails"));

        server.Refused.Clear();
        await RunJobAsync(tenant, Smtp(server.Port));
        Assert.NotNull((await EmailAsync(tenant, subject)).SentUtc);
        Assert.Contains(server.Received, m => m.Data.Contains(subject));
    }

    [Fact]
    public async Task AnSmtpServerReceivesTheMessageWithItsEnvelopeHeadersAndBothBodies()
    {
        var tenant = app.Registry.Default;
        await using var server = new SmtpTestServer();
        var subject = $"Your order is confirmed {Guid.NewGuid():N}";
        await EnqueueAsync(tenant, new EmailMessage("zoe@buyer.test", subject, "Merci, Zoë! Your order #42 is in progress.")
        {
            ToName = "Zoë Buyer",
            HtmlBody = "<p>Merci, <b>Zoë</b>!</p>",
        });

        Assert.True(await RunJobAsync(tenant, Smtp(server.Port)) >= 1);

        var mail = Assert.Single(server.Received, m => Parse(m.Data).Headers["Subject"] == subject);
        Assert.Equal("no-reply@localhost", mail.From);
        Assert.Equal(["zoe@buyer.test"], mail.To);
        var (headers, body) = Parse(mail.Data);
        Assert.Equal("\"GigStore Marketplace\" <no-reply@localhost>", headers["From"]);
        Assert.Equal("Zoë Buyer <zoe@buyer.test>", headers["To"]);
        Assert.StartsWith("multipart/alternative", headers["Content-Type"]);
        Assert.Contains("Merci, Zoë! Your order #42 is in progress.", body);
        Assert.Contains("<p>Merci, <b>Zoë</b>!</p>", body);

        var row = await EmailAsync(tenant, subject);
        Assert.Equal((Clock.GetUtcNow(), 1, null), (row.SentUtc, row.Attempts, row.NextAttemptUtc));
    }

    [Fact]
    public async Task ANameWithQuotesOrBackslashesStaysInsideItsHeader()
    {
        var tenant = app.Registry.Default;
        var subject = $"Quoted name {Guid.NewGuid():N}";
        await EnqueueAsync(tenant, new EmailMessage("bob@buyer.test", subject, "Body") { ToName = "Bob \"the builder\" O\\Neil" });
        await RunJobAsync(tenant);
        Assert.Equal("\"Bob 'the builder' O/Neil\" <bob@buyer.test>", Assert.Single(MailFiles(tenant), f => f.Headers["Subject"] == subject).Headers["To"]);
    }

    public static TheoryData<string, string?, string, string, string> RefusedMessages => new()
    {
        // To, ToName, Subject, TextBody, the field named by the error
        { "zoe@buyer.test\r\nBcc: everyone@evil.test", null, "Hello", "Body", "To" },
        { "zoe@buyer.test\nBcc: everyone@evil.test", null, "Hello", "Body", "To" },
        { "not an address", null, "Hello", "Body", "To" },
        { "Zoë <zoe@buyer.test>", null, "Hello", "Body", "To" },
        { "zoe@buyer.test, eve@evil.test", null, "Hello", "Body", "To" },
        { "", null, "Hello", "Body", "To" },
        { "zoe@buyer.test", "Zoë\r\nBcc: everyone@evil.test", "Hello", "Body", "ToName" },
        { "zoe@buyer.test", null, "Hello\r\nBcc: everyone@evil.test", "Body", "Subject" },
        { "zoe@buyer.test", null, "Hello\rX-Injected: yes", "Body", "Subject" },
        { "zoe@buyer.test", null, " ", "Body", "Subject" },
        { "zoe@buyer.test", null, new string('s', 501), "Body", "Subject" },
        { "zoe@buyer.test", null, "Hello", "", "TextBody" },
    };

    [Theory]
    [MemberData(nameof(RefusedMessages))]
    public async Task HeaderInjectionAndBadAddressesAreRefusedAndNothingIsStored(string to, string? toName, string subject, string text, string field)
    {
        var tenant = app.Registry.Default;
        var before = await CountAsync(tenant);
        var refused = await Assert.ThrowsAsync<ArgumentException>(() => EnqueueAsync(tenant, new EmailMessage(to, subject, text) { ToName = toName }));
        Assert.Equal(field, refused.ParamName);
        Assert.Equal(before, await CountAsync(tenant));
    }

    [Fact]
    public async Task ATransactionOnAnotherConnectionIsRefused()
    {
        await using var scope = Scope(app.Registry.Default);
        await using var other = new Microsoft.Data.Sqlite.SqliteConnection("Data Source=:memory:");
        await other.OpenAsync();
        await using var transaction = await other.BeginTransactionAsync();
        var refused = await Assert.ThrowsAsync<ArgumentException>(() => scope.ServiceProvider.GetRequiredService<IEmailOutbox>()
            .EnqueueAsync(new EmailMessage("zoe@buyer.test", "Hello", "Body"), transaction, default));
        Assert.Equal("transaction", refused.ParamName);
    }

    [Fact]
    public void TheSendingJobIsTheShellsAndBelongsToNoFeatureSoItRunsForEveryTenant()
    {
        using var scope = app.Services.GetRequiredService<TenantScopeFactory>().CreateScope(app.Registry.Default);
        var job = Assert.Single(scope.ServiceProvider.GetServices<IBackgroundJob>().OfType<EmailSendingJob>());
        Assert.Empty(app.Services.GetRequiredService<FeatureServiceMap>().FeaturesOf(job.GetType()));
    }

    [Fact]
    public async Task AnExistingTenantDatabaseGetsTheOutboxOnUpgrade()
    {
        var tenant = app.Registry.Prepare(new TenantSettings { Name = "MailUpgrade", State = TenantState.Running });
        Directory.CreateDirectory(tenant.DataFolder);
        await using (var scope = Scope(tenant))
        {
            await scope.ServiceProvider.GetRequiredService<ShellDb>().GetService<IMigrator>().MigrateAsync("20261122000000_ShellInitial");
        }

        await app.Services.GetRequiredService<TenantSetupService>().MigrateAsync(tenant, default);

        await using (var scope = Scope(tenant))
        {
            var shell = scope.ServiceProvider.GetRequiredService<ShellDb>();
            Assert.Equal(shell.Database.GetMigrations(), await shell.Database.GetAppliedMigrationsAsync());
        }

        await EnqueueAsync(tenant, new EmailMessage("zoe@buyer.test", "After the upgrade", "Body"));
        Assert.Equal(1, await RunJobAsync(tenant));
    }

    [Theory]
    [InlineData("GigStore:Email:From", "not an address", "GigStore:Email:From must be an email address")]
    [InlineData("GigStore:Email:Smtp:Port", "0", "GigStore:Email:Smtp:Port must be a TCP port")]
    [InlineData("GigStore:Email:Smtp:UserName", "mailer", "set both or neither")]
    public async Task EmailSettingsThatCannotWorkStopTheStartWithAMessageNamingThem(string key, string value, string message)
    {
        await using var host = new GigStoreFactory();
        host.Settings["GigStore:RunBackgroundJobs"] = "false";
        host.Settings[key] = value;
        var failure = Record.Exception(() => host.Services);
        Assert.IsType<OptionsValidationException>(failure is AggregateException { InnerExceptions.Count: 1 } one ? one.InnerExceptions[0] : failure);
        Assert.Contains(message, failure.ToString());
    }

    /// <summary>Without an SMTP host, the job the shell registers writes each email to the tenant's mail folder, once.</summary>
    private async Task WrittenToPickupFolderAsync(Tenant tenant)
    {
        var subject = $"Commande confirmée — {Guid.NewGuid():N}";
        await EnqueueAsync(tenant, new EmailMessage("zoe@buyer.test", subject, "Merci, Zoë! Your order #42 is in progress.\r\nThe seller starts today.")
        {
            ToName = "Zoë Buyer",
            HtmlBody = "<p>Merci, <b>Zoë</b>!</p>",
        });

        // The host's own loop, as it runs for every tenant (each job waits its interval on the clock).
        Clock.Advance(TimeSpan.FromMinutes(1));
        await app.Services.GetRequiredService<BackgroundJobHost>().RunDueJobsAsync(default);

        var file = Assert.Single(MailFiles(tenant), f => f.Headers["Subject"] == subject);
        Assert.Equal(".eml", Path.GetExtension(file.Path));
        Assert.Equal(Path.Combine(app.AppData, "Sites", tenant.Name, "mail"), Path.GetDirectoryName(file.Path));
        Assert.Equal($"\"{tenant.Site.SiteName}\" <no-reply@localhost>", file.Headers["From"]);
        Assert.Equal("Zoë Buyer <zoe@buyer.test>", file.Headers["To"]);
        Assert.Contains("Merci, Zoë! Your order #42 is in progress.\r\nThe seller starts today.", file.Body);
        Assert.Contains("<p>Merci, <b>Zoë</b>!</p>", file.Body);

        var row = await EmailAsync(tenant, subject);
        Assert.Equal((Clock.GetUtcNow(), 1, null, null), (row.SentUtc, row.Attempts, row.NextAttemptUtc, row.ClaimToken));

        // Sent is sent: the next run leaves it alone.
        await RunJobAsync(tenant);
        Assert.Single(MailFiles(tenant), f => f.Headers["Subject"] == subject);
    }

    /// <summary>The email shares the caller's transaction with the caller's own writes (here the shell's settings) and goes where they go.</summary>
    private async Task RolledBackNeverSentAsync(Tenant tenant)
    {
        var marker = Guid.NewGuid().ToString("N");
        foreach (var commit in new[] { false, true })
        {
            await using var scope = Scope(tenant);
            var connection = scope.ServiceProvider.GetRequiredService<ITenantDatabase>().Connection;
            if (connection.State != ConnectionState.Open)
            {
                await connection.OpenAsync();
            }

            await using var transaction = await connection.BeginTransactionAsync();
            var shell = scope.ServiceProvider.GetRequiredService<ShellDb>();
            await shell.Database.UseTransactionAsync(transaction);
            shell.Settings.Add(new ShellSettingRow { Key = $"EmailTest.{marker}.{commit}", Value = "written with the email" });
            await shell.SaveChangesAsync();
            await scope.ServiceProvider.GetRequiredService<IEmailOutbox>().EnqueueAsync(new EmailMessage("zoe@buyer.test", $"{marker} committed: {commit}", "Body"), transaction, default);
            await (commit ? transaction.CommitAsync() : transaction.RollbackAsync());
        }

        await RunJobAsync(tenant);
        Assert.Equal([$"{marker} committed: True"], MailFiles(tenant).Select(f => f.Headers["Subject"]).Where(s => s.StartsWith(marker)));
        await using (var scope = Scope(tenant))
        {
            var shell = scope.ServiceProvider.GetRequiredService<ShellDb>();
            Assert.Equal([$"{marker} committed: True"], await shell.Emails.Where(e => e.Subject.StartsWith(marker)).Select(e => e.Subject).ToListAsync());
            Assert.Equal([$"EmailTest.{marker}.True"], await shell.Settings.Where(s => s.Key.StartsWith("EmailTest." + marker)).Select(s => s.Key).ToListAsync());
            await shell.Settings.Where(s => s.Key.StartsWith("EmailTest.")).ExecuteDeleteAsync();
        }
    }

    /// <summary>Two nodes' runs at the same moment (two scopes, two connections) split the due emails between them.</summary>
    private async Task SentOnceByConcurrentRunsAsync(Tenant tenant)
    {
        var marker = Guid.NewGuid().ToString("N");
        var count = EmailSender.BatchSize * 3 + 5;
        for (var i = 0; i < count; i++)
        {
            await EnqueueAsync(tenant, new EmailMessage($"buyer{i}@buyer.test", $"{marker} #{i}", $"Email {i}"));
        }

        var runs = await Task.WhenAll(Task.Run(() => RunJobAsync(tenant)), Task.Run(() => RunJobAsync(tenant)));

        var subjects = MailFiles(tenant).Select(f => f.Headers["Subject"]).Where(s => s.StartsWith(marker)).ToList();
        Assert.Equal(count, subjects.Count);
        Assert.Equal(count, subjects.Distinct().Count());
        Assert.True(runs.Sum() >= count, $"The runs sent {runs[0]} and {runs[1]} emails, fewer than {count}.");
        await using var scope = Scope(tenant);
        var rows = await scope.ServiceProvider.GetRequiredService<ShellDb>().Emails.Where(e => e.Subject.StartsWith(marker)).ToListAsync();
        Assert.All(rows, r => Assert.Equal((1, true, null), (r.Attempts, r.SentUtc is not null, r.ClaimToken)));
    }

    /// <summary>A refused connection is an attempt with its error and a retry a minute later, not before; then a working server gets it.</summary>
    private async Task RetriedUntilSentAsync(Tenant tenant)
    {
        var subject = $"Retried {Guid.NewGuid():N}";
        await EnqueueAsync(tenant, new EmailMessage("zoe@buyer.test", subject, "Body"));
        var failing = Smtp(SmtpTestServer.ClosedPort());

        Assert.Equal(0, await RunJobAsync(tenant, failing));
        var row = await EmailAsync(tenant, subject);
        Assert.Equal((null, 1, Clock.GetUtcNow() + EmailSender.RetryDelays[0], null), (row.SentUtc, row.Attempts, row.NextAttemptUtc, row.ClaimToken));
        Assert.Contains("Failure sending mail.", row.LastError);
        Assert.Contains("refused", row.LastError, StringComparison.OrdinalIgnoreCase);

        await using var server = new SmtpTestServer();
        Clock.Advance(EmailSender.RetryDelays[0] - TimeSpan.FromSeconds(1));
        Assert.Equal(0, await RunJobAsync(tenant, Smtp(server.Port)));
        Assert.Empty(server.Received);

        Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, await RunJobAsync(tenant, Smtp(server.Port)));
        Assert.Equal(subject, Parse(Assert.Single(server.Received).Data).Headers["Subject"]);
        row = await EmailAsync(tenant, subject);
        Assert.Equal((Clock.GetUtcNow(), 2, null), (row.SentUtc, row.Attempts, row.NextAttemptUtc));
    }

    /// <summary>
    /// Each failure waits longer (1, 5, 30 minutes, 2 hours); the fifth gives the email up and it stays, with its
    /// error, for an administrator. Sent emails are deleted thirty days on.
    /// </summary>
    private async Task GivenUpAndPrunedAsync(Tenant tenant)
    {
        var subject = $"Given up {Guid.NewGuid():N}";
        await EnqueueAsync(tenant, new EmailMessage("zoe@buyer.test", subject, "Body"));
        var failing = Smtp(SmtpTestServer.ClosedPort());
        for (var attempt = 1; attempt <= EmailSender.MaxAttempts; attempt++)
        {
            Assert.Equal(0, await RunJobAsync(tenant, failing));
            var row = await EmailAsync(tenant, subject);
            Assert.Equal(attempt, row.Attempts);
            if (attempt < EmailSender.MaxAttempts)
            {
                var delay = EmailSender.RetryDelays[attempt - 1];
                Assert.Equal(Clock.GetUtcNow() + delay, row.NextAttemptUtc);
                Clock.Advance(delay);
            }
        }

        var givenUp = await EmailAsync(tenant, subject);
        Assert.Equal((null, null), (givenUp.SentUtc, givenUp.NextAttemptUtc));
        Assert.Contains("refused", givenUp.LastError, StringComparison.OrdinalIgnoreCase);
        Assert.Equal([5, 1, 5, 30, 120], [EmailSender.MaxAttempts, .. EmailSender.RetryDelays.Select(d => (int)d.TotalMinutes)]);

        // A day on, a working server still does not get it.
        await using var server = new SmtpTestServer();
        Clock.Advance(TimeSpan.FromDays(1));
        await RunJobAsync(tenant, Smtp(server.Port));
        Assert.DoesNotContain(server.Received, m => m.Data.Contains(subject));

        var old = $"Old {Guid.NewGuid():N}";
        await EnqueueAsync(tenant, new EmailMessage("zoe@buyer.test", old, "Body"));
        Assert.Equal(1, await RunJobAsync(tenant));
        Clock.Advance(EmailSender.KeepSent + TimeSpan.FromMinutes(1));
        var recent = $"Recent {Guid.NewGuid():N}";
        await EnqueueAsync(tenant, new EmailMessage("zoe@buyer.test", recent, "Body"));
        Assert.Equal(1, await RunJobAsync(tenant));

        await using var scope = Scope(tenant);
        var subjects = await scope.ServiceProvider.GetRequiredService<ShellDb>().Emails.Select(e => e.Subject).ToListAsync();
        Assert.DoesNotContain(old, subjects);
        Assert.Contains(recent, subjects);
        Assert.Contains(subject, subjects);
    }

    private static EmailOptions Smtp(int port) => new() { Smtp = { Host = "127.0.0.1", Port = port } };

    private AsyncServiceScope Scope(Tenant tenant) => app.Services.GetRequiredService<TenantScopeFactory>().CreateScope(tenant);

    private async Task EnqueueAsync(Tenant tenant, EmailMessage message)
    {
        await using var scope = Scope(tenant);
        await scope.ServiceProvider.GetRequiredService<IEmailOutbox>().EnqueueAsync(message, null, default);
    }

    /// <summary>Runs the sending job once in a scope of its own: the host's, or the same job with other email settings.</summary>
    private async Task<int> RunJobAsync(Tenant tenant, EmailOptions? options = null)
    {
        await using var scope = Scope(tenant);
        var services = scope.ServiceProvider;
        var job = options is null
            ? services.GetRequiredService<EmailSender>()
            : ActivatorUtilities.CreateInstance<EmailSender>(services, ActivatorUtilities.CreateInstance<EmailDelivery>(services, Options.Create(options)));
        return await job.SendDueAsync(default);
    }

    private async Task<ShellEmailRow> EmailAsync(Tenant tenant, string subject)
    {
        await using var scope = Scope(tenant);
        return await scope.ServiceProvider.GetRequiredService<ShellDb>().Emails.AsNoTracking().SingleAsync(e => e.Subject == subject);
    }

    private async Task<int> CountAsync(Tenant tenant)
    {
        await using var scope = Scope(tenant);
        return await scope.ServiceProvider.GetRequiredService<ShellDb>().Emails.CountAsync();
    }

    private static IEnumerable<(string Path, Dictionary<string, string> Headers, string Body)> MailFiles(Tenant tenant)
    {
        var folder = Path.Combine(tenant.DataFolder, "mail");
        return Directory.Exists(folder)
            ? Directory.GetFiles(folder).Select(f =>
            {
                var (headers, body) = Parse(File.ReadAllText(f));
                return (f, headers, body);
            }).ToList()
            : [];
    }

    /// <summary>A message as a mail program reads it: headers unfolded with their encoded words decoded, the body's quoted-printable decoded.</summary>
    private static (Dictionary<string, string> Headers, string Body) Parse(string message)
    {
        var end = message.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var headers = message[..end].Replace("\r\n ", " ").Replace("\r\n\t", " ").Split("\r\n")
            .Select(line => line.Split(':', 2))
            .GroupBy(pair => pair[0], StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => DecodeWords(g.First()[1].Trim()), StringComparer.OrdinalIgnoreCase);
        return (headers, DecodeQuotedPrintable(message[(end + 4)..]));
    }

    private static string DecodeWords(string value) => EncodedWord().Replace(value.Replace("?= =?", "?==?"), m =>
    {
        var text = m.Groups[3].Value;
        var bytes = m.Groups[2].Value is "B" or "b" ? Convert.FromBase64String(text) : QuotedPrintableBytes(text.Replace('_', ' '));
        return Encoding.GetEncoding(m.Groups[1].Value).GetString(bytes);
    });

    private static string DecodeQuotedPrintable(string text) => Encoding.UTF8.GetString(QuotedPrintableBytes(text.Replace("=\r\n", "")));

    private static byte[] QuotedPrintableBytes(string text)
    {
        var bytes = new List<byte>();
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '=' && i + 2 < text.Length && byte.TryParse(text.AsSpan(i + 1, 2), NumberStyles.HexNumber, null, out var b))
            {
                bytes.Add(b);
                i += 2;
            }
            else
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(text[i].ToString()));
            }
        }

        return [.. bytes];
    }

    [GeneratedRegex(@"=\?([^?]+)\?([BQbq])\?([^?]*)\?=")]
    private static partial Regex EncodedWord();
}
