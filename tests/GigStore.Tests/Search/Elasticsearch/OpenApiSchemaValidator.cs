using System.Text.Json;
using System.Text.Json.Nodes;

namespace GigStore.Tests.Search.Elasticsearch;

/// <summary>
/// Checks JSON against the schemas of an <see cref="OpenApiDescription"/>, for the OpenAPI 3.0 subset
/// Elastic's description uses: <c>$ref</c>, <c>type</c>, <c>properties</c>, <c>additionalProperties</c>,
/// <c>required</c>, <c>items</c>, <c>enum</c>, <c>oneOf</c>/<c>anyOf</c>/<c>allOf</c>, <c>discriminator</c>,
/// <c>minProperties</c>/<c>maxProperties</c> and <c>nullable</c>.
/// <para>How it reads the description, and why:</para>
/// <list type="bullet">
/// <item><b>Closed objects</b> (for requests): the description never writes <c>additionalProperties: false</c>,
/// but Elasticsearch refuses a request with a key it does not know, so an object whose schema declares
/// properties (across its <c>allOf</c> parts) takes no other key unless it declares
/// <c>additionalProperties</c>. Responses are read open: a client must ignore what it does not know.</item>
/// <item><b><c>oneOf</c> is "at least one"</b>: the generated alternatives overlap (string or nullable string,
/// four decay function shapes that accept the same object), so "exactly one" would refuse valid requests.
/// A <c>discriminator</c> picks its alternative by the named property.</item>
/// <item><b>Variant containers</b>: a part with properties and <c>minProperties</c>/<c>maxProperties</c>
/// (one query kind per query container, one function per function_score function) counts only the keys
/// it declares, so <c>{"field_value_factor": …, "weight": 2}</c> is one function with a weight.</item>
/// <item><b>Field-keyed gaps</b>: where the specification has "any field name → X" the generated description
/// lost it (a terms query's field, a decay function's field, a field sort). <see cref="FieldKeyed"/> restores
/// those few from the Elasticsearch specification, so such a key is checked against X instead of refused.</item>
/// </list>
/// </summary>
public sealed class OpenApiSchemaValidator(OpenApiDescription description, bool closedObjects)
{
    /// <summary>
    /// Schemas whose field-keyed properties the generated description dropped, with the schema of such a
    /// property's value as elasticsearch-specification defines it (TermsQueryField, DecayPlacement, FieldSort).
    /// </summary>
    private static readonly (Func<string, bool> Applies, JsonElement Value)[] FieldKeyed =
    [
        (name => name == "_types.query_dsl.TermsQuery",
            Json("""{ "type": "array", "items": { "$ref": "#/components/schemas/_types.FieldValue" } }""")),
        (name => name.StartsWith("_types.query_dsl.DecayFunctionBase", StringComparison.Ordinal),
            Json("""
                { "type": "object", "required": ["scale"], "properties": {
                    "origin": { "oneOf": [{ "type": "string" }, { "type": "number" }] },
                    "scale": { "oneOf": [{ "type": "string" }, { "type": "number" }] },
                    "offset": { "oneOf": [{ "type": "string" }, { "type": "number" }] },
                    "decay": { "type": "number" } } }
                """)),
        (name => name == "_types.SortOptions",
            Json("""
                { "oneOf": [
                    { "$ref": "#/components/schemas/_types.SortOrder" },
                    { "type": "object", "properties": {
                        "order": { "$ref": "#/components/schemas/_types.SortOrder" },
                        "missing": { "oneOf": [{ "type": "string" }, { "type": "number" }, { "type": "boolean" }] },
                        "mode": { "$ref": "#/components/schemas/_types.SortMode" },
                        "unmapped_type": { "type": "string" },
                        "numeric_type": { "type": "string", "enum": ["long", "double", "date", "date_nanos"] },
                        "format": { "type": "string" } } }] }
                """)),
    ];

    /// <summary>For request bodies: closed objects.</summary>
    public static OpenApiSchemaValidator Requests { get; } = new(OpenApiDescription.Elasticsearch, closedObjects: true);

    /// <summary>For response bodies: open objects.</summary>
    public static OpenApiSchemaValidator Responses { get; } = new(OpenApiDescription.Elasticsearch, closedObjects: false);

    public IReadOnlyList<string> Validate(JsonNode? value, JsonElement schema, string path = "$")
    {
        var errors = new List<string>();
        Check(value, schema, path, errors, siblings: null);
        return errors;
    }

    public IReadOnlyList<string> Validate(JsonNode? value, string schemaName, string path = "$") =>
        Validate(value, description.Schema(schemaName), path);

    private void Check(JsonNode? value, JsonElement schema, string path, List<string> errors, IReadOnlySet<string>? siblings)
    {
        var parts = new List<JsonElement>();
        var fieldKeyed = new List<JsonElement>();
        Flatten(schema, parts, fieldKeyed);

        // The keys this schema names itself decide whether it is closed; keys its siblings in an allOf name are allowed too.
        var declared = parts.Where(p => p.TryGetProperty("properties", out _))
            .SelectMany(p => p.GetProperty("properties").EnumerateObject().Select(property => property.Name))
            .ToHashSet(StringComparer.Ordinal);
        var closed = declared.Count > 0;
        if (siblings is not null)
        {
            declared.UnionWith(siblings);
        }

        var alternatives = parts.Where(p => p.TryGetProperty("oneOf", out _) || p.TryGetProperty("anyOf", out _)).ToList();
        foreach (var part in alternatives)
        {
            CheckAlternatives(value, part, path, errors, declared);
        }

        if (value is null)
        {
            if (parts.Any(p => p.TryGetProperty("type", out _)) && !parts.Any(p => p.TryGetProperty("nullable", out var n) && n.GetBoolean()))
            {
                errors.Add($"{path}: null is not allowed");
            }

            return;
        }

        foreach (var part in parts)
        {
            if (part.TryGetProperty("type", out var type) && !HasType(value, type.GetString()!))
            {
                errors.Add($"{path}: expected {type.GetString()}, found {Kind(value)}");
                return;
            }

            if (part.TryGetProperty("enum", out var allowed) && !allowed.EnumerateArray().Any(a => SameValue(a, value)))
            {
                errors.Add($"{path}: {value.ToJsonString()} is not one of {string.Join(", ", allowed.EnumerateArray().Select(a => a.GetRawText()))}");
            }
        }

        switch (value)
        {
            case JsonObject obj:
                CheckObject(obj, parts, fieldKeyed, declared, closed: closed && alternatives.Count == 0, path, errors);
                break;
            case JsonArray array:
                foreach (var part in parts.Where(p => p.TryGetProperty("items", out _)))
                {
                    for (var i = 0; i < array.Count; i++)
                    {
                        Check(array[i], part.GetProperty("items"), $"{path}[{i}]", errors, siblings: null);
                    }
                }

                break;
        }
    }

    /// <param name="closed">Whether keys outside <paramref name="declared"/> are refused (alternatives check their own keys).</param>
    private void CheckObject(JsonObject obj, List<JsonElement> parts, List<JsonElement> fieldKeyed, HashSet<string> declared, bool closed, string path, List<string> errors)
    {
        foreach (var part in parts)
        {
            if (part.TryGetProperty("required", out var required))
            {
                foreach (var name in required.EnumerateArray().Select(r => r.GetString()!).Where(name => !obj.ContainsKey(name)))
                {
                    errors.Add($"{path}: required property '{name}' is missing");
                }
            }

            var own = part.TryGetProperty("properties", out var properties)
                ? obj.Count(p => properties.TryGetProperty(p.Key, out _)) + (fieldKeyed.Count > 0 ? obj.Count(p => !declared.Contains(p.Key)) : 0)
                : obj.Count;
            if (part.TryGetProperty("minProperties", out var min) && own < min.GetInt32())
            {
                errors.Add($"{path}: needs at least {min.GetInt32()} of {Names(part)}, has {own}");
            }

            if (part.TryGetProperty("maxProperties", out var max) && own > max.GetInt32())
            {
                errors.Add($"{path}: allows at most {max.GetInt32()} of {Names(part)}, has {own} ({string.Join(", ", obj.Select(p => p.Key))})");
            }
        }

        foreach (var (key, child) in obj)
        {
            var childPath = $"{path}.{key}";
            var byName = parts.Where(p => p.TryGetProperty("properties", out var ps) && ps.TryGetProperty(key, out _)).ToList();
            var additional = parts.Where(p => p.TryGetProperty("additionalProperties", out _)).Select(p => p.GetProperty("additionalProperties")).ToList();
            if (byName.Count > 0)
            {
                foreach (var part in byName)
                {
                    Check(child, part.GetProperty("properties").GetProperty(key), childPath, errors, siblings: null);
                }
            }
            else if (additional.Count > 0)
            {
                foreach (var schema in additional)
                {
                    if (schema.ValueKind == JsonValueKind.False)
                    {
                        errors.Add($"{childPath}: unknown property (additionalProperties is false)");
                    }
                    else if (schema.ValueKind == JsonValueKind.Object)
                    {
                        Check(child, schema, childPath, errors, siblings: null);
                    }
                }
            }
            else if (fieldKeyed.Count > 0)
            {
                Check(child, fieldKeyed[0], childPath, errors, siblings: null);
            }
            else if (closedObjects && closed && !declared.Contains(key))
            {
                errors.Add($"{childPath}: unknown property; the schema allows {string.Join(", ", declared.Order(StringComparer.Ordinal).Take(40))}");
            }
        }
    }

    private void CheckAlternatives(JsonNode? value, JsonElement part, string path, List<string> errors, IReadOnlySet<string> siblings)
    {
        var options = (part.TryGetProperty("oneOf", out var one) ? one : part.GetProperty("anyOf")).EnumerateArray().ToList();
        if (part.TryGetProperty("discriminator", out var discriminator) && value is JsonObject obj)
        {
            var property = discriminator.GetProperty("propertyName").GetString()!;
            if (obj[property] is not JsonValue tag || tag.GetValueKind() != JsonValueKind.String)
            {
                errors.Add($"{path}: '{property}' is missing, so none of the alternatives applies");
                return;
            }

            if (!discriminator.GetProperty("mapping").TryGetProperty(tag.GetValue<string>(), out var mapped))
            {
                errors.Add($"{path}.{property}: '{tag.GetValue<string>()}' is not one of the known kinds");
                return;
            }

            Check(value, Json($$"""{ "$ref": "{{mapped.GetString()}}" }"""), path, errors, siblings);
            return;
        }

        var failures = new List<string>();
        foreach (var option in options)
        {
            var attempt = new List<string>();
            Check(value, option, path, attempt, siblings);
            if (attempt.Count == 0)
            {
                return;
            }

            failures.Add(attempt[0]);
        }

        errors.Add($"{path}: matches none of {options.Count} alternatives: {string.Join(" | ", failures.Distinct().Take(6))}");
    }

    /// <summary>Follows <c>$ref</c> and <c>allOf</c> down to the parts that constrain a value; notes field-keyed gaps on the way.</summary>
    private void Flatten(JsonElement schema, List<JsonElement> parts, List<JsonElement> fieldKeyed)
    {
        if (schema.TryGetProperty("$ref", out var reference))
        {
            var target = reference.GetString()!;
            var name = target[(target.LastIndexOf('/') + 1)..];
            fieldKeyed.AddRange(FieldKeyed.Where(f => f.Applies(name)).Select(f => f.Value));
            Flatten(description.Resolve(target), parts, fieldKeyed);
            return;
        }

        if (schema.TryGetProperty("allOf", out var all))
        {
            foreach (var member in all.EnumerateArray())
            {
                Flatten(member, parts, fieldKeyed);
            }
        }

        parts.Add(schema);
    }

    private static bool HasType(JsonNode value, string type) => (type, value) switch
    {
        ("object", JsonObject) => true,
        ("array", JsonArray) => true,
        ("string", JsonValue v) => v.GetValueKind() == JsonValueKind.String,
        ("number" or "integer", JsonValue v) => v.GetValueKind() == JsonValueKind.Number,
        ("boolean", JsonValue v) => v.GetValueKind() is JsonValueKind.True or JsonValueKind.False,
        _ => false,
    };

    private static string Kind(JsonNode value) => value switch
    {
        JsonObject => "object",
        JsonArray => "array",
        JsonValue v => v.GetValueKind().ToString().ToLowerInvariant(),
        _ => "?",
    };

    private static bool SameValue(JsonElement allowed, JsonNode value) =>
        JsonNode.DeepEquals(JsonNode.Parse(allowed.GetRawText()), value);

    private static string Names(JsonElement part) =>
        part.TryGetProperty("properties", out var properties) ? string.Join("/", properties.EnumerateObject().Select(p => p.Name).Take(12)) : "its properties";

    private static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement.Clone();
}
