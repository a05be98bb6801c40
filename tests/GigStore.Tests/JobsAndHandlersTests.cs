using GigStore.Jobs;
using GigStore.Recipes;
using GigStore.Shell.Features;
using GigStore.Shell.Jobs;
using GigStore.Shell.Modules;
using GigStore.Shell.Recipes;
using GigStore.Shell.Tenants;
using GigStore.Tenants;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace GigStore.Tests;

public sealed class JobsAndHandlersTests : IAsyncLifetime
{
    private const string Feature = "GigStore.Users.Registration";
    private readonly GigStoreFactory _root = new();
    private WebApplicationFactory<Program> _app = null!;

    public Task InitializeAsync()
    {
        // The tests run the due jobs themselves: the host's own loop would also run StampJob for a new tenant
        // in the moment between its set-up and the test switching the feature off.
        _root.Settings["GigStore:RunBackgroundJobs"] = "false";
        _app = _root.WithWebHostBuilder(b => b.ConfigureTestServices(s =>
        {
            s.AddSingleton<JobLog>();
            s.AddScoped<IBackgroundJob, StampJob>();
        }));

        // As if StampJob had been registered by the startup of the Registration feature.
        _app.Services.GetRequiredService<FeatureServiceMap>().Add(typeof(StampJob), [Feature]);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _root.DisposeAsync();
    }

    [Fact]
    public async Task JobRunsOnlyForTenantsWhereItsFeatureIsEnabled()
    {
        var registry = _app.Services.GetRequiredService<TenantRegistry>();
        var off = await CreateAsync("JobsOff", "jobs-off");
        await using (var scope = _app.Services.GetRequiredService<TenantScopeFactory>().CreateScope(off))
        {
            Assert.True((await scope.ServiceProvider.GetRequiredService<FeatureManager>().DisableAsync([Feature])).Succeeded);
        }

        await _app.Services.GetRequiredService<BackgroundJobHost>().RunDueJobsAsync(default);

        var ran = _app.Services.GetRequiredService<JobLog>().Tenants;
        Assert.Contains(registry.Default.Name, ran);
        Assert.DoesNotContain("JobsOff", ran);
    }

    [Fact]
    public async Task RecipeStepOfADisabledFeatureIsRefused()
    {
        var off = await CreateAsync("StepsOff", "steps-off");
        _app.Services.GetRequiredService<FeatureServiceMap>().Add(typeof(GigStore.Users.Recipes.RolesStepHandler), [Feature]);
        try
        {
            await using (var scope = _app.Services.GetRequiredService<TenantScopeFactory>().CreateScope(off))
            {
                await scope.ServiceProvider.GetRequiredService<FeatureManager>().DisableAsync([Feature]);
            }

            var executor = _app.Services.GetRequiredService<RecipeExecutor>();
            var roles = RecipeLibrary.Parse("""{ "name": "t", "steps": [ { "name": "roles", "roles": [ { "name": "Editor" } ] } ] }""");
            var error = Assert.Single(await executor.RunAsync(off, roles));
            Assert.Contains("needs feature " + Feature, error.Message);

            // Enabling the feature in an earlier step of the same recipe makes the step available.
            var withFeature = RecipeLibrary.Parse($$"""{ "name": "t", "steps": [ { "name": "feature", "enable": ["{{Feature}}"] }, { "name": "roles", "roles": [ { "name": "Editor" } ] } ] }""");
            Assert.Empty(await executor.RunAsync(off, withFeature));
        }
        finally
        {
            _app.Services.GetRequiredService<FeatureServiceMap>().Add(typeof(GigStore.Users.Recipes.RolesStepHandler), ["GigStore.Users"]);
        }
    }

    private async Task<Tenant> CreateAsync(string name, string prefix)
    {
        var result = await _app.Services.GetRequiredService<TenantSetupService>().CreateAsync(
            new TenantSetupRequest(new TenantSettings { Name = name, UrlPrefix = prefix }, "studio", "owner@jobs.test", "Owner-pass-123!"));
        Assert.True(result.Succeeded);
        return result.Tenant!;
    }

    private sealed class JobLog
    {
        public List<string> Tenants { get; } = [];
    }

    private sealed class StampJob(JobLog log, ITenantAccessor tenants) : IBackgroundJob
    {
        public string Name => "stamp";

        public TimeSpan Interval => TimeSpan.FromHours(1);

        public Task RunAsync(IServiceProvider tenantServices, CancellationToken cancellationToken)
        {
            lock (log)
            {
                log.Tenants.Add(tenants.Tenant.Name);
            }

            return Task.CompletedTask;
        }
    }
}
