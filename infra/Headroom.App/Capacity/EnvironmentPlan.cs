using Headroom.App.Cost;
using Headroom.Blocks.LoadBalancer;

namespace Headroom.App.Capacity;

/// <summary>
/// One environment as the capacity and cost models see it: its shape read from the blocks' settings (what would
/// be deployed, each with the YAML path that sets it), its workload, and the two reports.
/// </summary>
public sealed record EnvironmentPlan(EnvironmentShape Shape, Workload Workload, CapacityReport Capacity, CostReport Cost)
{
    public static EnvironmentPlan Of(EnvironmentConfig config)
    {
        var workload = config.Workload.Settings(config);
        var shape = ShapeOf(config, workload);
        return new(shape, workload, CapacityModel.Evaluate(shape, workload), CostModel.Estimate(shape, workload));
    }

    /// <summary>What the environment provisions, from the same settings the wiring gives the blocks.</summary>
    /// <param name="workload">the environment's workload: how its app uses the queues (message groups, batching, time per message)</param>
    public static EnvironmentShape ShapeOf(EnvironmentConfig config, Workload workload)
    {
        FleetShape Serving(string name, string path, FleetSettings fleet, TargetGroupSettings targets, string healthPath, double share) => Fleet(name, path, fleet) with
        {
            RequestsPerTargetPerMinute = fleet.TargetTracking?.RequestsPerTarget,
            CpuTargetPercent = fleet.TargetTracking?.CpuPercent,
            HealthCheckSeconds = targets.HealthCheck.IntervalSeconds * targets.HealthCheck.HealthyThreshold,
            SlowStartSeconds = targets.HealthCheck.SlowStartSeconds,
            HealthCheckConfigPath = healthPath,
            ShareOfDynamicRequests = share,
        };

        // Each service serves its configured share of the page requests; the web fleet the rest.
        var serviceShare = config.Services.Sum(s => s.WorkloadShare ?? 0);
        var fleets = new List<FleetShape> { Serving("web", "web.fleet", config.Web.FleetSettings(config), config.Web.Settings(config), "web.healthCheck", 1 - serviceShare) };
        fleets.AddRange(config.Services.Select((s, i) => Serving(s.Name, $"services[{i}].fleet", s.FleetSettings(config), s.Targets(config),
            $"services[{i}].healthCheck", s.WorkloadShare ?? 0)));

        var queues = config.Queues.Settings(config).Queues;
        if (queues.Count > 0)
            fleets.Add(Fleet("worker", "queues.workers.fleet", config.Queues.Workers.Fleet.Settings(config)) with
            {
                Workers = new WorkerShape(config.Queues.Workers.Settings(config).BacklogPerInstance),
            });

        var database = config.Database.Settings(config);
        var cache = config.Cache.Settings(config);
        var loadBalancer = config.Web.LoadBalancerSettings(config);
        var edge = config.Edge.Settings(config);
        return new EnvironmentShape
        {
            Name = config.Name,
            Region = config.Region,
            AvailabilityZones = config.AvailabilityZones.Count,
            Fleets = fleets,
            Database = new DatabaseShape
            {
                ConfigPath = "database",
                PrimaryClass = database.InstanceClass,
                ReplicaClasses = database.ReplicaInstanceClasses,
                MultiAz = database.MultiAz,
                ProxyMaxConnectionsPercent = database.Proxy.MaxConnectionsPercent,
                AllocatedStorageGiB = database.AllocatedStorageGiB,
            },
            Cache = new CacheShape
            {
                ConfigPath = "cache", NodeType = cache.NodeType, Replicas = cache.Replicas,
                Shards = cache.ClusterMode ? cache.Shards : 1, ClusterMode = cache.ClusterMode,
            },
            Network = new NetworkShape { NatGateways = config.Network.Settings(config).NatGateways },
            Queues = queues.Select((q, i) =>
            {
                var load = workload.Messages.FirstOrDefault(m => m.Queue == q.Name);
                return new QueueShape
                {
                    Name = q.Name, ConfigPath = $"queues.list[{i}]", Fifo = q.Fifo, ProcessingTimeSeconds = load?.ProcessingSeconds ?? q.ProcessingTimeSeconds,
                    MessageGroups = load?.MessageGroups, Batching = load?.Batching ?? false,
                };
            }).ToList(),
            Edge = loadBalancer.BehindCloudFront
                ? new EdgeShape { RateLimit = edge.RateLimit, RateLimitWindowSeconds = edge.RateLimitWindowSeconds }
                : null,
        };
    }

    /// <summary>What a diagram writes under each fleet: the users it holds at the environment's peak ("holds 68,433 users at black-friday-up").</summary>
    public static Func<string, string?>? FleetCapacityText(EnvironmentConfig config)
    {
        EnvironmentPlan plan;
        try { plan = Of(config); }
        catch (Exception e) when (e is CapacityInputException or UnpricedException) { return null; }
        var peak = plan.Capacity.Peak;
        return fleet => peak.Tiers.FirstOrDefault(t => t.Key == fleet && t.Kind is TierKind.Fleet or TierKind.Workers) is { Unbounded: false } tier
            ? $"holds {Math.Floor(tier.Users).ToString("N0", System.Globalization.CultureInfo.InvariantCulture)} users at {peak.Scenario.Name}"
            : null;
    }

    private static FleetShape Fleet(string name, string path, FleetSettings fleet) => new()
    {
        Name = name,
        ConfigPath = path,
        InstanceType = fleet.InstanceType,
        MinCapacity = fleet.MinCapacity,
        DesiredCapacity = fleet.DesiredCapacity,
        MaxCapacity = fleet.MaxCapacity,
        ScheduledPeaks = fleet.ScheduledActions.Select((a, i) => new ScheduledPeak(a.Name, $"{path}.scheduledActions[{i}]", a.MinCapacity, a.MaxCapacity)).ToList(),
        DefaultInstanceWarmupSeconds = fleet.DefaultInstanceWarmupSeconds,
        RootVolumeGiB = fleet.RootVolumeGiB,
    };
}
