using System.Text.Json;

namespace Headroom.App.Preview;

/// <summary>One resource of a synthesized template.</summary>
public sealed record TemplateResource(string Stack, string LogicalId, string Type, JsonElement Properties, JsonElement Raw)
{
    public string? Str(string property) =>
        Properties.ValueKind == JsonValueKind.Object && Properties.TryGetProperty(property, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    public JsonElement? Prop(string property) =>
        Properties.ValueKind == JsonValueKind.Object && Properties.TryGetProperty(property, out var v) ? v : null;
}

/// <summary>Reads CloudFormation references in template JSON.</summary>
public static class TemplateJson
{
    /// <summary>X of {"Ref": X}; null for anything else.</summary>
    public static string? Ref(JsonElement? value) =>
        value is { ValueKind: JsonValueKind.Object } v && v.TryGetProperty("Ref", out var r) ? r.GetString() : null;

    /// <summary>X of {"Fn::GetAtt": [X, attribute]}; null for anything else.</summary>
    public static string? GetAtt(JsonElement? value) =>
        value is { ValueKind: JsonValueKind.Object } v && v.TryGetProperty("Fn::GetAtt", out var a) ? a[0].GetString() : null;
}

/// <summary>One stack's template as written to the cloud assembly.</summary>
public sealed class SynthesizedStack
{
    public SynthesizedStack(string name, string templatePath)
    {
        Name = name;
        using var doc = JsonDocument.Parse(File.ReadAllBytes(templatePath));
        Template = doc.RootElement.Clone();
        Resources = Template.TryGetProperty("Resources", out var res)
            ? res.EnumerateObject().Select(r => new TemplateResource(name, r.Name,
                r.Value.GetProperty("Type").GetString() ?? "",
                r.Value.TryGetProperty("Properties", out var p) ? p : default, r.Value)).ToList()
            : [];
    }

    public string Name { get; }
    public JsonElement Template { get; }
    public IReadOnlyList<TemplateResource> Resources { get; }
}

/// <summary>Every stack of one environment, as synthesized: what the preview and its sections read.</summary>
public sealed class SynthesizedEnvironment(Config.EnvironmentConfig config, IReadOnlyList<SynthesizedStack> stacks)
{
    public Config.EnvironmentConfig Config { get; } = config;
    public IReadOnlyList<SynthesizedStack> Stacks { get; } = stacks;

    public IEnumerable<TemplateResource> OfType(string type) =>
        Stacks.SelectMany(s => s.Resources).Where(r => r.Type == type);
}
