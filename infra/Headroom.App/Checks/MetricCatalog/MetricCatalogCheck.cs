namespace Headroom.App.Checks.MetricCatalog;

/// <summary>
/// Every metric an alarm, a dashboard widget or a scaling policy reads must be one AWS documents
/// (<see cref="MetricCatalog"/>): a known namespace, a metric published in it, a dimension set AWS
/// publishes it under and a statistic CloudWatch knows (and, where AWS names them, a meaningful one).
/// CloudWatch itself accepts any of these, and an alarm on a metric nobody publishes never fires.
/// A finding is acknowledged with a cdk-nag style suppression on the resource (its <c>applies_to</c> may
/// name "Namespace/MetricName").
/// </summary>
public sealed class MetricCatalogCheck(MetricCatalog catalog) : ITemplateCheck
{
    public const string NamespaceRule = "MetricCatalog-Namespace";
    public const string MetricRule = "MetricCatalog-Metric";
    public const string DimensionsRule = "MetricCatalog-Dimensions";
    public const string StatisticRule = "MetricCatalog-Statistic";
    public const string UnreadableRule = "MetricCatalog-Unreadable";

    public MetricCatalogCheck() : this(MetricCatalog.Load()) { }

    public string Name => "metric-catalog";

    public int RuleCount => 5;

    public IEnumerable<Finding> Run(SynthesizedEnvironment environment) => Run(environment.Stacks);

    public IEnumerable<Finding> Run(IEnumerable<SynthesizedStack> stacks)
    {
        var refs = MetricReferences.Of(stacks);
        var seen = new HashSet<(string, string, string, string)>();
        foreach (var m in refs.Metrics)
            foreach (var (rule, message, fix) in Judge(m))
                // A dashboard shows one metric in several widgets: one finding per resource, rule and problem.
                if (seen.Add((m.Resource.Stack, m.Resource.LogicalId, rule, message)))
                    yield return new Finding(Name, rule, m.Resource.Stack, m.Resource.LogicalId, message, fix,
                        Acknowledgements.ReasonFor(m.Resource, rule, $"{m.Namespace}/{m.MetricName}"));
        foreach (var u in refs.Unreadable)
            yield return new Finding(Name, UnreadableRule, u.Resource.Stack, u.Resource.LogicalId,
                $"{Where(u.Resource, u.Source)}: cannot read the metric ({u.Problem})",
                "Write the metric's namespace, name, dimension names and statistic as literals, so the metric catalog can check them.",
                Acknowledgements.ReasonFor(u.Resource, UnreadableRule));
    }

    private IEnumerable<(string Rule, string Message, string Fix)> Judge(MetricReference m)
    {
        var what = $"{Where(m.Resource, m.Source)} reads {m}";
        var validStatistic = CloudWatchStatistics.IsValid(m.Statistic);
        if (!validStatistic)
            yield return (StatisticRule, $"{what}: '{m.Statistic}' is not a CloudWatch statistic",
                "Use SampleCount, Average, Sum, Minimum, Maximum, a percentile such as p99 or p99.9, or a trimmed statistic such as tm90 or TM(10%:90%).");

        if (!catalog.Namespaces.TryGetValue(m.Namespace, out var ns))
        {
            yield return (NamespaceRule, $"{what}: namespace {m.Namespace} is not in the metric catalog",
                $"Use an AWS namespace the catalog documents ({string.Join(", ", catalog.Namespaces.Keys)}), or add this one to "
                + "infra/Headroom.App/Checks/MetricCatalog/metric-catalog.json with its AWS documentation page.");
            yield break;
        }
        if (!ns.Metrics.TryGetValue(m.MetricName, out var metric))
        {
            var near = Nearest(m.MetricName, ns.Metrics.Keys);
            yield return (MetricRule, $"{what}: {m.Namespace} documents no metric {m.MetricName}",
                (near is null ? "Use a metric AWS documents" : $"Did you mean {near}? Use a metric AWS documents")
                + $" for {m.Namespace}: {ns.Docs} (then list it in metric-catalog.json).");
            yield break;
        }
        if (!metric.HasDimensionSet(m.Dimensions))
            yield return (DimensionsRule, $"{what}: AWS publishes {m.MetricName} by {Sets(metric)}, not by {m.DimensionText}",
                $"Give the metric one of the documented dimension sets: {metric.Docs}");
        if (validStatistic && !metric.Allows(m.Statistic))
            yield return (StatisticRule, $"{what}: {m.Statistic} is not a meaningful statistic of {m.MetricName}; AWS names {string.Join(", ", metric.Statistics!)}",
                $"Use {string.Join(" or ", metric.Statistics!.Select(s => s == "pNN" ? "a percentile (pNN)" : s))}: {metric.Docs}");
    }

    private static string Sets(CatalogMetric metric) =>
        string.Join(" or ", metric.DimensionSets.Select(s => "{" + string.Join(", ", s) + "}"));

    private static string Where(TemplateResource r, string source) => source.Length == 0 ? Kind(r) : $"{Kind(r)} {source}";

    private static string Kind(TemplateResource r) => r.Type switch
    {
        "AWS::CloudWatch::Alarm" => "Alarm",
        "AWS::CloudWatch::Dashboard" => "Dashboard",
        "AWS::AutoScaling::ScalingPolicy" => "Scaling policy",
        _ => r.Type,
    };

    /// <summary>The documented name closest to a misspelt one (CurrentConnections: CurrConnections), if close.</summary>
    private static string? Nearest(string name, IEnumerable<string> known) =>
        known.Select(k => (k, d: Distance(name.ToLowerInvariant(), k.ToLowerInvariant())))
            .Where(x => x.d <= Math.Max(2, name.Length / 4))
            .OrderBy(x => x.d).ThenBy(x => x.k, StringComparer.Ordinal)
            .Select(x => x.k).FirstOrDefault();

    private static int Distance(string a, string b)
    {
        var row = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var diagonal = row[0];
            row[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var above = row[j];
                row[j] = Math.Min(Math.Min(row[j] + 1, row[j - 1] + 1), diagonal + (a[i - 1] == b[j - 1] ? 0 : 1));
                diagonal = above;
            }
        }
        return row[b.Length];
    }
}
