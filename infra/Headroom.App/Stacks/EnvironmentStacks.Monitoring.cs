using Headroom.Blocks.Monitoring;

namespace Headroom.App.Stacks;

public sealed partial class EnvironmentStacks
{
    private Monitoring? _monitoring;

    /// <summary>
    /// The App stack's monitoring: ops topic, alarms, dashboard. Made on first use, because blocks wired
    /// before <see cref="AddMonitoring"/> (the fleets' scaling notifications) already need its topic.
    /// </summary>
    public Monitoring MonitoringBlock => _monitoring ??= NewMonitoring(App, dashboard: true);

    private Monitoring NewMonitoring(HeadroomStack stack, bool dashboard)
    {
        var cfg = Config.Monitoring;
        return new Monitoring(stack, "Monitoring", new MonitoringProps
        {
            NamePrefix = NamePrefix,
            Emails = cfg.Emails,
            WebhookUrl = cfg.WebhookUrl,
            RunbookBaseUrl = cfg.RunbookBaseUrl ?? "",
            Alarms = cfg.EffectiveAlarms(),
            DashboardName = dashboard ? NamePrefix : null,
        });
    }

    /// <summary>Called last: every block exists, so each one's alarms and dashboard widgets can be added.</summary>
    private void AddMonitoring()
    {
        var monitoring = MonitoringBlock;
        for (var i = 0; i < NetworkBlock.NatGateways.Count; i++)
            monitoring.MonitorNatGateway(new NatGatewayTarget(NetworkBlock.NatGatewayZones[i], NetworkBlock.NatGateways[i].AttrNatGatewayId));
        monitoring.MonitorLoadBalancer(new LoadBalancerTarget("web", WebLoadBalancer.Alb.LoadBalancerFullName, WebLoadBalancer.TargetGroup.TargetGroupFullName));
        monitoring.MonitorFleet(new FleetTarget("web", WebFleet.Group.AutoScalingGroupName));

        var db = DatabaseBlock;
        var storage = Config.Database.AllocatedStorageGiB;
        monitoring.MonitorDatabaseInstance(DatabaseTarget("primary", db.Primary.InstanceIdentifier, db.InstanceClass, storage, replica: false));
        for (var i = 0; i < db.Replicas.Count; i++)
            monitoring.MonitorDatabaseInstance(DatabaseTarget($"replica-{i + 1}", db.Replicas[i].InstanceIdentifier, db.ReplicaInstanceClasses[i], storage, replica: true));
        monitoring.MonitorDatabaseProxy(new DatabaseProxyTarget("proxy", db.Proxy.DbProxyName));

        var cache = Config.Cache;
        monitoring.MonitorCache(CacheTarget.ForReplicationGroup("cache", CacheBlock.ReplicationGroup.Ref,
            cache.ClusterMode ? cache.Shards : 1, cache.Replicas, cache.ClusterMode));

        monitoring.Finish();
    }

    /// <summary>Config validation has made sure the class's memory is known.</summary>
    private static DatabaseInstanceTarget DatabaseTarget(string label, string identifier, string instanceClass, int storageGiB, bool replica)
    {
        var memory = DbInstanceMemory.GiB(instanceClass) ?? throw new InvalidOperationException($"no memory known for {instanceClass}");
        return new DatabaseInstanceTarget(label, identifier, memory, DbInstanceMemory.PostgresMaxConnections(memory), storageGiB, replica);
    }
}
