using Headroom.Blocks.Catalog;

namespace Headroom.App.Capacity;

/// <summary>
/// The capacity model: for each tier, the concurrent users it holds at the target latency, at baseline, at max
/// and at each scheduled peak; the lowest tier is the environment's capacity. Pure arithmetic over the shape and
/// the workload: no config, no synthesis, no AWS (a few milliseconds per environment).
/// </summary>
public static class CapacityModel
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>The whole report: every scenario, scale-out per serving fleet, assumptions and warnings.</summary>
    public static CapacityReport Evaluate(EnvironmentShape shape, Workload workload)
    {
        var warnings = new List<string>();
        var scenarios = Scenarios(shape).Select(s => EvaluateScenario(shape, workload, s)).ToList();
        var maxTargets = shape.Fleets.Where(f => f.Workers is null).Sum(f => Math.Max(f.MaxCapacity, f.ScheduledPeaks.Max(p => p.MaxCapacity) ?? 0));
        if (maxTargets > CapacityFacts.AlbTargetsPerLoadBalancer.Value)
            warnings.Add($"{maxTargets} instances behind one load balancer at the largest sizes: above its quota of {CapacityFacts.AlbTargetsPerLoadBalancer.Value:0} targets");
        var scaleOut = shape.Fleets.Where(f => f.Workers is null && f.ShareOfDynamicRequests > 0).Select(f => ScaleOut(shape, workload, f)).ToList();
        var assumptions = workload.Assumptions().Concat(CapacityFacts.All).ToList();
        return new CapacityReport(shape.Name, workload.PeakUsers, scenarios, scaleOut, assumptions, warnings);
    }

    /// <summary>Baseline, max, then per scheduled action that raises a fleet: its maximum and its pre-scaled minimum.
    /// Actions that only shrink a fleet (the "down" after a peak) are not peaks.</summary>
    public static IReadOnlyList<Scenario> Scenarios(EnvironmentShape shape)
    {
        var list = new List<Scenario>
        {
            new("baseline", ScenarioKind.Baseline, shape.Fleets.ToDictionary(f => f.Name, f => f.BaselineInstances)),
            new("max", ScenarioKind.Max, shape.Fleets.ToDictionary(f => f.Name, f => f.MaxCapacity)),
        };
        var peakNames = shape.Fleets.SelectMany(f => f.ScheduledPeaks.Where(p => RaisesFleet(f, p)).Select(p => p.Name)).Distinct();
        foreach (var name in peakNames)
        {
            list.Add(new(name, ScenarioKind.ScheduledPeak, shape.Fleets.ToDictionary(f => f.Name, f =>
                Peak(f, name) is { } p ? p.MaxCapacity ?? f.MaxCapacity : f.MaxCapacity), name));
            list.Add(new($"{name} (pre-scaled)", ScenarioKind.ScheduledPeakPreScaled, shape.Fleets.ToDictionary(f => f.Name, f =>
                Peak(f, name) is { } p ? Math.Max(p.MinCapacity ?? f.MinCapacity, f.BaselineInstances) : f.BaselineInstances), name));
        }
        return list;
    }

    private static bool RaisesFleet(FleetShape f, ScheduledPeak p) => p.MinCapacity > f.BaselineInstances || p.MaxCapacity > f.MaxCapacity;
    private static ScheduledPeak? Peak(FleetShape f, string name) => f.ScheduledPeaks.FirstOrDefault(p => p.Name == name && RaisesFleet(f, p));

    /// <summary>Every tier at one scenario, and the lowest of them.</summary>
    public static ScenarioCapacity EvaluateScenario(EnvironmentShape shape, Workload workload, Scenario scenario)
    {
        var tiers = Tiers(shape, workload, scenario).ToList();
        var bottleneck = tiers.MinBy(t => t.Users)!;
        var users = bottleneck.Unbounded ? long.MaxValue : (long)Math.Floor(bottleneck.Users + 1e-9);
        return new ScenarioCapacity(scenario, tiers, users, bottleneck, workload.PeakUsers == 0 ? double.PositiveInfinity : (double)users / workload.PeakUsers);
    }

    private static IEnumerable<TierCapacity> Tiers(EnvironmentShape shape, Workload w, Scenario scenario)
    {
        foreach (var f in shape.Fleets)
        {
            var n = scenario.Instances.TryGetValue(f.Name, out var count) ? count : f.BaselineInstances;
            yield return f.Workers is null ? FleetTier(f, n, w) : WorkerTier(shape, f, n, w);
        }
        yield return LoadBalancerTier(shape.LoadBalancer, w);
        if (shape.Database is { } db) foreach (var t in DatabaseTiers(db, w)) yield return t;
        if (shape.Cache is { } cache) foreach (var t in CacheTiers(shape, cache, w)) yield return t;
        if (shape.Network.NatGateways > 0) yield return NatTier(shape.Network, w);
        foreach (var q in shape.Queues) yield return QueueTier(q, w);
        if (shape.Edge is { } edge)
        {
            yield return WafTier(edge, w);
            foreach (var t in CloudFrontTiers(edge, w)) yield return t;
        }
    }

    // ---- fleets ----------------------------------------------------------------------------------------

    /// <summary>Workers per instance: the profile's concurrency, else the type's vCPUs.</summary>
    public static int Concurrency(string instanceType, Workload w)
    {
        if (w.ProfileFor(instanceType).Concurrency is { } c) return c;
        return Ec2InstanceTypes.Find(instanceType)?.VCpus
            ?? throw new CapacityInputException($"instance type '{instanceType}' is not in the catalog: give workload.serviceProfiles a concurrency for it");
    }

    /// <summary>Requests per second one instance takes at the target latency: Erlang C per instance, a burstable
    /// type's sustained share, then the load test's measured figure as a cap.</summary>
    public static double MaxRpsPerInstance(string instanceType, Workload w)
    {
        var profile = w.ProfileFor(instanceType);
        var targets = new List<(double, double)> { (w.P95TargetMs, 0.95) };
        if (w.P99TargetMs is { } p99) targets.Add((p99, 0.99));
        var rate = Queueing.MaxArrivalRate(Concurrency(instanceType, w), profile.ServiceTimeMs, targets);
        if (profile.Concurrency is null && Ec2InstanceTypes.Find(instanceType) is { Burstable: true }) rate *= CapacityFacts.BurstableThroughputShare.Value;
        return profile.ThroughputAtTargetRps is { } measured ? Math.Min(rate, measured) : rate;
    }

    /// <summary>Users one instance of a serving fleet holds.</summary>
    public static double UsersPerInstance(FleetShape f, Workload w)
    {
        var perUser = w.DynamicRpsPerUser * f.ShareOfDynamicRequests;
        return perUser <= 0 ? double.PositiveInfinity : MaxRpsPerInstance(f.InstanceType, w) / perUser;
    }

    private static TierCapacity FleetTier(FleetShape f, int instances, Workload w)
    {
        var rps = MaxRpsPerInstance(f.InstanceType, w);
        var users = instances * UsersPerInstance(f, w);
        return new(TierKind.Fleet, $"{f.Name} fleet", f.Name, users,
            F($"{instances} × {f.InstanceType}, {Concurrency(f.InstanceType, w)} workers each, {rps:0.#} requests/s each at p95 ≤ {w.P95TargetMs:0} ms (Erlang C per instance)")
            + (f.ShareOfDynamicRequests < 1 ? F($"; serves {f.ShareOfDynamicRequests:0.###} of the page requests") : ""),
            f.ConfigPath);
    }

    /// <summary>Message-seconds of work per second one user causes across the queues the workers drain.</summary>
    public static double WorkerSecondsPerUser(EnvironmentShape shape, Workload w) =>
        w.Messages.Sum(m => w.DynamicRpsPerUser * m.MessagesPerRequest * (shape.Queues.FirstOrDefault(q => q.Name == m.Queue)?.ProcessingTimeSeconds ?? 1));

    private static TierCapacity WorkerTier(EnvironmentShape shape, FleetShape f, int instances, Workload w)
    {
        var slots = Concurrency(f.InstanceType, w) * w.WorkerConcurrencyPerVCpu;
        var perUser = WorkerSecondsPerUser(shape, w);
        var users = perUser <= 0 ? double.PositiveInfinity : instances * slots * CapacityFacts.UtilisationCeiling.Value / perUser;
        var meanProcessing = w.Messages.Count == 0 ? 0 : perUser / w.Messages.Sum(m => w.DynamicRpsPerUser * m.MessagesPerRequest);
        // Target tracking keeps this backlog per instance; at full speed an instance clears it in this long.
        var drain = f.Workers!.BacklogPerInstance * meanProcessing / slots;
        return new(TierKind.Workers, $"{f.Name} (backlog)", f.Name, users,
            F($"{instances} × {f.InstanceType}, {slots:0.#} messages at once each, {meanProcessing:0.##} s per message; a backlog of {f.Workers.BacklogPerInstance} per instance drains in {drain:0} s"),
            f.ConfigPath);
    }

    /// <summary>Seconds a worker fleet takes to clear its target backlog per instance.</summary>
    public static double BacklogDrainSeconds(EnvironmentShape shape, FleetShape workers, Workload w)
    {
        var perUser = WorkerSecondsPerUser(shape, w);
        var messages = w.Messages.Sum(m => w.DynamicRpsPerUser * m.MessagesPerRequest);
        if (workers.Workers is null || messages <= 0) return 0;
        return workers.Workers.BacklogPerInstance * (perUser / messages) / (Concurrency(workers.InstanceType, w) * w.WorkerConcurrencyPerVCpu);
    }

    private static TierCapacity LoadBalancerTier(LoadBalancerShape lb, Workload w) =>
        lb.RequestsPerSecondCeiling is { } ceiling
            ? new(TierKind.LoadBalancer, "load balancer", null, ceiling / w.DynamicRpsPerUser, F($"{ceiling:0} requests/s ceiling"), lb.ConfigPath)
            : new(TierKind.LoadBalancer, "load balancer", null, double.PositiveInfinity, "scales with LCUs; no published ceiling (ramp gradually or reserve LCUs)", lb.ConfigPath);

    // ---- database --------------------------------------------------------------------------------------

    private static DbInstanceClass DbClass(string name) =>
        DbInstanceClasses.Find(name) ?? throw new CapacityInputException($"database class '{name}' is not in the catalog");

    /// <summary>Queries per second one user sends, split by where they go.</summary>
    private static (double PrimaryReads, double Writes, double ReplicaReads) DbLoad(DatabaseShape db, Workload w)
    {
        var reads = w.DynamicRpsPerUser * w.DbReadsPerRequest * (1 - w.CacheHitRatio);
        var writes = w.DynamicRpsPerUser * w.DbWritesPerRequest;
        var toReplicas = db.ReplicaClasses.Count > 0 ? w.ReplicaReadShare : 0;
        return (reads * (1 - toReplicas), writes, reads * toReplicas);
    }

    private static IEnumerable<TierCapacity> DatabaseTiers(DatabaseShape db, Workload w)
    {
        var primary = DbClass(db.PrimaryClass);
        var vcpus = primary.VCpus ?? 1;
        var (primaryReads, writes, replicaReads) = DbLoad(db, w);
        var ceiling = CapacityFacts.UtilisationCeiling.Value;

        var cpuMsPerUser = primaryReads * w.DbReadCpuMs + writes * w.DbWriteCpuMs;
        yield return new(TierKind.DatabasePrimaryCpu, "database primary (CPU)", null, Per(vcpus * 1000 * ceiling, cpuMsPerUser),
            F($"{db.PrimaryClass}: {vcpus} vCPUs at {ceiling:P0}; {primaryReads + writes:0.###} queries/s per user"), $"{db.ConfigPath}.instanceClass");

        // Little's law: connections busy at once = query rate × time each holds one.
        var connectionsPerUser = (primaryReads + writes) * w.DbQueryMs / 1000;
        if (db.ProxyMaxConnectionsPercent is { } percent)
        {
            var pool = Math.Floor(primary.PostgresMaxConnections * percent / 100.0);
            yield return new(TierKind.DatabaseProxyPool, "RDS Proxy pool", null, Per(pool, connectionsPerUser),
                F($"{percent}% of {primary.PostgresMaxConnections} max_connections = {pool:0} connections; {connectionsPerUser * 1000:0.###} per 1,000 users"),
                $"{db.ConfigPath}.proxy.maxConnectionsPercent");
        }
        else
            yield return new(TierKind.DatabasePrimaryConnections, "database primary (connections)", null, Per(primary.PostgresMaxConnections, connectionsPerUser),
                F($"{primary.PostgresMaxConnections} max_connections (LEAST(DBInstanceClassMemory/9531392, 5000))"), $"{db.ConfigPath}.instanceClass");

        var iopsPerUser = writes * w.DbIosPerWrite + primaryReads * w.DbReadMissRatio;
        yield return new(TierKind.DatabaseIops, "database primary (IOPS)", null, Per(db.BaselineIops, iopsPerUser),
            F($"{db.BaselineIops} IOPS (gp3, {db.AllocatedStorageGiB} GiB); {iopsPerUser * 1000:0.#} per 1,000 users"), $"{db.ConfigPath}.allocatedStorageGiB");

        if (db.ReplicaClasses.Count == 0) yield break;
        var replicas = db.ReplicaClasses.Select(DbClass).ToList();
        // Reads spread over replicas in proportion to their size (the app or a pooler weighs them).
        var replicaCpuMs = replicas.Sum(r => (r.VCpus ?? 1) * 1000 * ceiling);
        yield return new(TierKind.ReplicaCpu, "read replicas (CPU)", null, Per(replicaCpuMs, replicaReads * w.DbReadCpuMs),
            F($"{replicas.Count} × {string.Join(", ", db.ReplicaClasses.Distinct())} at {ceiling:P0} CPU; {w.ReplicaReadShare:P0} of cache-missed reads"),
            $"{db.ConfigPath}.replicas");
        yield return new(TierKind.ReplicaConnections, "read replicas (connections)", null,
            Per(replicas.Sum(r => r.PostgresMaxConnections), replicaReads * w.DbQueryMs / 1000),
            F($"{replicas.Sum(r => r.PostgresMaxConnections)} max_connections over {replicas.Count} replicas"), $"{db.ConfigPath}.replicas");
    }

    // ---- cache -----------------------------------------------------------------------------------------

    private static IEnumerable<TierCapacity> CacheTiers(EnvironmentShape shape, CacheShape cache, Workload w)
    {
        var node = CacheNodeTypes.Find(cache.NodeType) ?? throw new CapacityInputException($"cache node type '{cache.NodeType}' is not in the catalog");
        var lookups = w.DynamicRpsPerUser * w.DbReadsPerRequest;
        var fills = lookups * (1 - w.CacheHitRatio);
        var opsPerUser = lookups + fills + w.DynamicRpsPerUser * w.CacheSessionOpsPerRequest;
        // Clients send to each shard's primary; replicas stand by for failover.
        var ops = cache.Shards * CapacityFacts.RedisOpsPerNode.Value * CapacityFacts.UtilisationCeiling.Value;
        yield return new(TierKind.CacheOps, "cache (operations)", null, Per(ops, opsPerUser),
            F($"{cache.Shards} shard(s) × {CapacityFacts.RedisOpsPerNode.Value:0} ops/s at {CapacityFacts.UtilisationCeiling.Value:P0}; {opsPerUser:0.##} ops/s per user"),
            $"{cache.ConfigPath}.shards");

        var usableGiB = cache.Shards * node.MemoryGiB * (1 - CapacityFacts.RedisReservedMemoryShare.Value);
        var freeKiB = Math.Max(0, usableGiB - w.CacheWorkingSetGiB) * 1024 * 1024;
        yield return new(TierKind.CacheMemory, "cache (memory)", null, Per(freeKiB, w.SessionKiBPerUser),
            F($"{usableGiB:0.##} GiB usable ({cache.Shards} × {cache.NodeType}, {node.MemoryGiB:0.##} GiB less 25% reserved), {w.CacheWorkingSetGiB:0.##} GiB cached data, {w.SessionKiBPerUser:0.#} KiB per session"),
            $"{cache.ConfigPath}.nodeType");

        // Every web instance keeps a pool to every node, so the node's limit caps the instances, and so the users.
        var web = shape.Fleets.Where(f => f.Workers is null && f.ShareOfDynamicRequests > 0).ToList();
        if (web.Count == 0 || w.CacheConnectionsPerInstance <= 0) yield break;
        var instancesAllowed = Math.Floor(CapacityFacts.RedisMaxClientsPerNode.Value / w.CacheConnectionsPerInstance);
        // Instances the serving fleets need per user, summed: users = instances allowed / that.
        var instancesPerUser = web.Sum(f => 1 / UsersPerInstance(f, w));
        var usersPerInstance = instancesPerUser <= 0 ? double.PositiveInfinity : 1 / instancesPerUser;
        yield return new(TierKind.CacheConnections, "cache (connections)", null, instancesAllowed * usersPerInstance,
            F($"{CapacityFacts.RedisMaxClientsPerNode.Value:0} connections per node / {w.CacheConnectionsPerInstance:0} per instance = {instancesAllowed:0} instances"),
            $"{cache.ConfigPath}.nodeType");
    }

    // ---- network, queues, edge -------------------------------------------------------------------------

    private static TierCapacity NatTier(NetworkShape net, Workload w)
    {
        var ports = net.NatGateways * net.IpsPerNatGateway * CapacityFacts.NatConnectionsPerDestination.Value;
        var perUser = w.DynamicRpsPerUser * w.OutboundCallsPerRequest * w.OutboundConnectionSeconds;
        return new(TierKind.Nat, "NAT (connections per destination)", null, Per(ports, perUser),
            F($"{net.NatGateways} gateway(s) × {net.IpsPerNatGateway} IP × {CapacityFacts.NatConnectionsPerDestination.Value:0} connections to the busiest destination"),
            $"{net.ConfigPath}.natGateways");
    }

    /// <summary>Messages per second a queue accepts: unbounded for standard queues; for FIFO the queue's API
    /// limit and, with few message groups, each group's (one partition, one message in flight at a time).</summary>
    public static (double MessagesPerSecond, string Why) QueueLimit(QueueShape q)
    {
        if (!q.Fifo) return (double.PositiveInfinity, "standard queue: nearly unlimited");
        var perQueue = q.HighThroughput
            ? CapacityFacts.FifoHighThroughputPerSecond.Value * (q.Batching ? CapacityFacts.SqsBatchSize.Value : 1)
            : q.Batching ? CapacityFacts.FifoBatchedPerSecond.Value : CapacityFacts.FifoApiPerSecond.Value;
        var why = F($"FIFO{(q.HighThroughput ? " high throughput" : "")}{(q.Batching ? " batched" : "")}: {perQueue:0} messages/s per queue");
        if (q.MessageGroups is not { } groups) return (perQueue, why);
        var perGroupApi = q.Batching ? CapacityFacts.FifoPartitionBatchedPerSecond.Value : CapacityFacts.FifoPartitionPerSecond.Value;
        // A group's messages are processed in order: the next is received only when the previous is deleted.
        var perGroupOrdered = 1 / q.ProcessingTimeSeconds;
        var perGroups = groups * Math.Min(perGroupApi, perGroupOrdered);
        return perGroups < perQueue
            ? (perGroups, F($"{groups} message group(s), each in order at {Math.Min(perGroupApi, perGroupOrdered):0.##} messages/s ({q.ProcessingTimeSeconds:0.##} s each)"))
            : (perQueue, why);
    }

    private static TierCapacity QueueTier(QueueShape q, Workload w)
    {
        var (limit, why) = QueueLimit(q);
        var perUser = w.DynamicRpsPerUser * (w.Messages.FirstOrDefault(m => m.Queue == q.Name)?.MessagesPerRequest ?? 0);
        return new(TierKind.Queue, $"queue {q.Name}", q.Name, Per(limit, perUser), why, q.ConfigPath);
    }

    /// <summary>Users behind one IP before the rate rule blocks them: WAF counts every request, static ones too.</summary>
    public static double UsersPerIpBeforeRateLimit(EdgeShape edge, Workload w) =>
        edge.RateLimit is { } limit ? limit / (w.TotalRpsPerUser * edge.RateLimitWindowSeconds) : double.PositiveInfinity;

    private static TierCapacity WafTier(EdgeShape edge, Workload w)
    {
        var perIp = UsersPerIpBeforeRateLimit(edge, w);
        var users = w.LargestClientIpShare <= 0 ? double.PositiveInfinity : perIp / w.LargestClientIpShare;
        return new(TierKind.WafRateRule, "WAF rate rule", null, users,
            edge.RateLimit is { } limit
                ? F($"{limit} requests per {edge.RateLimitWindowSeconds} s per IP = {Math.Floor(perIp):0} users behind one IP; the largest IP carries {w.LargestClientIpShare:P2} of users")
                : "no rate rule", $"{edge.ConfigPath}.rateLimit");
    }

    private static IEnumerable<TierCapacity> CloudFrontTiers(EdgeShape edge, Workload w)
    {
        yield return new(TierKind.CloudFrontRequests, "CloudFront (requests/s)", null, Per(CapacityFacts.CloudFrontRequestsPerSecond.Value, w.TotalRpsPerUser),
            F($"{CapacityFacts.CloudFrontRequestsPerSecond.Value:0} requests/s per distribution (quota)"), edge.ConfigPath);
        var bytesPerUser = w.PageWeightKiB * 1024 * w.PagesPerUserPerSecond;
        yield return new(TierKind.CloudFrontBandwidth, "CloudFront (bandwidth)", null, Per(CapacityFacts.CloudFrontGbps.Value * 1e9 / 8, bytesPerUser),
            F($"{CapacityFacts.CloudFrontGbps.Value:0} Gbit/s per distribution (quota)"), edge.ConfigPath);
    }

    // ---- scale-out -------------------------------------------------------------------------------------

    /// <summary>Time for a serving fleet to grow from where the peak starts to what the plan needs.</summary>
    public static ScaleOutEstimate ScaleOut(EnvironmentShape shape, Workload w, FleetShape f)
    {
        var scenarios = Scenarios(shape);
        var scenario = scenarios.FirstOrDefault(s => s.Kind == ScenarioKind.ScheduledPeak && Peak(f, s.PeakName!) is not null)
            ?? scenarios.First(s => s.Kind == ScenarioKind.Max);
        var ceiling = scenario.Instances[f.Name];
        var from = scenario.PeakName is { } peak
            ? scenarios.First(s => s.Kind == ScenarioKind.ScheduledPeakPreScaled && s.PeakName == peak).Instances[f.Name]
            : f.BaselineInstances;
        var needed = (int)Math.Min(ceiling, Math.Ceiling(w.PeakUsers / UsersPerInstance(f, w) - 1e-9));
        var to = Math.Max(needed, 0);

        var breakdown = new List<Assumption>
        {
            CapacityFacts.TargetTrackingDetectionSeconds,
            CapacityFacts.InstanceLaunchSeconds,
            new("Instance warm-up", f.DefaultInstanceWarmupSeconds, "s", $"{f.ConfigPath}.defaultInstanceWarmupSeconds"),
            new("Health checks until healthy", f.HealthCheckSeconds, "s", $"{f.HealthCheckConfigPath} (interval × healthy threshold)"),
            new("Slow start", f.SlowStartSeconds, "s", $"{f.HealthCheckConfigPath}.slowStartSeconds"),
        };
        var stepSeconds = breakdown.Sum(b => b.Value);
        var growth = GrowthPerStep(f, w);
        if (to <= from) return new(f.Name, scenario.Name, from, to, scenario.PeakName is not null, 0, growth, stepSeconds, 0, breakdown);
        if (growth <= 1) return new(f.Name, scenario.Name, from, to, false, 0, growth, stepSeconds, double.PositiveInfinity, breakdown);
        var steps = (int)Math.Ceiling(Math.Log((double)to / Math.Max(from, 1)) / Math.Log(growth) - 1e-9);
        if (from == 0) steps++; // an empty group first launches one instance
        return new(f.Name, scenario.Name, from, to, false, steps, growth, stepSeconds, steps * stepSeconds, breakdown);
    }

    /// <summary>
    /// How much one target-tracking step can multiply the fleet by. Users wait for their responses, so a
    /// saturated fleet serves at most its saturation rate: the request-count policy sees that rate per target
    /// against its target; the CPU policy sees 100% against its target. Any one policy scales out.
    /// </summary>
    public static double GrowthPerStep(FleetShape f, Workload w)
    {
        var growth = 1.0;
        if (f.RequestsPerTargetPerMinute is { } perTarget && perTarget > 0)
        {
            var profile = w.ProfileFor(f.InstanceType);
            var saturatedPerMinute = Concurrency(f.InstanceType, w) * 1000 / profile.ServiceTimeMs * 60;
            if (profile.ThroughputAtTargetRps is { } measured) saturatedPerMinute = Math.Max(saturatedPerMinute, measured * 60);
            growth = Math.Max(growth, saturatedPerMinute / perTarget);
        }
        if (f.CpuTargetPercent is { } cpu && cpu > 0) growth = Math.Max(growth, 100.0 / cpu);
        return growth;
    }

    private static double Per(double capacity, double perUser) => perUser <= 0 ? double.PositiveInfinity : capacity / perUser;
    private static string F(FormattableString s) => s.ToString(Inv);
}
