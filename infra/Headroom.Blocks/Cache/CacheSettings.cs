namespace Headroom.Blocks.Cache;

public enum CacheEngine { Redis, Valkey }

/// <summary>Where the nodes stand: isolated subnets (no route out), or private ones with egress.</summary>
public enum CacheSubnets { Isolated, Private }

/// <summary>What a cache is, as plain values: each default stated here once, each rule in <see cref="Check"/>.</summary>
public partial record CacheSettings
{
    [Field("`redis`, `valkey`")] public CacheEngine Engine { get; init; } = CacheEngine.Redis;
    /// <summary>Major.minor, such as 7.1; see <see cref="Cache.SupportedVersions"/>.</summary>
    [Field("redis `6.0`, `6.2`, `7.0`, `7.1`; valkey `7.2`, `8.0`, `8.1`")] public string EngineVersion { get; init; } = "7.1";
    /// <summary>Such as cache.r7g.large.</summary>
    [Field("`cache.<family>.<size>`")] public string NodeType { get; init; } = "cache.t4g.small";

    /// <summary>Replicas of the primary (of each shard in cluster mode), 0 to 5.</summary>
    [Field("0–5 (per shard in cluster mode); at least 1 in production")] public int Replicas { get; init; } = 1;
    /// <summary>Cluster mode: data sharded over <see cref="Shards"/> node groups.</summary>
    [Field("`true`/`false`")] public bool ClusterMode { get; init; }
    [Field("1 without cluster mode; 1–500 with it, at most 500 nodes in all")] public int Shards { get; init; } = 1;
    /// <summary>Null: on when there is a replica.</summary>
    [Field("needs a replica and automatic failover; `true` in production", Default = "`true` when there is a replica")] public bool? MultiAz { get; init; }
    /// <summary>Null: on when there is a replica, and always in cluster mode.</summary>
    [Field("needs a replica; `true` in cluster mode and production", Default = "`true` when there is a replica or cluster mode")] public bool? AutomaticFailover { get; init; }

    [Field("1024–65535, not 6379")] public int Port { get; init; } = 6380;
    [Field("0–35; 1–35 in production")] public int SnapshotRetentionDays { get; init; } = 7;
    /// <summary>Daily UTC window, hh:mm-hh:mm.</summary>
    [Field("daily UTC `hh:mm-hh:mm`, at least 60 minutes")] public string SnapshotWindow { get; init; } = "03:00-04:00";
    /// <summary>Weekly UTC window, ddd:hh:mm-ddd:hh:mm.</summary>
    [Field("weekly UTC, 60 minutes to 24 hours, not overlapping `snapshotWindow`")] public string MaintenanceWindow { get; init; } = "sun:05:00-sun:06:00";
    [Field("`volatile-lru`, `allkeys-lru`, `volatile-lfu`, `allkeys-lfu`, `volatile-random`, `allkeys-random`, `volatile-ttl`, `noeviction`", Name = "MaxmemoryPolicy")] public string MaxMemoryPolicy { get; init; } = "volatile-lru";
    [Field("`isolated`, `private`")] public CacheSubnets Subnets { get; init; } = CacheSubnets.Isolated;

    /// <summary>Retention of the slow log and the rotation function's log in CloudWatch Logs.</summary>
    [Field("a CloudWatch Logs retention (slow log, rotation function)")] public int LogRetentionDays { get; init; } = 30;

    /// <summary>Days between rotations of the AUTH token, 1 to 365. ROTATE keeps the previous token valid until the next one.</summary>
    [Field("1–365")] public int AuthTokenRotationDays { get; init; } = 30;

    public string EngineName => Engine.ToString().ToLowerInvariant();
    public bool EffectiveAutomaticFailover => AutomaticFailover ?? (Replicas > 0 || ClusterMode);
    public bool EffectiveMultiAz => MultiAz ?? Replicas > 0;

    [GeneratedRegex(@"^[0-9]+\.[0-9]+\z")] private static partial Regex VersionPattern();
    [GeneratedRegex(@"^cache\.[a-z][a-z0-9-]*\.[a-z0-9]+\z")] private static partial Regex NodeTypePattern();

    /// <summary>What ElastiCache accepts, and what Headroom insists on (a non-default port, no Multi-AZ without failover).</summary>
    public void Check(ISettingsReport r)
    {
        if (r.Matches(nameof(EngineVersion), EngineVersion, VersionPattern(), "must be an engine version major.minor, such as 7.1"))
            r.Check(Cache.ParameterGroupFamily(EngineName, EngineVersion) is not null, nameof(EngineVersion), EngineVersion,
                $"must be a {EngineName} version Headroom supports: {string.Join(", ", Cache.SupportedVersions[EngineName])}");
        r.Matches(nameof(NodeType), NodeType, NodeTypePattern(), "must be an ElastiCache node type cache.<family>.<size>, such as cache.r7g.large");

        r.Range(nameof(Replicas), Replicas, 0, Cache.MaxReplicas);
        if (ClusterMode)
        {
            if (r.Range(nameof(Shards), Shards, 1, Cache.MaxShards))
                r.Check(Shards * (1 + Replicas) <= Cache.MaxShards, nameof(Shards), Shards,
                    $"shards x (1 + replicas) must be at most {Cache.MaxShards} nodes (got {Shards * (1 + Replicas)})");
            r.Check(AutomaticFailover != false, nameof(AutomaticFailover), AutomaticFailover, "must be true in cluster mode (or left out)");
        }
        else
        {
            r.Check(Shards == 1, nameof(Shards), Shards, "must be 1 unless clusterMode is true");
            r.Check(!(AutomaticFailover == true && Replicas == 0), nameof(AutomaticFailover), AutomaticFailover,
                "needs a replica to fail over to (replicas: 0)");
        }
        if (EffectiveMultiAz && Replicas == 0)
            r.Problem(nameof(MultiAz), MultiAz, "Multi-AZ needs a replica in another zone (replicas: 0)");
        else if (EffectiveMultiAz && !EffectiveAutomaticFailover)
            r.Problem(nameof(MultiAz), MultiAz ?? true, "Multi-AZ needs automatic failover: set automaticFailover true (or leave it out)");

        if (r.Range(nameof(Port), Port, 1024, 65535))
            r.Check(Port != 6379, nameof(Port), Port, "must not be the default 6379: the cache takes a non-default port");
        r.Range(nameof(SnapshotRetentionDays), SnapshotRetentionDays, 0, 35, "0 turns snapshots off");
        var snapshot = TimeWindows.Daily(r, nameof(SnapshotWindow), SnapshotWindow, 60);
        var maintenance = TimeWindows.Weekly(r, nameof(MaintenanceWindow), MaintenanceWindow, 60);
        if (snapshot is { } s && maintenance is { } m)
            r.Check(!TimeWindows.Overlap(s, m), nameof(MaintenanceWindow), MaintenanceWindow, $"must not overlap snapshotWindow ({SnapshotWindow})");
        r.OneOf(nameof(MaxMemoryPolicy), MaxMemoryPolicy, Cache.MaxMemoryPolicies);
        r.OneOf(nameof(LogRetentionDays), LogRetentionDays, Settings.LogRetentionDays);
        r.Range(nameof(AuthTokenRotationDays), AuthTokenRotationDays, 1, 365);
    }
}
