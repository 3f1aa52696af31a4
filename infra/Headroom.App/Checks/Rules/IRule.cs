namespace Headroom.App.Checks.Rules;

/// <summary>
/// One rule of Headroom's own pack (<see cref="HeadroomRulePack"/>), one per file in the style of cdk-nag.
/// A rule reads the synthesized templates of one environment only: never the config, never AWS.
/// </summary>
public interface IRule
{
    /// <summary>The ID findings carry and acknowledgements name, "Headroom-&lt;Name&gt;".</summary>
    string Id { get; }

    /// <summary>What the rule demands, in one line.</summary>
    string Title { get; }

    /// <summary>How to fix a violation.</summary>
    string Fix { get; }

    IEnumerable<RuleViolation> Evaluate(SynthesizedEnvironment env);
}

/// <summary>
/// One violation: of a resource, or of a whole stack when <see cref="Resource"/> is null (which cannot be
/// acknowledged: there is no resource to carry the acknowledgement). <see cref="AppliesTo"/> names one of
/// several findings of the same rule on the same resource ("at-rest", a property path, an alarm kind), so
/// that each can be acknowledged alone.
/// </summary>
public sealed record RuleViolation(string Stack, TemplateResource? Resource, string Message, string? AppliesTo = null)
{
    public string LogicalId => Resource?.LogicalId ?? "";

    public static RuleViolation Of(TemplateResource resource, string message, string? appliesTo = null) =>
        new(resource.Stack, resource, message, appliesTo);
}
