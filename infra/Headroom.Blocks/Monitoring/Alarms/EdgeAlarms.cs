using Headroom.Blocks.Monitoring.Metrics;

namespace Headroom.Blocks.Monitoring.Alarms;

/// <summary>The alarms a CloudFront distribution and its web ACL ask for (us-east-1 only).</summary>
internal static class EdgeAlarms
{
    public static void CreateDistribution(AlarmFactory f, CloudFrontMetrics m, string resource)
    {
        f.Create(AlarmKinds.CloudFront5xxRate, resource, m.ErrorRate5xx);
        f.Create(AlarmKinds.CloudFrontOriginLatency, resource, p => m.OriginLatency(p, "p90"));
    }

    public static void CreateWebAcl(AlarmFactory f, WafMetrics m, string resource) =>
        f.Create(AlarmKinds.WafBlockedSurge, resource, m.Blocked);
}
