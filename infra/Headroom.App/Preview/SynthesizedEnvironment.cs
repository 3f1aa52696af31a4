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
