using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace GigStore.Media.Storage;

public enum MediaStorageKind
{
    FileSystem,
    S3,
}

/// <summary><c>GigStore:Media</c>: where uploaded images are kept.</summary>
public sealed class MediaOptions
{
    public const string Section = "GigStore:Media";

    public MediaStorageKind Storage { get; set; } = MediaStorageKind.FileSystem;

    public S3MediaOptions S3 { get; set; } = new();
}

/// <summary><c>GigStore:Media:S3</c>: an S3-compatible bucket (AWS S3, MinIO, Ceph, ...). Objects go to <c>{KeyPrefix}{tenant}/img/{name}</c>.</summary>
public sealed class S3MediaOptions
{
    /// <summary>The endpoint, e.g. https://s3.eu-central-1.amazonaws.com or http://127.0.0.1:9000.</summary>
    public string? ServiceUrl { get; set; }

    public string? Bucket { get; set; }

    /// <summary>With <see cref="SecretKey"/>; both empty means the AWS SDK's own credential chain (environment, instance role).</summary>
    public string? AccessKey { get; set; }

    public string? SecretKey { get; set; }

    /// <summary>The region requests are signed for.</summary>
    public string Region { get; set; } = "us-east-1";

    /// <summary>Addresses the bucket as a path (/bucket/key) instead of a host name (bucket.host); most self-hosted servers need it.</summary>
    public bool ForcePathStyle { get; set; }

    /// <summary>Put before every key, e.g. "gigstore/" when the bucket is shared; a missing final slash is added.</summary>
    public string? KeyPrefix { get; set; }

    public string NormalizedKeyPrefix => string.IsNullOrEmpty(KeyPrefix) || KeyPrefix.EndsWith('/') ? KeyPrefix ?? "" : KeyPrefix + "/";
}

/// <summary>S3 chosen without what it needs stops start-up with a message that names the setting.</summary>
internal sealed partial class MediaOptionsValidator : IValidateOptions<MediaOptions>
{
    public ValidateOptionsResult Validate(string? name, MediaOptions options)
    {
        if (options.Storage != MediaStorageKind.S3)
        {
            return ValidateOptionsResult.Success;
        }

        const string When = "when GigStore:Media:Storage is S3";
        var s3 = options.S3;
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(s3.ServiceUrl))
        {
            failures.Add($"GigStore:Media:S3:ServiceUrl is required {When}: the endpoint, e.g. https://s3.eu-central-1.amazonaws.com or http://127.0.0.1:9000.");
        }
        else if (!Uri.TryCreate(s3.ServiceUrl, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
        {
            failures.Add($"GigStore:Media:S3:ServiceUrl '{s3.ServiceUrl}' is not an http or https URL.");
        }

        if (string.IsNullOrWhiteSpace(s3.Bucket))
        {
            failures.Add($"GigStore:Media:S3:Bucket is required {When}.");
        }
        else if (!BucketName().IsMatch(s3.Bucket))
        {
            failures.Add($"GigStore:Media:S3:Bucket '{s3.Bucket}' is not a bucket name (3–63 lowercase letters, digits, dots and hyphens).");
        }

        if (string.IsNullOrEmpty(s3.AccessKey) != string.IsNullOrEmpty(s3.SecretKey))
        {
            failures.Add("GigStore:Media:S3:AccessKey and GigStore:Media:S3:SecretKey go together: set both, or neither to use the AWS SDK's credential chain.");
        }

        if (string.IsNullOrWhiteSpace(s3.Region))
        {
            failures.Add($"GigStore:Media:S3:Region is required {When} (us-east-1 if the server does not care).");
        }

        if (s3.KeyPrefix is { } prefix && (prefix.StartsWith('/') || prefix.Contains("//", StringComparison.Ordinal)))
        {
            failures.Add($"GigStore:Media:S3:KeyPrefix '{prefix}' must not start with '/' or contain '//'.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")]
    private static partial Regex BucketName();
}
