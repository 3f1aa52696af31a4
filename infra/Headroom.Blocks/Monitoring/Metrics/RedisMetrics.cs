namespace Headroom.Blocks.Monitoring.Metrics;

/// <summary>
/// AWS/ElastiCache metrics of one node (a member cluster of a replication group, CacheClusterId such as
/// "rg-001"). Redis publishes per node; a replication group has no aggregate for these.
/// </summary>
public sealed class RedisMetrics(string cacheClusterId, string label)
{
    private readonly Dictionary<string, string> _dimensions = new() { ["CacheClusterId"] = cacheClusterId };

    public Metric EngineCpu(Duration period) => Create("EngineCPUUtilization", "Average", period, $"{label} engine CPU %");
    public Metric MemoryUsagePercent(Duration period) => Create("DatabaseMemoryUsagePercentage", "Average", period, $"{label} memory %");
    public Metric Evictions(Duration period) => Create("Evictions", "Sum", period, $"{label} evictions");
    /// <summary>Client connections, replicas' excluded. ElastiCache calls it CurrConnections; there is no "CurrentConnections".</summary>
    public Metric CurrentConnections(Duration period) => Create("CurrConnections", "Maximum", period, $"{label} connections");
    public Metric ReplicationLag(Duration period) => Create("ReplicationLag", "Maximum", period, $"{label} replication lag");
    public Metric Hits(Duration period) => Create("CacheHits", "Sum", period, $"{label} hits");
    public Metric Misses(Duration period) => Create("CacheMisses", "Sum", period, $"{label} misses");
    public Metric GetLatency(Duration period) => Create("GetTypeCmdsLatency", "Average", period, $"{label} get latency (µs)");
    public Metric SetLatency(Duration period) => Create("SetTypeCmdsLatency", "Average", period, $"{label} set latency (µs)");

    private Metric Create(string name, string statistic, Duration period, string text) =>
        MetricFactory.Create("AWS/ElastiCache", name, statistic, period, _dimensions, text);
}
