namespace Headroom.App.Checks.Rules;

/// <summary>
/// Every stateful resource's logical ID (<see cref="Stateful"/>: its DeletionPolicy or UpdateReplacePolicy
/// keeps the data) is pinned in <c>pinned-logical-ids.txt</c> with its stack part (Network, Data, App,
/// Edge). CloudFormation replaces a resource whose logical ID changes, so a refactor that renames a
/// database's construct path would replace the database; pinning makes that fail here, and makes adding a
/// stateful resource a deliberate line in a reviewed file. Expendable resources (Delete) are not pinned.
/// </summary>
public sealed class StatefulPinnedRule : IRule
{
    /// <summary>Where the list is embedded (Headroom.App.csproj embeds Checks/**/*.txt under this name).</summary>
    public const string ResourceName = "Headroom.App.Checks.pinned-logical-ids.txt";

    public StatefulPinnedRule() : this(Parse(ReadEmbedded())) { }

    public StatefulPinnedRule(IEnumerable<(string Part, string LogicalId)> pinned) => Pinned = pinned.ToHashSet();

    public IReadOnlySet<(string Part, string LogicalId)> Pinned { get; }

    public string Id => "Headroom-StatefulPinned";

    public string Title => "Stateful resources keep the logical IDs pinned in pinned-logical-ids.txt";

    public string Fix => "if the logical ID changed in a refactor, restore it (keep the construct ID and path, or OverrideLogicalId); "
                         + "if the resource is new, add '<Part> <LogicalId>' to infra/Headroom.App/Checks/Rules/pinned-logical-ids.txt";

    public IEnumerable<RuleViolation> Evaluate(SynthesizedEnvironment env)
    {
        foreach (var stack in env.Stacks)
        {
            var part = Part(env, stack.Name);
            foreach (var resource in stack.Resources.Where(r => Stateful.Is(r.Raw) && !Pinned.Contains((part, r.LogicalId))))
                yield return RuleViolation.Of(resource,
                    $"{resource.Type} {resource.LogicalId} is stateful (DeletionPolicy {Stateful.Policy(resource.Raw, Stateful.DeletionPolicy) ?? "unset"}, "
                    + $"UpdateReplacePolicy {Stateful.Policy(resource.Raw, Stateful.UpdateReplacePolicy) ?? "unset"}) but not pinned for the {part} stack: "
                    + "a renamed logical ID makes CloudFormation replace it"
                    + (DataTypes.Reasons.TryGetValue(resource.Type, out var reason) ? $" ({reason})" : ""));
        }
    }

    /// <summary>The stack's part: "Data" of "Headroom-prod-Data"; a stack not named so is its own part.</summary>
    public static string Part(SynthesizedEnvironment env, string stackName)
    {
        var prefix = $"Headroom-{env.Config.Name}-";
        return stackName.StartsWith(prefix, StringComparison.Ordinal) ? stackName[prefix.Length..] : stackName;
    }

    /// <summary>Lines "&lt;Part&gt; &lt;LogicalId&gt;"; blank lines and "#" comments are skipped. A malformed line is an error, not a silent skip.</summary>
    public static IReadOnlyList<(string Part, string LogicalId)> Parse(string text)
    {
        var pins = new List<(string, string)>();
        var number = 0;
        foreach (var raw in text.Split('\n'))
        {
            number++;
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var fields = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length != 2)
                throw new FormatException($"pinned-logical-ids.txt:{number}: expected '<Part> <LogicalId>', got '{line}'");
            pins.Add((fields[0], fields[1]));
        }
        return pins;
    }

    public static string ReadEmbedded()
    {
        using var stream = typeof(StatefulPinnedRule).Assembly.GetManifestResourceStream(ResourceName)
                           ?? throw new InvalidOperationException($"embedded resource {ResourceName} is missing");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
