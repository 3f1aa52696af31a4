using Amazon.CDK.AWS.EC2;
using Amazon.CDK.AWS.SecretsManager;
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
        var database = new Database(stack, "Database", new DatabaseProps(config.Database.Settings(config))
        {
            NamePrefix = names.NamePrefix,
            Vpc = network.Network.Vpc,
            AvailabilityZones = config.AvailabilityZones,
            ClientSecurityGroups = network.FleetSecurityGroups,
            ParameterPrefix = $"{names.ParameterPath}/db",
        });

        var cache = new Cache(stack, "Cache", new CacheProps(config.Cache.Settings(config))
        {
            NamePrefix = names.NamePrefix,
            Vpc = network.Network.Vpc,
            ClientSecurityGroups = network.FleetSecurityGroups,
            ParameterPrefix = $"{names.ParameterPath}/cache",
        });

        var queues = new Queues(stack, "Queues", new QueuesProps(config.Queues.Settings(config))
        {
            NamePrefix = names.NamePrefix,
            ParameterPrefix = $"{names.ParameterPath}/queues",
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
