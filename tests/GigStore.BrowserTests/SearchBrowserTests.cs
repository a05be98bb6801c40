using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace GigStore.BrowserTests;

/// <summary>
/// A buyer searches in a real browser: suggestions while typing, facets that update the results in place
/// with the whole state in the URL (back button included), sorting, and the same search without JavaScript.
/// </summary>
public sealed class SearchBrowserTests(ITestOutputHelper output)
{
    [Fact]
    public async Task BuyerSearchesWithSuggestionsFacetsSortAndTheBackButtonAndWithoutJavaScript()
    {
        await using var server = new GigStoreServer();
        server.Start();
        await WaitForIndexAsync(server);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Browser.LaunchAsync(playwright);
        await using var context = await browser.NewContextAsync(new() { BaseURL = server.BaseUrl, ViewportSize = new() { Width = 1280, Height = 900 } });
        context.SetDefaultTimeout(15_000);
        var page = await context.NewPageAsync();
        var accessibility = new Accessibility(output);

        // 1. Suggestions while typing in the header's search box, chosen with the keyboard.
        await Browser.GoAsync(page, "/");
        var box = page.GetByRole(AriaRole.Combobox, new() { Name = "Search services" });
        await box.PressSequentiallyAsync("logo desi", new() { Delay = 40 });
        var listbox = page.GetByRole(AriaRole.Listbox, new() { Name = "Suggestions" });
        await Expect(listbox).ToBeVisibleAsync();
        await Expect(box).ToHaveAttributeAsync("aria-expanded", "true");
        await Expect(listbox.GetByRole(AriaRole.Option).First).ToBeVisibleAsync();
        await box.PressAsync("Escape");
        await Expect(listbox).ToBeHiddenAsync();
        await box.FillAsync("logo");
        var searched = page.WaitForURLAsync(new Regex(@"/search\?q=logo$"), Browser.Loaded);
        await box.PressAsync("Enter");
        await searched;
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Results for “logo”");
        var total = await CountAsync(page);
        Assert.True(total >= 5, $"only {total} logo gigs");
        await Expect(page.Locator(".search-hit mark").First).ToHaveTextAsync(new Regex("logo", RegexOptions.IgnoreCase));
        await accessibility.CheckAsync(page, "search results (/search?q=logo)");

        // 2. A facet updates the results in place (no new page: the marker survives) and the URL says so.
        await page.EvaluateAsync("window.__samePage = true");
        await page.GetByRole(AriaRole.Link, new() { NameRegex = new Regex("^Graphics & Design") }).ClickAsync();
        await UpdatedAsync(page, new Regex("category=graphics-design"));
        await page.GetByRole(AriaRole.Link, new() { NameRegex = new Regex("^Logo Design") }).ClickAsync();
        await UpdatedAsync(page, new Regex("category=logo-design"));
        await page.GetByRole(AriaRole.Checkbox, new() { NameRegex = new Regex("^Vintage") }).CheckAsync();
        await UpdatedAsync(page, new Regex(@"a\.logo-style=Vintage"));
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Remove filter Logo style: Vintage" })).ToBeVisibleAsync();
        var vintage = await CountAsync(page);
        Assert.True(vintage >= 1 && vintage < total, $"{vintage} vintage of {total}");
        Assert.True(await page.EvaluateAsync<bool>("window.__samePage === true"), "the facet loaded a whole new page");
        await Browser.ScreenshotAsync(page, "search-facets.png");
        await accessibility.CheckAsync(page, "search with facets (/search?q=logo&category=logo-design&a.logo-style=Vintage)");

        // 3. Sorting keeps the filters.
        await page.GetByLabel("Sort by").SelectOptionAsync("price-asc");
        await UpdatedAsync(page, new Regex("sort=price-asc"));
        Assert.Contains("a.logo-style=Vintage", page.Url);

        // 4. The back button walks back through the states: unsorted, then without the style.
        await page.GoBackAsync();
        await UpdatedAsync(page, new Regex(@"^(?!.*sort=).*a\.logo-style=Vintage"));
        await page.GoBackAsync();
        await UpdatedAsync(page, new Regex(@"^(?!.*a\.logo-style).*category=logo-design"));
        await Expect(page.GetByRole(AriaRole.Checkbox, new() { NameRegex = new Regex("^Vintage") })).Not.ToBeCheckedAsync();

        // 5. A typo: the page says what it searched for instead.
        await Browser.GoAsync(page, "/search?q=logo+desgin");
        await Expect(page.Locator(".search-corrected")).ToContainTextAsync("logo design");

        // 6. Phone width: the filters follow the results and nothing overflows sideways.
        await page.SetViewportSizeAsync(390, 844);
        await Browser.GoAsync(page, "/search?q=logo");
        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"), "the results page scrolls sideways on a phone");
        await Browser.ScreenshotAsync(page, "search-phone.png");

        // 7. Without JavaScript: the same search with plain forms and links.
        await using var noJs = await browser.NewContextAsync(new() { BaseURL = server.BaseUrl, JavaScriptEnabled = false });
        noJs.SetDefaultTimeout(15_000);
        var plain = await noJs.NewPageAsync();
        await Browser.GoAsync(plain, "/");
        await plain.GetByRole(AriaRole.Combobox, new() { Name = "Search services" }).FillAsync("wordpress");
        await Browser.ClickAndWaitForUrlAsync(plain, plain.GetByRole(AriaRole.Button, new() { Name = "Search", Exact = true }), url => url.Contains("/search?q=wordpress", StringComparison.Ordinal));
        Assert.True(await CountAsync(plain) >= 1);
        await plain.GetByRole(AriaRole.Radio, new() { NameRegex = new Regex("^Up to 7 days") }).CheckAsync();
        await Browser.ClickAndWaitForUrlAsync(plain, plain.GetByRole(AriaRole.Button, new() { Name = "Apply filters" }), url => url.Contains("delivery=7", StringComparison.Ordinal));
        await Expect(plain.GetByRole(AriaRole.Link, new() { Name = "Remove filter Delivery within 7 days" })).ToBeVisibleAsync();

        accessibility.AssertNoneSerious();
    }

    /// <summary>
    /// After an htmx update (same page, history pushed): the address matches and htmx has finished
    /// swapping, so the next click reaches content htmx has already wired up.
    /// </summary>
    private static async Task UpdatedAsync(IPage page, Regex url)
    {
        await Expect(page).ToHaveURLAsync(url);
        await page.WaitForFunctionAsync("() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling, .htmx-added')");
    }

    private static async Task<int> CountAsync(IPage page)
    {
        var text = await page.Locator(".result-count").InnerTextAsync();
        return int.Parse(Regex.Match(text, @"[\d,]+").Value.Replace(",", ""), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// The background indexer builds the demo store's index within seconds of start-up. Until it has,
    /// search answers from the database (degraded, with totals but without highlights), so a total alone
    /// does not say the index is there.
    /// </summary>
    private static async Task WaitForIndexAsync(GigStoreServer server)
    {
        using var http = new HttpClient { BaseAddress = new Uri(server.BaseUrl) };
        // Up to 90 s: on two busy cores (both test projects run at once) the first build once took over 30.
        for (var i = 0; i < 360; i++)
        {
            var json = JsonNode.Parse(await http.GetStringAsync("/api/search?size=1"));
            if (json?["total"]?.GetValue<int>() > 0 && json["degraded"]?.GetValue<bool>() == false)
            {
                return;
            }

            await Task.Delay(250);
        }

        throw new TimeoutException("The search index was not built within 90 s.");
    }
}
