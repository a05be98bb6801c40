using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace GigStore.BrowserTests;

/// <summary>
/// End to end in a real browser: a seller builds a gig in the editor (three packages, two extras, two
/// images) and publishes it; a buyer finds it on the category page and the gig page, first in the
/// Bazaar theme and then, after the admin switches the storefront to Nordic, in that theme.
/// </summary>
public sealed class GigEditorBrowserTests(ITestOutputHelper output)
{
    private const string Title = "I will draw a hand lettered logo for your bakery";
    private const string SellerPassword = "Seller-pass-123!";

    [Fact]
    public async Task SellerPublishesAGigThatBuyersSeeInBothThemes()
    {
        var clock = Stopwatch.StartNew();
        await using var server = new GigStoreServer();
        server.Start();
        output.WriteLine($"GigStore on {server.BaseUrl}, started in {clock.Elapsed.TotalSeconds:0.0} s");

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Browser.LaunchAsync(playwright);
        var accessibility = new Accessibility(output);

        // 1. A new seller registers and opens the editor from their gig list.
        await using var sellerContext = await browser.NewContextAsync(new() { BaseURL = server.BaseUrl, ViewportSize = new() { Width = 1280, Height = 900 } });
        sellerContext.SetDefaultTimeout(15_000);
        var seller = await sellerContext.NewPageAsync();
        await Browser.GoAsync(seller, "/account/register");
        await seller.GetByLabel("Your name").FillAsync("Rosa Baker");
        await seller.GetByLabel("Email", new() { Exact = true }).FillAsync("rosa@letters.test");
        await seller.GetByLabel("Password", new() { Exact = true }).FillAsync(SellerPassword);
        await seller.GetByLabel("Repeat password").FillAsync(SellerPassword);
        await seller.GetByLabel("I also want to sell my services").CheckAsync();
        await seller.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();
        await Browser.GoAsync(seller, "/seller/gigs");
        await seller.GetByRole(AriaRole.Link, new() { Name = "Create a new gig" }).ClickAsync();

        // 2. Overview: a too-short title is refused beside the field; then the real one.
        await Expect(seller.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Create a gig");
        await seller.GetByLabel("Gig title").FillAsync("Logo");
        await seller.GetByRole(AriaRole.Button, new() { Name = "Save and continue" }).ClickAsync();
        await Expect(seller.Locator("#title-error")).ToContainTextAsync("15–80 characters");
        await Expect(seller.GetByLabel("Gig title")).ToHaveAttributeAsync("aria-invalid", "true");
        await accessibility.CheckAsync(seller, "editor overview with errors");

        await seller.GetByLabel("Gig title").FillAsync(Title);
        await seller.GetByLabel("Category").SelectOptionAsync(new SelectOptionValue { Label = "Graphics & Design › Logo Design" });
        await Expect(seller.GetByLabel("Minimalist")).ToBeVisibleAsync();
        await Expect(seller.GetByLabel("Matte")).ToBeHiddenAsync();
        await seller.GetByLabel("Hand-drawn").CheckAsync();
        await seller.GetByLabel("SVG").CheckAsync();
        await seller.GetByLabel("Search tags").FillAsync("logo, lettering, bakery");
        await seller.GetByRole(AriaRole.Button, new() { Name = "Save and continue" }).ClickAsync();

        // 3. Pricing: three packages, two compared features, two extras.
        await Expect(seller).ToHaveURLAsync(new Regex(@"/seller/gigs/\d+/edit/pricing$"));
        await seller.GetByLabel("3 packages").CheckAsync();
        await FillPackageAsync(seller, "Basic", "Sketch", "One hand-drawn concept as PNG.", "3", "1", "25");
        await FillPackageAsync(seller, "Standard", "Lettering", "Two concepts with the source file.", "4", "3", "60");
        await FillPackageAsync(seller, "Premium", "Full lettering", "Three concepts, source and vector files.", "6", "Unlimited", "120");
        await seller.GetByLabel("Compared feature 1").FillAsync("Logo concepts");
        await seller.GetByLabel("Compared feature 2").FillAsync("Source file");
        foreach (var tier in new[] { "Basic", "Standard", "Premium" })
        {
            await seller.GetByLabel($"{tier} includes feature 1").CheckAsync();
        }

        await seller.GetByLabel("Standard includes feature 2").CheckAsync();
        await seller.GetByLabel("Premium includes feature 2").CheckAsync();
        var fast = seller.Locator("fieldset.extra-row").Nth(0);
        await fast.GetByLabel("Title").FillAsync("Extra-fast delivery");
        await fast.GetByLabel("Price").FillAsync("20");
        await fast.GetByLabel("Extra days").FillAsync("-2");
        await fast.GetByLabel("Basic").UncheckAsync();
        var files = seller.Locator("fieldset.extra-row").Nth(1);
        await files.GetByLabel("Title").FillAsync("Social media kit");
        await files.GetByLabel("Price").FillAsync("15");
        await files.GetByLabel("Extra days").FillAsync("1");
        await Browser.ScreenshotAsync(seller, "editor-pricing.png");
        await accessibility.CheckAsync(seller, "editor pricing");
        await seller.GetByRole(AriaRole.Button, new() { Name = "Save and continue to Description & FAQ" }).ClickAsync();

        // 4. Description and FAQ, then one requirement.
        await seller.GetByLabel("Description", new() { Exact = true }).FillAsync(
            "I draw logos by hand and turn them into crisp vector files. **Every package** starts with a short questionnaire about your bakery, your customers and the feeling you want.\n\n- Hand-drawn concepts\n- Print and web files");
        await seller.GetByLabel("Question", new() { Exact = true }).First.FillAsync("Do you deliver vector files?");
        await seller.GetByLabel("Answer").First.FillAsync("Yes, from the Standard package up.");
        await seller.GetByRole(AriaRole.Button, new() { Name = "Save and continue to Requirements" }).ClickAsync();
        await seller.GetByLabel("Question", new() { Exact = true }).First.FillAsync("What is your bakery called?");
        await seller.GetByRole(AriaRole.Button, new() { Name = "Save and continue to Gallery" }).ClickAsync();

        // 5. Gallery: two images; the second becomes the cover.
        await Expect(seller).ToHaveURLAsync(new Regex("/edit/gallery$"));
        var photo = File.ReadAllBytes(Path.Combine(Browser.RepositoryRoot, "tests", "GigStore.Tests", "Fixtures", "photo-gps-rotated.jpg"));
        await seller.GetByLabel(new Regex("^Add images")).SetInputFilesAsync(
        [
            new FilePayload { Name = "sketch.jpg", MimeType = "image/jpeg", Buffer = photo },
            new FilePayload { Name = "final.jpg", MimeType = "image/jpeg", Buffer = WithComment(photo, "final") },
        ]);
        await seller.GetByRole(AriaRole.Button, new() { Name = "Upload" }).ClickAsync();
        await Expect(seller.Locator(".gallery-editor li")).ToHaveCountAsync(2);
        await seller.GetByRole(AriaRole.Button, new() { Name = "Make cover (image 2)" }).ClickAsync();
        await Expect(seller.GetByRole(AriaRole.Status)).ToContainTextAsync("Gallery saved.");
        await Browser.ScreenshotAsync(seller, "editor-gallery.png");
        await accessibility.CheckAsync(seller, "editor gallery");

        // 6. Publish.
        await seller.GetByRole(AriaRole.Link, new() { Name = "Continue to Publish" }).ClickAsync();
        await Expect(seller.GetByRole(AriaRole.Heading, new() { Name = "Ready to go" })).ToBeVisibleAsync();
        await accessibility.CheckAsync(seller, "editor publish");
        await seller.GetByRole(AriaRole.Button, new() { Name = "Publish gig" }).ClickAsync();
        await Expect(seller).ToHaveURLAsync(new Regex("/seller/gigs$"));
        await Expect(seller.GetByRole(AriaRole.Status)).ToContainTextAsync($"'{Title}' is live.");
        await Expect(seller.GetByRole(AriaRole.Row).Filter(new() { HasText = Title })).ToContainTextAsync("Live");

        // 7. A buyer finds it in the Bazaar theme, then in Nordic once the admin switches themes.
        await using var buyerContext = await browser.NewContextAsync(new() { BaseURL = server.BaseUrl, ViewportSize = new() { Width = 1280, Height = 900 } });
        buyerContext.SetDefaultTimeout(15_000);
        var buyer = await buyerContext.NewPageAsync();
        await BuyerSeesTheGigAsync(buyer, "bazaar", accessibility);

        await using (var adminContext = await browser.NewContextAsync(new() { BaseURL = server.BaseUrl }))
        {
            adminContext.SetDefaultTimeout(15_000);
            var admin = await adminContext.NewPageAsync();
            await Browser.GoAsync(admin, "/account/login");
            await Browser.SignInAsync(admin, GigStoreServer.AdminEmail, GigStoreServer.AdminPassword);
            await Browser.GoAsync(admin, "/admin/emails");
            await Expect(admin.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Emails");
            await accessibility.CheckAsync(admin, "admin emails page");
            await Browser.GoAsync(admin, "/admin/settings");
            await admin.GetByLabel("Storefront theme").SelectOptionAsync("Nordic");
            await admin.GetByRole(AriaRole.Button, new() { Name = "Save settings" }).ClickAsync();
            await Expect(admin.GetByRole(AriaRole.Status)).ToBeVisibleAsync();
        }

        await BuyerSeesTheGigAsync(buyer, "nordic", accessibility);
        accessibility.AssertNoneSerious();
        output.WriteLine($"Done in {clock.Elapsed.TotalSeconds:0.0} s");
    }

    private async Task BuyerSeesTheGigAsync(IPage buyer, string theme, Accessibility accessibility)
    {
        await Browser.GoAsync(buyer, "/categories/logo-design");
        await Expect(buyer.Locator("body")).ToHaveClassAsync(new Regex($@"\btheme-{theme}\b"));
        var card = buyer.GetByRole(AriaRole.Link, new() { Name = Title });
        await Expect(card).ToBeVisibleAsync();
        await accessibility.CheckAsync(buyer, $"category page ({theme})");
        await Browser.ScreenshotAsync(buyer, $"category-{theme}.png");

        await card.ClickAsync();
        await Expect(buyer.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(Title);
        await Expect(buyer.Locator("body")).ToHaveClassAsync(new Regex($@"\btheme-{theme}\b"));
        var picker = buyer.Locator("form.package-picker");
        await picker.GetByLabel(new Regex("Premium ·")).CheckAsync();
        await picker.GetByLabel(new Regex("Extra-fast delivery")).CheckAsync();
        await Expect(buyer.Locator(".package-total")).ToContainTextAsync("$140");
        await Expect(buyer.Locator(".package-total")).ToContainTextAsync("4 days");
        await picker.GetByLabel(new Regex("Basic ·")).CheckAsync();
        await Expect(picker.GetByLabel(new Regex("Extra-fast delivery"))).ToBeDisabledAsync();
        await Expect(buyer.Locator(".package-total")).ToContainTextAsync("$25");
        await Browser.ScreenshotAsync(buyer, $"gig-{theme}.png");
        await accessibility.CheckAsync(buyer, $"gig page ({theme})");
    }

    private static async Task FillPackageAsync(IPage page, string tier, string name, string description, string days, string revisions, string price)
    {
        await page.GetByLabel($"{tier} name").FillAsync(name);
        await page.GetByLabel($"{tier} description").FillAsync(description);
        await page.GetByLabel($"{tier} delivery days").FillAsync(days);
        await page.GetByLabel($"{tier} revisions").SelectOptionAsync(new SelectOptionValue { Label = revisions });
        await page.GetByLabel($"{tier} price").FillAsync(price);
    }

    /// <summary>The same photo with a JPEG comment after the start marker: a valid image with other bytes.</summary>
    private static byte[] WithComment(byte[] jpeg, string comment)
    {
        var text = System.Text.Encoding.ASCII.GetBytes(comment);
        byte[] segment = [0xFF, 0xFE, (byte)((text.Length + 2) >> 8), (byte)(text.Length + 2), .. text];
        return [.. jpeg.Take(2), .. segment, .. jpeg.Skip(2)];
    }
}
