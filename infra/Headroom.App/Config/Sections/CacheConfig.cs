using System.Text.RegularExpressions;
using Headroom.Blocks.Cache;

namespace Headroom.App.Config.Sections;

public enum CacheEngine { Redis, Valkey }

public enum CacheSubnets { Isolated, Private }

/// <summary>The `cache:` section: an ElastiCache Redis or Valkey replication group.</summary>
public sealed partial class CacheConfig : IConfigSection
{
    [Field("`redis`, `valkey`")]
    public CacheEngine Engine { get; set; } = CacheEngine.Redis;
    [Field("redis `6.0`, `6.2`, `7.0`, `7.1`; valkey `7.2`, `8.0`, `8.1`")]
    public string EngineVersion { get; set; } = "7.1";
    [Field("`cache.<family>.<size>`")]
    public string NodeType { get; set; } = "cache.t4g.small";

    /// <summary>Replicas of the primary; in cluster mode, of each shard.</summary>
    [Field("0–5 (per shard in cluster mode); at least 1 in production")]
    public int Replicas { get; set; } = 1;
    [Field("`true`/`false`")]
    public bool ClusterMode { get; set; }
    [Field("1 without cluster mode; 1–500 with it, at most 500 nodes in all")]
    public int Shards { get; set; } = 1;
    /// <summary>Unset: on when there is a replica.</summary>
    [Field("needs a replica and automatic failover; `true` in production", Default = "`true` when there is a replica")]
    public bool? MultiAz { get; set; }
    /// <summary>Unset: on when there is a replica (always in cluster mode).</summary>
    [Field("needs a replica; `true` in cluster mode and production", Default = "`true` when there is a replica or cluster mode")]
    public bool? AutomaticFailover { get; set; }

    [Field("1024–65535, not 6379")]
    public int Port { get; set; } = 6380;
    [Field("0–35; 1–35 in production")]
    public int SnapshotRetentionDays { get; set; } = 7;
    [Field("daily UTC `hh:mm-hh:mm`, at least 60 minutes")]
    public string SnapshotWindow { get; set; } = "03:00-04:00";
    [Field("weekly UTC, 60 minutes to 24 hours, not overlapping `snapshotWindow`")]
    public string MaintenanceWindow { get; set; } = "sun:05:00-sun:06:00";
    [Field("`volatile-lru`, `allkeys-lru`, `volatile-lfu`, `allkeys-lfu`, `volatile-random`, `allkeys-random`, `volatile-ttl`, `noeviction`")]
    public string MaxmemoryPolicy { get; set; } = "volatile-lru";
    [Field("`isolated`, `private`")]
    public CacheSubnets Subnets { get; set; } = CacheSubnets.Isolated;
    [Field("a CloudWatch Logs retention (slow log, rotation function)")]
    public int LogRetentionDays { get; set; } = 30;
    [Field("1–365")]
    public int AuthTokenRotationDays { get; set; } = 30;

    public string EngineName => Engine.ToString().ToLowerInvariant();
    public bool EffectiveAutomaticFailover => AutomaticFailover ?? (Replicas > 0 || ClusterMode);
    public bool EffectiveMultiAz => MultiAz ?? Replicas > 0;

    [GeneratedRegex(@"^[0-9]+\.[0-9]+\z")] private static partial Regex VersionPattern();
    [GeneratedRegex(@"^cache\.[a-z][a-z0-9-]*\.[a-z0-9]+\z")] private static partial Regex NodeTypePattern();

    public void Validate(ConfigValidator v, string path)
    {
        var production = v.Root.Production;
        var versions = Cache.SupportedVersions[EngineName];
        if (v.Matches($"{path}.engineVersion", EngineVersion, VersionPattern(), "must be an engine version major.minor, such as 7.1"))
            v.Check(Cache.ParameterGroupFamily(EngineName, EngineVersion) is not null, $"{path}.engineVersion", EngineVersion,
                $"must be a {EngineName} version Headroom supports: {string.Join(", ", versions)}");
        v.Matches($"{path}.nodeType", NodeType, NodeTypePattern(), "must be an ElastiCache node type cache.<family>.<size>, such as cache.r7g.large");

        if (production)
            v.Range($"{path}.replicas", Replicas, 1, Cache.MaxReplicas, "production keeps at least one replica to fail over to");
        else
            v.Range($"{path}.replicas", Replicas, 0, Cache.MaxReplicas);
        if (ClusterMode)
        {
            if (v.Range($"{path}.shards", Shards, 1, Cache.MaxShards))
                v.Check(Shards * (1 + Replicas) <= Cache.MaxShards, $"{path}.shards", Shards,
                    $"shards x (1 + replicas) must be at most {Cache.MaxShards} nodes (got {Shards * (1 + Replicas)})");
            v.Check(AutomaticFailover != false, $"{path}.automaticFailover", AutomaticFailover, "must be true in cluster mode (or left out)");
        }
        else
        {
            v.Check(Shards == 1, $"{path}.shards", Shards, "must be 1 unless clusterMode is true");
            v.Check(!(AutomaticFailover == true && Replicas == 0), $"{path}.automaticFailover", AutomaticFailover,
                "needs a replica to fail over to (replicas: 0)");
        }
        if (EffectiveMultiAz && Replicas == 0)
            v.Error($"{path}.multiAz", MultiAz, "Multi-AZ needs a replica in another zone (replicas: 0)");
        else if (EffectiveMultiAz && !EffectiveAutomaticFailover)
            v.Error($"{path}.multiAz", MultiAz ?? true, "Multi-AZ needs automatic failover: set automaticFailover true (or leave it out)");
        if (production)
        {
            v.Check(MultiAz != false, $"{path}.multiAz", MultiAz, "must be true in production, or left out");
            v.Check(AutomaticFailover != false, $"{path}.automaticFailover", AutomaticFailover, "must be true in production, or left out");
        }

        if (v.Range($"{path}.port", Port, 1024, 65535))
            v.Check(Port != 6379, $"{path}.port", Port, "must not be the default 6379: the cache takes a non-default port");
        v.Range($"{path}.snapshotRetentionDays", SnapshotRetentionDays, production ? 1 : 0, 35,
            production ? "production keeps daily snapshots" : "0 turns snapshots off");
        var snapshot = TimeWindows.Daily(v, $"{path}.snapshotWindow", SnapshotWindow, 60);
        var maintenance = TimeWindows.Weekly(v, $"{path}.maintenanceWindow", MaintenanceWindow, 60);
        if (snapshot is { } s && maintenance is { } m)
            v.Check(!TimeWindows.Overlap(s, m), $"{path}.maintenanceWindow", MaintenanceWindow, $"must not overlap snapshotWindow ({SnapshotWindow})");
        v.OneOf($"{path}.maxmemoryPolicy", MaxmemoryPolicy, Cache.MaxMemoryPolicies);
        v.OneOf($"{path}.logRetentionDays", LogRetentionDays, NetworkConfig.RetentionDays);
        v.Range($"{path}.authTokenRotationDays", AuthTokenRotationDays, 1, 365);
    }
}
