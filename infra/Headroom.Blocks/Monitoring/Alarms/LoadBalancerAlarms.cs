using Headroom.Blocks.Monitoring.Metrics;

namespace Headroom.Blocks.Monitoring.Alarms;

/// <summary>The alarms an Application Load Balancer and its target group ask for.</summary>
internal static class LoadBalancerAlarms
{
    public static void Create(AlarmFactory f, AlbMetrics m, string resource)
    {
        f.Create(AlarmKinds.Alb5xxRate, resource, m.Elb5xxRate);
        f.Create(AlarmKinds.AlbTarget5xxRate, resource, m.Target5xxRate);
        f.Create(AlarmKinds.AlbTargetResponseTime, resource, p => m.TargetResponseTime(p, "p99"));
        f.Create(AlarmKinds.AlbUnhealthyHosts, resource, m.UnhealthyHosts);
        f.Create(AlarmKinds.AlbRejectedConnections, resource, m.RejectedConnections);
    }

    /// <summary>A further target group of the load balancer: the same kinds, on its own metrics, where a target group has them.</summary>
    public static void CreateForTargetGroup(AlarmFactory f, AlbMetrics m, string resource)
    {
        f.Create(AlarmKinds.AlbTarget5xxRate, resource, m.TargetGroupTarget5xxRate);
        f.Create(AlarmKinds.AlbTargetResponseTime, resource, p => m.TargetGroupResponseTime(p, "p99"));
        f.Create(AlarmKinds.AlbUnhealthyHosts, resource, m.UnhealthyHosts);
    }
}
