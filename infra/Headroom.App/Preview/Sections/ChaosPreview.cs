namespace Headroom.App.Preview.Sections;

/// <summary>The FIS experiment templates: what each does, its actions, and what stops it.</summary>
internal sealed class ChaosPreview() : BlockPreview("Chaos", 97, "Chaos experiments")
{
    protected override IEnumerable<string> Describe(SynthesizedEnvironment env, BlockResources block) =>
        block.OfType("AWS::FIS::ExperimentTemplate").Select(Describe);

    private static string Describe(TemplateResource template)
    {
        var name = template.Prop("Tags") is { } tags && tags.TryGetProperty("Name", out var n) ? n.GetString() : template.LogicalId;
        var description = template.Str("Description") ?? "";
        var cut = description.IndexOf(" Stops on ", StringComparison.Ordinal);
        var what = cut < 0 ? description : description[..cut];
        var actions = template.Prop("Actions")?.EnumerateObject().Select(a => a.Value.GetProperty("ActionId").GetString()!).ToList() ?? [];
        var stops = template.Prop("StopConditions")?.GetArrayLength() ?? 0;
        return $"{name}: {what} Actions: {string.Join(", ", actions)}; stops on {stops} alarm{(stops == 1 ? "" : "s")}.";
    }
}
