namespace Headroom.Tests.Config;

public sealed class EdgeConfigTests : SectionRules
{
    private const string Certificate = "arn:aws:acm:us-east-1:111111111111:certificate/12345678-1234-1234-1234-123456789012";

    public static TheoryData<string, string, string> Violations => new()
    {
        // extra YAML merged over a valid staging file, the field the error names, a phrase of its message
        { "edge:\n  rateLimit: 9", "edge.rateLimit", "WAF's minimum is 10" },
        { "edge:\n  rateLimit: 2000000001", "edge.rateLimit", "from 10 to 2000000000" },
        { "edge:\n  rateLimitWindowSeconds: 30", "edge.rateLimitWindowSeconds", "one of: 60, 120, 300, 600" },
        { "edge:\n  priceClass: cheapest", "edge.priceClass", "one of: 100, 200, all" },
        { $"edge:\n  domainNames: [shop.example.com]\n  certificateArn: {Certificate.Replace("us-east-1", "eu-west-1")}", "edge.certificateArn", "in us-east-1" },
        { "edge:\n  domainNames: [shop.example.com]\n  certificateArn: arn:aws:iam::111111111111:server-certificate/x", "edge.certificateArn", "ACM certificate ARN" },
        { "edge:\n  domainNames: [shop.example.com]", "edge.certificateArn", "is required with domainNames" },
        { $"edge:\n  certificateArn: {Certificate}", "edge.domainNames", "must list the domain names" },
        { $"edge:\n  domainNames: [Shop_Example]\n  certificateArn: {Certificate}", "edge.domainNames[0]", "lower-case domain name" },
        { $"edge:\n  domainNames: [shop.example.com, shop.example.com]\n  certificateArn: {Certificate}", "edge.domainNames[1]", "must not repeat" },
        { "edge:\n  staticPaths: [static/*]", "edge.staticPaths[0]", "starting with '/'" },
        { "edge:\n  staticPaths: [\"/*\"]", "edge.staticPaths[0]", "not '/*'" },
        { "edge:\n  staticPaths: [/busy.html]", "edge.staticPaths[0]", "not /busy.html" },
        { "edge:\n  staticPaths: [/a/*, /a/*]", "edge.staticPaths[1]", "must not repeat" },
        { "edge:\n  staticPaths: [" + string.Join(", ", Enumerable.Range(0, 25).Select(i => $"/p{i}/*")) + "]", "edge.staticPaths", "at most 24" },
        { "edge:\n  forwardedHeaders: [\"Accept Language\"]", "edge.forwardedHeaders[0]", "header name" },
        { "edge:\n  forwardedHeaders: [Accept-Language, accept-language]", "edge.forwardedHeaders[1]", "must not repeat" },
        { "edge:\n  forwardedHeaders: [" + string.Join(", ", Enumerable.Range(0, 11).Select(i => $"X-H{i}")) + "]", "edge.forwardedHeaders", "at most 10" },
        { "edge:\n  forwardedCookies: [\"a;b\"]", "edge.forwardedCookies[0]", "cookie name" },
        { "edge:\n  forwardedQueryStrings: [\"a=b\"]", "edge.forwardedQueryStrings[0]", "query string name" },
        { "edge:\n  originReadTimeoutSeconds: 61", "edge.originReadTimeoutSeconds", "from 1 to 60" },
        { "edge:\n  busyPageCacheSeconds: -1", "edge.busyPageCacheSeconds", "from 0 to 3600" },
        { "edge:\n  logRetentionDays: 0", "edge.logRetentionDays", "from 1 to 3650" },
        { "edge:\n  additionalMetrics: sometimes", "edge.additionalMetrics", "true or false" },
        { "edge:\n  additionalMetrics: false", "edge.additionalMetrics", "cloudfront-origin-latency alarm reads OriginLatency" },
        { "edge:\n  rateLimt: 100", "edge.rateLimt", "did you mean 'rateLimit'" },
        { "edge:\n  commonRulesToCount: [\"Size Restrictions\"]", "edge.commonRulesToCount[0]", "rule name of AWSManagedRulesCommonRuleSet" },
        { "edge:\n  commonRulesToCount: [SizeRestrictions_BODY, SizeRestrictions_BODY]", "edge.commonRulesToCount[1]", "must not repeat" },
    };

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
