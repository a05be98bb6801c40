using System.Text.Json;
using System.Text.Json.Nodes;

namespace GigStore.Tests.Search.Elasticsearch;

/// <summary>
/// Holds one HTTP request to the API description: the operation must exist for its method and path,
/// its query parameters must be ones the operation declares, and its body must match the operation's
/// request schema (for <c>_bulk</c>, every action line against the bulk operation schema).
/// </summary>
public static class ElasticsearchContract
{
    private static OpenApiDescription Description => OpenApiDescription.Elasticsearch;

    /// <summary>Everything wrong with the request; empty when it is one the API describes.</summary>
    public static IReadOnlyList<string> Check(string method, string pathAndQuery, string? body)
    {
        var q = pathAndQuery.IndexOf('?', StringComparison.Ordinal);
        var path = q < 0 ? pathAndQuery : pathAndQuery[..q];
        var operation = Description.Find(method, path);
        if (operation is null)
        {
            return [$"{method} {path}: the description has no such operation"];
        }

        var errors = new List<string>();
        var declared = operation.QueryParameters;
        foreach (var name in (q < 0 ? "" : pathAndQuery[(q + 1)..]).Split('&', StringSplitOptions.RemoveEmptyEntries).Select(p => Uri.UnescapeDataString(p.Split('=')[0])))
        {
            if (!declared.Contains(name))
            {
                errors.Add($"query parameter '{name}' is not one of {operation.Id}'s");
            }
        }

        if (!string.IsNullOrWhiteSpace(body))
        {
            if (operation.RequestSchema is not { } schema)
            {
                errors.Add($"{operation.Id} takes no body");
            }
            else if (operation.Template.EndsWith("/_bulk", StringComparison.Ordinal))
            {
                errors.AddRange(CheckBulk(body));
            }
            else
            {
                errors.AddRange(OpenApiSchemaValidator.Requests.Validate(JsonNode.Parse(body), schema));
            }
        }

        return [.. errors.Select(e => $"{operation.Id} ({method} {path}): {e}")];
    }

    /// <summary>
    /// A <c>_bulk</c> body: NDJSON, every line JSON, each action line one bulk operation
    /// (<c>_global.bulk.OperationContainer</c>), followed by a document for index and create, an
    /// <c>UpdateAction</c> for update, nothing for delete. The whole is also checked as the body schema's array.
    /// </summary>
    public static IReadOnlyList<string> CheckBulk(string ndjson)
    {
        var errors = new List<string>();
        if (!ndjson.EndsWith('\n'))
        {
            errors.Add("a bulk body must end with a newline");
        }

        var lines = ndjson.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var parsed = new JsonArray();
        for (var i = 0; i < lines.Length; i++)
        {
            JsonNode? action;
            try
            {
                action = JsonNode.Parse(lines[i]);
            }
            catch (JsonException ex)
            {
                errors.Add($"line {i + 1} is not JSON: {ex.Message}");
                continue;
            }

            parsed.Add(action);
            errors.AddRange(OpenApiSchemaValidator.Requests.Validate(action, "_global.bulk.OperationContainer", $"line {i + 1}"));
            var kind = (action as JsonObject)?.FirstOrDefault().Key;
            if (kind is "index" or "create" or "update")
            {
                if (++i >= lines.Length)
                {
                    errors.Add($"line {i}: the {kind} action has no source line after it");
                    break;
                }

                var source = JsonNode.Parse(lines[i]);
                parsed.Add(source);
                errors.AddRange(kind == "update"
                    ? OpenApiSchemaValidator.Requests.Validate(source, "_global.bulk.UpdateAction", $"line {i + 1}")
                    : source is JsonObject ? [] : [$"line {i + 1}: a document must be a JSON object"]);
            }
        }

        var schema = Description.Find("POST", "/any/_bulk")!.RequestSchema!.Value;
        errors.AddRange(OpenApiSchemaValidator.Requests.Validate(parsed, schema));
        return errors;
    }
}
