using GigStore.Tenants;

namespace GigStore.Media.Storage;

/// <summary>Where a tenant's media files live. Names are content-hashed, so a stored file never changes.</summary>
public interface IMediaStorage
{
    Task SaveAsync(string name, byte[] content, CancellationToken cancellationToken);

    /// <summary>The file's content, or null when there is none of that name.</summary>
    Stream? Open(string name);
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

    public Stream? Open(string name)
    {
        var path = Path.Combine(Folder, name);
        return File.Exists(path) ? File.OpenRead(path) : null;
    }
}
