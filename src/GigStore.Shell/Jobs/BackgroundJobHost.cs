using GigStore.Jobs;
using GigStore.Shell.Modules;
using GigStore.Shell.Tenants;
using GigStore.Tenants;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace GigStore.Shell.Jobs;

/// <summary>
/// Runs every module's <see cref="IBackgroundJob"/> on its interval for each running tenant where
/// the job's feature is enabled. A failing job is logged and retried at its next interval.
/// </summary>
internal sealed class BackgroundJobHost(
    TenantRegistry registry,
    TenantScopeFactory scopes,
    FeatureServiceMap featureMap,
    TimeProvider clock,
    Microsoft.Extensions.Options.IOptions<ShellOptions> options,
    ILogger<BackgroundJobHost> log) : BackgroundService
{
    /// <summary>How often due jobs are looked for: the shortest interval a job can have.</summary>
    public static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(250);

    private readonly Dictionary<(string Tenant, string Job), DateTimeOffset> _lastRun = [];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.RunBackgroundJobs)
        {
            log.LogInformation("Background jobs are off in this process (GigStore:RunBackgroundJobs)");
            return;
        }

        using var timer = new PeriodicTimer(Tick, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            await RunDueJobsAsync(stoppingToken);
        }
    }

    internal async Task RunDueJobsAsync(CancellationToken cancellationToken)
    {
        foreach (var tenant in registry.Tenants.Where(t => t.Settings.State == TenantState.Running))
        {
            await using var scope = scopes.CreateScope(tenant);
            var jobs = scope.ServiceProvider.GetServices<IBackgroundJob>().Where(j => featureMap.IsEnabled(j.GetType(), tenant));
            foreach (var job in jobs)
            {
                var key = (tenant.Name, job.Name);
                var now = clock.GetUtcNow();
                if (_lastRun.TryGetValue(key, out var last) && now - last < job.Interval)
                {
                    continue;
                }

                _lastRun[key] = now;
                try
                {
                    await job.RunAsync(scope.ServiceProvider, cancellationToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    log.LogError(ex, "Job {Job} failed for tenant {Tenant}", job.Name, tenant.Name);
                }
            }
        }
    }
}
