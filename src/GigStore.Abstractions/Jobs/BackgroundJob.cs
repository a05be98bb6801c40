namespace GigStore.Jobs;

/// <summary>
/// Work that runs on an interval for every running tenant where the job's feature is enabled, in a
/// scope whose tenant is that tenant.
/// </summary>
public interface IBackgroundJob
{
    string Name { get; }

    TimeSpan Interval { get; }

    Task RunAsync(IServiceProvider tenantServices, CancellationToken cancellationToken);
}
