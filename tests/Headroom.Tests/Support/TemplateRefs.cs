namespace Headroom.Tests.Support;

/// <summary>Follows references in synthesized templates: Ref, Fn::GetAtt and cross-stack imports.</summary>
public static class TemplateRefs
{
    public static string? Ref(JsonElement? value) => TemplateJson.Ref(value);

    public static string? GetAtt(JsonElement? value) => TemplateJson.GetAtt(value);

    /// <summary>The resource an <c>Fn::ImportValue</c> of another stack's <c>Ref</c> or <c>GetAtt</c> export points at.</summary>
    public static TemplateResource? Imported(SynthesizedEnvironment env, JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Object || !value.TryGetProperty("Fn::ImportValue", out var import)) return null;
        var name = import.GetString();
        foreach (var stack in env.Stacks)
        {
            if (!stack.Template.TryGetProperty("Outputs", out var outputs)) continue;
            foreach (var output in outputs.EnumerateObject())
            {
                if (!output.Value.TryGetProperty("Export", out var export) || export.GetProperty("Name").GetString() != name) continue;
                var target = Ref(output.Value.GetProperty("Value")) ?? GetAtt(output.Value.GetProperty("Value"));
                return stack.Resources.Single(r => r.LogicalId == target);
            }
        }
        return null;
    }

    /// <summary>Every JSON value in a template, depth first, for checks like "no 0.0.0.0/0 anywhere".</summary>
    public static IEnumerable<JsonElement> Walk(JsonElement element) => Headroom.App.Checks.Rules.RuleJson.Walk(element);

    /// <summary>A string or an array of strings (an IAM statement's Action), as a list.</summary>
    public static List<string> Strings(JsonElement value) =>
        value.ValueKind == JsonValueKind.Array ? value.EnumerateArray().Select(v => v.GetString()!).ToList() : [value.GetString()!];

    public static List<string> Actions(JsonElement statement) => Strings(statement.GetProperty("Action"));

    /// <summary>An IAM statement's resources; references as their JSON text.</summary>
    public static List<string> Resources(JsonElement statement) =>
        statement.GetProperty("Resource") is var r && r.ValueKind == JsonValueKind.Array
            ? r.EnumerateArray().Select(x => x.ValueKind == JsonValueKind.String ? x.GetString()! : x.ToString()).ToList()
            : [r.ValueKind == JsonValueKind.String ? r.GetString()! : r.ToString()];
}
