using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Headers;
using System.Runtime.InteropServices;
using System.Text;
using GigStore.Media.Contracts;
using GigStore.Media.Vips;
using GigStore.Shell.Features;
using GigStore.Shell.Tenants;
using Microsoft.Extensions.DependencyInjection;

namespace GigStore.Tests;

public sealed class MediaTests(GigStoreFactory app) : IClassFixture<GigStoreFactory>
{
    /// <summary>1200 × 800 JPEG with EXIF GPS and Orientation = 6 (rotate 90° clockwise).</summary>
    private static readonly byte[] Photo = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", "photo-gps-rotated.jpg"));

    private async Task<ImageUploadResult> UploadAsync(byte[] bytes)
    {
        await using var scope = app.Services.GetRequiredService<TenantScopeFactory>().CreateScope(app.Registry.Default);
        return await scope.ServiceProvider.GetRequiredService<IImageStore>().UploadAsync(new MemoryStream(bytes), bytes.Length, "media-tests", default);
    }

    [Fact]
    public async Task UploadMakesRotatedWebpAndJpegVariantsWithoutMetadata()
    {
        var result = await UploadAsync(Photo);

        var image = Assert.IsType<StoredImage>(result.Image);
        Assert.Equal((800, 1200), (image.Width, image.Height));
        Assert.Equal([400, 800], image.Widths);

        var browser = app.Browser();
        foreach (var width in image.Widths)
        {
            foreach (var (format, type) in new[] { ("webp", "image/webp"), ("jpg", "image/jpeg") })
            {
                var response = await browser.GetAsync(image.Url(width, format));
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                Assert.Equal(type, response.Content.Headers.ContentType?.MediaType);
                Assert.Equal("public, max-age=31536000, immutable", response.Headers.CacheControl?.ToString().Replace(", ", ", ", StringComparison.Ordinal));
                var bytes = await response.Content.ReadAsByteArrayAsync();
                Assert.Equal(-1, bytes.AsSpan().IndexOf("TestCam"u8));
                var header = VipsImage.ReadHeader(bytes);
                Assert.Equal((width, image.HeightFor(width)), (header.Width, header.Height));

                // No GPS (EXIF IFD 3), no camera; libvips 8.14's WebP encoder still writes a bare EXIF block with the resolution.
                var fields = header.Fields;
                Assert.DoesNotContain(fields, f => f.StartsWith("exif-ifd3-", StringComparison.Ordinal) || f.Contains("Make", StringComparison.Ordinal));
                if (format == "jpg")
                {
                    Assert.DoesNotContain("exif-data", fields);
                }
            }
        }

        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync("/media/img/..%2Ftenants.json")).StatusCode);
    }

    [Fact]
    public async Task LargeTurnedJpegIsDecodedByItsUprightWidth()
    {
        // 7000 × 3300 stored, EXIF Orientation 6: upright it is 3300 wide, so it may be decoded at 1/2
        // scale but not at 1/4 (which would leave 825 px upright, too narrow for the 1600 px variant).
        VipsImage.Runtime.EnsureStarted();
        Assert.Equal(0, TestVips.vips_black(out var black, 7000, 3300, "bands", 3, 0));
        using var image = VipsImage.Wrap(black, "make a test image");
        TestVips.vips_image_set_int(image.DangerousGetHandle(), "orientation", 6);
        var jpeg = image.Save(".jpg[Q=50]");
        Assert.Equal(6, ReadOrientation(jpeg));

        var stored = Assert.IsType<StoredImage>((await UploadAsync(jpeg)).Image);

        Assert.Equal((1600, 3394), (stored.Width, stored.Height));
        Assert.Equal([400, 800, 1600], stored.Widths);
    }

    [Fact]
    public async Task ImageProcessingLoadsNoLibvipsPluginModules()
    {
        await UploadAsync(Photo);

        // The openslide plugin would bring the system libsqlite3 into the process, where it clashed with
        // EF Core's SQLite and crashed later queries; no plugin format is accepted anyway.
        var maps = await File.ReadAllTextAsync("/proc/self/maps");
        Assert.Contains("libvips.so.42", maps);
        Assert.DoesNotContain("vips-modules", maps);
        Assert.DoesNotContain("libsqlite3.so", maps);
    }

    [Fact]
    public async Task TruncatedJpegIsRejectedAsDamaged() =>
        AssertRejected(await UploadAsync(Photo[..(Photo.Length * 6 / 10)]), "damaged", "damaged or incomplete");

    [Fact]
    public async Task PngDeclaringFiftyThousandPixelsASideIsRejectedBeforeDecoding() =>
        AssertRejected(await UploadAsync(PngHeader(50_000, 50_000)), "dimensions", "50,000 × 50,000 pixels");

    [Fact]
    public async Task ImageOverFortyMegapixelsIsRejected() =>
        AssertRejected(await UploadAsync(PngHeader(8_000, 6_000)), "dimensions", "48 megapixels");

    [Fact]
    public async Task TextFileNamedLikeAnImageIsRejectedByItsContent() =>
        AssertRejected(await UploadAsync(Encoding.UTF8.GetBytes("this is not a picture.jpg\n")), "format", "not a JPEG, PNG, WebP or GIF");

    [Fact]
    public async Task TwelveMegabyteFileIsRejectedBySize()
    {
        var big = new byte[12 * 1024 * 1024];
        Photo.AsSpan(0, 1024).CopyTo(big);
        AssertRejected(await UploadAsync(big), "size", "12.0 MB");
    }

    [Fact]
    public async Task RejectedUploadStoresNothing()
    {
        var folder = Path.Combine(app.Registry.Default.DataFolder, "media", "img");
        var before = Directory.Exists(folder) ? Directory.GetFiles(folder).Length : 0;

        await UploadAsync(Photo[..(Photo.Length / 2)]);

        Assert.Equal(before, Directory.Exists(folder) ? Directory.GetFiles(folder).Length : 0);
    }

    [Fact]
    public async Task SellersUploadThroughTheApiAndOthersCannot()
    {
        var seller = app.Browser();
        await seller.RegisterAsync("Sam Seller", "sam@seller.test", "Seller-pass-123!", seller: true);

        var created = await seller.PostAsync("/api/media/images", Body(Photo, "image/jpeg"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Contains("\"widths\":[400,800]", await created.Content.ReadAsStringAsync());

        var refused = await seller.PostAsync("/api/media/images", Body("hello"u8.ToArray(), "image/png"));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Contains("\"rule\":\"format\"", await refused.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, (await seller.PostAsync("/api/media/images", Body(Photo, "text/plain"))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Browser().PostAsync("/api/media/images", Body(Photo, "image/jpeg"))).StatusCode);

        var buyer = app.Browser();
        await buyer.RegisterAsync("Bo Buyer", "bo@buyer.test", "Buyer-pass-123!");
        Assert.Equal(HttpStatusCode.Forbidden, (await buyer.PostAsync("/api/media/images", Body(Photo, "image/jpeg"))).StatusCode);
    }

    [Fact]
    public async Task UploadApiIsGoneWhereImagesAreDisabled()
    {
        var tenant = await app.CreateTenantAsync("NoImages", prefix: "no-images", adminEmail: "boss@noimages.test");
        await using (var scope = app.Services.GetRequiredService<TenantScopeFactory>().CreateScope(tenant))
        {
            Assert.True((await scope.ServiceProvider.GetRequiredService<FeatureManager>().DisableAsync(["GigStore.Commerce.TestPayments", "GigStore.Commerce", "GigStore.Search", "GigStore.Catalog", MediaFeatures.Images])).Succeeded);
        }

        var admin = app.Browser();
        await admin.SignInAsync("/t/no-images", "boss@noimages.test", "Owner-pass-123!");
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsync("/t/no-images/api/media/images", Body(Photo, "image/jpeg"))).StatusCode);
    }

    private static int ReadOrientation(byte[] jpeg)
    {
        var handle = GCHandle.Alloc(jpeg, GCHandleType.Pinned);
        try
        {
            using var header = VipsImage.Wrap(TestVips.vips_image_new_from_buffer(handle.AddrOfPinnedObject(), (nuint)jpeg.Length, "", 0), "read the header");
            return LibVips.vips_image_get_int(header.DangerousGetHandle(), "orientation", out var orientation) == 0 ? orientation : 1;
        }
        finally
        {
            handle.Free();
        }
    }

    /// <summary>PNG's CRC-32 (polynomial 0xEDB88320), bit by bit: a test does not need a table.</summary>
    private static uint Crc32(byte[] data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var i = 0; i < 8; i++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }

        return ~crc;
    }

    private static ByteArrayContent Body(byte[] bytes, string type)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue(type);
        return content;
    }

    private static void AssertRejected(ImageUploadResult result, string rule, string message)
    {
        Assert.Null(result.Image);
        Assert.Equal(rule, result.Rejection?.Rule);
        Assert.Contains(message, result.Rejection!.Message);
    }

    /// <summary>A PNG that declares its size in a valid IHDR chunk but carries only a few bytes of pixel data.</summary>
    private static byte[] PngHeader(int width, int height)
    {
        var png = new List<byte>([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        var ihdr = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), height);
        ihdr[8] = 8; // bit depth
        ihdr[9] = 2; // truecolour
        Chunk("IHDR", ihdr);
        using (var zlib = new MemoryStream())
        {
            using (var deflate = new System.IO.Compression.ZLibStream(zlib, System.IO.Compression.CompressionLevel.Optimal, leaveOpen: true))
            {
                deflate.Write(new byte[64]);
            }

            Chunk("IDAT", zlib.ToArray());
        }

        Chunk("IEND", []);
        return [.. png];

        void Chunk(string type, byte[] data)
        {
            var length = new byte[4];
            BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
            png.AddRange(length);
            var typed = Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
            png.AddRange(typed);
            var crc = new byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32(typed));
            png.AddRange(crc);
        }
    }
}

/// <summary>libvips calls only the tests need, to make images.</summary>
internal static class TestVips
{
    [DllImport("libvips.so.42")]
    public static extern int vips_black(out nint image, int width, int height, string bandsName, int bands, nint end);

    [DllImport("libvips.so.42")]
    public static extern void vips_image_set_int(nint image, string name, int value);

    [DllImport("libvips.so.42")]
    public static extern nint vips_image_new_from_buffer(nint buffer, nuint length, string options, nint end);
}
