using GigStore.Catalog.Categories;
using GigStore.Catalog.Contracts;
using GigStore.Catalog.Data;
using GigStore.Catalog.Gigs;
using GigStore.Data;
using GigStore.Modules;
using GigStore.Recipes;
using GigStore.Seo;
using GigStore.Navigation;
using GigStore.Users.Contracts;
using GigStore.Catalog.Sellers;
using GigStore.Catalog.Storefront;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace GigStore.Catalog;

internal sealed class CatalogStartup : StartupBase
{
    public override void ConfigureServices(IServiceCollection services)
    {
        services.AddTenantDbContext<CatalogDb>(CatalogDb.HistoryTable);
        services.AddSingleton<LiveGigCache>();
        services.AddSingleton<CategoryCache>();
        services.AddScoped<CategoriesChanged>();
        services.AddScoped<GigValidator>();
        services.AddScoped<GigService>();
        services.AddScoped<IRecipeStepHandler, CategoriesStepHandler>();
        services.AddScoped<IRecipeStepHandler, GigsStepHandler>();
        services.AddScoped<ISitemapSource, CatalogSitemap>();
        services.AddScoped<INavigationProvider, CatalogNavigation>();

        // Online now: sellers' requests are recorded (pages through a global filter, the seller API through its group's).
        services.AddSingleton<SellerActivity>();
        services.AddSingleton<SellerActivityFilter>();
        services.Configure<MvcOptions>(o => o.Filters.AddService<SellerActivityFilter>());
        services.AddSingleton<OnlineSellers>();
        services.AddScoped<ISellerPresence, SellerPresence>();
    }

    public override void Configure(IEndpointRouteBuilder routes)
    {
        CategoryEndpoints.Map(routes);
        GigEndpoints.Map(routes);
    }
}

internal sealed class CatalogNavigation : INavigationProvider
{
    public void BuildNavigation(string menu, NavigationBuilder builder)
    {
        if (menu == Menus.Main)
        {
            builder.Add("Your gigs", "/seller/gigs", 500, Roles.Seller);
        }
    }
}
