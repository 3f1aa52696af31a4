namespace Headroom.Blocks.Monitoring;

// What the facade monitors: the dimension values CloudWatch publishes a resource's metrics under (names
// and ids from the blocks' constructs, tokens welcome) and a short label that names the alarms
// ("headroom-prod-rds-cpu-primary"). Plain records keep Monitoring apart from the blocks' classes.

public sealed record NatGatewayTarget(string Label, string NatGatewayId);

public sealed record LoadBalancerTarget(string Label, string LoadBalancerFullName, string TargetGroupFullName);

/// <summary>A target group of a load balancer watched apart from the load balancer as a whole (a service's).</summary>
public sealed record TargetGroupTarget(string Label, string LoadBalancerFullName, string TargetGroupFullName);

public sealed record FleetTarget(string Label, string AutoScalingGroupName);

/// <summary>A worker fleet and the queues it drains.</summary>
public sealed record WorkerTarget(string Label, string AutoScalingGroupName, IReadOnlyList<WorkerQueue> Queues);

/// <summary>A queue a worker fleet drains, and how long one worker takes for one of its messages.</summary>
public sealed record WorkerQueue(string QueueName, double SecondsPerMessage);

/// <summary>A DB instance with what its relative thresholds need: memory (freeable memory), max_connections
/// and allocated storage (free storage). <paramref name="IsReplica"/> adds the replica-lag alarm.</summary>
public sealed record DatabaseInstanceTarget(string Label, string InstanceIdentifier, double MemoryGiB, int MaxConnections, double AllocatedStorageGiB, bool IsReplica);

public sealed record DatabaseProxyTarget(string Label, string ProxyName);

/// <summary>A Redis replication group as its member nodes (CacheClusterId of each).</summary>
public sealed record CacheTarget(string Label, IReadOnlyList<string> NodeIds, bool HasReplicas)
{
    /// <summary>
    /// The member cluster ids ElastiCache gives a replication group's nodes: "&lt;group&gt;-001".. without
    /// cluster mode, "&lt;group&gt;-0001-001".. per shard with it.
    /// </summary>
    public static CacheTarget ForReplicationGroup(string label, string replicationGroupId, int shards, int replicasPerShard, bool clusterMode)
    {
        var perShard = replicasPerShard + 1;
        var nodes = clusterMode
            ? Enumerable.Range(1, shards).SelectMany(s => Enumerable.Range(1, perShard).Select(n => $"{replicationGroupId}-{s:0000}-{n:000}"))
            : Enumerable.Range(1, perShard).Select(n => $"{replicationGroupId}-{n:000}");
        return new CacheTarget(label, nodes.ToList(), replicasPerShard > 0);
    }
}

public sealed record DistributionTarget(string Label, string DistributionId);

public sealed record WebAclTarget(string Label, string WebAclName);

/// <summary>A queue; a dead-letter queue's alarms need its retention period (messages expire after it).</summary>
public sealed record QueueTarget(string Label, string QueueName, bool IsDeadLetter, double RetentionSeconds);
