using System.Net;
using GigStore.Catalog.Data;
using GigStore.Catalog.Gigs;
using GigStore.DataGen;
using GigStore.Shell.Tenants;
using GigStore.Users.Contracts;
using GigStore.Users.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GigStore.Tests;

/// <summary>The catalogue generator (bench/GigStore.DataGen) writes gigs the catalogue itself accepts and shows.</summary>
public sealed class DataGenTests(GigStoreFactory app) : IClassFixture<GigStoreFactory>
{
    [Fact]
    public async Task GeneratedGigsPassTheCataloguesRulesAndShowOnTheStorefront()
    {
        var browser = app.Browser();
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/health")).StatusCode);
        int before;
        await using (var scope = app.Services.GetRequiredService<TenantScopeFactory>().CreateScope(app.Registry.Default))
        {
            before = await scope.ServiceProvider.GetRequiredService<CatalogDb>().Gigs.MaxAsync(g => g.Id);
        }

        // The generator holds the database exclusively; closing the host's idle pooled connections stands in for
        // stopping the host. The host's background jobs (the search indexer's first build, its polling) hold a
        // connection for moments: a generator that finds the database in use has written nothing, so try again.
        var options = new DataGenOptions(app.AppData, "Default", Gigs: 200, Sellers: 20, Seed: 7);
        GenerationReport report;
        for (var attempt = 1; ; attempt++)
        {
            SqliteConnection.ClearAllPools();
            try
            {
                report = await new CatalogGenerator(options, TextWriter.Null, inPlaceProgress: false).RunAsync(CancellationToken.None);
                break;
            }
            catch (DataGenException) when (attempt < 40)
            {
                await Task.Delay(250);
            }
        }

        Assert.Equal(200, report.Gigs.Values.Sum());

        await using (var scope = app.Services.GetRequiredService<TenantScopeFactory>().CreateScope(app.Registry.Default))
        {
            var db = scope.ServiceProvider.GetRequiredService<CatalogDb>();
            var service = scope.ServiceProvider.GetRequiredService<GigService>();
            var categories = await service.CategoriesAsync(CancellationToken.None);
            var gigs = await db.Gigs.AsNoTracking().Where(g => g.Id > before).OrderBy(g => g.Id).ToListAsync();
            Assert.Equal(200, gigs.Count);
            Assert.False(await db.GigChanges.AnyAsync(c => c.GigId > before));

            foreach (var gig in gigs)
            {
                var content = GigContent.FromJson(gig.LiveJson ?? gig.DraftJson!);
                Assert.Equal(content.Title, gig.Title);
                if (gig.LiveJson is not null)
                {
                    Assert.Null(gig.DraftJson);
                    Assert.Equal((content.CategoryId, content.SubcategoryId), (gig.CategoryId!.Value, gig.SubcategoryId));
                    Assert.Equal((content.StartingPriceMinor, content.MinDeliveryDays), (gig.StartingPriceMinor, gig.MinDeliveryDays));
                    Assert.Equal(content.Gallery[0].Id, gig.Cover!.Id);
                }
            }

            // The editor's publish check, images included: a sample of live gigs could be published again as they are.
            foreach (var gig in gigs.Where(g => g.LiveJson is not null).Take(20))
            {
                Assert.Empty(await service.MissingForPublishAsync(gig, categories, CancellationToken.None));
            }

            var visible = await (
                from g in db.Gigs
                join s in db.Sellers on g.SellerId equals s.UserId
                where g.Id > before && g.State == GigState.Published && !s.VacationMode
                orderby g.Id descending
                select new { g.Slug, g.Title, g.SubcategoryId }).ToListAsync();
            var shown = visible.First(g => g.Title!.All(c => char.IsAsciiLetterOrDigit(c) || c is ' ' or '-'));
            Assert.Contains(shown.Title!, await browser.GetStringAsync($"/gigs/{shown.Slug}"));
            Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync($"/api/gigs/{shown.Slug}")).StatusCode);
            var category = categories.First(c => c.Id == shown.SubcategoryId);
            Assert.Contains($"/gigs/{visible.First(g => g.SubcategoryId == category.Id).Slug}", await browser.GetStringAsync($"/categories/{category.Slug}"));

            // Generated sellers are sellers nobody can sign in as.
            var users = scope.ServiceProvider.GetRequiredService<UserManager<GigUser>>();
            var sellers = await users.Users.Where(u => u.Email!.EndsWith("@datagen.gigstore.local")).ToListAsync();
            Assert.Equal(20, sellers.Count);
            Assert.All(sellers, u => Assert.Null(u.PasswordHash));
            Assert.True(await users.IsInRoleAsync(sellers[0], Roles.Seller));
        }
    }
}
