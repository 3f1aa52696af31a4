using static Headroom.App.Preview.Sections.DatabasePreview;

namespace Headroom.App.Preview.Sections;

/// <summary>The replication group: engine, node type and count, failover, encryption, snapshots.</summary>
internal sealed class CachePreview() : BlockPreview("Cache", 50, "Cache")
{
    protected override IEnumerable<string> Describe(SynthesizedEnvironment env, BlockResources block)
    {
        foreach (var group in block.OfType("AWS::ElastiCache::ReplicationGroup"))
        {
            var shards = group.Prop("NumNodeGroups")?.GetInt32();
            var nodes = shards is { } n
                ? $"{n} shard(s) x (1 primary + {Text(group.Prop("ReplicasPerNodeGroup"))} replica(s)), cluster mode"
                : $"{group.Prop("NumCacheClusters")?.GetInt32()} (1 primary + {group.Prop("NumCacheClusters")?.GetInt32() - 1} replica(s))";
            var policy = block.OfType("AWS::ElastiCache::ParameterGroup").Select(p => Text(Field(p.Prop("Properties"), "maxmemory-policy"))).FirstOrDefault();
            yield return $"{group.Str("Engine")} {group.Str("EngineVersion")}, {group.Str("CacheNodeType")} x {nodes}";
            yield return $"{(Flag(group, "MultiAZEnabled") ? "Multi-AZ" : "single zone")}, automatic failover {(Flag(group, "AutomaticFailoverEnabled") ? "on" : "off")}, " +
                         $"port {Text(group.Prop("Port"))}, maxmemory-policy {policy}";
            yield return $"{(Flag(group, "TransitEncryptionEnabled") ? "TLS" : "NO TLS")} + {(group.Prop("AuthToken") is not null ? "AUTH token (Secrets Manager)" : "NO AUTH")}, " +
                         $"{(Flag(group, "AtRestEncryptionEnabled") ? "encrypted at rest (KMS)" : "NOT ENCRYPTED at rest")}";
            yield return $"snapshots kept {Text(group.Prop("SnapshotRetentionLimit"))} days ({group.Str("SnapshotWindow")} UTC), on delete: {group.Raw.GetProperty("DeletionPolicy").GetString()}";
        }
    }
}
