using Headroom.App.Capacity;

namespace Headroom.Tests.Capacity;

/// <summary>Environment shapes and workloads the capacity and cost tests share.</summary>
internal static class Shapes
{
    /// <summary>Today's prod.yaml, as the command would read it.</summary>
    public static EnvironmentShape Prod() => new()
    {
        Name = "prod", Region = "eu-west-1", AvailabilityZones = 3,
        Fleets =
        [
            new FleetShape
            {
                Name = "web", ConfigPath = "web.fleet", InstanceType = "m7i.large", MinCapacity = 3, DesiredCapacity = 3, MaxCapacity = 30,
                RequestsPerTargetPerMinute = 1200, CpuTargetPercent = 50, SlowStartSeconds = 60,
                ScheduledPeaks =
                [
                    new ScheduledPeak("black-friday-up", "web.fleet.scheduledActions[0]", 12, 60),
                    new ScheduledPeak("black-friday-down", "web.fleet.scheduledActions[1]", 3, 30),
                ],
            },
            new FleetShape
            {
                Name = "workers", ConfigPath = "queues.workers.fleet", InstanceType = "m7i.large", MinCapacity = 3, MaxCapacity = 20,
                Workers = new WorkerShape(50),
            },
        ],
        Database = new DatabaseShape { ConfigPath = "database", PrimaryClass = "db.r7g.large", ReplicaClasses = ["db.r7g.large", "db.r7g.large"], AllocatedStorageGiB = 100 },
        Cache = new CacheShape { ConfigPath = "cache", NodeType = "cache.r7g.large", Replicas = 2 },
        Network = new NetworkShape { NatGateways = 3 },
        Queues =
        [
            new QueueShape { Name = "orders.fifo", ConfigPath = "queues.list[0]", Fifo = true, MessageGroups = 1, ProcessingTimeSeconds = 0.5 },
            new QueueShape { Name = "emails", ConfigPath = "queues.list[1]" },
        ],
        Edge = new EdgeShape(),
    };

    public static Workload ProdWorkload() => new()
    {
        PeakUsers = 50_000,
        Messages = [new QueueLoad("orders.fifo", 0.01), new QueueLoad("emails", 0.02)],
    };

    /// <summary>A single fleet and nothing else that limits: the fleet is the bottleneck.</summary>
    public static EnvironmentShape WebOnly(int instances, string type = "m7i.large") => new()
    {
        Name = "bare", Region = "us-east-1", AvailabilityZones = 1, Network = new NetworkShape { NatGateways = 0 },
        Fleets = [new FleetShape { Name = "web", ConfigPath = "web.fleet", InstanceType = type, MinCapacity = instances, MaxCapacity = instances }],
    };
}
