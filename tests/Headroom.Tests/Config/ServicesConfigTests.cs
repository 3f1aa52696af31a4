using Headroom.App.Config;
using Headroom.Tests.Support;

namespace Headroom.Tests.Config;

/// <summary>The `services:` section: each rule reported against its field, duplicates naming both entries.</summary>
public sealed class ServicesConfigTests
{
    private const string Good = "name: search\npathPatterns: [\"/search/*\"]\npriority: 20";

    /// <summary>One service entry under `services:` (body lines indented as a list item).</summary>
    private static string Service(string body) => Services(body);

    /// <summary>Service entries, each with a workload share unless it states one (the field is required).</summary>
    private static string Services(params string[] bodies) =>
        "services:\n" + string.Concat(bodies.Select(b => "  - " + (b.Contains("workloadShare", StringComparison.Ordinal) ? b : b + "\nworkloadShare: 0.2").Replace("\n", "\n    ") + "\n"));

    [Fact]
    public void A_duplicate_priority_is_refused_naming_both_services_at_the_second()
    {
        var document = TestConfig.With(TestConfig.Staging, Services(Good, "name: cart\npathPatterns: [\"/cart/*\"]\npriority: 20\nworkloadShare: 0.1"));
        var secondPriority = document.Split('\n').ToList().FindLastIndex(l => l.Contains("priority: 20", StringComparison.Ordinal)) + 1;

        var error = TestConfig.Errors(document).Should().ContainSingle().Subject;

        error.Field.Should().Be("services[1].priority");
        error.Allowed.Should().Contain("services[0] ('search') and services[1] ('cart') both have priority 20");
        error.Line.Should().Be(secondPriority);
        error.File.Should().Be("environments/test.yaml");
    }

    [Theory]
    [InlineData("/check*", "/checkout/*")]
    [InlineData("/api/*/items", "/api/cart/*")]
    [InlineData("/checkout/?ay", "/checkout/pay")]
    public void Overlapping_paths_are_refused_naming_both_services_and_both_patterns(string second, string first)
    {
        var document = TestConfig.With(TestConfig.Staging, Services($"name: checkout\npathPatterns: [\"/basket\", \"{first}\"]\npriority: 20\nworkloadShare: 0.2",
            $"name: cart\npathPatterns: [\"/other/*\", \"{second}\"]\npriority: 30\nworkloadShare: 0.1"));

        var error = TestConfig.Errors(document).Should().ContainSingle().Subject;

        error.Field.Should().Be("services[1].pathPatterns[1]");
        error.Allowed.Should().Contain("services[0] ('checkout')").And.Contain($"'{first}' of 'checkout' and '{second}' of 'cart' can match the same path");
    }

    [Fact]
    public void Overlapping_paths_are_refused_with_the_same_hosts_and_left_to_the_priorities_with_different_ones()
    {
        string Two(string hostsA, string hostsB) => TestConfig.With(TestConfig.Staging, Services(
            $"name: checkout\npathPatterns: [\"/checkout/*\"]\npriority: 20\nworkloadShare: 0.2\nhostHeaders: [{hostsA}]",
            $"name: cart\npathPatterns: [\"/checkout/pay\"]\npriority: 30\nworkloadShare: 0.1\nhostHeaders: [{hostsB}]"));

        TestConfig.Errors(Two("shop.example.com, m.example.com", "M.example.com, shop.example.com")).Should().ContainSingle()
            .Which.Allowed.Should().Contain("on the same hosts").And.Contain("'checkout'").And.Contain("'cart'");
        TestConfig.Errors(Two("shop.example.com", "api.example.com")).Should().BeEmpty();
        TestConfig.Errors(Two("shop.example.com", "")).Should().BeEmpty("one rule is narrower: its priority decides, as documented");
    }

    [Fact]
    public void The_services_shares_must_leave_the_web_fleet_some_requests()
    {
        var document = TestConfig.With(TestConfig.Staging, Services("name: checkout\npathPatterns: [\"/checkout/*\"]\npriority: 20\nworkloadShare: 0.6",
            "name: cart\npathPatterns: [\"/cart/*\"]\npriority: 30\nworkloadShare: 0.4"));

        TestConfig.Errors(document).Should().ContainSingle().Which.Should().Match<ConfigError>(e =>
            e.Field == "services[1].workloadShare" && e.Allowed.Contains("up to services[1] ('cart') add up to 1"));
    }

    [Fact]
    public void Static_paths_the_busy_page_and_the_services_paths_fit_CloudFronts_25_behaviours()
    {
        var statics = "edge:\n  staticPaths: [" + string.Join(", ", Enumerable.Range(1, 21).Select(i => $"\"/s{i}/*\"")) + "]\n";
        var fits = TestConfig.With(TestConfig.With(TestConfig.Staging, statics), Services("name: checkout\npathPatterns: [\"/a/*\", \"/b/*\", \"/c/*\"]\npriority: 20\nworkloadShare: 0.2"));
        var over = TestConfig.With(TestConfig.With(TestConfig.Staging, statics), Services("name: checkout\npathPatterns: [\"/a/*\", \"/b/*\", \"/c/*\"]\npriority: 20\nworkloadShare: 0.2",
            "name: cart\npathPatterns: [\"/d/*\"]\npriority: 30\nworkloadShare: 0.1"));

        TestConfig.Errors(fits).Should().BeEmpty();
        TestConfig.Errors(over).Should().ContainSingle().Which.Should().Match<ConfigError>(e =>
            e.Field == "services[1].pathPatterns[0]" && e.Allowed.Contains("at most 25 (CloudFront's default quota)"));
    }

    [Theory]
    [InlineData("cart")]
    [InlineData("ca-rt")]
    public void A_duplicate_name_is_refused_naming_the_first_entry(string second)
    {
        var document = TestConfig.With(TestConfig.Staging, Services("name: cart\npathPatterns: [\"/cart/*\"]\npriority: 20\nworkloadShare: 0.1",
            $"name: {second}\npathPatterns: [\"/basket/*\"]\npriority: 30\nworkloadShare: 0.1"));

        TestConfig.Errors(document).Should().ContainSingle().Which.Should().Match<ConfigError>(e =>
            e.Field == "services[1].name" && e.Allowed.Contains("must not repeat the name of services[0] ('cart'"));
    }

    [Fact]
    public void Priority_10_is_allowed_without_CloudFront_in_front()
    {
        const string open = """
            web:
              loadBalancer:
                behindCloudFront: false
                certificateArn: arn:aws:acm:eu-west-1:111111111111:certificate/11111111-2222-4333-8444-555555555555
            """;
        var document = TestConfig.With(TestConfig.With(TestConfig.Staging, open), Service("name: search\npathPatterns: [\"/search/*\"]\npriority: 10\nworkloadShare: 0.2"));

        TestConfig.Errors(document).Should().BeEmpty();
    }

    [Fact]
    public void A_valid_section_binds_every_field_and_the_fleet_settings()
    {
        var config = TestConfig.Parse(TestConfig.With(TestConfig.Staging, Services(
            "name: search\npathPatterns: [\"/search/*\", \"/api/search\"]\npriority: 20\nworkloadShare: 0.2\nfleet:\n  instanceType: t3.small\n  minCapacity: 1\n  maxCapacity: 2",
            "name: cart-api\npathPatterns: [\"/cart/*\"]\npriority: 5\nworkloadShare: 0.1\nhostHeaders: [api.example.com]\ninstancePort: 8080\nqueues: [emails]\nedgeCache: origin")));

        config.Services.Select(s => (s.Name, s.Priority)).Should().Equal(("search", 20), ("cart-api", 5));
        config.Services[0].PathPatterns.Should().Equal("/search/*", "/api/search");
        config.Services[0].Fleet.Should().Match<App.Config.Sections.FleetConfig>(f => f.InstanceType == "t3.small" && f.MinCapacity == 1 && f.MaxCapacity == 2);
        config.Services[1].Fleet.InstanceType.Should().Be(new App.Config.Sections.FleetConfig().InstanceType, "a fleet left out takes the fleet defaults");
        config.Services[1].Should().Match<App.Config.Sections.ServiceConfig>(s => s.WorkloadShare == 0.1 && s.HostHeaders.SequenceEqual(new[] { "api.example.com" })
            && s.Queues.SequenceEqual(new[] { "emails" }) && s.CachedAtEdge);
        config.Services[1].Targets(config).Port.Should().Be(8080);
        config.Services[0].Targets(config).Should().Be(config.Web.Settings(config), "a service left alone takes the web tier's port and health check");
        config.Services[0].CachedAtEdge.Should().BeFalse("uncached unless the entry says otherwise");
    }

    [Fact]
    public void No_services_by_default() => TestConfig.Parse(TestConfig.Staging).Services.Should().BeEmpty();
}
