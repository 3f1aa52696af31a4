namespace Headroom.Blocks.Monitoring.Metrics;

/// <summary>
/// RDS Proxy metrics (AWS/RDS by ProxyName). A proxy runs on several hidden instances that each publish,
/// so connection counts are summed.
/// </summary>
public sealed class ProxyMetrics(string proxyName, string label)
{
    private readonly Dictionary<string, string> _dimensions = new() { ["ProxyName"] = proxyName };

    public Metric ClientConnections(Duration period) => Create("ClientConnections", "Sum", period, $"{label} client connections");
    public Metric DatabaseConnections(Duration period) => Create("DatabaseConnections", "Sum", period, $"{label} database connections");
    public Metric ConnectionsSetupFailedAuth(Duration period) => Create("ClientConnectionsSetupFailedAuth", "Sum", period, $"{label} failed logins");
    public Metric QueryResponseLatency(Duration period) => Create("QueryDatabaseResponseLatency", "Average", period, $"{label} query latency (µs)");
    public Metric BorrowLatency(Duration period) => Create("DatabaseConnectionsBorrowLatency", "Average", period, $"{label} borrow latency (µs)");

    private Metric Create(string name, string statistic, Duration period, string text) =>
        MetricFactory.Create("AWS/RDS", name, statistic, period, _dimensions, text);
}
