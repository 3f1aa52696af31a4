using Amazon.CDK.AWS.EC2;
using Amazon.CDK.AWS.KMS;

namespace Headroom.Blocks.Cache;

public sealed class CacheProps
{
    /// <summary>Prefix for descriptions, such as "headroom-prod".</summary>
    public required string NamePrefix { get; init; }
    public required IVpc Vpc { get; init; }

    /// <summary>The only security groups admitted to the cache port.</summary>
    public required IReadOnlyList<ISecurityGroup> ClientSecurityGroups { get; init; }

    /// <summary>"redis" or "valkey".</summary>
    public string Engine { get; init; } = "redis";
    /// <summary>Major.minor, such as 7.1; see <see cref="Cache.SupportedVersions"/>.</summary>
    public required string EngineVersion { get; init; }
    /// <summary>Such as cache.r7g.large.</summary>
    public required string NodeType { get; init; }

    /// <summary>Replicas of the primary (of each shard in cluster mode), 0 to 5.</summary>
    public int Replicas { get; init; } = 1;
    /// <summary>Cluster mode: data sharded over <see cref="Shards"/> node groups.</summary>
    public bool ClusterMode { get; init; }
    public int Shards { get; init; } = 1;
    public bool MultiAz { get; init; } = true;
    public bool AutomaticFailover { get; init; } = true;

    public int Port { get; init; } = 6380;
    public int SnapshotRetentionDays { get; init; } = 7;
    /// <summary>Daily UTC window, hh:mm-hh:mm.</summary>
    public string SnapshotWindow { get; init; } = "03:00-04:00";
    /// <summary>Weekly UTC window, ddd:hh:mm-ddd:hh:mm.</summary>
    public string MaintenanceWindow { get; init; } = "sun:05:00-sun:06:00";
    public string MaxMemoryPolicy { get; init; } = "volatile-lru";

    /// <summary>PRIVATE_ISOLATED (default) or PRIVATE_WITH_EGRESS.</summary>
    public SubnetType SubnetType { get; init; } = SubnetType.PRIVATE_ISOLATED;

    /// <summary>Retention of the slow log in CloudWatch Logs.</summary>
    public int LogRetentionDays { get; init; } = 30;

    /// <summary>Days between rotations of the AUTH token, 1 to 365. ROTATE keeps the previous token valid until the next one.</summary>
    public int AuthTokenRotationDays { get; init; } = 30;

    /// <summary>Encrypts data at rest and the AUTH token secret; null creates one (rotation on, retained).</summary>
    public IKey? EncryptionKey { get; init; }

    /// <summary>Where endpoints, port and the AUTH secret's ARN are published in SSM, such as /headroom/prod/cache; null publishes nothing.</summary>
    public string? ParameterPrefix { get; init; }
}
