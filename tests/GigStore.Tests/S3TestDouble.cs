using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Security;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace GigStore.Tests;

/// <summary>
/// An S3 server in memory, on 127.0.0.1 at a free port, for the storage tests (there is no network
/// here, so no real S3). It speaks only what the app's client sends: path-style PutObject, GetObject,
/// HeadObject and DeleteObject on one bucket. Every request must carry an AWS Signature Version 4
/// made with the one access key and secret it knows; the signature and the payload hash are
/// recomputed and compared. Anything else is refused and written to <see cref="Refused"/>.
/// </summary>
public sealed class S3TestDouble : IAsyncDisposable
{
    private WebApplication _app = null!;

    private S3TestDouble(string bucket, string accessKey, string secretKey, string region)
    {
        Bucket = bucket;
        AccessKey = accessKey;
        SecretKey = secretKey;
        Region = region;
    }

    public sealed record StoredObject(byte[] Content, string ContentType, string? CacheControl, string ETag, DateTimeOffset LastModified, IReadOnlyDictionary<string, string> Checksums);

    public string Bucket { get; }

    public string AccessKey { get; }

    public string SecretKey { get; }

    public string Region { get; }

    public Uri Url { get; private set; } = null!;

    /// <summary>Objects by key (without the bucket).</summary>
    public ConcurrentDictionary<string, StoredObject> Objects { get; } = new(StringComparer.Ordinal);

    /// <summary>Every request as "METHOD /bucket/key", in order of arrival.</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    /// <summary>Why requests were refused (bad signature, an operation the double does not implement).</summary>
    public ConcurrentQueue<string> Refused { get; } = new();

    public static async Task<S3TestDouble> StartAsync(string bucket, string accessKey, string secretKey, string region)
    {
        var server = new S3TestDouble(bucket, accessKey, secretKey, region);
        (server._app, server.Url) = await LoopbackServer.StartAsync(nameof(S3TestDouble), server.HandleAsync);
        return server;
    }

    private async Task HandleAsync(HttpContext http)
    {
        var request = http.Request;
        var target = http.Features.Get<IHttpRequestFeature>()!.RawTarget;
        var q = target.IndexOf('?', StringComparison.Ordinal);
        var rawPath = q < 0 ? target : target[..q];
        var rawQuery = q < 0 ? "" : target[(q + 1)..];
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, http.RequestAborted);
        var body = buffer.ToArray();
        Requests.Enqueue($"{request.Method} {rawPath}");

        if (CheckSignature(request, rawPath, rawQuery, body) is { } wrong)
        {
            await RefuseAsync(http, HttpStatusCode.Forbidden, "SignatureDoesNotMatch", $"{request.Method} {rawPath}: {wrong}");
            return;
        }

        var path = Uri.UnescapeDataString(rawPath.TrimStart('/'));
        var slash = path.IndexOf('/', StringComparison.Ordinal);
        var (bucket, key) = slash < 0 ? (path, "") : (path[..slash], path[(slash + 1)..]);
        if (bucket != Bucket)
        {
            await ErrorAsync(http, HttpStatusCode.NotFound, "NoSuchBucket", $"There is no bucket '{bucket}'.");
            return;
        }

        // The SDK names the operation in an x-id parameter; any other parameter is an operation this double does not have.
        var unknown = rawQuery.Split('&', StringSplitOptions.RemoveEmptyEntries).Where(p => !p.StartsWith("x-id=", StringComparison.Ordinal)).ToList();
        var chunked = request.Headers.ContentEncoding.ToString().Contains("aws-chunked", StringComparison.Ordinal);
        if (key.Length == 0 || unknown.Count > 0 || chunked)
        {
            await RefuseAsync(http, HttpStatusCode.NotImplemented, "NotImplemented", $"{request.Method} {target}{(chunked ? " with aws-chunked encoding" : "")} is not implemented by the test double.");
            return;
        }

        switch (request.Method)
        {
            case "PUT":
                var checksums = request.Headers.Where(h => h.Key.StartsWith("x-amz-checksum-", StringComparison.OrdinalIgnoreCase))
                    .ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString());
                var stored = new StoredObject(body, request.ContentType ?? "binary/octet-stream", request.Headers.CacheControl.ToString() is { Length: > 0 } cache ? cache : null,
                    $"\"{Convert.ToHexStringLower(MD5.HashData(body))}\"", DateTimeOffset.UtcNow, checksums);
                Objects[key] = stored;
                http.Response.Headers.ETag = stored.ETag;
                return;
            case "GET" or "HEAD":
                if (!Objects.TryGetValue(key, out var found))
                {
                    await ErrorAsync(http, HttpStatusCode.NotFound, "NoSuchKey", "The specified key does not exist.", withBody: request.Method == "GET");
                    return;
                }

                var response = http.Response;
                response.ContentType = found.ContentType;
                response.ContentLength = found.Content.Length;
                response.Headers.ETag = found.ETag;
                response.Headers.LastModified = found.LastModified.ToString("R", CultureInfo.InvariantCulture);
                if (found.CacheControl is { } cacheControl)
                {
                    response.Headers.CacheControl = cacheControl;
                }

                if (string.Equals(request.Headers["x-amz-checksum-mode"], "ENABLED", StringComparison.OrdinalIgnoreCase))
                {
                    foreach (var (name, value) in found.Checksums)
                    {
                        response.Headers[name] = value;
                    }
                }

                if (request.Method == "GET")
                {
                    await response.Body.WriteAsync(found.Content, http.RequestAborted);
                }

                return;
            case "DELETE":
                Objects.TryRemove(key, out _);
                http.Response.StatusCode = StatusCodes.Status204NoContent;
                return;
            default:
                await RefuseAsync(http, HttpStatusCode.NotImplemented, "NotImplemented", $"{request.Method} is not implemented by the test double.");
                return;
        }
    }

    /// <summary>Null when the request is signed with this double's key for S3 in its region, else what is wrong.</summary>
    private string? CheckSignature(HttpRequest request, string rawPath, string rawQuery, byte[] body)
    {
        const string Algorithm = "AWS4-HMAC-SHA256";
        var authorization = request.Headers.Authorization.ToString();
        if (!authorization.StartsWith(Algorithm + " ", StringComparison.Ordinal))
        {
            return $"the Authorization header is not {Algorithm} ('{authorization}')";
        }

        var parts = authorization[Algorithm.Length..].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1]);
        if (!parts.TryGetValue("Credential", out var credential) || !parts.TryGetValue("SignedHeaders", out var signedHeaders) || !parts.TryGetValue("Signature", out var signature))
        {
            return "the Authorization header lacks Credential, SignedHeaders or Signature";
        }

        var scope = credential.Split('/');
        if (scope.Length != 5 || scope[0] != AccessKey || scope[2] != Region || scope[3] != "s3" || scope[4] != "aws4_request")
        {
            return $"the credential '{credential}' is not for access key {AccessKey}, region {Region}, service s3";
        }

        var amzDate = request.Headers["x-amz-date"].ToString();
        if (!DateTimeOffset.TryParseExact(amzDate, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var signedAt)
            || !amzDate.StartsWith(scope[1], StringComparison.Ordinal)
            || (DateTimeOffset.UtcNow - signedAt).Duration() > TimeSpan.FromMinutes(15))
        {
            return $"x-amz-date '{amzDate}' is missing, does not match the credential's date, or is not within 15 minutes of now";
        }

        var names = signedHeaders.Split(';');
        if (!names.Contains("host") || !names.Contains("x-amz-date") || !names.Contains("x-amz-content-sha256"))
        {
            return $"host, x-amz-date and x-amz-content-sha256 must be signed (signed: {signedHeaders})";
        }

        var payloadHash = request.Headers["x-amz-content-sha256"].ToString();
        if (payloadHash != "UNSIGNED-PAYLOAD" && payloadHash != Convert.ToHexStringLower(SHA256.HashData(body)))
        {
            return $"x-amz-content-sha256 '{payloadHash}' is not the SHA-256 of the {body.Length}-byte body";
        }

        var canonicalRequest = string.Join('\n',
            request.Method,
            rawPath,
            CanonicalQuery(rawQuery),
            string.Concat(names.Select(n => $"{n}:{CanonicalValue(request.Headers[n].ToString())}\n")),
            signedHeaders,
            payloadHash);
        var stringToSign = string.Join('\n', Algorithm, amzDate, string.Join('/', scope[1..]), Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest))));
        var key = Encoding.UTF8.GetBytes("AWS4" + SecretKey);
        foreach (var part in scope[1..])
        {
            key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(part));
        }

        var expected = Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(stringToSign)));
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(signature))
            ? null
            : $"the signature does not match the canonical request:\n{canonicalRequest}";
    }

    private static string CanonicalQuery(string rawQuery) => string.Join('&', rawQuery.Split('&', StringSplitOptions.RemoveEmptyEntries)
        .Select(p => p.Split('=', 2))
        .Select(p => (Key: Uri.EscapeDataString(Uri.UnescapeDataString(p[0])), Value: Uri.EscapeDataString(Uri.UnescapeDataString(p.Length > 1 ? p[1] : ""))))
        .OrderBy(p => p.Key, StringComparer.Ordinal).ThenBy(p => p.Value, StringComparer.Ordinal)
        .Select(p => $"{p.Key}={p.Value}"));

    private static string CanonicalValue(string value) => string.Join(' ', value.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries));

    private async Task RefuseAsync(HttpContext http, HttpStatusCode status, string code, string why)
    {
        Refused.Enqueue(why);
        await ErrorAsync(http, status, code, why, withBody: http.Request.Method != "HEAD");
    }

    private static async Task ErrorAsync(HttpContext http, HttpStatusCode status, string code, string message, bool withBody = true)
    {
        http.Response.StatusCode = (int)status;
        if (withBody)
        {
            http.Response.ContentType = "application/xml";
            await http.Response.WriteAsync($"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>{code}</Code><Message>{SecurityElement.Escape(message)}</Message><RequestId>{Guid.NewGuid():N}</RequestId></Error>");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
