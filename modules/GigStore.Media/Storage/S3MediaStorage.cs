using System.Net;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using GigStore.Tenants;
using Microsoft.Extensions.Options;

namespace GigStore.Media.Storage;

/// <summary>One S3 client for the process: it is thread-safe and keeps its connections.</summary>
internal sealed class S3MediaClient(IOptions<MediaOptions> options) : IDisposable
{
    private readonly Lazy<AmazonS3Client> _client = new(() => Create(options.Value.S3));

    public IAmazonS3 Client => _client.Value;

    public string Bucket => options.Value.S3.Bucket!;

    public string KeyPrefix => options.Value.S3.NormalizedKeyPrefix;

    private static AmazonS3Client Create(S3MediaOptions s3)
    {
        var config = new AmazonS3Config
        {
            ServiceURL = s3.ServiceUrl,
            AuthenticationRegion = s3.Region,
            ForcePathStyle = s3.ForcePathStyle,
        };
        return string.IsNullOrEmpty(s3.AccessKey)
            ? new AmazonS3Client(config)
            : new AmazonS3Client(new BasicAWSCredentials(s3.AccessKey, s3.SecretKey), config);
    }

    public void Dispose()
    {
        if (_client.IsValueCreated)
        {
            _client.Value.Dispose();
        }
    }
}

/// <summary>A tenant's media as objects under <c>{KeyPrefix}{tenant}/img/{name}</c> in an S3-compatible bucket.</summary>
internal sealed class S3MediaStorage(S3MediaClient s3, ITenantAccessor tenants) : IMediaStorage
{
    private string Key(string name) => $"{s3.KeyPrefix}{tenants.Tenant.Name}/img/{name}";

    /// <summary>
    /// Always a plain PUT: a name is a content hash, so an object already there holds the same bytes and
    /// writing it again is harmless, while asking first (HeadObject) would cost a round trip for every
    /// variant of every new image. Re-uploads of a known image never get here: ImageStore finds its manifest.
    /// </summary>
    public async Task SaveAsync(string name, byte[] content, CancellationToken cancellationToken)
    {
        using var body = new MemoryStream(content, writable: false);
        var request = new PutObjectRequest
        {
            BucketName = s3.Bucket,
            Key = Key(name),
            InputStream = body,
            ContentType = MediaContentTypes.Of(name),

            // A signed, non-chunked body: the bytes are in memory anyway, and servers that do not speak
            // aws-chunked uploads (several S3-compatible ones) accept it.
            UseChunkEncoding = false,
        };
        request.Headers.CacheControl = "public, max-age=31536000, immutable";
        await s3.Client.PutObjectAsync(request, cancellationToken);
    }

    public async Task<Stream?> OpenAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            var response = await s3.Client.GetObjectAsync(s3.Bucket, Key(name), cancellationToken);
            return response.ResponseStream;
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public async Task<bool> ExistsAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            await s3.Client.GetObjectMetadataAsync(s3.Bucket, Key(name), cancellationToken);
            return true;
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
    }
}
