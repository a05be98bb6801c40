using System.Text.Json;
using GigStore.Media.Contracts;
using GigStore.Media.Data;
using GigStore.Media.Storage;
using Microsoft.EntityFrameworkCore;

namespace GigStore.Media.Images;

internal sealed class ImageStore(IMediaStorage storage, MediaDb db, TimeProvider clock) : IImageStore
{
    public async Task<ImageUploadResult> UploadAsync(Stream content, long length, string ownerId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(ownerId);
        if (length > ImagePipeline.MaxBytes)
        {
            return new ImageUploadResult(null, new ImageRejection("size", $"The file is {length / 1048576.0:0.0} MB; images can be at most {ImagePipeline.MaxBytes / 1048576} MB."));
        }

        // Read at most one byte past the limit, so a body without a length cannot make us buffer more.
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await content.ReadAsync(chunk, cancellationToken)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > ImagePipeline.MaxBytes)
            {
                break;
            }
        }

        var data = buffer.GetBuffer().AsMemory(0, (int)buffer.Length);

        // The same bytes again (a seller re-using an image, another seller with the same file, a recipe
        // re-run): its variants are already stored; only the owner is new.
        var manifestName = ImagePipeline.IdOf(data.Span) + ".json";
        if (await storage.OpenAsync(manifestName, cancellationToken) is { } existing)
        {
            StoredImage? known;
            await using (existing)
            {
                known = await JsonSerializer.DeserializeAsync<StoredImage>(existing, JsonSerializerOptions.Web, cancellationToken);
            }

            if (known is not null)
            {
                await RecordOwnerAsync(known.Id, ownerId, cancellationToken);
                return new ImageUploadResult(known, null);
            }
        }

        var (processed, rejection) = await Task.Run(() => ImagePipeline.Process(data.Span), cancellationToken);
        if (processed is null)
        {
            return new ImageUploadResult(null, rejection);
        }

        foreach (var variant in processed.Variants)
        {
            await storage.SaveAsync(variant.FileName(processed.Image.Id), variant.Bytes, cancellationToken);
        }

        // Written last: its presence means every variant is stored.
        await storage.SaveAsync(manifestName, JsonSerializer.SerializeToUtf8Bytes(processed.Image, JsonSerializerOptions.Web), cancellationToken);
        await RecordOwnerAsync(processed.Image.Id, ownerId, cancellationToken);

        return new ImageUploadResult(processed.Image, null);
    }

    public async Task<IReadOnlySet<string>> OwnedByAsync(string ownerId, IEnumerable<string> imageIds, CancellationToken cancellationToken)
    {
        var ids = imageIds.Distinct().ToList();
        if (ids.Count == 0)
        {
            return new HashSet<string>();
        }

        var owned = await db.ImageOwners.AsNoTracking()
            .Where(o => o.OwnerId == ownerId && ids.Contains(o.ImageId))
            .Select(o => o.ImageId)
            .ToListAsync(cancellationToken);
        return owned.ToHashSet(StringComparer.Ordinal);
    }

    private async Task RecordOwnerAsync(string imageId, string ownerId, CancellationToken cancellationToken)
    {
        if (await IsOwnerAsync())
        {
            return;
        }

        var row = db.ImageOwners.Add(new ImageOwner { ImageId = imageId, OwnerId = ownerId, UploadedUtc = clock.GetUtcNow() });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // The same user uploading the same image twice at once: the other request recorded it.
            row.State = EntityState.Detached;
            if (!await IsOwnerAsync())
            {
                throw;
            }
        }

        Task<bool> IsOwnerAsync() => db.ImageOwners.AsNoTracking().AnyAsync(o => o.ImageId == imageId && o.OwnerId == ownerId, cancellationToken);
    }
}
