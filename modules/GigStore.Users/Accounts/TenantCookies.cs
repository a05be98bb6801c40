using GigStore.Tenants;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace GigStore.Users.Accounts;

internal static class TenantCookieNames
{
    public static string TenantName(HttpContext context) =>
        context.RequestServices.GetRequiredService<ITenantAccessor>().Tenant.Name;
}

/// <summary>Appends the tenant's name to the cookie name, so tenants on one host keep separate sessions.</summary>
internal sealed class TenantCookieManager : ICookieManager
{
    private readonly ChunkingCookieManager _inner = new();

    private string Name(HttpContext context, string key) => $"{key}.{TenantCookieNames.TenantName(context)}";

    public string? GetRequestCookie(HttpContext context, string key) => _inner.GetRequestCookie(context, Name(context, key));

    public void AppendResponseCookie(HttpContext context, string key, string? value, CookieOptions options) =>
        _inner.AppendResponseCookie(context, Name(context, key), value, options);

    public void DeleteCookie(HttpContext context, string key, CookieOptions options) =>
        _inner.DeleteCookie(context, Name(context, key), options);

}

/// <summary>Protects the authentication ticket with a key purpose of its own per tenant.</summary>
internal sealed class TenantTicketDataFormat(IDataProtectionProvider protection, IHttpContextAccessor http) : ISecureDataFormat<AuthenticationTicket>
{
    private TicketDataFormat Format()
    {
        var tenant = TenantCookieNames.TenantName(http.HttpContext ?? throw new InvalidOperationException("No request."));
        return new TicketDataFormat(protection.CreateProtector("GigStore.Users.AuthCookie", "v1", tenant));
    }

    public string Protect(AuthenticationTicket data) => Format().Protect(data);

    public string Protect(AuthenticationTicket data, string? purpose) => Format().Protect(data, purpose);

    public AuthenticationTicket? Unprotect(string? protectedText) => Format().Unprotect(protectedText);

    public AuthenticationTicket? Unprotect(string? protectedText, string? purpose) => Format().Unprotect(protectedText, purpose);
}
