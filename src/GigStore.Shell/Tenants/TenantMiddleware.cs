using System.Diagnostics;
using GigStore.Tenants;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GigStore.Shell.Tenants;

/// <summary>
/// Routes each request to its tenant (host name, then /t/{prefix}, then the default tenant), moves a
/// prefix into PathBase so the tenant's links and cookies stay under it, answers 503 for a disabled
/// tenant, and logs the request with the tenant's name.
/// </summary>
internal sealed partial class TenantMiddleware(RequestDelegate next, TenantRegistry registry, ILogger<TenantMiddleware> log)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var (tenant, prefix) = registry.Resolve(context.Request.Host.Host, context.Request.Path.Value ?? "/");
        if (tenant is null)
        {
            await PlainAsync(context, StatusCodes.Status404NotFound, "Not found", "There is no storefront at this address.");
            return;
        }

        if (prefix is not null && context.Request.Path.StartsWithSegments($"/{TenantRegistry.PrefixSegment}/{prefix}", StringComparison.OrdinalIgnoreCase, out var matched, out var remaining))
        {
            context.Request.PathBase = context.Request.PathBase.Add(matched);
            context.Request.Path = remaining.HasValue ? remaining : "/";
        }

        using var scope = TenantScope(log, tenant.Name);
        var started = Stopwatch.GetTimestamp();
        switch (tenant.Settings.State)
        {
            case TenantState.Disabled:
                await PlainAsync(context, StatusCodes.Status503ServiceUnavailable, "Storefront unavailable", "This storefront is currently disabled by the site operator. Please check back later.");
                break;
            case TenantState.Uninitialized:
                context.Response.Headers.RetryAfter = "5";
                await PlainAsync(context, StatusCodes.Status503ServiceUnavailable, "Storefront starting", "This storefront is being set up. Please try again in a few seconds.");
                break;
            default:
                ((TenantAccessor)context.RequestServices.GetRequiredService<ITenantAccessor>()).Tenant = tenant;
                await next(context);
                break;
        }

        LogRequest(
            log,
            context.Request.Method,
            context.Request.PathBase.Value,
            context.Request.Path.Value,
            context.Response.StatusCode,
            Stopwatch.GetElapsedTime(started).TotalMilliseconds,
            tenant.Name);
    }

    // Generated and predefined: every request logs, so neither may box or build a dictionary per call.
    private static readonly Func<ILogger, string, IDisposable?> TenantScope = LoggerMessage.DefineScope<string>("Tenant {Tenant}");

    [LoggerMessage(EventId = 0, Level = LogLevel.Information, Message = "{Method} {PathBase}{Path} -> {StatusCode} in {Elapsed:0.0} ms (tenant {Tenant})")]
    private static partial void LogRequest(ILogger logger, string method, string? pathBase, string? path, int statusCode, double elapsed, string tenant);

    private static Task PlainAsync(HttpContext context, int status, string title, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/html; charset=utf-8";
        var encodedTitle = System.Net.WebUtility.HtmlEncode(title);
        return context.Response.WriteAsync(
            $"<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{encodedTitle}</title>"
            + "<style>body{font:1.1rem/1.5 system-ui,sans-serif;max-width:36rem;margin:15vh auto;padding:0 1rem;color:#1d2433}h1{font-size:1.6rem}</style></head>"
            + $"<body><main><h1>{encodedTitle}</h1><p>{System.Net.WebUtility.HtmlEncode(message)}</p></main></body></html>");
    }
}

/// <summary>After routing: an endpoint whose features are off for this tenant answers 404.</summary>
internal sealed class FeatureGateMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context, ITenantAccessor tenants)
    {
        var endpoint = context.GetEndpoint();
        var required = endpoint?.Metadata.GetOrderedMetadata<GigStore.Modules.FeatureMetadata>();
        if (required is { Count: > 0 } && !required.All(r => tenants.Tenant.AreFeaturesEnabled(r.FeatureIds)))
        {
            context.SetEndpoint(null);
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        }

        return next(context);
    }
}
