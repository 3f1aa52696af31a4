namespace Headroom.Blocks.Monitoring.Metrics;

/// <summary>AWS/NATGateway metrics of one NAT gateway.</summary>
public sealed class NatMetrics(string natGatewayId, string label)
{
    private const string Namespace = "AWS/NATGateway";
    private readonly Dictionary<string, string> _dimensions = new() { ["NatGatewayId"] = natGatewayId };

    public Metric PortAllocationErrors(Duration period) => Sum("ErrorPortAllocation", period, $"{label} port allocation errors");
    public Metric PacketsDropped(Duration period) => Sum("PacketsDropCount", period, $"{label} packets dropped");
    public Metric BytesOut(Duration period) => Sum("BytesOutToDestination", period, $"{label} bytes out");
    public Metric BytesIn(Duration period) => Sum("BytesInFromDestination", period, $"{label} bytes in");
    public Metric ActiveConnections(Duration period) =>
        MetricFactory.Create(Namespace, "ActiveConnectionCount", "Maximum", period, _dimensions, $"{label} active connections");

    private Metric Sum(string name, Duration period, string text) => MetricFactory.Create(Namespace, name, "Sum", period, _dimensions, text);
}
