namespace GigStore.Media.Contracts;

public static class MediaFeatures
{
    public const string Images = "GigStore.Media";
}

/// <summary>An uploaded image: its content hash, oriented size, and the widths it has variants for.</summary>
public sealed record StoredImage(string Id, int Width, int Height, IReadOnlyList<int> Widths)
{
    /// <summary>Tenant-relative URL of one variant ("webp" or "jpg").</summary>
    public string Url(int width, string format) => $"/media/img/{Id}-{width}.{format}";

    public int HeightFor(int width) => (int)Math.Round((double)Height * width / Width);
}

/// <summary>Why an upload was refused: which rule, and a message for the person who uploaded it.</summary>
public sealed record ImageRejection(string Rule, string Message);

public sealed record ImageUploadResult(StoredImage? Image, ImageRejection? Rejection)
{
    public bool Succeeded => Image is not null;
}

/// <summary>What other modules use to accept images from users.</summary>
public interface IImageStore
{
    /// <summary>
    /// Checks and stores an image, and records <paramref name="ownerId"/> (the user it is uploaded for)
    /// as one of its owners: the same bytes uploaded by two users are one image that both own.
    /// </summary>
    Task<ImageUploadResult> UploadAsync(Stream content, long length, string ownerId, CancellationToken cancellationToken);

    /// <summary>Those of <paramref name="imageIds"/> that <paramref name="ownerId"/> uploaded to this storefront.</summary>
    Task<IReadOnlySet<string>> OwnedByAsync(string ownerId, IEnumerable<string> imageIds, CancellationToken cancellationToken);
}
