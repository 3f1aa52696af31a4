using Amazon.CDK.AWS.CloudFront;
using Headroom.Blocks.Edge;

namespace Headroom.Tests.Blocks;

/// <summary>The Edge block on bare us-east-1 stacks: every knob set (an HTTPS origin, a domain, a JSON secret field), the
/// bare minimum, and its own guards. What the example environments make of it is in <see cref="Environments.EdgeEnvironmentTests"/>.</summary>
public sealed class EdgeTests(EdgeTests.Variants variants) : IClassFixture<EdgeTests.Variants>
{
    private const string Certificate = "arn:aws:acm:us-east-1:111111111111:certificate/12345678-1234-1234-1234-123456789012";

    private static JsonElement DistributionConfig(SynthesizedStack stack) =>
        stack.Resources.Single(r => r.Type == "AWS::CloudFront::Distribution").Prop("DistributionConfig")!.Value;

    private static string[] OriginRequestHeaders(SynthesizedStack stack) =>
        stack.Resources.Single(r => r.Type == "AWS::CloudFront::OriginRequestPolicy").Prop("OriginRequestPolicyConfig")!.Value
            .GetProperty("HeadersConfig").GetProperty("Headers").EnumerateArray().Select(h => h.GetString()!).ToArray();

    [Fact]
    public void An_https_origin_gets_the_viewer_host_so_its_certificate_matches()
    {
        var origin = DistributionConfig(variants.Https).GetProperty("Origins").EnumerateArray().Single(o => o.TryGetProperty("CustomOriginConfig", out _));

        origin.GetProperty("CustomOriginConfig").GetProperty("OriginProtocolPolicy").GetString().Should().Be("https-only");
        OriginRequestHeaders(variants.Https).Should().BeEquivalentTo("CloudFront-Forwarded-Proto", "Host");
        OriginRequestHeaders(variants.Plain).Should().BeEquivalentTo("CloudFront-Forwarded-Proto");
    }

    [Fact]
    public void The_origin_verify_header_reads_a_json_field_of_the_secret_when_asked()
    {
        var origin = DistributionConfig(variants.Https).GetProperty("Origins").EnumerateArray().Single(o => o.TryGetProperty("CustomOriginConfig", out _));
        var header = origin.GetProperty("OriginCustomHeaders").EnumerateArray().Should().ContainSingle().Subject;

        header.GetProperty("HeaderName").GetString().Should().Be("X-Shop-Origin");
        header.GetProperty("HeaderValue").GetString().Should().Be("{{resolve:secretsmanager:shop/origin:SecretString:value::}}");
    }

    [Fact]
    public void Core_rule_set_rules_can_be_set_to_count_while_the_rest_still_block()
    {
        ManagedRuleGroup AclRule(SynthesizedStack stack, string name) =>
            new(stack.Resources.Single(r => r.Type == "AWS::WAFv2::WebACL").Prop("Rules")!.Value.EnumerateArray()
                .Single(r => r.GetProperty("Name").GetString() == name));

        var common = AclRule(variants.Https, "AWSManagedRulesCommonRuleSet");
        common.Overrides.Should().ContainSingle().Which.Should().Be(("SizeRestrictions_BODY", "Count"));
        common.Rule.GetProperty("OverrideAction").TryGetProperty("None", out _).Should().BeTrue("the group's other rules keep their block action");
        AclRule(variants.Plain, "AWSManagedRulesCommonRuleSet").Overrides.Should().BeEmpty();
        AclRule(variants.Https, "AWSManagedRulesKnownBadInputsRuleSet").Overrides.Should().BeEmpty();
    }

    private sealed record ManagedRuleGroup(JsonElement Rule)
    {
        public IReadOnlyList<(string Name, string Action)> Overrides =>
            Rule.GetProperty("Statement").GetProperty("ManagedRuleGroupStatement").TryGetProperty("RuleActionOverrides", out var o)
                ? o.EnumerateArray().Select(x => (x.GetProperty("Name").GetString()!, x.GetProperty("ActionToUse").EnumerateObject().Single().Name)).ToList()
                : [];
    }

    [Fact]
    public void Without_an_origin_verify_secret_no_header_is_sent()
    {
        var origin = DistributionConfig(variants.Plain).GetProperty("Origins").EnumerateArray().Single(o => o.TryGetProperty("CustomOriginConfig", out _));

        origin.TryGetProperty("OriginCustomHeaders", out _).Should().BeFalse();
    }

    [Fact]
    public void Without_a_certificate_the_distribution_uses_its_cloudfront_name()
    {
        var config = DistributionConfig(variants.Plain);

        config.TryGetProperty("Aliases", out _).Should().BeFalse();
        config.TryGetProperty("ViewerCertificate", out _).Should().BeFalse("CloudFront's default certificate covers *.cloudfront.net");
        DistributionConfig(variants.Https).GetProperty("ViewerCertificate").GetProperty("MinimumProtocolVersion").GetString().Should().Be("TLSv1.2_2021");
    }

    [Fact]
    public void Nothing_forwarded_means_a_cache_key_of_the_path_alone()
    {
        var key = variants.Plain.Resources.Single(r => r.Type == "AWS::CloudFront::CachePolicy").Prop("CachePolicyConfig")!.Value
            .GetProperty("ParametersInCacheKeyAndForwardedToOrigin");

        key.GetProperty("HeadersConfig").GetProperty("HeaderBehavior").GetString().Should().Be("none");
        key.GetProperty("CookiesConfig").GetProperty("CookieBehavior").GetString().Should().Be("none");
        key.GetProperty("QueryStringsConfig").GetProperty("QueryStringBehavior").GetString().Should().Be("none");
    }

    [Fact]
    public void Knobs_reach_the_template()
    {
        var config = DistributionConfig(variants.Https);
        var rate = variants.Https.Resources.Single(r => r.Type == "AWS::WAFv2::WebACL").Prop("Rules")!.Value.EnumerateArray()
            .Select(r => r.GetProperty("Statement")).Single(s => s.TryGetProperty("RateBasedStatement", out _)).GetProperty("RateBasedStatement");
        var origin = config.GetProperty("Origins").EnumerateArray().Single(o => o.TryGetProperty("CustomOriginConfig", out _));

        config.GetProperty("PriceClass").GetString().Should().Be("PriceClass_All");
        config.GetProperty("Aliases").EnumerateArray().Select(a => a.GetString()).Should().Equal("shop.example.com");
        config.GetProperty("CustomErrorResponses").EnumerateArray().Should().OnlyContain(e => e.GetProperty("ErrorCachingMinTTL").GetInt32() == 45);
        origin.GetProperty("CustomOriginConfig").GetProperty("OriginReadTimeout").GetInt32().Should().Be(20);
        (rate.GetProperty("Limit").GetInt32(), rate.GetProperty("EvaluationWindowSec").GetInt32()).Should().Be((100, 60));
        variants.Https.Resources.Should().NotContain(r => r.Type == "AWS::CloudFront::MonitoringSubscription", "additional metrics are off");
        variants.Https.Resources.Single(r => r.Type == "AWS::S3::Bucket" && r.LogicalId.StartsWith("EdgeLogBucket", StringComparison.Ordinal))
            .Prop("LifecycleConfiguration")!.Value.GetProperty("Rules")[0].GetProperty("ExpirationInDays").GetInt32().Should().Be(7);
    }

    public static TheoryData<string, Func<EdgeProps, EdgeProps>> Guards => new()
    {
        { "us-east-1", p => With(p, domains: ["shop.example.com"], certificate: Certificate.Replace("us-east-1", "eu-west-1")) },
        { "CertificateArn is required with domainNames", p => With(p, domains: ["shop.example.com"]) },
        { "DomainNames must list the domain names the certificate is for", p => With(p, certificate: Certificate) },
        { "needs both its name and its secret", p => With(p, header: "X-Origin-Verify") },
        { "WAF's minimum is 10", p => With(p, rateLimit: 9) },
        { "window", p => With(p, window: 30) },
    };

    [Theory]
    [MemberData(nameof(Guards))]
    public void The_block_refuses_props_cloudfront_or_waf_would_reject(string phrase, Func<EdgeProps, EdgeProps> change)
    {
        var stack = new Stack(HeadroomApp.Create(), "Guard", new StackProps { Env = new Amazon.CDK.Environment { Account = "111111111111", Region = "us-east-1" } });
        var props = change(new EdgeProps { NamePrefix = "guard", OriginDomainName = "origin.example.com" });

        var build = () => new Edge(stack, "Edge", props);

        build.Should().Throw<ArgumentException>().WithMessage($"*{phrase}*");
    }

    private static EdgeProps With(EdgeProps p, string[]? domains = null, string? certificate = null, string? header = null, int? rateLimit = null, int? window = null) => new()
    {
        NamePrefix = p.NamePrefix,
        OriginDomainName = p.OriginDomainName,
        DomainNames = domains ?? p.DomainNames,
        CertificateArn = certificate ?? p.CertificateArn,
        OriginVerifyHeaderName = header ?? p.OriginVerifyHeaderName,
        RateLimit = rateLimit ?? p.RateLimit,
        RateLimitWindowSeconds = window ?? p.RateLimitWindowSeconds,
    };

    /// <summary>Two edge stacks, one with every knob set and one with only what the block requires, synthesized once.</summary>
    public sealed class Variants : BlockHarness
    {
        public Variants()
        {
            Block("Edge", "edge", new Edge(Case("EdgeHttps", "us-east-1"), "Edge", new EdgeProps
            {
                NamePrefix = "variant-https",
                OriginDomainName = "origin.example.com",
                OriginUsesHttps = true,
                OriginVerifyHeaderName = "X-Shop-Origin",
                OriginVerifySecretName = "shop/origin",
                OriginVerifySecretJsonField = "value",
                OriginReadTimeoutSeconds = 20,
                DomainNames = ["shop.example.com"],
                CertificateArn = Certificate,
                PriceClass = "all",
                RateLimit = 100,
                RateLimitWindowSeconds = 60,
                CommonRulesToCount = ["SizeRestrictions_BODY"],
                BusyPageCacheSeconds = 45,
                LogRetentionDays = 7,
                AdditionalMetrics = false,
            }));
            Block("Edge", "edge", new Edge(Case("EdgePlain", "us-east-1"), "Edge", new EdgeProps
            {
                NamePrefix = "variant-plain",
                OriginDomainName = "origin.example.com",
                // Nothing forwarded: the cache key is the path alone.
                ForwardedCookies = [], ForwardedQueryStrings = [],
            }));
            Synthesize();
        }

        public SynthesizedStack Https => Json("EdgeHttps");
        public SynthesizedStack Plain => Json("EdgePlain");
    }
}
