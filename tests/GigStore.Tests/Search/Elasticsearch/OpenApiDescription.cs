using System.Text.Json;

namespace GigStore.Tests.Search.Elasticsearch;

/// <summary>
/// Elastic's OpenAPI description of the serverless Elasticsearch API, read from the shared contracts
/// beside the repository (../shared/contracts/elasticsearch, copied to the test output by the project
/// file; not kept in this repository): operations found by method and path, references resolved.
/// </summary>
public sealed class OpenApiDescription
{
    private static readonly Lazy<OpenApiDescription> Shared = new(() =>
    {
        var path = Path.Combine(AppContext.BaseDirectory, "contracts", "elasticsearch", "elasticsearch-serverless-openapi.json");
        return File.Exists(path)
            ? Load(path)
            : throw new FileNotFoundException("Elastic's OpenAPI description is missing: the tests read it from ../shared/contracts/elasticsearch beside the repository.", path);
    });

    private OpenApiDescription(JsonElement root) => Root = root;

    /// <summary>The serverless description, read once per test run.</summary>
    public static OpenApiDescription Elasticsearch => Shared.Value;

    public JsonElement Root { get; }

    private static OpenApiDescription Load(string path)
    {
        using var stream = File.OpenRead(path);
        using var document = JsonDocument.Parse(stream);
        return new OpenApiDescription(document.RootElement.Clone());
    }

    /// <summary>"#/components/schemas/…" (or any JSON pointer into the description).</summary>
    public JsonElement Resolve(string reference)
    {
        if (!reference.StartsWith("#/", StringComparison.Ordinal))
        {
            throw new ArgumentException($"Only local references are used by the description: {reference}");
        }

        var node = Root;
        foreach (var segment in reference[2..].Split('/'))
        {
            if (!node.TryGetProperty(segment.Replace("~1", "/").Replace("~0", "~"), out node))
            {
                throw new KeyNotFoundException($"The description has no {reference}.");
            }
        }

        return node;
    }

    public JsonElement Schema(string name) => Resolve("#/components/schemas/" + name);

    /// <summary>
    /// The operation for a request: the path template whose literal segments match (the most literal
    /// segments win, so "/_aliases" is not "/{index}"), and the method. Null when the description has none.
    /// </summary>
    public OpenApiOperation? Find(string method, string path)
    {
        var segments = Segments(path);
        OpenApiOperation? best = null;
        var bestLiterals = -1;
        foreach (var template in Root.GetProperty("paths").EnumerateObject())
        {
            var pattern = Segments(template.Name);
            if (pattern.Length != segments.Length || !template.Value.TryGetProperty(method.ToLowerInvariant(), out var operation))
            {
                continue;
            }

            var literals = 0;
            var matches = true;
            for (var i = 0; i < pattern.Length && matches; i++)
            {
                if (pattern[i].StartsWith('{'))
                {
                    matches = segments[i].Length > 0;
                }
                else
                {
                    matches = pattern[i] == segments[i];
                    literals++;
                }
            }

            if (matches && literals > bestLiterals)
            {
                best = new OpenApiOperation(this, template.Name, method.ToUpperInvariant(), operation);
                bestLiterals = literals;
            }
        }

        return best;
    }

    private static string[] Segments(string path) => path.Split('/', StringSplitOptions.RemoveEmptyEntries);
}

/// <summary>One operation of the description: its request body schema, query parameters, responses and examples.</summary>
public sealed record OpenApiOperation(OpenApiDescription Description, string Template, string Method, JsonElement Element)
{
    public string Id => Element.GetProperty("operationId").GetString()!;

    /// <summary>The JSON schema of the request body, or null when the operation takes none.</summary>
    public JsonElement? RequestSchema => RequestBody is { } body && body.GetProperty("content").TryGetProperty("application/json", out var json) ? json.GetProperty("schema") : null;

    /// <summary>The names of the query parameters the operation declares.</summary>
    public IReadOnlySet<string> QueryParameters =>
        (Element.TryGetProperty("parameters", out var parameters) ? parameters.EnumerateArray() : default(JsonElement.ArrayEnumerator))
            .Select(p => p.TryGetProperty("$ref", out var reference) ? Description.Resolve(reference.GetString()!) : p)
            .Where(p => p.GetProperty("in").GetString() == "query")
            .Select(p => p.GetProperty("name").GetString()!)
            .ToHashSet(StringComparer.Ordinal);

    public JsonElement? ResponseSchema(string status = "200") =>
        Response(status) is { } response && response.TryGetProperty("content", out var content) && content.TryGetProperty("application/json", out var json) ? json.GetProperty("schema") : null;

    /// <summary>The request examples: name → JSON text (NDJSON for <c>_bulk</c>).</summary>
    public IReadOnlyDictionary<string, string> RequestExamples => Examples(RequestBody);

    public IReadOnlyDictionary<string, string> ResponseExamples(string status = "200") => Examples(Response(status));

    private JsonElement? RequestBody => Element.TryGetProperty("requestBody", out var body) ? Dereference(body) : null;

    private JsonElement? Response(string status) =>
        Element.GetProperty("responses").TryGetProperty(status, out var response) ? Dereference(response) : null;

    private JsonElement Dereference(JsonElement element) =>
        element.TryGetProperty("$ref", out var reference) ? Description.Resolve(reference.GetString()!) : element;

    private static Dictionary<string, string> Examples(JsonElement? holder)
    {
        var examples = new Dictionary<string, string>(StringComparer.Ordinal);
        if (holder is { } h && h.TryGetProperty("content", out var content) && content.TryGetProperty("application/json", out var json)
            && json.TryGetProperty("examples", out var all))
        {
            foreach (var example in all.EnumerateObject())
            {
                examples[example.Name] = example.Value.GetProperty("value").GetString()!;
            }
        }

        return examples;
    }
}
