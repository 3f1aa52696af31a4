namespace Headroom.Blocks.Monitoring.Metrics;

/// <summary>
/// AWS/CloudFront metrics of one distribution. CloudFront publishes only in us-east-1 (dimension
/// Region=Global), so the metrics carry that region and an alarm on them must live in a us-east-1 stack.
/// OriginLatency and CacheHitRate need the distribution's additional metrics (a monitoring subscription).
/// </summary>
public sealed class CloudFrontMetrics(string distributionId, string label)
{
    public const string MetricRegion = "us-east-1";
    private readonly Dictionary<string, string> _dimensions = new() { ["DistributionId"] = distributionId, ["Region"] = "Global" };

    public Metric Requests(Duration period) => Create("Requests", "Sum", period, $"{label} requests");
    public Metric ErrorRate5xx(Duration period) => Create("5xxErrorRate", "Average", period, $"{label} 5xx %");
    public Metric ErrorRate4xx(Duration period) => Create("4xxErrorRate", "Average", period, $"{label} 4xx %");
    public Metric OriginLatency(Duration period, string percentile = "p90") => Create("OriginLatency", percentile, period, $"{label} origin latency {percentile} (ms)");
    public Metric CacheHitRate(Duration period) => Create("CacheHitRate", "Average", period, $"{label} cache hit %");
    public Metric BytesDownloaded(Duration period) => Create("BytesDownloaded", "Sum", period, $"{label} bytes downloaded");

    private Metric Create(string name, string statistic, Duration period, string text) =>
        MetricFactory.Create("AWS/CloudFront", name, statistic, period, _dimensions, text, MetricRegion);
}
