namespace Headroom.App.Capacity;

/// <summary>
/// What one environment provisions, as the capacity and cost models read it: plain records the command fills
/// from the environment's config (or the blocks' props). Each part carries the YAML path it came from, so a
/// recommendation names the field to change without the model knowing the config classes.
/// </summary>
public sealed record EnvironmentShape
{
    public required string Name { get; init; }
    /// <summary>The AWS region; the cost model refuses one without a price table.</summary>
    public required string Region { get; init; }
    public required int AvailabilityZones { get; init; }
    /// <summary>Every fleet: web, other services, workers (a worker fleet has <see cref="FleetShape.Workers"/>).</summary>
    public required IReadOnlyList<FleetShape> Fleets { get; init; }
    public LoadBalancerShape LoadBalancer { get; init; } = new();
    public DatabaseShape? Database { get; init; }
    public CacheShape? Cache { get; init; }
    public NetworkShape Network { get; init; } = new();
    public IReadOnlyList<QueueShape> Queues { get; init; } = [];
    public EdgeShape? Edge { get; init; }
}

/// <summary>A capacity change on a schedule. Null sizes leave the fleet's own.</summary>
/// <param name="Name">the scheduled action's name (fleets that share a name peak together)</param>
/// <param name="ConfigPath">its YAML path, such as web.fleet.scheduledActions[0]</param>
public sealed record ScheduledPeak(string Name, string ConfigPath, int? MinCapacity, int? MaxCapacity);

/// <summary>One EC2 Auto Scaling group behind the load balancer, or a worker fleet.</summary>
public sealed record FleetShape
{
    /// <summary>A short name: "web", "api", "workers".</summary>
    public required string Name { get; init; }
    /// <summary>The YAML path of its fleet settings, such as web.fleet.</summary>
    public required string ConfigPath { get; init; }
    public required string InstanceType { get; init; }
    public required int MinCapacity { get; init; }
    public int? DesiredCapacity { get; init; }
    public required int MaxCapacity { get; init; }
    public IReadOnlyList<ScheduledPeak> ScheduledPeaks { get; init; } = [];
    /// <summary>Share of the dynamic requests the load balancer routes to this fleet, 0–1 (web: 1).</summary>
    public double ShareOfDynamicRequests { get; init; } = 1;
    /// <summary>Set for a worker fleet: it drains queues instead of serving requests.</summary>
    public WorkerShape? Workers { get; init; }
    /// <summary>Target tracking on ALBRequestCountPerTarget, requests per target per minute; null: none.</summary>
    public int? RequestsPerTargetPerMinute { get; init; }
    /// <summary>Target tracking on average CPU, percent; null: none.</summary>
    public int? CpuTargetPercent { get; init; }
    public int DefaultInstanceWarmupSeconds { get; init; } = 120;
    /// <summary>Load balancer health check: interval × healthy threshold, s.</summary>
    public int HealthCheckSeconds { get; init; } = 30;
    public int SlowStartSeconds { get; init; }
    /// <summary>The YAML path of its target group's health check (web.healthCheck, services[0].healthCheck).</summary>
    public string HealthCheckConfigPath { get; init; } = "web.healthCheck";
    public int RootVolumeGiB { get; init; } = 20;

    /// <summary>The size the group runs at outside any peak.</summary>
    public int BaselineInstances => DesiredCapacity ?? MinCapacity;
}

/// <summary>A worker fleet's queue settings.</summary>
/// <param name="BacklogPerInstance">target tracking keeps this many messages waiting per instance</param>
public sealed record WorkerShape(int BacklogPerInstance);

/// <summary>The Application Load Balancer.</summary>
public sealed record LoadBalancerShape
{
    /// <summary>A ceiling the shop knows (reserved LCUs, a load test), requests per second; null: it scales.</summary>
    public double? RequestsPerSecondCeiling { get; init; }
    public string ConfigPath { get; init; } = "web.loadBalancer";
}

/// <summary>RDS PostgreSQL: the primary, its replicas, RDS Proxy and storage.</summary>
public sealed record DatabaseShape
{
    public required string ConfigPath { get; init; }
    public required string PrimaryClass { get; init; }
    /// <summary>Each read replica's class, in order.</summary>
    public IReadOnlyList<string> ReplicaClasses { get; init; } = [];
    public bool MultiAz { get; init; } = true;
    /// <summary>RDS Proxy's MaxConnectionsPercent, percent of max_connections; null: no proxy.</summary>
    public int? ProxyMaxConnectionsPercent { get; init; } = 90;
    public int AllocatedStorageGiB { get; init; } = 20;
    /// <summary>Provisioned gp3 IOPS; null: gp3's baseline for the volume size.</summary>
    public int? Iops { get; init; }

    public int BaselineIops => Iops ?? (AllocatedStorageGiB >= CapacityFacts.Gp3LargeVolumeGiB.Value
        ? (int)CapacityFacts.Gp3LargeBaselineIops.Value : (int)CapacityFacts.Gp3BaselineIops.Value);
}

/// <summary>ElastiCache Redis OSS: shards × (1 primary + replicas) nodes.</summary>
public sealed record CacheShape
{
    public required string ConfigPath { get; init; }
    public required string NodeType { get; init; }
    public int Replicas { get; init; } = 1;
    public int Shards { get; init; } = 1;
    public bool ClusterMode { get; init; }
    public int Nodes => Shards * (1 + Replicas);
}

/// <summary>NAT gateways: one per zone or fewer.</summary>
public sealed record NetworkShape
{
    public string ConfigPath { get; init; } = "network";
    public int NatGateways { get; init; } = 1;
    public int IpsPerNatGateway { get; init; } = 1;
}

/// <summary>One SQS queue.</summary>
public sealed record QueueShape
{
    public required string Name { get; init; }
    public required string ConfigPath { get; init; }
    public bool Fifo { get; init; }
    public bool HighThroughput { get; init; }
    /// <summary>Whether producers and consumers use batch actions (10 messages a call).</summary>
    public bool Batching { get; init; }
    /// <summary>FIFO: how many message groups carry the traffic at once; null: many (no group limit).</summary>
    public int? MessageGroups { get; init; }
    /// <summary>Time a worker takes over one message, s.</summary>
    public double ProcessingTimeSeconds { get; init; } = 1;
}

/// <summary>CloudFront and WAF.</summary>
public sealed record EdgeShape
{
    public string ConfigPath { get; init; } = "edge";
    /// <summary>Requests one client IP may make per window before WAF answers 429.</summary>
    public long? RateLimit { get; init; } = 2000;
    public int RateLimitWindowSeconds { get; init; } = 300;
    /// <summary>WAF rules, for the price (the rate rule plus managed rule groups).</summary>
    public int WafRules { get; init; } = 3;
}
