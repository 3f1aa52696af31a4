namespace Headroom.App.Checks;

/// <summary>
/// One problem a check found in a synthesized template. <see cref="Reason"/> is set when the finding is
/// acknowledged (a suppression with a written reason, see <see cref="Acknowledgements"/>); an
/// unacknowledged finding fails `headroom check`.
/// </summary>
/// <param name="Check">which check: "cloudformation", "cdk-nag", "headroom", "metric-catalog"</param>
/// <param name="Rule">the rule's ID, e.g. "F3031", "AwsSolutions-IAM5", "Headroom-Ingress"</param>
/// <param name="Stack">the stack name, e.g. "Headroom-prod-Data"</param>
/// <param name="LogicalId">the resource's logical ID, or "" for a finding about the whole template</param>
/// <param name="Message">what is wrong</param>
/// <param name="Fix">how to fix it</param>
/// <param name="Reason">the acknowledgement's reason, when acknowledged</param>
public sealed record Finding(string Check, string Rule, string Stack, string LogicalId, string Message, string Fix, string? Reason = null)
{
    public bool Acknowledged => Reason is not null;
}

/// <summary>
/// A check over every template of one synthesized environment. Checks read the templates only: they never
/// synthesize, never call AWS, and never read the environment's config.
/// </summary>
public interface ITemplateCheck
{
    /// <summary>Short name shown in the report's "check" column.</summary>
    string Name { get; }

    /// <summary>How many rules the check ran, for the report's "N checks ran" line.</summary>
    int RuleCount { get; }

    IEnumerable<Finding> Run(SynthesizedEnvironment environment);
}
