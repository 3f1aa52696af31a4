using Headroom.Blocks.Catalog;

namespace Headroom.App.Capacity;

/// <summary>One field to change: its YAML path, what it was and what it becomes.</summary>
/// <param name="Path">the YAML path, such as web.fleet.maxCapacity or database.replicas</param>
/// <param name="From">the value before, as text (null when the field was unset)</param>
/// <param name="To">the new value: an int, a long, a bool or a string</param>
/// <param name="Why">the tier that asked for it</param>
public sealed record ConfigChange(string Path, string? From, object To, string Why);

/// <summary>The smallest changes found that hold the users asked for, and what is left when config cannot.</summary>
/// <param name="Unresolved">limits no config field raises (a quota, the app's own behaviour), with what to do</param>
/// <param name="Changed">the shape with the changes applied, to show its table</param>
public sealed record Recommendation(int Users, string Scenario, IReadOnlyList<ConfigChange> Changes, IReadOnlyList<string> Unresolved,
    ScenarioCapacity Before, ScenarioCapacity After, EnvironmentShape Changed)
{
    public bool Holds => After.Users >= Users;
}

/// <summary>
/// Given a number of users, the smallest changes that hold them: it raises the bottleneck tier just enough
/// (counts before types: more instances, replicas or shards first; a larger class when a count is at its
/// limit) and repeats with the next bottleneck until the scenario holds the users or a limit is out of
/// config's reach. The command renders <see cref="Recommendation.Changes"/> as a YAML snippet.
/// </summary>
public static class CapacityRecommender
{
    private const int MaxRounds = 1000;
    private const int Gp3MaxIops = 64_000; // https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/CHAP_Storage.html#gp3-storage

    /// <summary>Changes that make <paramref name="scenarioName"/> hold <paramref name="users"/>; null scenario: the
    /// first scheduled peak, else max.</summary>
    public static Recommendation Recommend(EnvironmentShape shape, Workload workload, int users, string? scenarioName = null)
    {
        var w = workload with { PeakUsers = users };
        var name = scenarioName
            ?? CapacityModel.Scenarios(shape).FirstOrDefault(s => s.Kind == ScenarioKind.ScheduledPeak)?.Name
            ?? "max";
        ScenarioCapacity Judge(EnvironmentShape s) => CapacityModel.EvaluateScenario(s, w,
            CapacityModel.Scenarios(s).FirstOrDefault(x => x.Name == name)
            ?? throw new CapacityInputException($"environment '{shape.Name}' has no scenario '{name}'"));

        var before = Judge(shape);
        var changes = new Dictionary<string, ConfigChange>();
        var unresolved = new List<string>();
        var current = shape;
        var result = before;
        for (var round = 0; round < MaxRounds && result.Users < users; round++)
        {
            var next = Raise(current, w, result, users, changes, out var problem);
            if (next is null)
            {
                unresolved.Add(problem!);
                break;
            }
            current = next;
            result = Judge(current);
        }
        return new Recommendation(users, name, changes.Values.ToList(), unresolved, before, result, current);
    }

    /// <summary>The shape with the bottleneck raised, or null with the reason when config cannot raise it.</summary>
    private static EnvironmentShape? Raise(EnvironmentShape shape, Workload w, ScenarioCapacity at, int users,
        Dictionary<string, ConfigChange> changes, out string? problem)
    {
        problem = null;
        var tier = at.Bottleneck;
        var factor = users / Math.Max(tier.Users, 1e-9);
        void Change(string path, object? from, object to)
        {
            var fromText = from is null ? null : Convert.ToString(from, CultureInfo.InvariantCulture);
            changes[path] = new ConfigChange(path, changes.TryGetValue(path, out var earlier) ? earlier.From : fromText, to, tier.Tier);
        }

        switch (tier.Kind)
        {
            case TierKind.Fleet or TierKind.Workers:
            {
                var f = shape.Fleets.First(x => x.Name == tier.Key);
                var current = at.Scenario.Instances[f.Name];
                var needed = (int)Math.Ceiling(Math.Max(current, 1) * factor - 1e-9);
                if (needed <= CapacityFacts.MaxGroupSize.Value)
                    return WithFleet(shape, SetSize(f, at.Scenario, needed, Change));
                var bigger = InstanceSizes.Next(f.InstanceType);
                if (bigger is null || Ec2InstanceTypes.Find(bigger) is null)
                    return Fail(out problem, $"{tier.Tier}: needs {needed} instances of the largest type; split the fleet or use a larger family");
                Change($"{f.ConfigPath}.instanceType", f.InstanceType, bigger);
                return WithFleet(shape, f with { InstanceType = bigger });
            }
            case TierKind.DatabasePrimaryCpu or TierKind.DatabasePrimaryConnections:
                return UpsizePrimary(shape, Change, out problem, tier);
            case TierKind.DatabaseProxyPool:
            {
                var db = shape.Database!;
                var percent = db.ProxyMaxConnectionsPercent ?? 100;
                if (percent >= 100) return UpsizePrimary(shape, Change, out problem, tier);
                var wanted = Math.Min(100, (int)Math.Ceiling(percent * factor - 1e-9));
                Change($"{db.ConfigPath}.proxy.maxConnectionsPercent", percent, wanted);
                return shape with { Database = db with { ProxyMaxConnectionsPercent = wanted } };
            }
            case TierKind.DatabaseIops:
            {
                var db = shape.Database!;
                // Provisioned IOPS is not a database setting (gp3's baseline follows the volume size): say what to do.
                return Fail(out problem, db.BaselineIops >= Gp3MaxIops
                    ? $"{tier.Tier}: beyond gp3's {Gp3MaxIops} IOPS; use io2 storage or fewer writes per request"
                    : $"{tier.Tier}: needs about {(int)Math.Ceiling(db.BaselineIops * factor)} IOPS: raise database.allocatedStorageGiB to 400 or more (gp3's higher baseline), or fewer writes per request");
            }
            case TierKind.ReplicaCpu or TierKind.ReplicaConnections:
            {
                var db = shape.Database!;
                var count = db.ReplicaClasses.Count;
                var cls = db.ReplicaClasses.Count > 0 ? db.ReplicaClasses[^1] : db.PrimaryClass;
                if (count < CapacityFacts.RdsMaxReadReplicas.Value)
                {
                    var wanted = (int)Math.Min(CapacityFacts.RdsMaxReadReplicas.Value, Math.Ceiling(Math.Max(count, 1) * factor - 1e-9));
                    wanted = Math.Max(wanted, count + 1);
                    Change($"{db.ConfigPath}.replicas", count, wanted);
                    return shape with { Database = db with { ReplicaClasses = [.. db.ReplicaClasses, .. Enumerable.Repeat(cls, wanted - count)] } };
                }
                var bigger = InstanceSizes.Next(cls);
                if (bigger is null || DbInstanceClasses.Find(bigger) is null)
                    return Fail(out problem, $"{tier.Tier}: 15 replicas of the largest class; send fewer reads to the database (cache more)");
                Change($"{db.ConfigPath}.replicaInstanceClass", cls, bigger);
                return shape with { Database = db with { ReplicaClasses = db.ReplicaClasses.Select(_ => bigger).ToList() } };
            }
            case TierKind.CacheOps or TierKind.CacheMemory:
            {
                var cache = shape.Cache!;
                var wanted = (int)Math.Max(cache.Shards + 1, Math.Ceiling(cache.Shards * factor - 1e-9));
                if (wanted > CapacityFacts.RedisMaxShards.Value) return Fail(out problem, $"{tier.Tier}: more than {CapacityFacts.RedisMaxShards.Value} shards");
                if (!cache.ClusterMode) Change($"{cache.ConfigPath}.clusterMode", false, true);
                Change($"{cache.ConfigPath}.shards", cache.Shards, wanted);
                return shape with { Cache = cache with { Shards = wanted, ClusterMode = true } };
            }
            case TierKind.Nat:
            {
                var net = shape.Network;
                if (net.NatGateways < shape.AvailabilityZones)
                {
                    Change($"{net.ConfigPath}.natGateways", net.NatGateways, shape.AvailabilityZones);
                    return shape with { Network = net with { NatGateways = shape.AvailabilityZones } };
                }
                // More addresses per NAT gateway is not a network setting: say what to do.
                return Fail(out problem, $"{tier.Tier}: a NAT gateway in every zone already; reuse connections to the busiest destination (keep-alive) " +
                                         $"or give each gateway more addresses (up to {CapacityFacts.NatMaxIpsPerGateway.Value}, not a Headroom setting yet)");
            }
            case TierKind.Queue:
            {
                var q = shape.Queues.First(x => x.Name == tier.Key);
                if (q.Fifo && !q.HighThroughput && (q.MessageGroups is null || CapacityModel.QueueLimit(q with { HighThroughput = true }).MessagesPerSecond > CapacityModel.QueueLimit(q).MessagesPerSecond))
                    return Fail(out problem, $"{tier.Tier}: FIFO high-throughput mode would raise it (not a queue setting yet); or spread orders over more message groups (the app)");
                return Fail(out problem, q.MessageGroups is { } g
                    ? $"{tier.Tier}: {g} message group(s) process in order one message at a time; give each order its own group id (the app), or batch"
                    : $"{tier.Tier}: at SQS's limit; batch sends and deletes (the app)");
            }
            case TierKind.WafRateRule:
            {
                var edge = shape.Edge!;
                var limit = edge.RateLimit ?? 0;
                var wanted = (long)Math.Min(CapacityFacts.WafMaxRateLimit.Value, Math.Ceiling(limit * factor / 100 - 1e-9) * 100);
                if (wanted <= limit) return Fail(out problem, $"{tier.Tier}: at WAF's highest limit");
                Change($"{edge.ConfigPath}.rateLimit", edge.RateLimit, wanted);
                return shape with { Edge = edge with { RateLimit = wanted } };
            }
            default:
                return Fail(out problem, $"{tier.Tier}: {tier.LimitedBy}; raise the AWS quota (Service Quotas) or reserve capacity, then tell the model");
        }
    }

    private static EnvironmentShape? UpsizePrimary(EnvironmentShape shape, Action<string, object?, object> change, out string? problem, TierCapacity tier)
    {
        var db = shape.Database!;
        var bigger = InstanceSizes.Next(db.PrimaryClass);
        if (bigger is null || DbInstanceClasses.Find(bigger) is null)
            return Fail(out problem, $"{tier.Tier}: the largest class of its family; move reads to replicas or the cache");
        problem = null;
        change($"{db.ConfigPath}.instanceClass", db.PrimaryClass, bigger);
        return shape with { Database = db with { PrimaryClass = bigger } };
    }

    /// <summary>The fleet with the size that scenario uses set to <paramref name="needed"/>.</summary>
    private static FleetShape SetSize(FleetShape f, Scenario scenario, int needed, Action<string, object?, object> change)
    {
        var peak = scenario.PeakName is { } name ? f.ScheduledPeaks.FirstOrDefault(p => p.Name == name) : null;
        switch (scenario.Kind)
        {
            case ScenarioKind.ScheduledPeak when peak is not null:
                change($"{peak.ConfigPath}.maxCapacity", peak.MaxCapacity, needed);
                return f with { ScheduledPeaks = f.ScheduledPeaks.Select(p => p == peak ? p with { MaxCapacity = needed } : p).ToList() };
            case ScenarioKind.ScheduledPeakPreScaled when peak is not null:
                change($"{peak.ConfigPath}.minCapacity", peak.MinCapacity, needed);
                var max = Math.Max(needed, peak.MaxCapacity ?? f.MaxCapacity);
                if (max != (peak.MaxCapacity ?? f.MaxCapacity)) change($"{peak.ConfigPath}.maxCapacity", peak.MaxCapacity, max);
                return f with { ScheduledPeaks = f.ScheduledPeaks.Select(p => p == peak ? p with { MinCapacity = needed, MaxCapacity = max } : p).ToList() };
            case ScenarioKind.Baseline:
                change($"{f.ConfigPath}.minCapacity", f.MinCapacity, needed);
                if (f.DesiredCapacity is not null) change($"{f.ConfigPath}.desiredCapacity", f.DesiredCapacity, needed);
                if (f.MaxCapacity < needed) change($"{f.ConfigPath}.maxCapacity", f.MaxCapacity, needed);
                return f with { MinCapacity = needed, DesiredCapacity = f.DesiredCapacity is null ? null : needed, MaxCapacity = Math.Max(f.MaxCapacity, needed) };
            default:
                change($"{f.ConfigPath}.maxCapacity", f.MaxCapacity, needed);
                return f with { MaxCapacity = needed };
        }
    }

    private static EnvironmentShape WithFleet(EnvironmentShape shape, FleetShape fleet) =>
        shape with { Fleets = shape.Fleets.Select(f => f.Name == fleet.Name ? fleet : f).ToList() };

    private static EnvironmentShape? Fail(out string? problem, string why)
    {
        problem = why;
        return null;
    }
}
