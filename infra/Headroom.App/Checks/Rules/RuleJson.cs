namespace Headroom.App.Checks.Rules;

/// <summary>Small readers of template JSON that several rules share.</summary>
internal static class RuleJson
{
    /// <summary>true, or the string "true": CloudFormation takes both.</summary>
    public static bool IsTrue(JsonElement? value) =>
        value is { } v && (v.ValueKind == JsonValueKind.True || v.ValueKind == JsonValueKind.String && string.Equals(v.GetString(), "true", StringComparison.OrdinalIgnoreCase));

    /// <summary>The logical ID a Ref or Fn::GetAtt points at; null for anything else.</summary>
    public static string? Target(JsonElement? value) => TemplateJson.Ref(value) ?? TemplateJson.GetAtt(value);

    /// <summary>Every logical ID referenced anywhere inside a value (Ref, Fn::GetAtt, nested in joins).</summary>
    public static IEnumerable<string> Targets(JsonElement value) =>
        Walk(value).Select(e => Target(e)).OfType<string>().Where(t => !t.StartsWith("AWS::", StringComparison.Ordinal));

    public static TemplateResource? Resource(SynthesizedEnvironment env, string stack, string? logicalId) =>
        string.IsNullOrEmpty(logicalId) ? null : env.Stacks.FirstOrDefault(s => s.Name == stack)?.Resources.FirstOrDefault(r => r.LogicalId == logicalId);

    /// <summary>A value at a dotted path of properties, or null.</summary>
    public static JsonElement? At(JsonElement value, string path)
    {
        foreach (var part in path.Split('.'))
            if (value.ValueKind != JsonValueKind.Object || !value.TryGetProperty(part, out value)) return null;
        return value;
    }

    /// <summary>Every value inside a JSON value, depth first, itself included.</summary>
    public static IEnumerable<JsonElement> Walk(JsonElement element)
    {
        yield return element;
        var children = element.ValueKind switch
        {
            JsonValueKind.Object => element.EnumerateObject().Select(p => p.Value),
            JsonValueKind.Array => element.EnumerateArray(),
            _ => [],
        };
        foreach (var child in children)
            foreach (var nested in Walk(child))
                yield return nested;
    }

    /// <summary>A statement, string or list of them, as a list.</summary>
    public static IEnumerable<JsonElement> Items(JsonElement? value) => value switch
    {
        { ValueKind: JsonValueKind.Array } a => a.EnumerateArray(),
        { ValueKind: JsonValueKind.Undefined or JsonValueKind.Null } => [],
        { } v => [v],
        null => [],
    };

    /// <summary>
    /// Whether a policy document denies requests made without TLS: a Deny statement whose condition is
    /// Bool aws:SecureTransport false. (Only a Deny enforces it; an Allow with true leaves other grants open.)
    /// </summary>
    public static bool DeniesInsecureTransport(JsonElement? policyDocument) =>
        policyDocument is { ValueKind: JsonValueKind.Object } doc
        && Items(At(doc, "Statement")).Any(statement =>
            At(statement, "Effect") is { ValueKind: JsonValueKind.String } effect && effect.GetString() == "Deny"
            && At(statement, "Condition") is { ValueKind: JsonValueKind.Object } condition
            && condition.TryGetProperty("Bool", out var b) && b.ValueKind == JsonValueKind.Object
            && b.TryGetProperty("aws:SecureTransport", out var secure)
            && (secure.ValueKind == JsonValueKind.False
                || secure.ValueKind == JsonValueKind.String && string.Equals(secure.GetString(), "false", StringComparison.OrdinalIgnoreCase)));
}
