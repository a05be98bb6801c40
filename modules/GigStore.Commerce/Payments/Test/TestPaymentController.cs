using System.Security.Claims;
using GigStore.Commerce.Contracts;
using GigStore.Commerce.Data;
using GigStore.Modules;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace GigStore.Commerce.Payments.Test;

/// <summary>The test card form a test payment is paid on, as its buyer sees it.</summary>
public sealed record TestPaymentPage(Data.Checkout Checkout, TestCardForm Form, string? Declined);

public sealed class TestCardForm
{
    public string? Number { get; set; }

    public string? Expiry { get; set; }

    public string? Cvc { get; set; }

    public Dictionary<string, string> Errors { get; } = [];

    /// <summary>Checks the card's shape as a card form does (16 digits, a month and year not past, a 3–4 digit code).</summary>
    public bool Validate(DateTimeOffset now)
    {
        if (TestCards.Digits(Number).Length != 16)
        {
            Errors[nameof(Number)] = "Enter the card's 16 digits.";
        }

        var expiry = (Expiry ?? "").Replace(" ", "", StringComparison.Ordinal).Split('/');
        if (expiry.Length != 2 || !int.TryParse(expiry[0], out var month) || !int.TryParse(expiry[1], out var year) || month is < 1 or > 12 || expiry[1].Length is not (2 or 4))
        {
            Errors[nameof(Expiry)] = "Enter the expiry date as MM/YY.";
        }
        else
        {
            year = year < 100 ? 2000 + year : year;
            if (year < now.Year || (year == now.Year && month < now.Month))
            {
                Errors[nameof(Expiry)] = "The card has expired.";
            }
        }

        var cvc = (Cvc ?? "").Trim();
        if (cvc.Length is < 3 or > 4 || !cvc.All(char.IsAsciiDigit))
        {
            Errors[nameof(Cvc)] = "Enter the 3 or 4 digit security code.";
        }

        return Errors.Count == 0;
    }
}

/// <summary>
/// The test provider's "hosted page": the buyer of the checkout enters a test card. A test card that succeeds
/// is recorded as paid on the provider's side first, then the checkout is told — as a real provider's webhook
/// would tell it.
/// </summary>
[Authorize]
[RequireFeatures(CommerceFeatures.TestPayments)]
[Route("checkout/test-pay/{id}")]
public sealed class TestPaymentController(CommerceDb db, ICheckoutCompletion completion, TimeProvider clock) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(string id, CancellationToken ct)
    {
        if (await FindAsync(id, ct) is not { } found)
        {
            return NotFound();
        }

        var (checkout, payment) = found;

        return Payable(checkout, payment)
            ? View(new TestPaymentPage(checkout, new TestCardForm(), null))
            : Redirect($"{Request.PathBase}/checkout/{checkout.Id:N}");
    }

    [HttpPost("")]
    public async Task<IActionResult> Pay(string id, TestCardForm form, CancellationToken ct)
    {
        if (await FindAsync(id, ct) is not { } found)
        {
            return NotFound();
        }

        var (checkout, payment) = found;

        if (!Payable(checkout, payment))
        {
            return Redirect($"{Request.PathBase}/checkout/{checkout.Id:N}");
        }

        if (!form.Validate(clock.GetUtcNow()))
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View("Index", new TestPaymentPage(checkout, form, null));
        }

        var outcome = TestCards.Outcome(form.Number);
        if (outcome == CardOutcome.NotATestCard)
        {
            form.Errors[nameof(TestCardForm.Number)] = TestCards.Message(outcome)!;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View("Index", new TestPaymentPage(checkout, form, null));
        }

        var declined = TestCards.Message(outcome);
        await TestPaymentProvider.RecordCardAsync(db, checkout, payment, declined, clock.GetUtcNow(), ct);
        if (declined is not null)
        {
            Response.StatusCode = StatusCodes.Status402PaymentRequired;
            return View("Index", new TestPaymentPage(checkout, new TestCardForm(), declined));
        }

        await completion.ConfirmAsync(TestPaymentProvider.ProviderId, id, ct);
        return Redirect($"{Request.PathBase}/checkout/{checkout.Id:N}");
    }

    /// <summary>A card can be entered while the checkout waits and its payment has not succeeded (or been canceled).</summary>
    private static bool Payable(Data.Checkout checkout, TestPayment? payment) =>
        checkout.State == CheckoutState.Pending && (payment is null || payment.State == TestPaymentState.RequiresPayment);

    /// <summary>The signed-in buyer's checkout paid through test payment <paramref name="id"/>, and the payment's record if a card was entered.</summary>
    private async Task<(Data.Checkout Checkout, TestPayment? Payment)?> FindAsync(string id, CancellationToken ct)
    {
        var buyer = User.FindFirstValue(ClaimTypes.NameIdentifier);
        var found = await (
            from c in db.Checkouts
            where c.Provider == TestPaymentProvider.ProviderId && c.ProviderReference == id && c.BuyerId == buyer
            join p in db.TestPayments on c.ProviderReference equals p.Id into payments
            from p in payments.DefaultIfEmpty()
            select new { Checkout = c, Payment = p }).AsNoTracking().FirstOrDefaultAsync(ct);
        return found is null ? null : (found.Checkout, found.Payment);
    }
}
