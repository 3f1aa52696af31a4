using Headroom.App.Config.Sections;
using Headroom.Blocks.Catalog;
using Headroom.Blocks.Monitoring;

namespace Headroom.App.Stacks;

public sealed partial class EnvironmentStacks
{
    private Monitoring? _monitoring;

    /// <summary>
    /// The App stack's monitoring: ops topic, alarms, dashboard. Made on first use, because blocks wired
    /// before <see cref="AddMonitoring"/> (the fleets' scaling notifications) already need its topic.
    /// </summary>
    public Monitoring MonitoringBlock => _monitoring ??= new Monitoring(App, "Monitoring", MonitoringProps() with
    {
        DashboardName = NamePrefix,
        DashboardNote = Edge is null ? null : $"CloudFront and WAF publish in us-east-1: their alarms and graphs are on the dashboard `{EdgeDashboardName}`.",
    });

    /// <summary>
    /// The edge stack's monitoring, in us-east-1 where CloudFront and WAF publish their metrics. An alarm
    /// notifies only a topic of its own region: in another region than the environment's, the edge stack
    /// gets its own ops topic with the same subscribers; in us-east-1 it notifies the App stack's.
    /// </summary>
    public Monitoring? EdgeMonitoringBlock { get; private set; }

    public string EdgeDashboardName => $"{NamePrefix}-edge";

    private MonitoringProps MonitoringProps()
    {
        var cfg = Config.Monitoring;
        return new MonitoringProps
        {
            NamePrefix = NamePrefix,
            Emails = cfg.Emails,
            WebhookUrl = cfg.WebhookUrl,
            RunbookBaseUrl = cfg.RunbookBaseUrl ?? "",
            Alarms = cfg.EffectiveAlarms(),
        };
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


        if (WorkerFleet is not null)
        {
            var seconds = Config.Queues.List.ToDictionary(q => q.Name, q => (double)q.ProcessingTimeSeconds);
            monitoring.MonitorWorkerFleet(new WorkerTarget("worker", WorkerFleet.Group.AutoScalingGroupName,
                QueuesBlock.All.Select(q => new WorkerQueue(q.Queue.QueueName, seconds[q.Name])).ToList()));
        }
        var retention = Config.Queues.List.ToDictionary(q => q.Name, q => q.RetentionDays * 86_400d);
        foreach (var queue in QueuesBlock.All)
        {
            var label = QueueLabel(queue.Name);
            monitoring.MonitorQueue(new QueueTarget(label, queue.Queue.QueueName, IsDeadLetter: false, retention[queue.Name]));
            monitoring.MonitorQueue(new QueueTarget($"{label}-dlq", queue.DeadLetterQueue.QueueName, IsDeadLetter: true, QueuesConfig.DeadLetterRetentionDays * 86_400d));
        }
        monitoring.Finish();

        if (EdgeBlock is not null && Edge is not null)
        {
            var sameRegion = Edge.Region == App.Region;
            EdgeMonitoringBlock = new Monitoring(Edge, "Monitoring", MonitoringProps() with
            {
                Topic = sameRegion ? monitoring.Topic : null,
                DashboardName = EdgeDashboardName,
                DashboardNote = $"The rest of the environment is on the dashboard `{NamePrefix}` ({Config.Region}).",
                SiteDegradedName = $"{AlarmKinds.SiteDegradedId}-edge",
            });
            EdgeMonitoringBlock.MonitorDistribution(new DistributionTarget("site", EdgeBlock.Distribution.DistributionId));
            EdgeMonitoringBlock.MonitorWebAcl(new WebAclTarget("site", EdgeBlock.WebAclMetricName));
            EdgeMonitoringBlock.Finish();
        }
    }

    /// <summary>"orders.fifo" names its alarms "orders".</summary>
    private static string QueueLabel(string name) => name.EndsWith(".fifo", StringComparison.Ordinal) ? name[..^5] : name;

    /// <summary>Config validation has made sure the class's memory is known.</summary>
    private static DatabaseInstanceTarget DatabaseTarget(string label, string identifier, string instanceClass, int storageGiB, bool replica)
    {
        var known = DbInstanceClasses.Find(instanceClass) ?? throw new InvalidOperationException($"no memory known for {instanceClass}");
        return new DatabaseInstanceTarget(label, identifier, known.MemoryGiB, known.PostgresMaxConnections, storageGiB, replica);
    }
}
