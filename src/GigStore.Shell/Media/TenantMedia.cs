using System.Text.RegularExpressions;
using GigStore.Tenants;

namespace GigStore.Shell.Media;

/// <summary>Files a tenant uploads (its logo, for now), kept under App_Data/Sites/{tenant}/media.</summary>
public sealed partial class TenantMedia(ITenantAccessor tenants)
{
    public const long MaxLogoBytes = 1024 * 1024;

    public string Folder => Path.Combine(tenants.Tenant.DataFolder, "media");

    /// <summary>The image type from the file's first bytes, never from its name or the browser's word.</summary>
    public static string? SniffImage(ReadOnlySpan<byte> head) => head switch
    {
        [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, ..] => "png",
        [0xFF, 0xD8, 0xFF, ..] => "jpg",
        [0x47, 0x49, 0x46, 0x38, ..] => "gif",
        [0x52, 0x49, 0x46, 0x46, _, _, _, _, 0x57, 0x45, 0x42, 0x50, ..] => "webp",
        _ => null,
    };

    /// <summary>Stores an uploaded logo. Returns the stored file name, or the reason it was refused.</summary>
    public async Task<(string? FileName, string? Error)> SaveLogoAsync(Stream content, long length, CancellationToken cancellationToken)
    {
        if (length <= 0)
        {
            return (null, "The file is empty.");
        }

        if (length > MaxLogoBytes)
        {
            return (null, "The logo must be at most 1 MB.");
        }

        using var buffer = new MemoryStream();
        await content.CopyToAsync(buffer, cancellationToken);
        if (buffer.Length > MaxLogoBytes)
        {
            return (null, "The logo must be at most 1 MB.");
        }

        var extension = SniffImage(buffer.GetBuffer().AsSpan(0, (int)Math.Min(buffer.Length, 16)));
        if (extension is null)
        {
            return (null, "The logo must be a PNG, JPEG, GIF or WebP image.");
        }

        Directory.CreateDirectory(Folder);
        var name = $"logo-{Guid.NewGuid():N}"[..17] + "." + extension;
        var temp = Path.Combine(Folder, name + ".tmp");
        await File.WriteAllBytesAsync(temp, buffer.ToArray(), cancellationToken);
        File.Move(temp, Path.Combine(Folder, name));
        return (name, null);
    }

    public void Delete(string? fileName)
    {
        if (fileName is not null && SafeName().IsMatch(fileName))
        {
            File.Delete(Path.Combine(Folder, fileName));
        }
    }

    /// <summary>The full path of a stored file, or null when the name is not one this store makes.</summary>
    public string? Find(string fileName)
    {
        if (!SafeName().IsMatch(fileName))
        {
            return null;
        }

        var path = Path.Combine(Folder, fileName);
        return File.Exists(path) ? path : null;
    }

    [GeneratedRegex("^[a-z0-9-]{1,64}\\.(png|jpg|gif|webp)$")]
    private static partial Regex SafeName();
}
