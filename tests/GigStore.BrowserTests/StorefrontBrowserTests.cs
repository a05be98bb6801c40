using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace GigStore.BrowserTests;

/// <summary>
/// End to end in a real browser: the operator's storefront (marketplace recipe, Bazaar theme) creates a
/// second storefront from the studio recipe (Nordic theme), whose own admin signs in there.
/// </summary>
public sealed class StorefrontBrowserTests(ITestOutputHelper output)
{
    private const string StudioAdminEmail = "owner@studio.test";
    private const string StudioAdminPassword = "Studio-pass-123!";

    private const string HeaderBackground = "getComputedStyle(document.querySelector('header')).backgroundColor";
    private const string HeadingFont = "getComputedStyle(document.querySelector('h1')).fontFamily";

    [Fact]
    public async Task OperatorCreatesSecondStorefrontWithOtherThemeAndSignsInThere()
    {
        var clock = Stopwatch.StartNew();
        await using var server = new GigStoreServer();
        server.Start();
        output.WriteLine($"GigStore on {server.BaseUrl} (App_Data {server.AppDataPath}), started in {clock.Elapsed.TotalSeconds:0.0} s");

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Browser.LaunchAsync(playwright);
        await using var context = await browser.NewContextAsync(new() { BaseURL = server.BaseUrl, ViewportSize = new() { Width = 1280, Height = 800 } });
        context.SetDefaultTimeout(15_000);
        var page = await context.NewPageAsync();
        var accessibility = new Accessibility(output);

        // 1. The operator's storefront: marketplace recipe, Bazaar theme.
        await Browser.GoAsync(page, "/");
        await Expect(page).ToHaveTitleAsync(new Regex("GigStore Marketplace"));
        await Expect(page.Locator("body")).ToHaveClassAsync(new Regex(@"\btheme-bazaar\b"));
        var defaultHomeShot = await Browser.ScreenshotAsync(page, "default-home.png");
        var defaultBodyClass = await page.Locator("body").GetAttributeAsync("class");
        var defaultHeader = await page.EvaluateAsync<string>(HeaderBackground);
        var defaultFont = await page.EvaluateAsync<string>(HeadingFont);
        await accessibility.CheckAsync(page, "default home (/)");

        // 2. Sign in as the operator and create the studio storefront.
        await Browser.GoAsync(page, "/account/login");
        await accessibility.CheckAsync(page, "sign-in page (/account/login)");
        await Browser.SignInAsync(page, GigStoreServer.AdminEmail, GigStoreServer.AdminPassword);
        await Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Account" }).GetByRole(AriaRole.Link, new() { Name = "Admin", Exact = true })).ToBeVisibleAsync();

        await Browser.GoAsync(page, "/admin/tenants/create");
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("studio");
        await page.GetByLabel("URL prefix").FillAsync("studio");
        await page.GetByLabel("Recipe", new() { Exact = true }).SelectOptionAsync("studio");
        await page.GetByLabel("Admin email", new() { Exact = true }).FillAsync(StudioAdminEmail);
        await page.GetByLabel("Admin password", new() { Exact = true }).FillAsync(StudioAdminPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create storefront" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex("/admin/tenants/?$"));
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Tenant 'studio' is ready.");
        var studioRow = page.GetByRole(AriaRole.Row).Filter(new() { Has = page.GetByRole(AriaRole.Cell, new() { Name = "studio", Exact = true }) });
        await Expect(studioRow).ToHaveCountAsync(1);
        await Expect(studioRow.GetByRole(AriaRole.Link, new() { Name = "/t/studio/" })).ToBeVisibleAsync();
        await Expect(studioRow).ToContainTextAsync("Running");
        await Browser.ScreenshotAsync(page, "default-admin-tenants.png");

        // 3. The studio storefront: its own name and theme; the operator's session does not carry over.
        await Browser.GoAsync(page, "/t/studio/");
        await Expect(page).ToHaveTitleAsync(new Regex("Studio"));
        await Expect(page.Locator("body")).ToHaveClassAsync(new Regex(@"\btheme-nordic\b"));
        var accountNav = page.GetByRole(AriaRole.Navigation, new() { Name = "Account" });
        await Expect(accountNav.GetByRole(AriaRole.Link, new() { Name = "Sign in", Exact = true })).ToBeVisibleAsync();
        await Expect(accountNav.GetByRole(AriaRole.Link, new() { Name = "Admin", Exact = true })).ToHaveCountAsync(0);
        var studioHomeShot = await Browser.ScreenshotAsync(page, "studio-home.png");
        var studioBodyClass = await page.Locator("body").GetAttributeAsync("class");
        var studioHeader = await page.EvaluateAsync<string>(HeaderBackground);
        var studioFont = await page.EvaluateAsync<string>(HeadingFont);
        await accessibility.CheckAsync(page, "studio home (/t/studio/)");

        await Browser.GoAsync(page, "/t/studio/account/login");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Sign in to Studio");
        await Browser.SignInAsync(page, StudioAdminEmail, StudioAdminPassword);
        await Expect(page).ToHaveURLAsync(new Regex("/t/studio/?$"));
        await Expect(accountNav.GetByRole(AriaRole.Link, new() { Name = "Admin", Exact = true })).ToBeVisibleAsync();
        await Expect(accountNav.GetByRole(AriaRole.Link, new() { Name = "Sign in", Exact = true })).ToHaveCountAsync(0);

        await Browser.GoAsync(page, "/t/studio/admin");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Dashboard");
        await Expect(page.Locator("main")).ToContainTextAsync("Studio");
        await Expect(page.Locator("main")).ToContainTextAsync("studio");
        await Browser.ScreenshotAsync(page, "studio-admin.png");

        // 4. Isolation: the operator's credentials are not an account on the studio storefront.
        await using (var stranger = await browser.NewContextAsync(new() { BaseURL = server.BaseUrl }))
        {
            stranger.SetDefaultTimeout(15_000);
            var other = await stranger.NewPageAsync();
            await Browser.GoAsync(other, "/t/studio/account/login");
            await Browser.SignInAsync(other, GigStoreServer.AdminEmail, GigStoreServer.AdminPassword, expectSignedIn: false);
            await Expect(other.GetByRole(AriaRole.Alert)).ToContainTextAsync("The email or password is not right.");
            await Expect(other.GetByRole(AriaRole.Navigation, new() { Name = "Account" }).GetByRole(AriaRole.Link, new() { Name = "Admin", Exact = true })).ToHaveCountAsync(0);
        }

        // 5. The two themes look different.
        output.WriteLine($"body class:        '{defaultBodyClass}' vs '{studioBodyClass}'");
        output.WriteLine($"header background: '{defaultHeader}' vs '{studioHeader}'");
        output.WriteLine($"h1 font-family:    '{defaultFont}' vs '{studioFont}'");
        Assert.NotEqual(defaultBodyClass, studioBodyClass);
        Assert.True(
            defaultHeader != studioHeader || defaultFont != studioFont,
            $"The storefronts' header background ({defaultHeader}) and h1 font ({defaultFont}) are the same in both themes.");
        if (defaultHeader == studioHeader || defaultFont == studioFont)
        {
            output.WriteLine("Note: only one of header background and h1 font differs between the themes.");
        }

        Assert.False(
            File.ReadAllBytes(defaultHomeShot).AsSpan().SequenceEqual(File.ReadAllBytes(studioHomeShot)),
            "The two home page screenshots are byte for byte the same.");

        // 6. Accessibility: no serious or critical WCAG 2 A/AA violation on the pages checked.
        accessibility.AssertNoneSerious();

        output.WriteLine($"Done in {clock.Elapsed.TotalSeconds:0.0} s");
    }
}
