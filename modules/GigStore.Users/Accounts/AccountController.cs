using GigStore.Modules;
using GigStore.Users.Contracts;
using GigStore.Users.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace GigStore.Users.Accounts;

[Route("account")]
public sealed class AccountController(UserManager<GigUser> users, SignInManager<GigUser> signIn) : Controller
{
    [HttpGet("login")]
    [AllowAnonymous]
    public IActionResult Login(string? returnUrl) => View(new LoginInput { ReturnUrl = returnUrl });

    [HttpPost("login")]
    [AllowAnonymous]
    [EnableRateLimiting(UsersStartup.AccountRateLimit)]
    public async Task<IActionResult> Login(LoginInput input)
    {
        if (!ModelState.IsValid)
        {
            return View(input);
        }

        var user = await users.FindByEmailAsync(input.Email);
        var result = user is null
            ? Microsoft.AspNetCore.Identity.SignInResult.Failed
            : await signIn.PasswordSignInAsync(user, input.Password, input.RememberMe, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            return LocalRedirect(SafeReturnUrl(input.ReturnUrl));
        }

        ModelState.AddModelError(
            string.Empty,
            result.IsLockedOut
                ? "This account is locked after too many failed sign-in attempts. Try again in 15 minutes."
                : result.IsNotAllowed ? "This account is not allowed to sign in yet." : "The email or password is not right.");
        return View(input);
    }

    [HttpGet("register")]
    [AllowAnonymous]
    [RequireFeatures(UsersFeatures.Registration)]
    public IActionResult Register(string? returnUrl) => View(new RegisterInput { ReturnUrl = returnUrl });

    [HttpPost("register")]
    [AllowAnonymous]
    [EnableRateLimiting(UsersStartup.AccountRateLimit)]
    [RequireFeatures(UsersFeatures.Registration)]
    public async Task<IActionResult> Register(RegisterInput input)
    {
        if (!ModelState.IsValid)
        {
            return View(input);
        }

        var user = new GigUser { Email = input.Email.Trim(), UserName = input.Email.Trim(), DisplayName = input.DisplayName.Trim() };
        var created = await users.CreateAsync(user, input.Password);
        if (!created.Succeeded)
        {
            foreach (var error in created.Errors)
            {
                var field = error.Code.Contains("Password", StringComparison.Ordinal) ? nameof(input.Password)
                    : error.Code.Contains("Email", StringComparison.Ordinal) || error.Code.Contains("UserName", StringComparison.Ordinal) ? nameof(input.Email)
                    : string.Empty;
                ModelState.AddModelError(field, error.Code == "DuplicateUserName" ? "An account with this email already exists. Sign in instead." : error.Description);
            }

            return View(input);
        }

        await users.AddToRolesAsync(user, input.WantsToSell ? [Roles.Buyer, Roles.Seller] : [Roles.Buyer]);
        await signIn.SignInAsync(user, isPersistent: false);
        TempData["Status"] = $"Welcome, {user.DisplayName}! Your account is ready.";
        return LocalRedirect(SafeReturnUrl(input.ReturnUrl));
    }

    [HttpPost("logout")]
    public async Task<IActionResult> Logout()
    {
        await signIn.SignOutAsync();
        TempData["Status"] = "You are signed out.";
        return LocalRedirect("~/");
    }

    [HttpGet("")]
    [Authorize]
    public async Task<IActionResult> Index()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        var roles = await users.GetRolesAsync(user);
        return View(new AccountOverview(user.Email!, user.DisplayName, [.. roles.Order()], user.CreatedUtc));
    }

    [HttpGet("password")]
    [Authorize]
    public IActionResult ChangePassword() => View(new ChangePasswordInput());

    [HttpPost("password")]
    [Authorize]
    public async Task<IActionResult> ChangePassword(ChangePasswordInput input)
    {
        if (!ModelState.IsValid)
        {
            return View(input);
        }

        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        var changed = await users.ChangePasswordAsync(user, input.CurrentPassword, input.NewPassword);
        if (!changed.Succeeded)
        {
            foreach (var error in changed.Errors)
            {
                ModelState.AddModelError(error.Code == "PasswordMismatch" ? nameof(input.CurrentPassword) : nameof(input.NewPassword), error.Code == "PasswordMismatch" ? "The current password is not right." : error.Description);
            }

            return View(input);
        }

        await signIn.RefreshSignInAsync(user);
        TempData["Status"] = "Your password was changed.";
        return RedirectToAction(nameof(Index));
    }

    [HttpGet("access-denied")]
    [AllowAnonymous]
    public IActionResult AccessDenied()
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        return View();
    }

    private string SafeReturnUrl(string? returnUrl) => !string.IsNullOrEmpty(returnUrl) && Url.IsLocalUrl(returnUrl) ? returnUrl : "~/";
}
