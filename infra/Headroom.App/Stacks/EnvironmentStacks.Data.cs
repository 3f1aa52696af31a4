using Amazon.CDK.AWS.EC2;
using Headroom.App.Config.Sections;
using Headroom.Blocks.Cache;
using Headroom.Blocks.Database;

namespace Headroom.App.Stacks;

public sealed partial class EnvironmentStacks
{
    public Database DatabaseBlock { get; private set; } = null!;
    public Cache CacheBlock { get; private set; } = null!;

    /// <summary>Database and cache in the Data stack. They admit the fleets' security groups, which live in
    /// the Network stack, so the Data stack never depends on the App stack.</summary>
    private void AddData()
    {
        var db = Config.Database;
        DatabaseBlock = new Database(Data, "Database", new DatabaseProps
        {
            NamePrefix = NamePrefix,
            Vpc = NetworkBlock.Vpc,
            AvailabilityZones = Config.AvailabilityZones,
            ClientSecurityGroups = FleetSecurityGroups,
            EngineVersion = db.EngineVersion,
            InstanceClass = db.InstanceClass,
            MultiAz = db.EffectiveMultiAz(Config),
            ReplicaInstanceClasses = db.ReplicaClasses(),
            Port = db.Port,
            DatabaseName = db.DatabaseName,
            AllocatedStorageGiB = db.AllocatedStorageGiB,
            MaxAllocatedStorageGiB = db.MaxAllocatedStorageGiB,
            BackupRetentionDays = db.BackupRetentionDays,
            BackupWindow = db.BackupWindow,
            MaintenanceWindow = db.MaintenanceWindow,
            DeletionProtection = db.EffectiveDeletionProtection(Config),
            SlowQueryMilliseconds = db.SlowQueryMilliseconds,
            IdleInTransactionTimeoutSeconds = db.IdleInTransactionTimeoutSeconds,
            PasswordRotationDays = db.PasswordRotationDays,
            LogRetentionDays = db.LogRetentionDays,
            Proxy = new DatabaseProxyPool
            {
                MaxConnectionsPercent = db.Proxy.MaxConnectionsPercent,
                MaxIdleConnectionsPercent = db.Proxy.MaxIdleConnectionsPercent,
                IdleClientTimeoutSeconds = db.Proxy.IdleClientTimeoutSeconds,
                BorrowTimeoutSeconds = db.Proxy.BorrowTimeoutSeconds,
            },
            ParameterPrefix = $"{ParameterPath}/db",
        });

        var cache = Config.Cache;
        CacheBlock = new Cache(Data, "Cache", new CacheProps
        {
            NamePrefix = NamePrefix,
            Vpc = NetworkBlock.Vpc,
            ClientSecurityGroups = FleetSecurityGroups,
            Engine = cache.EngineName,
            EngineVersion = cache.EngineVersion,
            NodeType = cache.NodeType,
            Replicas = cache.Replicas,
            ClusterMode = cache.ClusterMode,
            Shards = cache.Shards,
            MultiAz = cache.EffectiveMultiAz,
            AutomaticFailover = cache.EffectiveAutomaticFailover,
            Port = cache.Port,
            SnapshotRetentionDays = cache.SnapshotRetentionDays,
            SnapshotWindow = cache.SnapshotWindow,
            MaintenanceWindow = cache.MaintenanceWindow,
            MaxMemoryPolicy = cache.MaxmemoryPolicy,
            SubnetType = cache.Subnets == CacheSubnets.Private ? SubnetType.PRIVATE_WITH_EGRESS : SubnetType.PRIVATE_ISOLATED,
            LogRetentionDays = cache.LogRetentionDays,
            AuthTokenRotationDays = cache.AuthTokenRotationDays,
            ParameterPrefix = $"{ParameterPath}/cache",
        });
    }
}
