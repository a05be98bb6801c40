using GigStore.Tenants;
using Microsoft.Extensions.DependencyInjection;

namespace GigStore.Shell.Tenants;

internal sealed class TenantAccessor : ITenantAccessor
{
    private Tenant? _tenant;

    public Tenant Tenant
    {
        get => _tenant ?? throw new InvalidOperationException("No tenant is set for this scope.");
        set => _tenant = value;
    }

    public bool HasTenant => _tenant is not null;
}

/// <summary>Creates DI scopes bound to a tenant, for work outside a request (set-up, recipes, jobs).</summary>
public sealed class TenantScopeFactory(IServiceScopeFactory scopes)
{
    public AsyncServiceScope CreateScope(Tenant tenant)
    {
        var scope = scopes.CreateAsyncScope();
        ((TenantAccessor)scope.ServiceProvider.GetRequiredService<ITenantAccessor>()).Tenant = tenant;
        return scope;
    }
}
