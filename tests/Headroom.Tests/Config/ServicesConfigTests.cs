using Headroom.App.Config;
using Headroom.Tests.Support;

namespace Headroom.Tests.Config;

/// <summary>The `services:` section: each rule reported against its field, duplicates naming both entries.</summary>
public sealed class ServicesConfigTests : SectionRules
{
    private const string Good = "name: search\npathPatterns: [\"/search/*\"]\npriority: 20\nworkloadShare: 0.2";

    /// <summary>One service entry under `services:` (body lines indented as a list item).</summary>
    private static string Service(string body) => "services:\n  - " + body.Replace("\n", "\n    ");

    private static string Services(params string[] bodies) =>
        "services:\n" + string.Concat(bodies.Select(b => "  - " + b.Replace("\n", "\n    ") + "\n"));

    public static TheoryData<string, string, string> Violations => new()
    {
        // extra YAML merged over a valid staging file, the field the error names, a phrase of its message
        { Service("name: Search\npathPatterns: [\"/search/*\"]\npriority: 20"), "services[0].name", "lower-case letters, digits and '-'" },
        { Service("name: 9lives\npathPatterns: [\"/x/*\"]\npriority: 20"), "services[0].name", "starting with a letter" },
        { Service("name: search_api\npathPatterns: [\"/x/*\"]\npriority: 20"), "services[0].name", "lower-case letters, digits and '-'" },
        { Service($"name: {new string('s', 33)}\npathPatterns: [\"/x/*\"]\npriority: 20"), "services[0].name", "at most 32 characters" },
        { Service("name: web\npathPatterns: [\"/x/*\"]\npriority: 20"), "services[0].name", "must not be web or worker" },
        { Service("name: work-er\npathPatterns: [\"/x/*\"]\npriority: 20"), "services[0].name", "must not be web or worker" },
        { Service("pathPatterns: [\"/x/*\"]\npriority: 20"), "services[0].name", "is required" },
        { Service("name: search\npathPatterns: [\"search/*\"]\npriority: 20"), "services[0].pathPatterns[0]", "must be an ALB path pattern: '/' then" },
        { Service("name: search\npathPatterns: [\"/search/<all>\"]\npriority: 20"), "services[0].pathPatterns[0]", "must be an ALB path pattern" },
        { Service("name: search\npathPatterns: [\"/search/a b\"]\npriority: 20"), "services[0].pathPatterns[0]", "must be an ALB path pattern" },
        { Service($"name: search\npathPatterns: [\"/{new string('s', 128)}\"]\npriority: 20"), "services[0].pathPatterns[0]", "at most 128 characters" },
        { Service("name: search\npathPatterns: [\"/a/*\", \"/b/*\", \"/a/*\"]\npriority: 20"), "services[0].pathPatterns[2]", "must not repeat services[0].pathPatterns[0]" },
        { Service("name: search\npathPatterns: []\npriority: 20"), "services[0].pathPatterns", "must list 1 to 3 path patterns" },
        { Service("name: search\npriority: 20"), "services[0].pathPatterns", "must list 1 to 3 path patterns" },
        { Service("name: search\npathPatterns: [\"/a/*\", \"/b/*\", \"/c/*\", \"/d/*\"]\npriority: 20"), "services[0].pathPatterns", "must list 1 to 3 path patterns" },
        { Service("name: search\npathPatterns: [\"/*/*/*\", \"/?/*/?\"]\npriority: 20"), "services[0].pathPatterns", "at most 5 wildcards" },
        { Service("name: search\npathPatterns: [\"/search/*\"]"), "services[0].priority", "from 1 to 49999" },
        { Service("name: search\npathPatterns: [\"/search/*\"]\npriority: 50000"), "services[0].priority", "from 1 to 49999" },
        { Service("name: search\npathPatterns: [\"/search/*\"]\npriority: 10"), "services[0].priority", "must not be 10 behind CloudFront" },
        { Service("name: search\npathPatterns: [\"/search/*\"]\npriority: high"), "services[0].priority", "a whole number" },
        { Service(Good + "\nfleet:\n  minCapacity: 3\n  maxCapacity: 2"), "services[0].fleet.minCapacity", "must not exceed maxCapacity" },
        { Service(Good + "\nfleet:\n  instanceType: huge"), "services[0].fleet.instanceType", "EC2 instance type" },
        { Service(Good + "\nfleet:\n  userDataFile: no/such/service.sh"), "services[0].fleet.userDataFile", "does not exist" },
        { Service(Good + "\nport: 8080"), "services[0].port", "unknown field" },
        { "services:\n  name: search", "services", "must be a list" },
    };

    [Fact]
    public void A_duplicate_priority_is_refused_naming_both_services_at_the_second()
    {
        var document = TestConfig.With(TestConfig.Staging, Services(Good, "name: cart\npathPatterns: [\"/cart/*\"]\npriority: 20"));
        var secondPriority = document.Split('\n').ToList().FindLastIndex(l => l.Contains("priority: 20", StringComparison.Ordinal)) + 1;

        var error = TestConfig.Errors(document).Should().ContainSingle().Subject;

        error.Field.Should().Be("services[1].priority");
        error.Allowed.Should().Contain("services[0] ('search') and services[1] ('cart') both have priority 20");
        error.Line.Should().Be(secondPriority);
        error.File.Should().Be("environments/test.yaml");
    }

    [Theory]
    [InlineData("cart")]
    [InlineData("ca-rt")]
    public void A_duplicate_name_is_refused_naming_the_first_entry(string second)
    {
        var document = TestConfig.With(TestConfig.Staging, Services("name: cart\npathPatterns: [\"/cart/*\"]\npriority: 20",
            $"name: {second}\npathPatterns: [\"/basket/*\"]\npriority: 30"));

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
        var document = TestConfig.With(TestConfig.With(TestConfig.Staging, open), Service("name: search\npathPatterns: [\"/search/*\"]\npriority: 10"));

        TestConfig.Errors(document).Should().BeEmpty();
    }

    [Fact]
    public void A_valid_section_binds_every_field_and_the_fleet_settings()
    {
        var config = TestConfig.Parse(TestConfig.With(TestConfig.Staging, Services(
            "name: search\npathPatterns: [\"/search/*\", \"/api/search\"]\npriority: 20\nfleet:\n  instanceType: t3.small\n  minCapacity: 1\n  maxCapacity: 2",
            "name: cart-api\npathPatterns: [\"/cart/*\"]\npriority: 5")));

        config.Services.Select(s => (s.Name, s.Priority)).Should().Equal(("search", 20), ("cart-api", 5));
        config.Services[0].PathPatterns.Should().Equal("/search/*", "/api/search");
        config.Services[0].Fleet.Should().Match<App.Config.Sections.FleetConfig>(f => f.InstanceType == "t3.small" && f.MinCapacity == 1 && f.MaxCapacity == 2);
        config.Services[1].Fleet.InstanceType.Should().Be(new App.Config.Sections.FleetConfig().InstanceType, "a fleet left out takes the fleet defaults");
    }

    [Fact]
    public void No_services_by_default() => TestConfig.Parse(TestConfig.Staging).Services.Should().BeEmpty();
}
