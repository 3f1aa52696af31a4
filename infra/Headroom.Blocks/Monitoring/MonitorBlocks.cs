namespace Headroom.Blocks.Monitoring;

/// <summary>
/// Monitor(block), as cdk-monitoring-constructs has it: each block's constructs turned into the targets the
/// facade watches, from what the block itself exposes (ids, sizes, retention), never from configuration.
/// The targets stay plain records, so the facade can be tested without the blocks.
/// </summary>
public static class MonitorBlocks
{
    public static void Monitor(this Monitoring monitoring, Network.Network network)
    {
        for (var i = 0; i < network.NatGateways.Count; i++)
            monitoring.MonitorNatGateway(new NatGatewayTarget(network.NatGatewayZones[i], network.NatGateways[i].AttrNatGatewayId));
    }

    public static void Monitor(this Monitoring monitoring, string label, LoadBalancer.LoadBalancer loadBalancer) =>
        monitoring.MonitorLoadBalancer(new LoadBalancerTarget(label, loadBalancer.Alb.LoadBalancerFullName, loadBalancer.TargetGroup.TargetGroupFullName));

    /// <summary>One more target group of the load balancer (the default one is watched with it): its own hosts, errors and latency.</summary>
    public static void Monitor(this Monitoring monitoring, string label, LoadBalancer.LoadBalancer loadBalancer, Amazon.CDK.AWS.ElasticLoadBalancingV2.ApplicationTargetGroup targetGroup) =>
        monitoring.MonitorTargetGroup(new TargetGroupTarget(label, loadBalancer.Alb.LoadBalancerFullName, targetGroup.TargetGroupFullName));

    public static void Monitor(this Monitoring monitoring, string label, Fleet.Fleet fleet) =>
        monitoring.MonitorFleet(new FleetTarget(label, fleet.Group.AutoScalingGroupName));

    /// <summary>The primary, every replica (thresholds sized from each one's class) and the proxy.</summary>
    public static void Monitor(this Monitoring monitoring, Database.Database database)
    {
        monitoring.MonitorDatabaseInstance(Instance("primary", database.Primary.InstanceIdentifier, database.InstanceClass, database.AllocatedStorageGiB, replica: false));
        for (var i = 0; i < database.Replicas.Count; i++)
            monitoring.MonitorDatabaseInstance(Instance($"replica-{i + 1}", database.Replicas[i].InstanceIdentifier, database.ReplicaInstanceClasses[i],
                database.AllocatedStorageGiB, replica: true));
        monitoring.MonitorDatabaseProxy(new DatabaseProxyTarget("proxy", database.Proxy.DbProxyName));
    }

    public static void Monitor(this Monitoring monitoring, Cache.Cache cache) =>
        monitoring.MonitorCache(CacheTarget.ForReplicationGroup("cache", cache.ReplicationGroup.Ref, cache.Shards, cache.ReplicasPerShard, cache.ClusterMode));

    /// <summary>A worker fleet and the queues it drains, each weighed by how long one of its messages takes.</summary>
    public static void MonitorWorkers(this Monitoring monitoring, string label, Fleet.Fleet fleet, Queues.Queues queues) =>
        monitoring.MonitorWorkerFleet(new WorkerTarget(label, fleet.Group.AutoScalingGroupName,
            queues.All.Select(q => new WorkerQueue(q.Queue.QueueName, q.ProcessingTimeSeconds)).ToList()));

    /// <summary>Every queue and its dead-letter queue ("orders.fifo" names its alarms "orders").</summary>
    public static void Monitor(this Monitoring monitoring, Queues.Queues queues)
    {
        foreach (var queue in queues.All)
        {
            var label = queue.Name.EndsWith(".fifo", StringComparison.Ordinal) ? queue.Name[..^5] : queue.Name;
            monitoring.MonitorQueue(new QueueTarget(label, queue.Queue.QueueName, IsDeadLetter: false, queue.RetentionDays * 86_400d));
            monitoring.MonitorQueue(new QueueTarget($"{label}-dlq", queue.DeadLetterQueue.QueueName, IsDeadLetter: true, queue.DeadLetterRetentionDays * 86_400d));
        }
    }

    /// <summary>The distribution and its web ACL (metrics in us-east-1: call on the edge stack's facade).</summary>
    public static void Monitor(this Monitoring monitoring, Edge.Edge edge)
    {
        monitoring.MonitorDistribution(new DistributionTarget("site", edge.Distribution.DistributionId));
        monitoring.MonitorWebAcl(new WebAclTarget("site", edge.WebAclMetricName));
    }

    /// <summary>Config validation has made sure the class's memory is known.</summary>
    private static DatabaseInstanceTarget Instance(string label, string identifier, string instanceClass, int storageGiB, bool replica)
    {
        var known = Catalog.DbInstanceClasses.Find(instanceClass) ?? throw new InvalidOperationException($"no memory known for {instanceClass}");
        return new DatabaseInstanceTarget(label, identifier, known.MemoryGiB, known.PostgresMaxConnections, storageGiB, replica);
    }
}
