namespace Headroom.Blocks.Monitoring;

/// <summary>The parts of an environment the dashboard and the preview group alarms by.</summary>
public enum Tier { Edge, LoadBalancer, Fleets, Database, Cache, Queues, Network }

/// <summary>How an alarm is evaluated: the threshold (in the kind's <see cref="AlarmKind.Unit"/>) and M of N periods.</summary>
public sealed partial record AlarmSettings(
    [property: Field("within the kind's range, in its unit", Default = "per kind, below")] double Threshold,
    [property: Field("60, 300, 900, 3600", Default = "per kind")] int PeriodSeconds,
    [property: Field("1 to `evaluationPeriods` (M)", Default = "per kind")] int DatapointsToAlarm,
    [property: Field("1 to one day's worth of periods (N of \"M of N\")", Default = "per kind")] int EvaluationPeriods)
{
    /// <summary>CloudWatch evaluates at most one day of periods (for periods under an hour).</summary>
    public const int MaxEvaluationSeconds = 86_400;

    public static readonly int[] Periods = [60, 300, 900, 3600];
}

/// <summary>
/// One kind of alarm: what it watches, what it means, its runbook (docs/runbooks/&lt;Id&gt;.md) and its
/// default evaluation, taken from AWS's recommended alarms. Thresholds are in the kind's <see cref="Unit"/>;
/// some are relative to the resource (a percentage of the instance's memory) and made absolute per resource.
/// </summary>
public sealed record AlarmKind
{
    /// <summary>kebab-case; names the alarms and the runbook file.</summary>
    public required string Id { get; init; }
    public required Tier Tier { get; init; }
    public required string Title { get; init; }
    /// <summary>What it means when it fires, in words for the person on call.</summary>
    public required string Meaning { get; init; }
    /// <summary>The condition with {0} for the threshold, such as "p99 above {0} s".</summary>
    public required string Condition { get; init; }
    public required string Unit { get; init; }
    public required ComparisonOperator Comparison { get; init; }
    public required AlarmSettings Defaults { get; init; }
    public required double MinThreshold { get; init; }
    public required double MaxThreshold { get; init; }
    public required TreatMissingData MissingData { get; init; }
    /// <summary>Why missing data is treated the way it is: every kind decides deliberately.</summary>
    public required string MissingDataReason { get; init; }
    /// <summary>Users see it directly: it joins the composite "site degraded" alarm that pages.</summary>
    public bool UserFacing { get; init; }

    /// <summary>Its key under `monitoring.alarms` in an environment file: alb-5xx-rate is alb5xxRate.</summary>
    public string ConfigKey => string.Concat(Id.Split('-').Select((part, i) => i == 0 ? part : char.ToUpperInvariant(part[0]) + part[1..]));

    public string RunbookPath => $"{AlarmKinds.RunbookFolder}/{Id}.md";

    public string DescribeCondition(double threshold) =>
        string.Format(CultureInfo.InvariantCulture, Condition, threshold.ToString("0.###", CultureInfo.InvariantCulture));
}
