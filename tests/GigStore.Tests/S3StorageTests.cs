using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Amazon.Runtime;
using Amazon.S3;
using GigStore.Media.Contracts;
using GigStore.Shell.Tenants;
using Microsoft.Extensions.DependencyInjection;

namespace GigStore.Tests;

/// <summary>The store with <c>GigStore:Media:Storage = S3</c>, against <see cref="S3TestDouble"/>.</summary>
public sealed class S3StoreFixture : IAsyncLifetime
{
    public const string Bucket = "gigstore-media";
    public const string AccessKey = "GIGSTORETESTACCESSKEY";
    public const string SecretKey = "test-secret-key-for-the-s3-double";
    public const string Region = "eu-central-1";

    public S3TestDouble S3 { get; private set; } = null!;

    public GigStoreFactory App { get; } = new();

    public async Task InitializeAsync()
    {
        S3 = await S3TestDouble.StartAsync(Bucket, AccessKey, SecretKey, Region);
        App.Settings["GigStore:Media:Storage"] = "S3";
        App.Settings["GigStore:Media:S3:ServiceUrl"] = S3.Url.ToString();
        App.Settings["GigStore:Media:S3:Bucket"] = Bucket;
        App.Settings["GigStore:Media:S3:AccessKey"] = AccessKey;
        App.Settings["GigStore:Media:S3:SecretKey"] = SecretKey;
        App.Settings["GigStore:Media:S3:Region"] = Region;
        App.Settings["GigStore:Media:S3:ForcePathStyle"] = "true";
        App.Settings["GigStore:Media:S3:KeyPrefix"] = "stores";
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        await S3.DisposeAsync();
    }
}

public sealed class S3StorageTests(S3StoreFixture store) : IClassFixture<S3StoreFixture>
{
    private static readonly byte[] Photo = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", "photo-gps-rotated.jpg"));

    private GigStoreFactory App => store.App;

    private S3TestDouble S3 => store.S3;

    [Fact]
    public async Task SellersUploadIsStoredInTheBucketUnderTheTenantPrefixAndServedFromIt()
    {
        var seller = App.Browser();
        await seller.RegisterAsync("Stella Bucket", "stella@s3.test", "Seller-pass-123!", seller: true);

        var created = await seller.PostAsync("/api/media/images", Jpeg(Photo));

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
        var prefix = $"stores/Default/img/{id}";
        foreach (var width in new[] { 400, 800 })
        {
            foreach (var (format, type) in new[] { ("webp", "image/webp"), ("jpg", "image/jpeg") })
            {
                var stored = Assert.Contains($"{prefix}-{width}.{format}", (IReadOnlyDictionary<string, S3TestDouble.StoredObject>)S3.Objects);
                Assert.Equal(type, stored.ContentType);
                Assert.Equal("public, max-age=31536000, immutable", stored.CacheControl);
            }
        }

        Assert.Equal("application/json", S3.Objects[$"{prefix}.json"].ContentType);
        Assert.DoesNotContain(S3.Objects.Keys, k => k.StartsWith(prefix, StringComparison.Ordinal) && k.Contains("-1600.", StringComparison.Ordinal));
        var folder = Path.Combine(App.Registry.Default.DataFolder, "media", "img");
        Assert.False(Directory.Exists(folder) && Directory.EnumerateFiles(folder).Any(), "S3 storage wrote files to the tenant folder");

        // Served through the app, streamed from the bucket, with the headers the file system gives.
        var response = await App.Browser().GetAsync($"/media/img/{id}-800.webp");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/webp", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("public, max-age=31536000, immutable", response.Headers.CacheControl?.ToString());
        Assert.Equal(S3.Objects[$"{prefix}-800.webp"].Content, await response.Content.ReadAsByteArrayAsync());
        Assert.Contains($"GET /{S3StoreFixture.Bucket}/{prefix}-800.webp", S3.Requests);

        var jpeg = await App.Browser().GetAsync($"/media/img/{id}-400.jpg");
        Assert.Equal("image/jpeg", jpeg.Content.Headers.ContentType?.MediaType);
        Assert.Equal(S3.Objects[$"{prefix}-400.jpg"].Content, await jpeg.Content.ReadAsByteArrayAsync());

        Assert.Equal(HttpStatusCode.NotFound, (await App.Browser().GetAsync($"/media/img/{id}-1600.webp")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await App.Browser().GetAsync($"/media/img/{id}.json")).StatusCode);
        Assert.Empty(S3.Refused);
    }

    [Fact]
    public async Task DemoCatalogueImagesAreUploadedToTheBucketAndItsGigsPublished()
    {
        var gigs = (await App.Browser().GetFromJsonAsync<JsonObject>("/api/gigs?pageSize=100"))!;

        Assert.Equal(40, gigs["total"]!.GetValue<int>());
        var cover = gigs["items"]![0]!["cover"]!;
        var id = cover["id"]!.GetValue<string>();
        var width = cover["widths"]!.AsArray().Max(w => w!.GetValue<int>());
        Assert.Contains($"stores/Default/img/{id}-{width}.webp", (IReadOnlyDictionary<string, S3TestDouble.StoredObject>)S3.Objects);
        var response = await App.Browser().GetAsync($"/media/img/{id}-{width}.jpg");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/jpeg", response.Content.Headers.ContentType?.MediaType);

        // Publishing checked each gallery image in the bucket (HeadObject).
        Assert.Contains($"HEAD /{S3StoreFixture.Bucket}/stores/Default/img/{id}-{width}.webp", S3.Requests);
        Assert.Empty(S3.Refused);
    }

    [Fact]
    public async Task EachTenantHasItsOwnPrefixAndServesOnlyItsOwnImages()
    {
        var tenant = await App.CreateTenantAsync("Harbour", prefix: "harbour", adminEmail: "boss@harbour.test");
        await using (var scope = App.Services.GetRequiredService<TenantScopeFactory>().CreateScope(tenant))
        {
            var uploaded = await scope.ServiceProvider.GetRequiredService<IImageStore>().UploadAsync(new MemoryStream(Photo), Photo.Length, "harbour-seller", default);
            Assert.True(uploaded.Succeeded);
            Assert.Contains($"stores/Harbour/img/{uploaded.Image!.Id}-400.webp", (IReadOnlyDictionary<string, S3TestDouble.StoredObject>)S3.Objects);
            Assert.Equal(HttpStatusCode.OK, (await App.Browser().GetAsync($"/t/harbour/media/img/{uploaded.Image.Id}-400.webp")).StatusCode);
        }

        // An image only the default tenant has (from its demo catalogue) is not found under another tenant.
        var demo = S3.Objects.Keys.First(k => k.StartsWith("stores/Default/img/", StringComparison.Ordinal) && k.EndsWith("-400.webp", StringComparison.Ordinal));
        var name = demo["stores/Default/img/".Length..];
        Assert.DoesNotContain($"stores/Harbour/img/{name}", S3.Objects.Keys);
        Assert.Equal(HttpStatusCode.OK, (await App.Browser().GetAsync($"/media/img/{name}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await App.Browser().GetAsync($"/t/harbour/media/img/{name}")).StatusCode);
    }

    [Fact]
    public async Task TheDoubleRefusesRequestsSignedWithAnotherSecret()
    {
        await using var s3 = await S3TestDouble.StartAsync("check-bucket", S3StoreFixture.AccessKey, S3StoreFixture.SecretKey, S3StoreFixture.Region);
        AmazonS3Client Client(string secret) => new(
            new BasicAWSCredentials(S3StoreFixture.AccessKey, secret),
            new AmazonS3Config { ServiceURL = s3.Url.ToString(), AuthenticationRegion = S3StoreFixture.Region, ForcePathStyle = true });

        using (var right = Client(S3StoreFixture.SecretKey))
        {
            await right.PutObjectAsync(new Amazon.S3.Model.PutObjectRequest { BucketName = "check-bucket", Key = "a/b.txt", ContentBody = "hello", UseChunkEncoding = false });
            Assert.Equal("hello"u8.ToArray(), s3.Objects["a/b.txt"].Content);
        }

        using var wrong = Client("not-the-secret");
        var refused = await Assert.ThrowsAsync<AmazonS3Exception>(() => wrong.GetObjectMetadataAsync("check-bucket", "a/b.txt"));
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains(s3.Refused, r => r.Contains("signature does not match", StringComparison.Ordinal));
    }

    [Fact]
    public async Task StartUpStopsWhenS3IsChosenWithoutBucketOrServiceUrl()
    {
        await using var app = new GigStoreFactory();
        app.Settings["GigStore:Media:Storage"] = "S3";

        var failure = Assert.ThrowsAny<Exception>(() => app.CreateClient());

        var message = failure.ToString();
        Assert.Contains("GigStore:Media:S3:ServiceUrl is required when GigStore:Media:Storage is S3", message);
        Assert.Contains("GigStore:Media:S3:Bucket is required when GigStore:Media:Storage is S3", message);
    }

    private static ByteArrayContent Jpeg(byte[] bytes)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
        return content;
    }
}
