using Headroom.Blocks.Edge;

namespace Headroom.Tests.Blocks;

/// <summary>WAF's load-test allow rule (edge.loadTest.allow): where it sits among the rules, what it matches, how
/// production marks it, and the config rules behind it. Two edge stacks, synthesized once.</summary>
public sealed class EdgeLoadTestAllowTests(EdgeLoadTestAllowTests.Cases cases) : IClassFixture<EdgeLoadTestAllowTests.Cases>
{
    private static List<JsonElement> Rules(SynthesizedStack stack) =>
        stack.Resources.Single(r => r.Type == "AWS::WAFv2::WebACL").Prop("Rules")!.Value.EnumerateArray()
            .OrderBy(r => r.GetProperty("Priority").GetInt32()).ToList();

    private static string Name(JsonElement rule) => rule.GetProperty("Name").GetString()!;

    [Fact]
    public void The_allow_rule_comes_just_before_the_rate_rule_and_the_priorities_stay_unique()
    {
        foreach (var (stack, rule) in new[] { (cases.Production, "PRODUCTION_LoadTestAllow"), (cases.HeaderOnly, "LoadTestAllow") })
        {
            var names = Rules(stack).Select(Name).ToList();
            names.Should().Equal("AWSManagedRulesAmazonIpReputationList", rule, "RateLimitPerClientIp",
                "AWSManagedRulesCommonRuleSet", "AWSManagedRulesKnownBadInputsRuleSet");
            Rules(stack).Select(r => r.GetProperty("Priority").GetInt32()).Should().OnlyHaveUniqueItems();
            Rules(stack)[1].GetProperty("Action").TryGetProperty("Allow", out _).Should().BeTrue("the rule lets the load generator through");
        }
        // Without edge.loadTest.allow the web ACL is what it always was.
        Rules(cases.Without).Select(Name).Should().Equal("AWSManagedRulesAmazonIpReputationList", "RateLimitPerClientIp",
            "AWSManagedRulesCommonRuleSet", "AWSManagedRulesKnownBadInputsRuleSet");
        Rules(cases.Without).Select(r => r.GetProperty("Priority").GetInt32()).Should().Equal(0, 1, 2, 3);
    }

    [Fact]
    public void The_header_must_carry_the_generated_secret_exactly_and_the_ip_set_is_the_alternative()
    {
        var statement = Rules(cases.Production)[1].GetProperty("Statement");
        var either = statement.GetProperty("OrStatement").GetProperty("Statements").EnumerateArray().ToList();
        either.Should().HaveCount(2);

        var match = either[0].GetProperty("ByteMatchStatement");
        match.GetProperty("FieldToMatch").GetProperty("SingleHeader").GetProperty("Name").GetString().Should().Be("x-load-test");
        match.GetProperty("PositionalConstraint").GetString().Should().Be("EXACTLY");
        // The value is a dynamic reference to the secret the block generated: in neither the template nor the config.
        var secret = cases.Production.Resources.Single(r => r.Type == "AWS::SecretsManager::Secret");
        secret.Prop("Name")!.Value.GetString().Should().Be("headroom/prod/edge/load-test");
        var search = match.GetProperty("SearchString").ToString();
        search.Should().Contain("{{resolve:secretsmanager:").And.Contain(secret.LogicalId);

        var ipSet = cases.Production.Resources.Single(r => r.Type == "AWS::WAFv2::IPSet");
        ipSet.Str("Scope").Should().Be("CLOUDFRONT");
        ipSet.Prop("Addresses")!.Value.EnumerateArray().Select(a => a.GetString()).Should().Equal("203.0.113.0/24", "198.51.100.7/32");
        either[1].GetProperty("IPSetReferenceStatement").GetProperty("Arn").ToString().Should().Contain(ipSet.LogicalId);

        // A header alone is the statement itself, with no IP set beside it.
        Rules(cases.HeaderOnly)[1].GetProperty("Statement").TryGetProperty("ByteMatchStatement", out _).Should().BeTrue();
        cases.HeaderOnly.Resources.Should().NotContain(r => r.Type == "AWS::WAFv2::IPSet");
    }

    [Fact]
    public void Production_marks_the_rule_in_its_name_metric_and_preview()
    {
        var rule = Rules(cases.Production)[1];
        Name(rule).Should().StartWith("PRODUCTION_");
        rule.GetProperty("VisibilityConfig").GetProperty("MetricName").GetString().Should().Be("headroom-prod-PRODUCTION-load-test-allow");
        Rules(cases.HeaderOnly)[1].GetProperty("VisibilityConfig").GetProperty("MetricName").GetString().Should().Be("headroom-staging-load-test-allow");

        var preview = IPreviewSection.All.Single(s => s.Title == "Edge");
        var staging = cases.Environment("EdgeHeaderOnly");
        preview.Describe(staging).Should().Contain("WAF: LoadTestAllow lets a load-test header (secret value) through before the rate limit")
            .And.NotContain(l => l.Contains("load generators past the rate limit", StringComparison.Ordinal));
        var inProduction = cases.Environment("EdgeLoadTestProd");
        var prod = new SynthesizedEnvironment(TestConfig.Parse(TestConfig.Prod, "prod"), inProduction.Stacks, inProduction.Blocks);
        preview.Describe(prod).Should().Contain(
            "WAF: PRODUCTION_LoadTestAllow lets a load-test header (secret value) or load-generator addresses (IP set) through before the rate limit")
            .And.Contain(l => l.Contains("warning: production lets load generators past the rate limit", StringComparison.Ordinal));
    }

    [Fact]
    public void The_config_reaches_the_block()
    {
        var config = TestConfig.Parse(TestConfig.With(TestConfig.Staging, "edge:\n  loadTest:\n    allow:\n      header: X-Load-Test\n      ipAddresses: [203.0.113.0/24]\n"));
        var allow = config.Edge.Settings(config).LoadTest.Allow!;
        allow.Header.Should().Be("X-Load-Test");
        allow.IpAddresses.Should().Equal("203.0.113.0/24");
        TestConfig.Parse(TestConfig.Staging).Edge.Settings(config).LoadTest.Allow.Should().BeNull();
    }

    /// <summary>Production with a header and addresses, staging with a header alone, and an edge without either.</summary>
    public sealed class Cases : BlockHarness
    {
        public Cases()
        {
            var plain = new EdgeProps { NamePrefix = "headroom-plain", OriginDomainName = "origin.example.com" };
            var header = new LoadTestAllowSettings { Header = "X-Load-Test" };
            Add("EdgeLoadTestProd", plain with
            {
                NamePrefix = "headroom-prod", Production = true, LoadTestSecretName = "headroom/prod/edge/load-test",
                LoadTest = new EdgeLoadTestSettings { Allow = header with { IpAddresses = ["203.0.113.0/24", "198.51.100.7/32"] } },
            });
            Add("EdgeHeaderOnly", plain with
            {
                NamePrefix = "headroom-staging", LoadTestSecretName = "headroom/staging/edge/load-test", LoadTest = new EdgeLoadTestSettings { Allow = header },
            });
            Add("EdgeWithout", plain);
            Synthesize();

            void Add(string name, EdgeProps props) => Block("Edge", "edge", new Edge(Case(name, "us-east-1"), "Edge", props));
        }

        public SynthesizedStack Production => Json("EdgeLoadTestProd");
        public SynthesizedStack HeaderOnly => Json("EdgeHeaderOnly");
        public SynthesizedStack Without => Json("EdgeWithout");
    }
}
