using Headroom.Blocks.Edge;
using Headroom.Blocks.LoadBalancer;

namespace Headroom.App.Stacks.Wiring;

public static class EdgeWiring
{
    /// <summary>CloudFront's certificates and CLOUDFRONT-scope WAF web ACLs live only here.</summary>
    public const string Region = "us-east-1";

    /// <summary>The load-test header's secret, in the edge stack's region; `headroom loadtest run` reads it by this name.</summary>
    public static string LoadTestSecretName(string environment) => $"headroom/{environment}/edge/load-test";

    /// <summary>The distribution in the us-east-1 edge stack, in front of the web load balancer. The load
    /// balancer's DNS name crosses regions through CDK's cross-region references; the origin-verify header's
    /// value is read from the secret's us-east-1 replica by name.</summary>
    public static Edge Build(HeadroomStack stack, EnvironmentConfig config, EnvironmentNames names, LoadBalancer loadBalancer)
    {
        return new Edge(stack, "Edge", new EdgeProps(config.Edge.Settings(config))
        {
            NamePrefix = names.NamePrefix,
            OriginDomainName = loadBalancer.DnsName,
            OriginUsesHttps = loadBalancer.Https,
            OriginVerifyHeaderName = loadBalancer.OriginVerifyHeaderName,
            OriginVerifySecretName = names.OriginVerifySecretName,
            Production = config.Production,
            LoadTestSecretName = LoadTestSecretName(config.Name),
            // One behaviour per service path (config validation keeps them distinct and within CloudFront's quota).
            OriginPaths = config.Services.SelectMany(s => s.PathPatterns.Select(p => new OriginPath(p, s.CachedAtEdge)))
                .DistinctBy(p => p.PathPattern).ToList(),
        });
    }
}
