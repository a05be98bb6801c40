using GigStore.Jobs;
using GigStore.Commerce.Contracts;
using GigStore.Data;
using GigStore.Modules;
using GigStore.Navigation;
using GigStore.Stripe.Api;
using GigStore.Stripe.Data;
using GigStore.Stripe.Payments;
using GigStore.Stripe.Settings;
using GigStore.Stripe.Webhooks;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace GigStore.Stripe;

internal sealed class StripeStartup : StartupBase
{
    public override void ConfigureServices(IServiceCollection services)
    {
        services.AddTenantDbContext<StripeDb>(StripeDb.HistoryTable);
        services.AddOptions<StripeOptions>().BindConfiguration(StripeOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        // Stripe's calls carry their own deadline per attempt (StripeOptions.RequestTimeout), so the client has none of its own.
        services.AddHttpClient(StripeClient.HttpClientName, http => http.Timeout = Timeout.InfiniteTimeSpan);
        services.AddScoped<StripeSettingsStore>();
        services.AddSingleton<StripeAccountCache>();
        services.AddScoped<IPaymentProvider, StripePaymentProvider>();
        services.AddScoped<StripeWebhookReceiver>();
        services.AddSingleton<IBackgroundJob, ProcessedEventsPruning>();
        services.AddScoped<INavigationProvider, StripeNavigation>();
    }

    public override void Configure(IEndpointRouteBuilder routes) => StripeWebhookEndpoint.Map(routes);
}
