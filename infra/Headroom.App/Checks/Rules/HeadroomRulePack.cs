namespace Headroom.App.Checks.Rules;

/// <summary>
/// Headroom's own rules for what users add to our blocks, run over every stack of one environment. A
/// violation the resource acknowledges (cdk-nag metadata with a written reason) becomes an acknowledged
/// finding; any other fails the check. Suppressions without a real reason are findings of their own.
/// </summary>
public sealed class HeadroomRulePack : ITemplateCheck
{
    public const string CheckName = "headroom";
    public const string UnreasonedRuleId = "Headroom-UnreasonedAcknowledgement";

    /// <summary>Every rule, one line each: a new rule is registered here.</summary>
    public static IReadOnlyList<IRule> DefaultRules { get; } =
    [
        new StatefulRetainedRule(),
        new StatefulPinnedRule(),
        new OpenIngressRule(),
        new EncryptionRule(),
        new Imdsv2Rule(),
        new AlarmsRule(),
        new PlaintextSecretRule(),
        new PlainHttpOriginRule(),
    ];

    public HeadroomRulePack(IReadOnlyList<IRule>? rules = null) => Rules = rules ?? DefaultRules;

    public IReadOnlyList<IRule> Rules { get; }

    public string Name => CheckName;

    // The unreasoned-acknowledgement rule runs besides the listed ones.
    public int RuleCount => Rules.Count + 1;

    public IEnumerable<Finding> Run(SynthesizedEnvironment environment)
    {
        foreach (var rule in Rules)
            foreach (var v in rule.Evaluate(environment))
            {
                var reason = v.Resource is null ? null : Acknowledgements.ReasonFor(v.Resource, rule.Id, v.AppliesTo);
                yield return new Finding(CheckName, rule.Id, v.Stack, v.LogicalId, v.Message, rule.Fix, reason);
            }

        // Never acknowledged: a suppression must explain itself, and one that does not cannot excuse itself.
        foreach (var resource in environment.Resources)
            foreach (var entry in Acknowledgements.Unreasoned(resource))
                yield return new Finding(CheckName, UnreasonedRuleId, resource.Stack, resource.LogicalId,
                    $"the acknowledgement of {entry.Id}{(entry.AppliesTo is { Count: > 0 } a ? $" ({string.Join(", ", a)})" : "")} has "
                    + (string.IsNullOrWhiteSpace(entry.Reason) ? "no reason" : $"a reason shorter than {Acknowledgements.MinimumReasonLength} characters"),
                    $"write why the finding is accepted (at least {Acknowledgements.MinimumReasonLength} characters) in the suppression's reason, or fix the finding and remove the suppression");
    }
}
