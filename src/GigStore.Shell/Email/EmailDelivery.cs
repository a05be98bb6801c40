using System.Net;
using System.Net.Mail;
using System.Net.Mime;
using System.Text;
using GigStore.Shell.Data;
using GigStore.Tenants;
using Microsoft.Extensions.Options;

namespace GigStore.Shell.Email;

/// <summary>
/// Hands one email to the configured SMTP server, or without one writes it as an .eml file to the tenant's
/// pickup folder (<see cref="PickupFolder"/>), which any mail program opens.
/// </summary>
internal sealed class EmailDelivery(IOptions<EmailOptions> options, ITenantAccessor tenants)
{
    /// <summary>
    /// For one email's whole conversation with the server: well inside a sender's claim
    /// (<see cref="EmailSender.ClaimTime"/>), and short, because every tenant's jobs run one after another.
    /// </summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    public string PickupFolder => Path.Combine(tenants.Tenant.DataFolder, "mail");

    public async Task SendAsync(ShellEmailRow email, CancellationToken ct)
    {
        using var message = Compose(email);
        using var client = CreateClient();

        // SmtpClient.Timeout bounds only the synchronous Send.
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(Timeout);
        try
        {
            await client.SendMailAsync(message, timeout.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new TimeoutException($"The mail server {options.Value.Smtp.Host}:{options.Value.Smtp.Port} did not take the email within {Timeout.TotalSeconds:0} s.");
        }
    }

    internal MailMessage Compose(ShellEmailRow email)
    {
        var from = new MailAddress(options.Value.From);
        var site = DisplayName(tenants.Tenant.Site.SiteName);
        if (site.Length > 0)
        {
            from = new MailAddress(from.Address, site, Encoding.UTF8);
        }

        var message = new MailMessage
        {
            From = from,
            Subject = email.Subject,
            SubjectEncoding = Encoding.UTF8,
            HeadersEncoding = Encoding.UTF8,
            Body = email.TextBody,
            BodyEncoding = Encoding.UTF8,

            // Readable as it is stored (base64 is what System.Net.Mail picks for UTF-8 otherwise).
            BodyTransferEncoding = TransferEncoding.QuotedPrintable,
        };
        message.To.Add(new MailAddress(email.ToAddress, DisplayName(email.ToName), Encoding.UTF8));
        if (email.HtmlBody is { } html)
        {
            var view = AlternateView.CreateAlternateViewFromString(html, Encoding.UTF8, MediaTypeNames.Text.Html);
            view.TransferEncoding = TransferEncoding.QuotedPrintable;
            message.AlternateViews.Add(view);
        }

        // The same on every attempt, so a mail program can drop the copy a resend after a crash would make.
        message.Headers["Message-ID"] = $"<{email.Id}.{email.CreatedUtc.ToUnixTimeMilliseconds()}.{tenants.Tenant.Name}@{from.Host}>";
        return message;
    }

    /// <summary>
    /// A name as System.Net.Mail can put it in a header: it quotes an ASCII name without escaping the quotes or
    /// backslashes inside, which would end the quoted name early, and it needs the name on one line.
    /// </summary>
    internal static string DisplayName(string? name) =>
        string.Join(' ', (name ?? "").Replace('"', '\'').Replace('\\', '/').Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    private SmtpClient CreateClient()
    {
        var smtp = options.Value.Smtp;
        if (string.IsNullOrWhiteSpace(smtp.Host))
        {
            Directory.CreateDirectory(PickupFolder);
            return new SmtpClient { DeliveryMethod = SmtpDeliveryMethod.SpecifiedPickupDirectory, PickupDirectoryLocation = PickupFolder };
        }

        var client = new SmtpClient(smtp.Host, smtp.Port) { DeliveryMethod = SmtpDeliveryMethod.Network, EnableSsl = smtp.EnableSsl };
        if (!string.IsNullOrEmpty(smtp.UserName))
        {
            client.Credentials = new NetworkCredential(smtp.UserName, smtp.Password);
        }

        return client;
    }
}
