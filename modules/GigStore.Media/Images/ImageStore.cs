using System.Text.Json;
using GigStore.Media.Contracts;
using GigStore.Media.Storage;

namespace GigStore.Media.Images;

internal sealed class ImageStore(IMediaStorage storage) : IImageStore
{
    public async Task<ImageUploadResult> UploadAsync(Stream content, long length, CancellationToken cancellationToken)
    {
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

        // The same bytes again (a seller re-using an image, a recipe re-run): its variants are already stored.
        var manifestName = ImagePipeline.IdOf(data.Span) + ".json";
        if (await storage.OpenAsync(manifestName, cancellationToken) is { } existing)
        {
            await using (existing)
            {
                var known = await JsonSerializer.DeserializeAsync<StoredImage>(existing, JsonSerializerOptions.Web, cancellationToken);
                if (known is not null)
                {
                    return new ImageUploadResult(known, null);
                }
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

        return new ImageUploadResult(processed.Image, null);
    }
}
