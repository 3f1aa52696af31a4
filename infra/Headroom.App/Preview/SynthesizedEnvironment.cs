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
    /// <param name="account">the stack's account, where known (checks judge account-specific values with it)</param>
    /// <param name="region">the stack's region, where known</param>
    public SynthesizedStack(string name, string templatePath, string? account = null, string? region = null)
    {
        Name = name;
        TemplatePath = templatePath;
        Account = account;
        Region = region;
        using var doc = JsonDocument.Parse(File.ReadAllBytes(templatePath));
        Template = doc.RootElement.Clone();
        Resources = Template.TryGetProperty("Resources", out var res)
            ? res.EnumerateObject().Select(r => new TemplateResource(name, r.Name,
                r.Value.GetProperty("Type").GetString() ?? "",
                r.Value.TryGetProperty("Properties", out var p) ? p : default, r.Value)).ToList()
            : [];
    }

    public string Name { get; }
    public string TemplatePath { get; }
    public string? Account { get; }
    public string? Region { get; }
    public JsonElement Template { get; }
    public IReadOnlyList<TemplateResource> Resources { get; }
}

/// <summary>Every stack of one environment, as synthesized: what the preview and its sections read.</summary>
/// <param name="blocks">each block's resources (<see cref="BlockMap"/>); empty when only templates are known (a cloud assembly on disk)</param>
public sealed class SynthesizedEnvironment(Config.EnvironmentConfig config, IReadOnlyList<SynthesizedStack> stacks, IReadOnlyList<BlockResources>? blocks = null)
{
    public Config.EnvironmentConfig Config { get; } = config;
    public IReadOnlyList<SynthesizedStack> Stacks { get; } = stacks;
    public IReadOnlyList<BlockResources> Blocks { get; } = blocks ?? [];

    /// <summary>Every block of a kind ("Fleet", "LoadBalancer", …), in composition order.</summary>
    public IEnumerable<BlockResources> BlocksOf(string kind) => Blocks.Where(b => b.Kind == kind);

    public string Name => Config.Name;

    /// <summary>Every resource of every stack, stack by stack.</summary>
    public IEnumerable<TemplateResource> Resources => Stacks.SelectMany(s => s.Resources);

    public IEnumerable<TemplateResource> OfType(string type) => Resources.Where(r => r.Type == type);

    /// <summary>Builds and synthesizes the environments into <paramref name="outdir"/> (offline: the same code `cdk synth` runs).</summary>
    public static IReadOnlyList<SynthesizedEnvironment> Synthesize(IReadOnlyList<Config.EnvironmentConfig> configs, string outdir, TextWriter progress)
    {
        var app = Headroom.App.Stacks.HeadroomApp.Create(outdir);
        var composed = new List<Headroom.App.Stacks.EnvironmentStacks>();
        foreach (var config in configs)
        {
            progress.WriteLine($"headroom: [{config.Name}] building constructs ...");
            composed.Add(new Headroom.App.Stacks.EnvironmentStacks(app, config));
        }
        progress.WriteLine($"headroom: synthesizing {composed.Sum(c => c.Stacks.Count())} stack(s) into {outdir}/ ...");
        var assembly = app.Synth();
        return composed.Select(env => Read(env, assembly)).ToList();
    }

    /// <summary>One composed environment as synthesized into <paramref name="assembly"/>: its templates and each block's resources.</summary>
    public static SynthesizedEnvironment Read(Headroom.App.Stacks.EnvironmentStacks env, Amazon.CDK.CXAPI.CloudAssembly assembly)
    {
        var stacks = env.Stacks.Select(s =>
        {
            var artifact = assembly.GetStackByName(s.StackName);
            return new SynthesizedStack(s.StackName, artifact.TemplateFullPath, artifact.Environment.Account, artifact.Environment.Region);
        }).ToList();
        return new SynthesizedEnvironment(env.Config, stacks, BlockMap.Resolve(BlockMap.Of(env.Stacks, env.Blocks), stacks));
    }
}
