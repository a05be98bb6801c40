using System.Security.Claims;
using System.Text.RegularExpressions;
using GigStore.Data;
using GigStore.Media.Contracts;
using GigStore.Media.Data;
using GigStore.Media.Images;
using GigStore.Media.Storage;
using GigStore.Modules;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace GigStore.Media;

internal sealed partial class MediaStartup : StartupBase
{
    public override void ConfigureServices(IServiceCollection services)
    {
        services.AddTenantDbContext<MediaDb>(MediaDb.HistoryTable);
        services.AddOptions<MediaOptions>().BindConfiguration(MediaOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<MediaOptions>, MediaOptionsValidator>();
        services.AddSingleton<S3MediaClient>();
        services.AddScoped<FileSystemMediaStorage>();
        services.AddScoped<S3MediaStorage>();
        services.AddScoped<IMediaStorage>(sp => sp.GetRequiredService<IOptions<MediaOptions>>().Value.Storage == MediaStorageKind.S3
            ? sp.GetRequiredService<S3MediaStorage>()
            : sp.GetRequiredService<FileSystemMediaStorage>());
        services.AddScoped<IImageStore, ImageStore>();
    }

    public override void Configure(IEndpointRouteBuilder routes)
    {
        routes.MapGet("/media/img/{name}", GetVariant).WithName("Media.GetImage").AllowAnonymous();
        routes.MapPost("/api/media/images", Upload).WithName("Media.Upload").WithTags("Media")
            .RequireAuthorization(p => p.RequireRole("Seller", "Administrator"))
            .DisableAntiforgery();
    }

    /// <summary>A variant, cached for a year: its name carries the content hash.</summary>
    private static async Task<IResult> GetVariant(string name, IMediaStorage storage, HttpContext http, CancellationToken ct)
    {
        var stream = VariantName().IsMatch(name) ? await storage.OpenAsync(name, ct) : null;
        if (stream is null)
        {
            return TypedResults.NotFound();
        }

        http.Response.Headers.CacheControl = "public, max-age=31536000, immutable";
        return TypedResults.Stream(stream, MediaContentTypes.Of(name));
    }

    /// <summary>
    /// The image is the request body (Content-Type image/* or application/octet-stream). A non-simple
    /// content type means a cross-site page cannot post it without CORS, which this API does not allow.
    /// </summary>
    private static async Task<Results<Created<StoredImage>, ProblemHttpResult>> Upload(HttpRequest request, ClaimsPrincipal user, IImageStore images, CancellationToken ct)
    {
        var type = request.ContentType ?? "";
        if (!type.StartsWith("image/", StringComparison.OrdinalIgnoreCase) && !type.StartsWith("application/octet-stream", StringComparison.OrdinalIgnoreCase))
        {
            return TypedResults.Problem(title: "Send the image as the request body", detail: "Use Content-Type image/jpeg, image/png, image/webp, image/gif or application/octet-stream.", statusCode: StatusCodes.Status415UnsupportedMediaType);
        }

        var uploader = user.FindFirstValue(ClaimTypes.NameIdentifier) ?? throw new InvalidOperationException("No user id.");
        var result = await images.UploadAsync(request.Body, request.ContentLength ?? 0, uploader, ct);
        if (result.Rejection is { } rejection)
        {
            return TypedResults.Problem(
                title: "The image was not accepted",
                detail: rejection.Message,
                statusCode: StatusCodes.Status400BadRequest,
                extensions: new Dictionary<string, object?> { ["rule"] = rejection.Rule });
        }

        return TypedResults.Created(request.PathBase + result.Image!.Url(result.Image.Widths[^1], "webp"), result.Image);
    }

    [GeneratedRegex("^[0-9a-f]{20}-[0-9]{1,4}\\.(webp|jpg)$")]
    private static partial Regex VariantName();
}
