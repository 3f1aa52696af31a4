using Amazon.CDK;
using Amazon.CDK.AWS.EC2;
using Amazon.CDK.AWS.SecretsManager;
using Headroom.App.Config;
using Headroom.App.Config.Sections;
using Headroom.Blocks.Cache;
using Headroom.Blocks.Database;
using Headroom.Blocks.Queues;

namespace Headroom.App.Stacks.Wiring;

public static class DataWiring
{
    /// <summary>
    /// The stateful tier, in the Data stack: database and cache (they admit the fleets' security groups from
    /// the Network stack, so the Data stack never depends on the App stack), the work queues, and the
    /// origin-verify secret. That secret is read by the App stack's listener rule and the Edge stack's origin
    /// header, so it must outlive the App stack: Secrets Manager keeps a deleted secret's name reserved and
    /// won't delete a primary with replicas, so a secret in the App stack would block recreating it. Retained
    /// and named, so the Edge stack (us-east-1) resolves its replica by name.
    /// </summary>
    public static DataTier Build(HeadroomStack stack, EnvironmentConfig config, EnvironmentNames names, NetworkTier network)
    {
        var db = config.Database;
        var database = new Database(stack, "Database", new DatabaseProps
        {
            NamePrefix = names.NamePrefix,
            Vpc = network.Network.Vpc,
            AvailabilityZones = config.AvailabilityZones,
            ClientSecurityGroups = network.FleetSecurityGroups,
            EngineVersion = db.EngineVersion,
            InstanceClass = db.InstanceClass,
            MultiAz = db.EffectiveMultiAz(config),
            ReplicaInstanceClasses = db.ReplicaClasses(),
            Port = db.Port,
            DatabaseName = db.DatabaseName,
            AllocatedStorageGiB = db.AllocatedStorageGiB,
            MaxAllocatedStorageGiB = db.MaxAllocatedStorageGiB,
            BackupRetentionDays = db.BackupRetentionDays,
            BackupWindow = db.BackupWindow,
            MaintenanceWindow = db.MaintenanceWindow,
            DeletionProtection = db.EffectiveDeletionProtection(config),
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
            ParameterPrefix = $"{names.ParameterPath}/db",
        });

        var cache = new Cache(stack, "Cache", new CacheProps(config.Cache.Settings(config))
        {
            NamePrefix = names.NamePrefix,
            Vpc = network.Network.Vpc,
            ClientSecurityGroups = network.FleetSecurityGroups,
            ParameterPrefix = $"{names.ParameterPath}/cache",
        });

        var queues = new Queues(stack, "Queues", new QueuesProps
        {
            NamePrefix = names.NamePrefix,
            ParameterPrefix = $"{names.ParameterPath}/queues",
            DeadLetterRetentionDays = QueuesConfig.DeadLetterRetentionDays,
            Queues = config.Queues.List.Select(q => new QueueSpec
            {
                Name = q.Name,
                Fifo = q.Fifo,
                ContentBasedDeduplication = q.ContentBasedDeduplication,
                MaxReceiveCount = q.MaxReceiveCount,
                VisibilityTimeoutSeconds = q.VisibilityTimeoutSeconds,
                RetentionDays = q.RetentionDays,
                ProcessingTimeSeconds = q.ProcessingTimeSeconds,
            }).ToList(),
        });

        var originVerify = !config.Web.LoadBalancer.Settings(config).BehindCloudFront ? null : new Secret(stack, "WebOriginVerifySecret", new SecretProps
        {
            SecretName = names.OriginVerifySecretName,
            Description = "Value CloudFront sends in the origin-verify header; the load balancer serves only requests carrying it",
            // Letters and digits only: a listener rule treats * and ? in header values as wildcards.
            GenerateSecretString = new SecretStringGenerator { PasswordLength = 48, ExcludePunctuation = true, IncludeSpace = false },
            ReplicaRegions = config.Region == EdgeWiring.Region ? [] : [new ReplicaRegion { Region = EdgeWiring.Region }],
            RemovalPolicy = RemovalPolicy.RETAIN,
        });
        return new DataTier(database, cache, queues, originVerify);
    }
}
