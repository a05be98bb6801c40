using System.Security.Claims;
using System.Threading.RateLimiting;
using GigStore.Data;
using GigStore.Modules;
using GigStore.Navigation;
using GigStore.Recipes;
using GigStore.Tenants;
using GigStore.Users.Accounts;
using GigStore.Users.Contracts;
using GigStore.Users.Data;
using GigStore.Users.Recipes;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace GigStore.Users;

internal sealed class UsersStartup : StartupBase
{
    public const string TenantClaim = "gigstore:tenant";
    public const string AccountRateLimit = "GigStore.Users.Account";

    public override void ConfigureServices(IServiceCollection services)
    {
        services.AddTenantDbContext<UsersDb>(UsersDb.HistoryTable);
        services.AddIdentityCore<GigUser>(o =>
            {
                o.Stores.SchemaVersion = IdentitySchemaVersions.Version1;
                o.User.RequireUniqueEmail = true;
                o.Password.RequiredLength = 8;
                o.Lockout.AllowedForNewUsers = true;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<UsersDb>()
            .AddSignInManager()
            .AddClaimsPrincipalFactory<TenantClaimsPrincipalFactory>()
            .AddDefaultTokenProviders();

        services.AddAuthentication(IdentityConstants.ApplicationScheme).AddIdentityCookies();
        services.AddOptions<CookieAuthenticationOptions>(IdentityConstants.ApplicationScheme)
            .Configure<IDataProtectionProvider, IHttpContextAccessor>((o, protection, http) =>
            {
                o.LoginPath = "/account/login";
                o.LogoutPath = "/account/logout";
                o.AccessDeniedPath = "/account/access-denied";
                o.Cookie.Name = ".GigStore.Auth";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.SlidingExpiration = true;
                o.ExpireTimeSpan = TimeSpan.FromDays(14);

                // One cookie name and one key purpose per tenant: a cookie of tenant A is not even readable on tenant B.
                o.CookieManager = new TenantCookieManager();
                o.TicketDataFormat = new TenantTicketDataFormat(protection, http);
                o.Events.OnValidatePrincipal = ValidatePrincipalAsync;

                // APIs answer 401/403 instead of redirecting to the sign-in page.
                o.Events.OnRedirectToLogin = context => ApiAwareRedirect(context, StatusCodes.Status401Unauthorized);
                o.Events.OnRedirectToAccessDenied = context => ApiAwareRedirect(context, StatusCodes.Status403Forbidden);
            });
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.FromMinutes(5));

        // Sign-in and registration attempts per tenant and client address: lockout protects one account,
        // this slows down guessing across many.
        services.AddRateLimiter(o => o.AddPolicy(AccountRateLimit, http => RateLimitPartition.GetFixedWindowLimiter(
            $"{http.RequestServices.GetRequiredService<ITenantAccessor>().Tenant.Name}|{http.Connection.RemoteIpAddress}",
            _ => new FixedWindowRateLimiterOptions { PermitLimit = 30, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 })));

        services.AddScoped<INavigationProvider, UsersNavigation>();
        services.AddScoped<IRecipeStepHandler, RolesStepHandler>();
        services.AddScoped<IRecipeStepHandler, UsersStepHandler>();
    }

    private static Task ApiAwareRedirect(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        if (context.Request.Path.StartsWithSegments("/api"))
        {
            context.Response.StatusCode = status;
        }
        else
        {
            context.Response.Redirect(context.RedirectUri);
        }

        return Task.CompletedTask;
    }

    /// <summary>A principal signed in on another tenant is rejected, then Identity's security-stamp check runs.</summary>
    private static Task ValidatePrincipalAsync(CookieValidatePrincipalContext context)
    {
        var tenant = context.HttpContext.RequestServices.GetRequiredService<ITenantAccessor>().Tenant;
        if (context.Principal?.FindFirstValue(TenantClaim) != tenant.Name)
        {
            context.RejectPrincipal();
            return context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
        }

        // Identity checks the stamp once per ValidationInterval, but builds its validator (SignInManager, UserManager,
        // their stores) on every request before it looks at the time: the same test first, so most requests build none.
        var options = context.HttpContext.RequestServices.GetRequiredService<IOptions<SecurityStampValidatorOptions>>().Value;
        if (context.Properties.IssuedUtc is { } issued && (options.TimeProvider ?? TimeProvider.System).GetUtcNow() - issued <= options.ValidationInterval)
        {
            return Task.CompletedTask;
        }

        return SecurityStampValidator.ValidatePrincipalAsync(context);
    }
}

internal sealed class TenantClaimsPrincipalFactory(
    UserManager<GigUser> users,
    RoleManager<IdentityRole> roles,
    IOptions<IdentityOptions> options,
    ITenantAccessor tenants) : UserClaimsPrincipalFactory<GigUser, IdentityRole>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(GigUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(UsersStartup.TenantClaim, tenants.Tenant.Name));
        if (!string.IsNullOrEmpty(user.DisplayName))
        {
            identity.AddClaim(new Claim("display_name", user.DisplayName));
        }

        return identity;
    }
}

internal sealed class UsersNavigation : INavigationProvider
{
    public void BuildNavigation(string menu, NavigationBuilder builder)
    {
        if (menu == Menus.Admin)
        {
            builder.Add("Users", "/admin/users", 200, Roles.Administrator);
        }
    }
}
