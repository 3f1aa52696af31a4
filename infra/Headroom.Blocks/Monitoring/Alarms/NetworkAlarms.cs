using Headroom.Blocks.Monitoring.Metrics;

namespace Headroom.Blocks.Monitoring.Alarms;

/// <summary>The alarms a NAT gateway asks for.</summary>
internal static class NetworkAlarms
{
    public static void Create(AlarmFactory f, NatMetrics m, string resource) =>
        f.Create(AlarmKinds.NatPortAllocationErrors, resource, m.PortAllocationErrors);
}
