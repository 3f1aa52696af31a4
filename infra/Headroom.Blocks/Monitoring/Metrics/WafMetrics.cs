namespace Headroom.Blocks.Monitoring.Metrics;

/// <summary>
/// AWS/WAFV2 totals of one CloudFront-scope web ACL (Rule=ALL; no Region dimension for CloudFront
/// scope; published in us-east-1). WebACL is the web ACL's name.
/// </summary>
public sealed class WafMetrics(string webAclName, string label)
{
    public const string MetricRegion = "us-east-1";
    private readonly Dictionary<string, string> _dimensions = new() { ["WebACL"] = webAclName, ["Rule"] = "ALL" };

    public Metric Allowed(Duration period) => Create("AllowedRequests", period, $"{label} allowed");
    public Metric Blocked(Duration period) => Create("BlockedRequests", period, $"{label} blocked");

    /// <summary>Blocked as a percentage of all requests the web ACL judged.</summary>
    public MathExpression BlockedRate(Duration period) =>
        MetricFactory.Math("IF(FILL(allowed, 0) + FILL(blocked, 0) > 0, 100 * FILL(blocked, 0) / (FILL(allowed, 0) + FILL(blocked, 0)), 0)",
            period, $"{label} blocked %", label, new Dictionary<string, IMetric> { ["allowed"] = Allowed(period), ["blocked"] = Blocked(period) });

    private Metric Create(string name, Duration period, string text) =>
        MetricFactory.Create("AWS/WAFV2", name, "Sum", period, _dimensions, text, MetricRegion);
}
