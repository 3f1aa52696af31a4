using Headroom.Blocks.Monitoring.Metrics;

namespace Headroom.Blocks.Monitoring.Alarms;

/// <summary>The alarms each Redis node asks for. Every node gets the replication-lag alarm when the group
/// has replicas: roles swap on failover, and a primary simply publishes no lag.</summary>
internal static class CacheAlarms
{
    public static void Create(AlarmFactory f, RedisMetrics m, string resource, bool hasReplicas)
    {
        f.Create(AlarmKinds.RedisEngineCpu, resource, m.EngineCpu);
        f.Create(AlarmKinds.RedisMemory, resource, m.MemoryUsagePercent);
        f.Create(AlarmKinds.RedisEvictions, resource, m.Evictions);
        f.Create(AlarmKinds.RedisConnections, resource, m.CurrentConnections);
        if (hasReplicas)
            f.Create(AlarmKinds.RedisReplicationLag, resource, m.ReplicationLag);
    }
}
