namespace Headroom.Blocks.Monitoring.Metrics;

/// <summary>AWS/RDS metrics of one DB instance (a primary or a read replica).</summary>
public sealed class RdsMetrics(string instanceIdentifier, string label)
{
    private const string Namespace = "AWS/RDS";
    private readonly Dictionary<string, string> _dimensions = new() { ["DBInstanceIdentifier"] = instanceIdentifier };

    public Metric Cpu(Duration period) => Create("CPUUtilization", "Average", period, $"{label} CPU %");
    public Metric FreeableMemory(Duration period) => Create("FreeableMemory", "Minimum", period, $"{label} freeable memory");
    public Metric FreeStorage(Duration period) => Create("FreeStorageSpace", "Minimum", period, $"{label} free storage");
    public Metric Connections(Duration period) => Create("DatabaseConnections", "Maximum", period, $"{label} connections");
    public Metric ReadLatency(Duration period, string percentile = "p90") => Create("ReadLatency", percentile, period, $"{label} read latency {percentile}");
    public Metric WriteLatency(Duration period, string percentile = "p90") => Create("WriteLatency", percentile, period, $"{label} write latency {percentile}");
    public Metric ReadIops(Duration period) => Create("ReadIOPS", "Average", period, $"{label} read IOPS");
    public Metric WriteIops(Duration period) => Create("WriteIOPS", "Average", period, $"{label} write IOPS");

    /// <summary>Replica lag; the statistic is a choice (see the rds-replica-lag kind).</summary>
    public Metric ReplicaLag(Duration period, string statistic = "Maximum") => Create("ReplicaLag", statistic, period, $"{label} replica lag");

    private Metric Create(string name, string statistic, Duration period, string text) =>
        MetricFactory.Create(Namespace, name, statistic, period, _dimensions, text);
}
