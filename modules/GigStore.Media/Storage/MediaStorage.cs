using GigStore.Tenants;

namespace GigStore.Media.Storage;

/// <summary>
/// Where a tenant's media files live: the file system (default) or S3-compatible object storage,
/// chosen by <c>GigStore:Media:Storage</c>. Names are content-hashed, so a stored file never changes.
/// </summary>
public interface IMediaStorage
{
    Task SaveAsync(string name, byte[] content, CancellationToken cancellationToken);

    /// <summary>The file's content, or null when there is none of that name. The caller disposes it.</summary>
    Task<Stream?> OpenAsync(string name, CancellationToken cancellationToken);

    Task<bool> ExistsAsync(string name, CancellationToken cancellationToken);
}

/// <summary>The default: files under App_Data/Sites/{tenant}/media/img.</summary>
internal sealed class FileSystemMediaStorage(ITenantAccessor tenants) : IMediaStorage
{
    private string Folder => Path.Combine(tenants.Tenant.DataFolder, "media", "img");

    public async Task SaveAsync(string name, byte[] content, CancellationToken cancellationToken)
    {
        var path = Path.Combine(Folder, name);
        if (File.Exists(path))
        {
            return;
        }

        Directory.CreateDirectory(Folder);
        var temp = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        await File.WriteAllBytesAsync(temp, content, cancellationToken);
        File.Move(temp, path, overwrite: true);
    }

    public Task<Stream?> OpenAsync(string name, CancellationToken cancellationToken)
    {
        var path = Path.Combine(Folder, name);
        return Task.FromResult<Stream?>(File.Exists(path) ? File.OpenRead(path) : null);
    }

    public Task<bool> ExistsAsync(string name, CancellationToken cancellationToken) => Task.FromResult(File.Exists(Path.Combine(Folder, name)));
}

/// <summary>The content type of a stored file, from the extension the store gave it.</summary>
internal static class MediaContentTypes
{
    public static string Of(string name) => Path.GetExtension(name) switch
    {
        ".webp" => "image/webp",
        ".jpg" => "image/jpeg",
        ".json" => "application/json",
        _ => "application/octet-stream",
    };
}
