using Headroom.Blocks.Edge;

namespace Headroom.App.Config.Sections;

/// <summary>The `edge:` section: overrides of the edge block's settings (<see cref="EdgeSettings"/>: CloudFront and
/// WAF in front of the load balancer, the static-assets bucket), and what the rest of the environment asks of it.</summary>
[SectionFields] public sealed partial class EdgeConfig : IConfigSection, IOverrides<EdgeSettings>
{
    /// <summary>What WAF lets through for load tests (`edge.loadTest.allow`).</summary>
    public EdgeLoadTestConfig LoadTest { get; set; } = new();

    public EdgeSettings Apply(EdgeSettings d, EnvironmentConfig environment) => Overlay(d, environment) with
    {
        LoadTest = LoadTest.Apply(d.LoadTest, environment),
    };

    public void Validate(ConfigValidator v, string path)
    {
        var settings = Settings(v.Root);
        settings.Check(v.Report(path, GetType()));
        // The environment's account, and what the web tier asks of the edge in front of it.
        if (settings.CertificateAccount is { } account)
            v.Check(account == v.Root.Account, $"{path}.certificateArn", settings.CertificateArn, $"must be a certificate of the environment's account '{v.Root.Account}'");
        var lb = v.Root.Web.LoadBalancer.Settings(v.Root);
        // An HTTPS load balancer's certificate names the shop's domain, and CloudFront checks it against the
        // viewer's Host: on *.cloudfront.net alone every request would fail.
        if (lb.BehindCloudFront && lb.CertificateArn is not null && settings.CertificateArn is null)
            v.Check(settings.DomainNames.Count > 0, $"{path}.domainNames", "[]",
                "must list the shop's domain names (with certificateArn) when web.loadBalancer.certificateArn is set: CloudFront checks the load balancer's certificate against the viewer's host name");
        // CloudFront publishes OriginLatency only with its additional metrics: without them the
        // cloudfront-origin-latency alarm would never see a datapoint, and never fire.
        if (lb.BehindCloudFront)
            v.Check(settings.AdditionalMetrics, $"{path}.additionalMetrics", false,
                "must stay true while CloudFront fronts the site: the cloudfront-origin-latency alarm reads OriginLatency, which CloudFront publishes only with its additional metrics");
    }
}
