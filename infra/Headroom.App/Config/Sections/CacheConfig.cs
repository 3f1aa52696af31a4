using Headroom.Blocks.Cache;

namespace Headroom.App.Config.Sections;

/// <summary>The `cache:` section: overrides of the cache block's settings (<see cref="CacheSettings"/>), and production's policy.</summary>
public sealed class CacheConfig : IConfigSection, IOverrides<CacheSettings>
{
    [Field("`redis`, `valkey`")]
    public CacheEngine? Engine { get; set; }
    [Field("redis `6.0`, `6.2`, `7.0`, `7.1`; valkey `7.2`, `8.0`, `8.1`")]
    public string? EngineVersion { get; set; }
    [Field("`cache.<family>.<size>`")]
    public string? NodeType { get; set; }

    /// <summary>Replicas of the primary; in cluster mode, of each shard.</summary>
    [Field("0–5 (per shard in cluster mode); at least 1 in production")]
    public int? Replicas { get; set; }
    [Field("`true`/`false`")]
    public bool? ClusterMode { get; set; }
    [Field("1 without cluster mode; 1–500 with it, at most 500 nodes in all")]
    public int? Shards { get; set; }
    [Field("needs a replica and automatic failover; `true` in production", Default = "`true` when there is a replica")]
    public bool? MultiAz { get; set; }
    [Field("needs a replica; `true` in cluster mode and production", Default = "`true` when there is a replica or cluster mode")]
    public bool? AutomaticFailover { get; set; }

    [Field("1024–65535, not 6379")]
    public int? Port { get; set; }
    [Field("0–35; 1–35 in production")]
    public int? SnapshotRetentionDays { get; set; }
    [Field("daily UTC `hh:mm-hh:mm`, at least 60 minutes")]
    public string? SnapshotWindow { get; set; }
    [Field("weekly UTC, 60 minutes to 24 hours, not overlapping `snapshotWindow`")]
    public string? MaintenanceWindow { get; set; }
    [Field("`volatile-lru`, `allkeys-lru`, `volatile-lfu`, `allkeys-lfu`, `volatile-random`, `allkeys-random`, `volatile-ttl`, `noeviction`")]
    [Setting(nameof(CacheSettings.MaxMemoryPolicy))]
    public string? MaxmemoryPolicy { get; set; }
    [Field("`isolated`, `private`")]
    public CacheSubnets? Subnets { get; set; }
    [Field("a CloudWatch Logs retention (slow log, rotation function)")]
    public int? LogRetentionDays { get; set; }
    [Field("1–365")]
    public int? AuthTokenRotationDays { get; set; }

    public CacheSettings Apply(CacheSettings d, EnvironmentConfig environment) => d with
    {
        Engine = Engine ?? d.Engine,
        EngineVersion = EngineVersion ?? d.EngineVersion,
        NodeType = NodeType ?? d.NodeType,
        Replicas = Replicas ?? d.Replicas,
        ClusterMode = ClusterMode ?? d.ClusterMode,
        Shards = Shards ?? d.Shards,
        MultiAz = MultiAz ?? d.MultiAz,
        AutomaticFailover = AutomaticFailover ?? d.AutomaticFailover,
        Port = Port ?? d.Port,
        SnapshotRetentionDays = SnapshotRetentionDays ?? d.SnapshotRetentionDays,
        SnapshotWindow = SnapshotWindow ?? d.SnapshotWindow,
        MaintenanceWindow = MaintenanceWindow ?? d.MaintenanceWindow,
        MaxMemoryPolicy = MaxmemoryPolicy ?? d.MaxMemoryPolicy,
        Subnets = Subnets ?? d.Subnets,
        LogRetentionDays = LogRetentionDays ?? d.LogRetentionDays,
        AuthTokenRotationDays = AuthTokenRotationDays ?? d.AuthTokenRotationDays,
    };

    /// <summary>The block's settings for this environment.</summary>
    public CacheSettings Settings(EnvironmentConfig environment) => Apply(new CacheSettings(), environment);

    public void Validate(ConfigValidator v, string path)
    {
        var settings = Settings(v.Root);
        settings.Check(v.Report(path, GetType()));
        // Production's policy, on top of what the block allows.
        if (!v.Root.Production) return;
        v.Check(settings.Replicas >= 1, $"{path}.replicas", settings.Replicas, "must be at least 1 in production: production keeps at least one replica to fail over to");
        v.Check(settings.SnapshotRetentionDays >= 1, $"{path}.snapshotRetentionDays", settings.SnapshotRetentionDays, "must be at least 1 in production: production keeps daily snapshots");
        v.Check(MultiAz != false, $"{path}.multiAz", MultiAz, "must be true in production, or left out");
        v.Check(AutomaticFailover != false, $"{path}.automaticFailover", AutomaticFailover, "must be true in production, or left out");
    }
}
