namespace Headroom.App.Checks.Rules;

/// <summary>
/// Every resource of a monitored type has its alarms, each alarm notifies on ALARM and OK and links a
/// runbook, and every resource type is classified (<see cref="AlarmCoverage"/>). Whether the linked
/// runbook file exists is checked by the tests, which have the repository; the app does not ship it.
/// </summary>
public sealed class AlarmsRule : IRule
{
    public string Id => "Headroom-Alarms";

    public string Title => "Every monitored resource has its alarms, and every alarm notifies and links a runbook";

    public string Fix => "create the resource through its block and call AddMonitoring() (the Monitoring block), or, for a new resource type, "
                         + "add its alarms to the block and a row to AlarmCoverage.Requirements, or list it in AlarmCoverage.NeedNoAlarm with the reason";

    public IEnumerable<RuleViolation> Evaluate(SynthesizedEnvironment env)
    {
        foreach (var gap in new AlarmCoverage(env.Stacks).Gaps())
            // A gap about a whole stack (an unclassified type, a missing composite) has no resource.
            yield return new RuleViolation(gap.Stack, RuleJson.Resource(env, gap.Stack, gap.LogicalId), gap.Message, gap.AppliesTo);
    }
}
