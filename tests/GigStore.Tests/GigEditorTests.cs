using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace GigStore.Tests;

/// <summary>The seller's multi-step gig editor, driven through its HTML forms as a browser without JavaScript would.</summary>
public sealed class GigEditorTests(GigStoreFactory app) : IClassFixture<GigStoreFactory>
{
    private static readonly byte[] Photo = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", "photo-gps-rotated.jpg"));

    private static readonly string Description = string.Join(' ', Enumerable.Repeat("I design clean, memorable logos from scratch, with a short questionnaire first and revisions until you love the result.", 2));

    [Fact]
    public async Task SellerBuildsAGigStepByStepAndPublishesIt()
    {
        var seller = await SellerAsync("steps");

        // Overview with mistakes: nothing is created, errors sit beside the fields, typed text is kept.
        var bad = await PostAsync(seller, "/seller/gigs/new", "/seller/gigs/new", new() { ["title"] = "Logo", ["category"] = "", ["tags"] = "logo, logo" });
        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        var page = await ParseAsync(bad);
        Assert.Contains("15–80 characters", FieldError(page, "title"));
        Assert.Contains("Choose a category", FieldError(page, "category"));
        Assert.Contains("once", FieldError(page, "tags"));
        Assert.Equal("Logo", ((IHtmlInputElement)page.GetElementById("title")!).Value);
        Assert.Equal("true", page.GetElementById("title")!.GetAttribute("aria-invalid"));
        Assert.Empty((await seller.GetFromJsonAsync<JsonArray>("/api/seller/gigs"))!);

        var logo = await LogoCategoryAsync();
        var created = await PostAsync(seller, "/seller/gigs/new", "/seller/gigs/new", new()
        {
            ["title"] = "I will draw a hand lettered logo for your bakery",
            ["category"] = logo.ToString(),
            [$"attr.{logo}.logo-style"] = "Vintage",
            ["tags"] = "logo, lettering, bakery",
        });
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var editor = created.Headers.Location!.OriginalString;
        Assert.Matches(@"^/seller/gigs/\d+/edit/pricing$", editor);
        var id = int.Parse(editor.Split('/')[3]);
        var basePath = $"/seller/gigs/{id}/edit";

        // Pricing: a price that is not a number is refused beside its cell, and nothing is saved.
        var pricing = PricingForm();
        pricing["packages[1].price"] = "sixty";
        var badPrice = await ParseAsync(await PostAsync(seller, $"{basePath}/pricing", $"{basePath}/pricing", pricing));
        Assert.Contains("Enter a price", FieldError(badPrice, "packages[1].price"));
        Assert.Equal("sixty", ((IHtmlInputElement)badPrice.GetElementById("packages-1-price")!).Value);
        Assert.Empty(await DraftAsync(seller, id, "packages"));

        // A blank extra row in between: the error of the row after it still lands on that row.
        pricing = PricingForm();
        pricing["extras[2].title"] = "Rush";
        pricing["extras[2].price"] = "0.5";
        pricing["extras[2].tiers"] = "Basic";
        var rowError = await ParseAsync(await PostAsync(seller, $"{basePath}/pricing", $"{basePath}/pricing", pricing));
        Assert.Contains("An extra costs between 1", FieldError(rowError, "extras[2].price"));

        var saved = await PostAsync(seller, $"{basePath}/pricing", $"{basePath}/pricing", PricingForm());
        Assert.Equal($"{basePath}/description", saved.Headers.Location!.OriginalString);
        var packages = await DraftAsync(seller, id, "packages");
        Assert.Equal(3, packages.Count);
        Assert.Equal(6000, packages[1]!["priceMinor"]!.GetValue<long>());
        Assert.Null(packages[2]!["revisions"]);
        Assert.Equal([true, false], packages[0]!["features"]!.AsArray().Select(f => f!.GetValue<bool>()));
        Assert.Equal(["Logo concepts", "Source file"], (await DraftAsync(seller, id, "packageFeatures")).Select(f => f!.GetValue<string>()));
        var extras = await DraftAsync(seller, id, "extras");
        Assert.Equal(2, extras.Count);
        Assert.Equal(-2, extras[0]!["extraDays"]!.GetValue<int>());
        Assert.Equal(["Standard", "Premium"], extras[0]!["tiers"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Null(extras[1]!["tiers"]);

        // Description and FAQ, then requirements (a choice question needs choices).
        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(seller, $"{basePath}/description", $"{basePath}/description", new()
        {
            ["description"] = Description,
            ["faq[0].question"] = "Do I get the source file?",
            ["faq[0].answer"] = "Yes, from the Standard package up.",
        })).StatusCode);
        var noChoices = await ParseAsync(await PostAsync(seller, $"{basePath}/requirements", $"{basePath}/requirements", new()
        {
            ["requirements[0].question"] = "What is your bakery called?",
            ["requirements[0].kind"] = "Text",
            ["requirements[0].required"] = "true",
            ["requirements[1].question"] = "Which colours do you like?",
            ["requirements[1].kind"] = "MultipleChoice",
        }));
        Assert.Contains("2–10 options", FieldError(noChoices, "requirements[1].options"));
        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(seller, $"{basePath}/requirements", $"{basePath}/requirements", new()
        {
            ["requirements[0].question"] = "What is your bakery called?",
            ["requirements[0].kind"] = "Text",
            ["requirements[0].required"] = "true",
            ["requirements[1].question"] = "Which colours do you like?",
            ["requirements[1].kind"] = "MultipleChoice",
            ["requirements[1].options"] = "Warm\nPastel\nBlack and white",
        })).StatusCode);

        // Publishing without images is refused with a link to the gallery step.
        var publishPage = await seller.GetStringAsync($"{basePath}/publish");
        Assert.Contains($"{basePath}/gallery#gallery", publishPage);
        var refused = await PostAsync(seller, $"{basePath}/publish", $"{basePath}/publish", []);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Equal("Draft", (await seller.GetFromJsonAsync<JsonObject>($"/api/seller/gigs/{id}"))!["state"]!.GetValue<string>());

        // Gallery: two uploads, a file that is not an image is refused by name, then the second becomes the cover.
        var upload = await UploadAsync(seller, basePath, ("cover.jpg", Photo), ("second.jpg", WithComment(Photo, "second")), ("notes.jpg", "just text"u8.ToArray()));
        var uploadPage = await ParseAsync(upload);
        Assert.Contains("notes.jpg: The file is not a JPEG", FieldError(uploadPage, "images"));
        var gallery = await DraftAsync(seller, id, "gallery");
        Assert.Equal(2, gallery.Count);
        var second = gallery[1]!["id"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(seller, $"{basePath}/gallery", $"{basePath}/gallery", new() { ["change"] = $"cover:{second}" })).StatusCode);
        Assert.Equal(second, (await DraftAsync(seller, id, "gallery"))[0]!["id"]!.GetValue<string>());

        // The seller previews the unpublished gig; nobody else can, and it is not public yet.
        var preview = await seller.GetStringAsync($"/seller/gigs/{id}/preview?package=Premium");
        Assert.Contains("<meta name=\"robots\" content=\"noindex\">", preview);
        Assert.Contains("Full lettering", preview);
        Assert.Contains("I design clean, memorable logos", await seller.GetStringAsync($"/seller/gigs/{id}/preview"));
        Assert.Equal(HttpStatusCode.NotFound, (await (await SellerAsync("peek")).GetAsync($"/seller/gigs/{id}/preview")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.Browser().GetAsync("/gigs/i-will-draw-a-hand-lettered-logo-for-your-bakery")).StatusCode);

        var published = await PostAsync(seller, $"{basePath}/publish", $"{basePath}/publish", []);
        Assert.Equal("/seller/gigs", published.Headers.Location!.OriginalString);
        var gig = (await app.Browser().GetFromJsonAsync<JsonObject>("/api/gigs/i-will-draw-a-hand-lettered-logo-for-your-bakery"))!;
        Assert.Equal(second, gig["content"]!["gallery"]![0]!["id"]!.GetValue<string>());
        Assert.Equal(["Vintage"], gig["content"]!["attributes"]!["logo-style"]!.AsArray().Select(v => v!.GetValue<string>()));
        Assert.Contains("Hand-drawn", await app.Browser().GetStringAsync("/gigs/i-will-draw-a-hand-lettered-logo-for-your-bakery"));
    }

    [Fact]
    public async Task EditingALiveGigKeepsItLiveUntilTheChangesArePublished()
    {
        var seller = await SellerAsync("live");
        var id = await PublishedGigAsync(seller, "I will letter a logo for your coffee shop today");
        var basePath = $"/seller/gigs/{id}/edit";

        var overview = await ParseAsync(await seller.GetAsync($"{basePath}/overview"));
        var fields = Fields(overview);
        fields["title"] = "I will letter a logo for your coffee roastery";
        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(seller, $"{basePath}/overview", $"{basePath}/overview", fields)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.Browser().GetAsync("/gigs/i-will-letter-a-logo-for-your-coffee-shop-today")).StatusCode);
        Assert.Contains("not published yet", await seller.GetStringAsync($"{basePath}/publish"));

        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(seller, $"{basePath}/publish", $"{basePath}/publish", [])).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.Browser().GetAsync("/gigs/i-will-letter-a-logo-for-your-coffee-roastery")).StatusCode);
        Assert.Equal(HttpStatusCode.MovedPermanently, (await app.Browser().GetAsync("/gigs/i-will-letter-a-logo-for-your-coffee-shop-today")).StatusCode);
    }

    [Fact]
    public async Task AFormFromAnOlderVersionDoesNotOverwriteNewerEdits()
    {
        var seller = await SellerAsync("stale");
        var id = await DraftGigAsync(seller, "I will letter a logo for your flower shop");
        var basePath = $"/seller/gigs/{id}/edit";
        var staleForm = Fields(await ParseAsync(await seller.GetAsync($"{basePath}/overview")));

        var fresh = new Dictionary<string, string>(staleForm) { ["title"] = "I will letter a logo for your flower market" };
        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(seller, $"{basePath}/overview", $"{basePath}/overview", fresh)).StatusCode);

        staleForm["title"] = "I will letter a logo for your garden centre";
        var token = await seller.FormTokenAsync($"{basePath}/overview");
        var response = await seller.PostAsync($"{basePath}/overview", new FormUrlEncodedContent(staleForm.Append(new("__RequestVerificationToken", token))));
        var page = await ParseAsync(response);
        Assert.Contains("saved in another window", page.QuerySelector(".validation-summary-errors")!.TextContent);
        Assert.Equal("I will letter a logo for your garden centre", ((IHtmlInputElement)page.GetElementById("title")!).Value);
        Assert.Equal("I will letter a logo for your flower market", (await seller.GetFromJsonAsync<JsonObject>($"/api/seller/gigs/{id}"))!["draft"]!["title"]!.GetValue<string>());
    }

    [Fact]
    public async Task AnUploadOverTheRequestLimitGetsAPageThatSaysSo()
    {
        // Kestrel answers 413 for a body over [RequestSizeLimit]; the status page explains it (the test host does not enforce the limit itself).
        var response = await app.Browser().GetAsync("/error/413");
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("The upload is too large", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task OnlyTheOwnerReachesAGigsEditor()
    {
        var owner = await SellerAsync("owner");
        var id = await DraftGigAsync(owner, "I will letter a logo for your bookshop");
        var other = await SellerAsync("other");

        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/seller/gigs/{id}/edit/overview")).StatusCode);
        var token = await other.FormTokenAsync("/seller/gigs/new");
        var post = await other.PostAsync($"/seller/gigs/{id}/edit/overview", new FormUrlEncodedContent([new("title", "I will take over this gig right now"), new("version", "1"), new("__RequestVerificationToken", token)]));
        Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
        Assert.Equal("I will letter a logo for your bookshop", (await owner.GetFromJsonAsync<JsonObject>($"/api/seller/gigs/{id}"))!["draft"]!["title"]!.GetValue<string>());

        var buyer = app.Browser();
        await buyer.RegisterAsync("Editor Buyer", "editor-buyer@test.test", "Buyer-pass-123!");
        Assert.Equal(HttpStatusCode.Redirect, (await buyer.GetAsync("/seller/gigs/new")).StatusCode);
        Assert.Contains("/account/", (await app.Browser().GetAsync($"/seller/gigs/{id}/edit/overview")).Headers.Location!.OriginalString);
    }

    private static Dictionary<string, string> PricingForm() => new()
    {
        ["packageCount"] = "3",
        ["packageFeatures[0]"] = "Logo concepts",
        ["packageFeatures[1]"] = "Source file",
        ["packageFeatures[2]"] = "",
        ["packages[0].name"] = "Sketch",
        ["packages[0].description"] = "One hand-drawn concept as PNG.",
        ["packages[0].deliveryDays"] = "3",
        ["packages[0].revisions"] = "1",
        ["packages[0].price"] = "25",
        ["packages[0].features"] = "0",
        ["packages[1].name"] = "Hand-drawn",
        ["packages[1].description"] = "Two concepts with the source file.",
        ["packages[1].deliveryDays"] = "4",
        ["packages[1].revisions"] = "3",
        ["packages[1].price"] = "60.00",
        ["packages[1].features"] = "0|1",
        ["packages[2].name"] = "Full lettering",
        ["packages[2].description"] = "Three concepts, source and vector files.",
        ["packages[2].deliveryDays"] = "6",
        ["packages[2].revisions"] = "unlimited",
        ["packages[2].price"] = "1,200",
        ["packages[2].features"] = "0|1",
        ["extras[0].title"] = "Extra-fast delivery",
        ["extras[0].price"] = "20",
        ["extras[0].extraDays"] = "-2",
        ["extras[0].tiers"] = "Standard|Premium",
        ["extras[1].title"] = "Social media kit",
        ["extras[1].description"] = "Profile and cover images for three networks.",
        ["extras[1].price"] = "15.50",
        ["extras[1].extraDays"] = "1",
        ["extras[1].tiers"] = "Basic|Standard|Premium",
    };

    private async Task<HttpClient> SellerAsync(string name)
    {
        var client = app.Browser();
        await client.RegisterAsync($"Editor {name}", $"{name}@editor.test", "Seller-pass-123!", seller: true);
        return client;
    }

    private async Task<int> LogoCategoryAsync()
    {
        var categories = (await app.Browser().GetFromJsonAsync<JsonArray>("/api/categories"))!;
        var design = categories.First(c => c!["slug"]!.GetValue<string>() == "graphics-design")!;
        return design["subcategories"]!.AsArray().First(c => c!["slug"]!.GetValue<string>() == "logo-design")!["id"]!.GetValue<int>();
    }

    private async Task<int> DraftGigAsync(HttpClient seller, string title)
    {
        var logo = await LogoCategoryAsync();
        var created = await PostAsync(seller, "/seller/gigs/new", "/seller/gigs/new", new() { ["title"] = title, ["category"] = logo.ToString(), [$"attr.{logo}.logo-style"] = "Vintage" });
        return int.Parse(created.Headers.Location!.OriginalString.Split('/')[3]);
    }

    private async Task<int> PublishedGigAsync(HttpClient seller, string title)
    {
        var id = await DraftGigAsync(seller, title);
        var basePath = $"/seller/gigs/{id}/edit";
        await PostAsync(seller, $"{basePath}/pricing", $"{basePath}/pricing", PricingForm());
        await PostAsync(seller, $"{basePath}/description", $"{basePath}/description", new() { ["description"] = Description });
        await UploadAsync(seller, basePath, ("cover.jpg", Photo));
        var published = await PostAsync(seller, $"{basePath}/publish", $"{basePath}/publish", []);
        Assert.Equal("/seller/gigs", published.Headers.Location!.OriginalString);
        return id;
    }

    /// <summary>Posts a form as the page at <paramref name="formUrl"/> would: its antiforgery token and current version; values joined by '|' become repeated fields (checkboxes).</summary>
    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string formUrl, string postUrl, Dictionary<string, string> fields)
    {
        var html = await client.GetStringAsync(formUrl);
        var form = new HtmlParser().ParseDocument(html);
        var token = form.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var pairs = fields.SelectMany(f => f.Value.Split('|').Select(v => new KeyValuePair<string, string>(f.Key, v))).ToList();
        if (!fields.ContainsKey("version") && form.QuerySelector("input[name=version]")?.GetAttribute("value") is { } version)
        {
            pairs.Add(new("version", version));
        }

        pairs.Add(new("__RequestVerificationToken", token));
        return await client.PostAsync(postUrl, new FormUrlEncodedContent(pairs));
    }

    private static async Task<HttpResponseMessage> UploadAsync(HttpClient seller, string basePath, params (string Name, byte[] Bytes)[] files)
    {
        var form = new HtmlParser().ParseDocument(await seller.GetStringAsync($"{basePath}/gallery"));
        var upload = form.QuerySelector("form[enctype='multipart/form-data']")!;
        var body = new MultipartFormDataContent
        {
            { new StringContent(upload.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!), "__RequestVerificationToken" },
            { new StringContent(upload.QuerySelector("input[name=version]")!.GetAttribute("value")!), "version" },
            { new StringContent("upload"), "change" },
        };
        foreach (var (name, bytes) in files)
        {
            var file = new ByteArrayContent(bytes);
            file.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
            body.Add(file, "images", name);
        }

        return await seller.PostAsync($"{basePath}/gallery", body);
    }

    /// <summary>The same photo with a JPEG comment after the start marker: a valid image with different bytes (so a different id).</summary>
    private static byte[] WithComment(byte[] jpeg, string comment)
    {
        var text = System.Text.Encoding.ASCII.GetBytes(comment);
        var segment = new byte[] { 0xFF, 0xFE, (byte)((text.Length + 2) >> 8), (byte)(text.Length + 2) }.Concat(text);
        return [.. jpeg.Take(2), .. segment, .. jpeg.Skip(2)];
    }

    private static async Task<JsonArray> DraftAsync(HttpClient seller, int id, string field)
    {
        var gig = (await seller.GetFromJsonAsync<JsonObject>($"/api/seller/gigs/{id}"))!;
        return gig["draft"]![field]!.AsArray();
    }

    private static async Task<IHtmlDocument> ParseAsync(HttpResponseMessage response) =>
        new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());

    private static string FieldError(IHtmlDocument page, string field) =>
        page.GetElementById(Sellers(field) + "-error")?.TextContent ?? $"(no error shown for {field})";

    private static string Sellers(string field) => GigStore.Catalog.Sellers.GigEditorPage.Id(field);

    /// <summary>The values a page's main form would submit as it stands.</summary>
    private static Dictionary<string, string> Fields(IHtmlDocument page)
    {
        var form = page.QuerySelector("form.editor-form")!;
        var fields = new Dictionary<string, string>();
        foreach (var input in form.QuerySelectorAll("input[name], textarea[name], select[name]"))
        {
            var name = input.GetAttribute("name")!;
            if (name is "__RequestVerificationToken" or "version")
            {
                continue;
            }

            var value = input switch
            {
                IHtmlInputElement { Type: "checkbox" or "radio", IsChecked: false } => null,
                IHtmlInputElement i => i.Value,
                IHtmlTextAreaElement t => t.Value,
                IHtmlSelectElement s => s.Value,
                _ => null,
            };
            if (value is not null)
            {
                fields[name] = fields.TryGetValue(name, out var existing) ? $"{existing}|{value}" : value;
            }
        }

        return fields;
    }
}
