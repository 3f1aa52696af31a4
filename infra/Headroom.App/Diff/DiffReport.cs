using Headroom.App.Diagrams;
using Headroom.App.Stacks;

namespace Headroom.App.Diff;

/// <summary>Which side of the diff a stack or an environment exists on.</summary>
public enum Presence
{
    Both,
    /// <summary>Only in the working tree: everything in it is added.</summary>
    Added,
    /// <summary>Only in the base: everything in it is removed.</summary>
    Removed,
}

/// <summary>One stack of the diff. <paramref name="Note"/> says what the numbers alone do not (a move to another account or region).</summary>
public sealed record StackDiff(string Name, Presence Presence, StackChanges Changes, string? Note = null);

public sealed record EnvironmentDiff(string Name, Presence Presence, IReadOnlyList<StackDiff> Stacks)
{
    /// <summary>The working tree's blocks, to draw the change by (<see cref="ChangeDiagram"/>); null when unknown (the environment was removed).</summary>
    public BlockIndex? Blocks { get; init; }

    public bool HasChanges => Stacks.Any(s => !s.Changes.IsEmpty || s.Note is not null);
}

/// <summary>A destructive change to a stateful resource: what the gate stops and the report lists first.</summary>
public sealed record DestructiveChange(string Environment, string Stack, ResourceChange Resource);

/// <summary>Every environment's diff between the base revision and the working tree.</summary>
public sealed record DiffReport(string BaseLabel, string HeadLabel, string EngineVersion, IReadOnlyList<EnvironmentDiff> Environments)
{
    /// <summary>Each environment's capacity and monthly cost, before and after (empty when not computed).</summary>
    public IReadOnlyList<CapacityDelta> Capacity { get; init; } = [];

    public IReadOnlyList<DestructiveChange> DestructiveChanges =>
        Environments.SelectMany(e => e.Stacks.SelectMany(s => s.Changes.Resources
                .Where(r => r.IsDestructiveToData)
                .Select(r => new DestructiveChange(e.Name, s.Name, r))))
            .ToList();

    public bool HasChanges => Environments.Any(e => e.HasChanges);

    /// <summary>The stacks of both sides, as found in the two cloud assemblies.</summary>
    public sealed record StackSides(string Name, AssemblyStack? Base, AssemblyStack? Head);

    /// <summary>
    /// Groups the engine's per-stack changes by environment. <paramref name="environments"/> are the
    /// names diffed, each with the side(s) it exists on; <paramref name="stacks"/> are the stacks in
    /// the order to show them, as each side's cloud assembly lists them (null: not on that side).
    /// <paramref name="blocks"/> are the working tree's blocks per environment, for the change diagram.
    /// </summary>
    public static DiffReport Build(string baseLabel, string headLabel, IReadOnlyDictionary<string, Presence> environments,
        IReadOnlyList<StackSides> stacks, EngineOutput.Result engine, IReadOnlyDictionary<string, BlockIndex>? blocks = null)
    {
        var byEnvironment = environments.Keys.ToDictionary(n => n, _ => new List<StackDiff>());
        foreach (var stack in stacks)
        {
            var env = EnvironmentOf(stack.Name, environments.Keys);
            if (env is null) continue; // not one of ours (or an environment not asked for)
            var presence = stack.Base is null ? Presence.Added : stack.Head is null ? Presence.Removed : Presence.Both;
            var changes = engine.Stacks.TryGetValue(stack.Name, out var c) ? c : new StackChanges(stack.Name, [], [], false);
            string? note = null;
            if (stack is { Base: not null, Head: not null } && stack.Base.Environment != stack.Head.Environment)
                note = $"moves from {stack.Base.Environment} to {stack.Head.Environment}: CloudFormation creates a new stack there and leaves the old one in place";
            byEnvironment[env].Add(new StackDiff(stack.Name, presence, changes, note));
        }
        return new DiffReport(baseLabel, headLabel, engine.EngineVersion, environments
            .OrderBy(e => e.Key, StringComparer.Ordinal)
            .Select(e => new EnvironmentDiff(e.Key, e.Value, byEnvironment[e.Key]) { Blocks = blocks?.GetValueOrDefault(e.Key) })
            .ToList());
    }

    /// <summary>Stacks are named Headroom-&lt;env&gt;-&lt;part&gt;, and names may hold '-': the longest matching name wins.</summary>
    public static string? EnvironmentOf(string stackName, IEnumerable<string> environments) =>
        environments.Where(e => stackName.StartsWith(HeadroomStack.NameFor(e, ""), StringComparison.Ordinal))
            .OrderByDescending(e => e.Length)
            .FirstOrDefault();
}
