using Headroom.Blocks.Monitoring.Metrics;

namespace Headroom.Blocks.Monitoring.Alarms;

/// <summary>The alarms a DB instance (primary or replica) and an RDS Proxy ask for.</summary>
internal static class DatabaseAlarms
{
    private const double GiB = 1024d * 1024 * 1024;

    public static void Create(AlarmFactory f, RdsMetrics m, DatabaseInstanceTarget t)
    {
        var memory = t.MemoryGiB * GiB;
        var storage = t.AllocatedStorageGiB * GiB;
        f.Create(AlarmKinds.RdsCpu, t.Label, m.Cpu);
        f.Create(AlarmKinds.RdsFreeableMemory, t.Label, m.FreeableMemory, pct => Math.Round(memory * pct / 100), AlarmFactory.Gib);
        f.Create(AlarmKinds.RdsFreeStorage, t.Label, m.FreeStorage, pct => Math.Round(storage * pct / 100), AlarmFactory.Gib);
        f.Create(AlarmKinds.RdsConnections, t.Label, m.Connections, pct => Math.Floor(t.MaxConnections * pct / 100),
            n => $"{n:0} of {t.MaxConnections} connections");
        f.Create(AlarmKinds.RdsReadLatency, t.Label, p => m.ReadLatency(p, "p90"));
        f.Create(AlarmKinds.RdsWriteLatency, t.Label, p => m.WriteLatency(p, "p90"));
        if (t.IsReplica)
            f.Create(AlarmKinds.RdsReplicaLag, t.Label, p => m.ReplicaLag(p, "Minimum"));
    }

    public static void CreateProxy(AlarmFactory f, ProxyMetrics m, string resource) =>
        f.Create(AlarmKinds.RdsProxyClientConnections, resource, m.ClientConnections);
}
