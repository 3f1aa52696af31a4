using Amazon.CDK;
using Amazon.CDK.AWS.SecretsManager;

namespace Headroom.App.Stacks;

public sealed partial class EnvironmentStacks
{
    /// <summary>The value CloudFront sends in the origin-verify header. Null when CloudFront does not front
    /// the load balancer.</summary>
    public Secret? OriginVerifySecret { get; private set; }

    /// <summary>The origin-verify secret, in the Data stack: the App stack's listener rule and the Edge stack's
    /// origin header both read it, so it must outlive the App stack. Secrets Manager keeps a deleted secret's
    /// name reserved and won't delete a primary with replicas, so a secret in the App stack would block
    /// recreating it. Retained and named, so the Edge stack (us-east-1) resolves its replica by name.</summary>
    private void AddOriginVerifySecret()
    {
        if (!Config.Web.LoadBalancer.BehindCloudFront) return;
        OriginVerifySecret = new Secret(Data, "WebOriginVerifySecret", new SecretProps
        {
            SecretName = OriginVerifySecretName,
            Description = "Value CloudFront sends in the origin-verify header; the load balancer serves only requests carrying it",
            // Letters and digits only: a listener rule treats * and ? in header values as wildcards.
            GenerateSecretString = new SecretStringGenerator { PasswordLength = 48, ExcludePunctuation = true, IncludeSpace = false },
            ReplicaRegions = Config.Region == EdgeRegion ? [] : [new ReplicaRegion { Region = EdgeRegion }],
            RemovalPolicy = RemovalPolicy.RETAIN,
        });
    }
}
