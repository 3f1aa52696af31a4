using Amazon.CDK.AWS.CloudFront;
using Headroom.Blocks.Edge;

namespace Headroom.App.Stacks;

public sealed partial class EnvironmentStacks
{
    /// <summary>CloudFront's certificates and CLOUDFRONT-scope WAF web ACLs live only here.</summary>
    public const string EdgeRegion = "us-east-1";

    /// <summary>Null when CloudFront does not front the load balancer.</summary>
    public Edge? EdgeBlock { get; private set; }

    /// <summary>The origin-verify secret's fixed name (the secret is in the Data stack): CloudFront's origin
    /// header reads its replica in us-east-1 by this name.</summary>
    public string OriginVerifySecretName => $"{ParameterPath.TrimStart('/')}/web/origin-verify";

    /// <summary>The distribution in the us-east-1 edge stack, in front of the web load balancer. The load
    /// balancer's DNS name crosses regions through CDK's cross-region references.</summary>
    private void AddEdge()
    {
        if (Edge is null || WebLoadBalancer.OriginVerifySecret is null) return;
        var cfg = Config.Edge;
        EdgeBlock = new Edge(Edge, "Edge", new EdgeProps
        {
            NamePrefix = NamePrefix,
            OriginDomainName = WebLoadBalancer.DnsName,
            OriginUsesHttps = WebLoadBalancer.Https,
            OriginVerifyHeaderName = WebLoadBalancer.OriginVerifyHeaderName,
            OriginVerifySecretName = OriginVerifySecretName,
            OriginReadTimeoutSeconds = cfg.OriginReadTimeoutSeconds,
            DomainNames = cfg.DomainNames,
            CertificateArn = cfg.CertificateArn,
            PriceClass = cfg.PriceClass switch
            {
                "all" => PriceClass.PRICE_CLASS_ALL,
                "200" => PriceClass.PRICE_CLASS_200,
                _ => PriceClass.PRICE_CLASS_100,
            },
            StaticPaths = cfg.StaticPaths,
            ForwardedHeaders = cfg.ForwardedHeaders,
            ForwardedCookies = cfg.ForwardedCookies,
            ForwardedQueryStrings = cfg.ForwardedQueryStrings,
            RateLimit = cfg.RateLimit,
            RateLimitWindowSeconds = cfg.RateLimitWindowSeconds,
            CommonRulesToCount = cfg.CommonRulesToCount,
            BusyPageCacheSeconds = cfg.BusyPageCacheSeconds,
            LogRetentionDays = cfg.LogRetentionDays,
            AdditionalMetrics = cfg.AdditionalMetrics,
        });
    }
}
