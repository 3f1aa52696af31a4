using Headroom.App.Checks;

namespace Headroom.App.Diff;

/// <summary>What a change does to a resource, as the CDK's diff engine rates it (its ResourceImpact).</summary>
public enum Impact
{
    NoChange,
    Create,
    Import,
    Update,
    MayReplace,
    Replace,
    Orphan,
    Destroy,
}

public static class Impacts
{
    public static Impact Parse(string? engineName) => engineName switch
    {
        "WILL_CREATE" => Impact.Create,
        "WILL_IMPORT" => Impact.Import,
        "WILL_UPDATE" => Impact.Update,
        "MAY_REPLACE" => Impact.MayReplace,
        "WILL_REPLACE" => Impact.Replace,
        "WILL_ORPHAN" => Impact.Orphan,
        "WILL_DESTROY" => Impact.Destroy,
        "NO_CHANGE" or null => Impact.NoChange,
        _ => throw new FormatException($"unknown change impact '{engineName}' from the diff engine"),
    };

    /// <summary>Replaced, deleted or left behind: the old physical resource (and what it holds) is gone from the stack.</summary>
    public static bool IsDestructive(this Impact impact) =>
        impact is Impact.MayReplace or Impact.Replace or Impact.Orphan or Impact.Destroy;

    /// <summary>The word the report uses; close to `cdk diff`'s own wording.</summary>
    public static string Word(this Impact impact) => impact switch
    {
        Impact.Create => "add",
        Impact.Import => "import",
        Impact.Update => "modify",
        Impact.MayReplace => "may replace",
        Impact.Replace => "replace",
        Impact.Orphan => "orphan (removed, resource kept)",
        Impact.Destroy => "remove",
        _ => "no change",
    };

    /// <summary>What a property change means for its resource, for the details section.</summary>
    public static string PropertyNote(this Impact impact) => impact switch
    {
        Impact.Replace => "requires replacement",
        Impact.MayReplace => "may require replacement",
        _ => "in place",
    };

    /// <summary>Sort key: the worst first.</summary>
    public static int Severity(this Impact impact) => impact switch
    {
        Impact.Destroy => 0,
        Impact.Orphan => 1,
        Impact.Replace => 2,
        Impact.MayReplace => 3,
        Impact.Update => 4,
        Impact.Import => 5,
        Impact.Create => 6,
        _ => 7,
    };
}

/// <summary>One changed property (or other resource attribute: DeletionPolicy, UpdatePolicy, Metadata, ...).</summary>
public sealed record PropertyChange(string Name, bool IsProperty, Impact Impact, JsonElement Old, JsonElement New);

/// <summary>A resource's DeletionPolicy and UpdateReplacePolicy on one side of the diff, as written (null: unset, so Delete).</summary>
public sealed record ResourcePolicies(string? DeletionPolicy, string? UpdateReplacePolicy)
{
    /// <summary>See <see cref="Stateful"/>: one of them keeps the data.</summary>
    public bool IsStateful => Stateful.Is(DeletionPolicy, UpdateReplacePolicy);
}

/// <summary>One resource that differs between the two templates; <paramref name="OldPolicies"/> and
/// <paramref name="NewPolicies"/> are null on the side where it does not exist.</summary>
public sealed record ResourceChange(string LogicalId, string? OldType, string? NewType, Impact Impact, IReadOnlyList<PropertyChange> Changes,
    ResourcePolicies? OldPolicies = null, ResourcePolicies? NewPolicies = null)
{
    public string Type => NewType ?? OldType ?? "?";

    /// <summary>
    /// Its data is protected (<see cref="Stateful"/>), judged on the base template's resource: the one a
    /// replacement or removal destroys. For a type change (CloudFormation replaces) the new resource
    /// counts too. A resource of a data type with Delete is expendable (a read replica): not stateful.
    /// </summary>
    public bool IsStateful =>
        OldPolicies?.IsStateful == true || (OldType != NewType && NewPolicies?.IsStateful == true);

    /// <summary>Replacing, deleting or orphaning a stateful resource: what the gate stops.</summary>
    public bool IsDestructiveToData => IsStateful && Impact.IsDestructive();
}

public sealed record OutputChange(string Name, string Change);

/// <summary>What the diff engine found between one stack's two templates.</summary>
public sealed record StackChanges(string Name, IReadOnlyList<ResourceChange> Resources, IReadOnlyList<OutputChange> Outputs, bool PermissionsBroadened)
{
    public bool IsEmpty => Resources.Count == 0 && Outputs.Count == 0;

    public int Count(params Impact[] impacts) => Resources.Count(r => impacts.Contains(r.Impact));
    public int ToAdd => Count(Impact.Create, Impact.Import);
    public int ToModify => Count(Impact.Update, Impact.NoChange);
    public int ToReplace => Count(Impact.Replace, Impact.MayReplace);
    public int ToRemove => Count(Impact.Destroy, Impact.Orphan);
}

/// <summary>
/// Reads what diff-templates.mjs prints: the contract between the Node side (which knows
/// CloudFormation) and the C# side (which renders and gates). Kept apart so tests feed it JSON.
/// </summary>
public static class EngineOutput
{
    public sealed record Result(string EngineVersion, IReadOnlyDictionary<string, StackChanges> Stacks);

    public static Result Parse(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        var stacks = new Dictionary<string, StackChanges>(StringComparer.Ordinal);
        foreach (var s in root.GetProperty("stacks").EnumerateArray())
        {
            var name = s.GetProperty("name").GetString()!;
            var resources = s.GetProperty("resources").EnumerateArray().Select(r => new ResourceChange(
                r.GetProperty("logicalId").GetString()!,
                NullableString(r, "oldType"),
                NullableString(r, "newType"),
                Impacts.Parse(NullableString(r, "impact")),
                r.TryGetProperty("changes", out var changes)
                    ? changes.EnumerateArray().Select(c => new PropertyChange(
                        c.GetProperty("name").GetString()!,
                        c.GetProperty("kind").GetString() == "property",
                        Impacts.Parse(NullableString(c, "impact")),
                        c.TryGetProperty("old", out var o) ? o.Clone() : default,
                        c.TryGetProperty("new", out var n) ? n.Clone() : default)).ToList()
                    : [],
                Policies(r, "oldPolicies"),
                Policies(r, "newPolicies"))).ToList();
            var outputs = s.TryGetProperty("outputs", out var outs)
                ? outs.EnumerateArray().Select(o => new OutputChange(o.GetProperty("name").GetString()!, o.GetProperty("change").GetString()!)).ToList()
                : [];
            var broadened = s.TryGetProperty("permissionsBroadened", out var b) && b.ValueKind == JsonValueKind.True;
            stacks[name] = new StackChanges(name, resources, outputs, broadened);
        }
        return new Result(root.TryGetProperty("engine", out var e) ? e.GetString() ?? "?" : "?", stacks);
    }

    /// <summary>{"deletionPolicy", "updateReplacePolicy"}, or null where the resource is absent on that side.</summary>
    private static ResourcePolicies? Policies(JsonElement resource, string property) =>
        resource.TryGetProperty(property, out var p) && p.ValueKind == JsonValueKind.Object
            ? new ResourcePolicies(
                p.TryGetProperty("deletionPolicy", out var d) ? Stateful.Text(d) : null,
                p.TryGetProperty("updateReplacePolicy", out var u) ? Stateful.Text(u) : null)
            : null;

    private static string? NullableString(JsonElement e, string property) =>
        e.TryGetProperty(property, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
