using System.Net;

namespace GigStore.Tests;

public sealed class SettingsTests(GigStoreFactory app) : IClassFixture<GigStoreFactory>
{
    private static readonly byte[] Png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");

    [Fact]
    public async Task TenantAdminSetsSiteNameAccentColourAndLogoAndTheThemeShowsThem()
    {
        await app.CreateTenantAsync("Brand", prefix: "brand", adminEmail: "boss@brand.test");
        var admin = app.Browser();
        await admin.SignInAsync("/t/brand", "boss@brand.test", "Owner-pass-123!");

        var saved = await PostSettingsAsync(admin, "brand", "Brand New Shop", "#ff6600", "Bazaar", ("logo.png", Png));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);

        var home = await app.Browser().GetStringAsync("/t/brand/");
        Assert.Contains("Brand New Shop", home);
        Assert.Contains("--accent:#ff6600", home);
        Assert.Contains("theme-bazaar", home);
        var logo = System.Text.RegularExpressions.Regex.Match(home, "src=\"(/t/brand/media/logo-[^\"]+)\"").Groups[1].Value;
        var image = await app.Browser().GetAsync(WebUtility.HtmlDecode(logo));
        Assert.Equal(HttpStatusCode.OK, image.StatusCode);
        Assert.Equal("image/png", image.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task BadSettingsShowErrorsBesideTheFieldsAndChangeNothing()
    {
        await app.CreateTenantAsync("Strict", prefix: "strict", adminEmail: "boss@strict.test");
        var admin = app.Browser();
        await admin.SignInAsync("/t/strict", "boss@strict.test", "Owner-pass-123!");
        var before = app.Registry.Find("Strict")!.Site;

        var response = await PostSettingsAsync(admin, "strict", "", "orange", "Admin", ("logo.png", "<svg onload=alert(1)>"u8.ToArray()));
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Enter the site name.", html);
        Assert.Contains("Use a colour like #1f7a4d.", html);
        Assert.Contains("Choose one of the storefront themes.", html);

        var badLogo = await PostSettingsAsync(admin, "strict", "Fine", "#123456", "Nordic", ("logo.png", "<svg onload=alert(1)>"u8.ToArray()));
        Assert.Contains("The logo must be a PNG, JPEG, GIF or WebP image.", WebUtility.HtmlDecode(await badLogo.Content.ReadAsStringAsync()));
        Assert.Equal(before, app.Registry.Find("Strict")!.Site);
    }

    private static async Task<HttpResponseMessage> PostSettingsAsync(HttpClient client, string prefix, string name, string color, string theme, (string Name, byte[] Bytes) logo)
    {
        var token = await client.FormTokenAsync($"/t/{prefix}/admin/settings");
        var form = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new StringContent(name), "Input.SiteName" },
            { new StringContent(color), "Input.AccentColor" },
            { new StringContent(theme), "Input.Theme" },
        };
        var file = new ByteArrayContent(logo.Bytes);
        file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("image/png");
        form.Add(file, "Input.Logo", logo.Name);
        return await client.PostAsync($"/t/{prefix}/admin/settings", form);
    }
}
