namespace Headroom.Tests.Config;

public sealed class EdgeConfigTests
{
    private const string Certificate = "arn:aws:acm:us-east-1:111111111111:certificate/12345678-1234-1234-1234-123456789012";

    [Fact]
    public void An_https_load_balancer_behind_cloudfront_needs_the_shops_domain_on_the_distribution()
    {
        const string albCertificate = "arn:aws:acm:eu-west-1:111111111111:certificate/12345678-1234-1234-1234-123456789012";
        var web = $"web:\n  loadBalancer:\n    certificateArn: {albCertificate}";

        var errors = TestConfig.Errors(TestConfig.With(TestConfig.Staging, web));
        var fixedUp = TestConfig.Errors(TestConfig.With(TestConfig.Staging, web + $"\nedge:\n  domainNames: [shop.example.com]\n  certificateArn: {Certificate}"));

        errors.Should().ContainSingle().Which.Should().Match<App.Config.ConfigError>(e =>
            e.Field == "edge.domainNames" && e.Allowed.Contains("checks the load balancer's certificate against the viewer's host name"));
        fixedUp.Should().BeEmpty();
    }

    [Fact]
    public void Additional_metrics_may_be_off_only_without_cloudfront_in_front()
    {
        TestConfig.Errors(TestConfig.With(TestConfig.Staging, "edge:\n  additionalMetrics: false\nweb:\n  loadBalancer:\n    behindCloudFront: false\n    allowPlainHttpOrigin: true"))
            .Should().BeEmpty("without CloudFront there is no origin-latency alarm to feed");
    }

    [Fact]
    public void The_lowest_rate_limit_waf_accepts_is_valid()
    {
        TestConfig.Errors(TestConfig.With(TestConfig.Staging, "edge:\n  rateLimit: 10")).Should().BeEmpty();
    }

    [Fact]
    public void Defaults_cover_a_shop_without_a_custom_domain()
    {
        var env = TestConfig.Parse(TestConfig.Staging);
        var edge = env.Edge.Settings(env);

        edge.PriceClass.Should().Be("100");
        edge.DomainNames.Should().BeEmpty();
        edge.CertificateArn.Should().BeNull();
        edge.StaticPaths.Should().Equal("/static/*", "/assets/*");
        edge.ForwardedCookies.Should().Equal("session");
        (edge.RateLimit, edge.RateLimitWindowSeconds, edge.OriginReadTimeoutSeconds, edge.BusyPageCacheSeconds, edge.LogRetentionDays)
            .Should().Be((2000, 300, 30, 10, 90));
        edge.AdditionalMetrics.Should().BeTrue();
    }

    [Fact]
    public void A_valid_edge_section_round_trips_every_field()
    {
        var env = TestConfig.Parse(TestConfig.With(TestConfig.Staging, $"""
            edge:
              priceClass: all
              domainNames: [shop.example.com, "*.shop.example.com"]
              certificateArn: {Certificate}
              staticPaths: [/media/*]
              forwardedHeaders: [Accept-Language]
              forwardedCookies: [sid, cart]
              forwardedQueryStrings: []
              rateLimit: 500
              rateLimitWindowSeconds: 60
              originReadTimeoutSeconds: 20
              busyPageCacheSeconds: 30
              logRetentionDays: 30
              additionalMetrics: false
            web:
              loadBalancer:
                behindCloudFront: false
                allowPlainHttpOrigin: true
            """));
        var edge = env.Edge.Settings(env);

        edge.PriceClass.Should().Be("all");
        edge.DomainNames.Should().Equal("shop.example.com", "*.shop.example.com");
        edge.CertificateArn.Should().Be(Certificate);
        edge.StaticPaths.Should().Equal("/media/*");
        edge.ForwardedHeaders.Should().Equal("Accept-Language");
        edge.ForwardedCookies.Should().Equal("sid", "cart");
        edge.ForwardedQueryStrings.Should().BeEmpty();
        (edge.RateLimit, edge.RateLimitWindowSeconds, edge.OriginReadTimeoutSeconds, edge.BusyPageCacheSeconds, edge.LogRetentionDays)
            .Should().Be((500, 60, 20, 30, 30));
        edge.AdditionalMetrics.Should().BeFalse();
    }
}
