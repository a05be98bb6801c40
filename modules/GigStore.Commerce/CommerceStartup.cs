using GigStore.Commerce.Admin;
using GigStore.Commerce.Api;
using GigStore.Commerce.Cart;
using GigStore.Commerce.Checkout;
using GigStore.Commerce.Contracts;
using GigStore.Commerce.Data;
using GigStore.Commerce.Orders;
using GigStore.Commerce.Payments.Test;
using GigStore.Commerce.Pricing;
using GigStore.Commerce.Recipes;
using GigStore.Data;
using GigStore.Jobs;
using GigStore.Modules;
using GigStore.Navigation;
using GigStore.Recipes;
using GigStore.Users.Contracts;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace GigStore.Commerce;

internal sealed class CommerceStartup : StartupBase
{
    public override void ConfigureServices(IServiceCollection services)
    {
        services.AddTenantDbContext<CommerceDb>(CommerceDb.HistoryTable);
        services.AddHttpContextAccessor();
        services.AddScoped<CommerceSettingsStore>();
        services.AddSingleton<CommerceSettingsCache>();
        services.AddScoped<CartService>();
        services.AddScoped<CheckoutService>();
        services.AddScoped<OrderPlacement>();
        services.AddScoped<OrderEmails>();
        services.AddScoped<OrderRefunds>();
        services.AddScoped<ICheckoutCompletion, CheckoutCompletion>();
        services.AddSingleton<IGigCheckout, CartGigCheckout>();
        services.AddSingleton<IBackgroundJob, ReconciliationJob>();
        services.AddScoped<IRecipeStepHandler, CommerceStepHandler>();
        services.AddScoped<INavigationProvider, CommerceNavigation>();
        services.AddScoped<INavigationProvider, CommerceMenu>();
    }

    public override void Configure(IEndpointRouteBuilder routes) => CommerceEndpoints.Map(routes);
}

/// <summary>The test provider, with its feature.</summary>
[RequireFeatures(CommerceFeatures.TestPayments)]
internal sealed class TestPaymentsStartup : StartupBase
{
    public override void ConfigureServices(IServiceCollection services) =>
        services.AddScoped<IPaymentProvider, TestPaymentProvider>();
}

/// <summary>The storefront's menu: the cart for everyone, orders for buyers and sellers.</summary>
internal sealed class CommerceMenu : INavigationProvider
{
    public void BuildNavigation(string menu, NavigationBuilder builder)
    {
        if (menu == Menus.Main)
        {
            builder.Add("My orders", "/orders", 550, Roles.Buyer);
            builder.Add("Orders", "/seller/orders", 560, Roles.Seller);
            builder.Add("Cart", "/cart", 600);
        }
    }
}
