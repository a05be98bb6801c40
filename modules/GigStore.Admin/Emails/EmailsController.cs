using GigStore.Email;
using GigStore.Modules;
using Microsoft.AspNetCore.Mvc;

namespace GigStore.Admin.Emails;

public sealed record EmailsPage(OutboxSummary Summary, IReadOnlyList<UndeliveredEmail> Undelivered);

/// <summary>The storefront's outgoing email: how much waits, fails or was given up, with the server's error, and sending a given-up one again.</summary>
[Admin]
[Route("admin/emails")]
public sealed class EmailsController(IEmailOutboxAdmin outbox) : Controller
{
    /// <summary>Undelivered emails shown, newest first.</summary>
    public const int Shown = 100;

    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken ct) =>
        View(new EmailsPage(await outbox.SummaryAsync(ct), await outbox.UndeliveredAsync(Shown, ct)));

    [HttpPost("{id:long}/retry")]
    public async Task<IActionResult> Retry(long id, CancellationToken ct)
    {
        if (await outbox.RetryAsync(id, ct))
        {
            TempData["Status"] = "The email is queued again; it is sent within a few seconds if the mail server takes it.";
        }
        else
        {
            TempData["Error"] = "That email was not given up (it was sent, or is still being tried), so there is nothing to send again.";
        }

        return RedirectToAction(nameof(Index));
    }
}
