using System.Reflection;
using GigStore.Modules;
using GigStore.Recipes;
using GigStore.Shell.Data;
using GigStore.Shell.Email;
using GigStore.Shell.Features;
using GigStore.Shell.Jobs;
using GigStore.Shell.Media;
using GigStore.Shell.Modules;
using GigStore.Shell.Mvc;
using GigStore.Shell.Navigation;
using GigStore.Shell.Recipes;
using GigStore.Shell.Tenants;
using GigStore.Shell.Themes;
using GigStore.Tenants;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ApplicationParts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using GigStore.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GigStore.Shell;

public static class ShellServiceCollectionExtensions
{
    /// <summary>
    /// Discovers the modules and themes the host ships (its [ShippedExtension] attributes), checks
    /// their feature graph, and registers the shell and every module's services.
    /// </summary>
    public static WebApplicationBuilder AddGigStore(this WebApplicationBuilder builder, Assembly host)
    {
        var extensions = host.GetCustomAttributes<ShippedExtensionAttribute>().Select(a => Assembly.Load(a.AssemblyName)).ToList();
        var catalog = ModuleCatalog.FromAssemblies(extensions);
        var startups = StartupDiscovery.Discover(catalog);
        var services = builder.Services;
        var contentRoot = builder.Environment.ContentRootPath;

        services.AddOptions<ShellOptions>()
            .BindConfiguration("GigStore")
            .PostConfigure(o =>
            {
                o.AppDataPath = Path.GetFullPath(o.AppDataPath, contentRoot);
                o.RecipesPath = Path.GetFullPath(o.RecipesPath, AppContext.BaseDirectory);
            })
            .Validate(o => !string.IsNullOrWhiteSpace(o.AdminEmail) && o.AdminEmail.Contains('@'), "GigStore:AdminEmail must be an email address.")
            .ValidateOnStart();

        // Keys live with the installation's data, so sessions survive a restart; every tenant derives its own purpose from them.
        services.AddDataProtection().SetApplicationName("GigStore");
        services.AddOptions<KeyManagementOptions>()
            .Configure<IOptions<ShellOptions>, ILoggerFactory>((o, shell, logs) =>
                o.XmlRepository = new FileSystemXmlRepository(new DirectoryInfo(Path.Combine(shell.Value.AppDataPath, "keys")), logs));

        services.AddSingleton(catalog);
        var featureMap = new FeatureServiceMap();
        services.AddSingleton(featureMap);
        services.AddSingleton(TimeProvider.System);
        services.AddHttpContextAccessor();

        services.AddSingleton<TenantRegistry>();
        services.AddSingleton<TenantScopeFactory>();
        services.AddScoped<TenantAccessor>();
        services.AddScoped<ITenantAccessor>(sp => sp.GetRequiredService<TenantAccessor>());
        services.AddSingleton<TenantDbContextPools>();
        services.AddScoped<TenantDatabase>();
        services.AddScoped<ITenantDatabase>(sp => sp.GetRequiredService<TenantDatabase>());
        services.AddTenantDbContext<ShellDb>(ShellDb.HistoryTable);
        services.AddScoped<TenantMigrator>();
        services.AddScoped<TenantStateStore>();
        services.AddScoped<FeatureManager>();
        services.AddScoped(typeof(EnabledServices<>));
        services.AddScoped<NavigationManager>();
        services.AddScoped<SiteView>();
        services.AddScoped<TenantMedia>();

        services.AddSingleton<RecipeLibrary>();
        services.AddSingleton<RecipeExecutor>();
        services.AddScoped<IRecipeStepHandler, FeatureStepHandler>();
        services.AddScoped<IRecipeStepHandler, ThemesStepHandler>();
        services.AddScoped<IRecipeStepHandler, SettingsStepHandler>();
        services.AddSingleton<TenantSetupService>();
        services.AddHostedService<TenantStartup>();
        services.AddSingleton<BackgroundJobHost>();
        services.AddHostedService(sp => sp.GetRequiredService<BackgroundJobHost>());
        AddEmail(services);

        var mvc = services.AddControllersWithViews(o =>
        {
            o.Conventions.Add(new ModuleConvention(catalog));
            o.Filters.Add(new AutoValidateAntiforgeryTokenAttribute());
        });
        mvc.AddRazorOptions(o => o.ViewLocationExpanders.Add(new ThemeViewLocationExpander()));
        mvc.ConfigureApplicationPartManager(parts =>
        {
            foreach (var assembly in extensions.Append(typeof(ShellServiceCollectionExtensions).Assembly))
            {
                if (!parts.ApplicationParts.OfType<AssemblyPart>().Any(p => p.Assembly == assembly))
                {
                    parts.ApplicationParts.Add(new AssemblyPart(assembly));
                }
            }
        });

        services.AddProblemDetails();

        // A request whose query or body cannot be bound throws (ErrorController answers it 400 with what was
        // wrong) in every environment, not only in Development, so clients get the same answer everywhere.
        services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddOpenApi(o => o.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "GigStore API";
            document.Info.Description = "The JSON API of one GigStore storefront (tenant). Paths are relative to the tenant's address.";
            return Task.CompletedTask;
        }));

        // Modules add their own policies (e.g. sign-in attempts); a limited request answers 429.
        services.AddRateLimiter(o => o.RejectionStatusCode = StatusCodes.Status429TooManyRequests);
        services.AddSingleton(startups);
        StartupDiscovery.ConfigureServices(services, startups, featureMap);
        return builder;
    }

    /// <summary>
    /// The email outbox for every module. Its job is registered here, not by a module's startup, so
    /// <see cref="FeatureServiceMap"/> ties it to no feature and it runs for every running tenant.
    /// </summary>
    private static void AddEmail(IServiceCollection services)
    {
        services.AddOptions<EmailOptions>().BindConfiguration(EmailOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<GigStore.Email.IEmailOutbox, EmailOutbox>();
        services.AddScoped<GigStore.Email.IEmailOutboxAdmin, EmailOutboxAdmin>();
        services.AddScoped<EmailDelivery>();
        services.AddScoped<EmailSender>();
        services.AddSingleton<GigStore.Jobs.IBackgroundJob, EmailSendingJob>();
        services.AddSingleton<EmailPurges>();
    }

    /// <summary>The request pipeline: tenant, errors, static files, routing, feature gate, auth, endpoints.</summary>
    public static WebApplication UseGigStore(this WebApplication app)
    {
        app.UseMiddleware<TenantMiddleware>();
        app.UseExceptionHandler("/error/500");
        app.UseStatusCodePagesWithReExecute("/error/{0}");
        app.UseStaticFiles();
        app.UseRouting();
        app.UseMiddleware<FeatureGateMiddleware>();
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseAuthorization();

        app.MapControllers();
        foreach (var registration in app.Services.GetRequiredService<IReadOnlyList<StartupRegistration>>())
        {
            var group = app.MapGroup("");
            group.WithMetadata(new FeatureMetadata(registration.Features));
            registration.Startup.Configure(group);
        }

        MapShellEndpoints(app);
        app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
        Seo.SeoEndpoints.Map(app);
        return app;
    }

    private static void MapShellEndpoints(WebApplication app)
    {
        app.MapGet("/health/live", () => TypedResults.Ok(new { status = "Healthy" }))
            .WithName("Shell.Liveness").AllowAnonymous();

        app.MapGet("/health", async (ITenantAccessor tenants, TenantMigrator database, CancellationToken ct) =>
        {
            var ok = await database.CanConnectAsync(ct);
            var body = new { status = ok ? "Healthy" : "Unhealthy", tenant = tenants.Tenant.Name, checks = new { database = ok ? "Healthy" : "Unhealthy" } };
            return ok ? Results.Ok(body) : Results.Json(body, statusCode: StatusCodes.Status503ServiceUnavailable);
        }).WithName("Shell.Readiness").AllowAnonymous();

        app.MapGet("/media/{file}", (string file, TenantMedia media) =>
        {
            var path = media.Find(file);
            if (path is null)
            {
                return Results.NotFound();
            }

            var type = Path.GetExtension(path) switch
            {
                ".png" => "image/png",
                ".jpg" => "image/jpeg",
                ".gif" => "image/gif",
                _ => "image/webp",
            };
            return Results.File(path, type, enableRangeProcessing: false);
        }).WithName("Shell.Media").AllowAnonymous();
    }
}
