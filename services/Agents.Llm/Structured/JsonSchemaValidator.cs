using System.Text.Json;

namespace Agents.Llm.Structured;

/// <summary>
/// Checks a value against the parts of JSON Schema that models get wrong in practice: type, required, properties,
/// additionalProperties: false, items, enum, anyOf/oneOf, minItems/maxItems. Errors name the JSON path, so the
/// re-ask can tell the model exactly what to fix. ($ref and formats are not checked.)
/// </summary>
public static class JsonSchemaValidator
{
    private const int MaxErrors = 8;
    private static readonly string[] s_alternatives = ["anyOf", "oneOf"];

    public static IReadOnlyList<string> Validate(JsonElement schema, JsonElement value)
    {
        var errors = new List<string>();
        Check(schema, value, "$", errors);
        return errors;
    }

    private static void Check(JsonElement schema, JsonElement value, string path, List<string> errors)
    {
        if (schema.ValueKind != JsonValueKind.Object || errors.Count >= MaxErrors)
        {
            return;
        }
        if (schema.TryGetProperty("type", out var type) && !TypeMatches(type, value))
        {
            errors.Add($"{path} must be {Describe(type)}, not {Kind(value)}.");
            return;
        }
        if (schema.TryGetProperty("enum", out var allowed) && allowed.ValueKind == JsonValueKind.Array
            && !allowed.EnumerateArray().Any(a => JsonElement.DeepEquals(a, value)))
        {
            errors.Add($"{path} must be one of {allowed.GetRawText()}.");
        }
        foreach (var keyword in s_alternatives)
        {
            if (schema.TryGetProperty(keyword, out var options) && options.ValueKind == JsonValueKind.Array
                && !options.EnumerateArray().Any(option => Validate(option, value).Count == 0))
            {
                errors.Add($"{path} matches none of the allowed shapes ({keyword}).");
            }
        }

        if (value.ValueKind == JsonValueKind.Object)
        {
            CheckObject(schema, value, path, errors);
        }
        else if (value.ValueKind == JsonValueKind.Array)
        {
            var count = value.GetArrayLength();
            if (schema.TryGetProperty("minItems", out var min) && min.TryGetInt32(out var minItems) && count < minItems)
            {
                errors.Add($"{path} must have at least {minItems} item(s).");
            }
            if (schema.TryGetProperty("maxItems", out var max) && max.TryGetInt32(out var maxItems) && count > maxItems)
            {
                errors.Add($"{path} must have at most {maxItems} item(s).");
            }
            if (schema.TryGetProperty("items", out var items))
            {
                var i = 0;
                foreach (var item in value.EnumerateArray())
                {
                    Check(items, item, $"{path}[{i++}]", errors);
                }
            }
        }
    }

    private static void CheckObject(JsonElement schema, JsonElement value, string path, List<string> errors)
    {
        if (schema.TryGetProperty("required", out var required) && required.ValueKind == JsonValueKind.Array)
        {
            foreach (var name in required.EnumerateArray().Select(r => r.GetString()).OfType<string>())
            {
                if (!value.TryGetProperty(name, out _))
                {
                    errors.Add($"{path}.{name} is required.");
                }
            }
        }
        var hasProperties = schema.TryGetProperty("properties", out var properties) && properties.ValueKind == JsonValueKind.Object;
        var closed = schema.TryGetProperty("additionalProperties", out var additional) && additional.ValueKind == JsonValueKind.False;
        foreach (var property in value.EnumerateObject())
        {
            if (hasProperties && properties.TryGetProperty(property.Name, out var propertySchema))
            {
                Check(propertySchema, property.Value, $"{path}.{property.Name}", errors);
            }
            else if (closed)
            {
                errors.Add($"{path}.{property.Name} is not an allowed property.");
            }
        }
    }

    private static bool TypeMatches(JsonElement type, JsonElement value) => type.ValueKind switch
    {
        JsonValueKind.String => IsType(type.GetString(), value),
        JsonValueKind.Array => type.EnumerateArray().Any(t => IsType(t.GetString(), value)),
        _ => true,
    };

    private static bool IsType(string? type, JsonElement value) => type switch
    {
        "object" => value.ValueKind == JsonValueKind.Object,
        "array" => value.ValueKind == JsonValueKind.Array,
        "string" => value.ValueKind == JsonValueKind.String,
        "number" => value.ValueKind == JsonValueKind.Number,
        "integer" => value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out _),
        "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
        "null" => value.ValueKind == JsonValueKind.Null,
        _ => true,
    };

    private static string Describe(JsonElement type) =>
        type.ValueKind == JsonValueKind.Array ? string.Join(" or ", type.EnumerateArray().Select(t => t.GetString())) : type.GetString() ?? "?";

    private static string Kind(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.True or JsonValueKind.False => "boolean",
        JsonValueKind.Undefined => "missing",
        var kind => kind.ToString().ToLowerInvariant(),
    };
}
