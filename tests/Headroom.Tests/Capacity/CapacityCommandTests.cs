using System.Text.RegularExpressions;
using Headroom.App.Capacity;
using Headroom.App.Config;
using Headroom.Tests.Support;

namespace Headroom.Tests.Capacity;

/// <summary>`headroom capacity` on the real environment files: what prod holds, and a recommendation that, applied, holds.</summary>
public sealed class CapacityCommandTests
{
    private static (int Exit, string Output, string Error) Run(IReadOnlyCollection<string> names, int? users = null, string? directory = null)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = CapacityCommand.Run(directory ?? Repo.Environments, names, users, PlainConsole.Into(output, 400), error);
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public void Prod_holds_the_partners_50000_users_at_its_black_friday_peak_and_says_what_gives_out_first()
    {
        var plan = EnvironmentPlan.Of(ConfigLoader.LoadDirectory(Repo.Environments, ["prod"]).Single());
        var (exit, output, _) = Run(["prod"]);

        exit.Should().Be(0);
        plan.Capacity.PlannedUsers.Should().Be(50_000);
        var peak = plan.Capacity.ScheduledPeaks.Single(s => s.Scenario.Name == "black-friday-up");
        peak.Users.Should().BeGreaterThanOrEqualTo(50_000);
        output.Should().MatchRegex(@"holds [0-9,]+ users at black-friday-up — [0-9]+ % of the plan \(50,000\); bottleneck: ")
            .And.Contain("scale-out (web, black-friday-up)")
            .And.NotContain("DOES NOT HOLD THE PLAN");
        foreach (var assumption in plan.Capacity.Assumptions.Concat(plan.Cost.Assumptions))
            output.Should().Contain(assumption.Name, "every assumption is listed with its source");
        output.Should().Contain("per 1,000 peak concurrent users");
    }

    [Fact]
    public void The_change_it_prints_for_staging_at_2000_users_holds_them_once_applied()
    {
        var before = EnvironmentPlan.Of(ConfigLoader.LoadDirectory(Repo.Environments, ["staging"]).Single());
        before.Capacity.Peak.Users.Should().BeLessThan(2_000, "otherwise there is nothing to recommend");

        var (exit, output, _) = Run(["staging"], users: 2_000);

        exit.Should().Be(0, "config alone can hold 2,000 users in staging");
        var snippet = output[(output.IndexOf("# the changed sections", StringComparison.Ordinal))..];
        snippet = snippet[(snippet.IndexOf('\n') + 1)..];
        var staging = File.ReadAllText(Path.Combine(Repo.Environments, "staging.yaml"));
        var applied = TestConfig.With(staging, snippet);
        var after = EnvironmentPlan.Of(ConfigLoader.Parse(applied, "environments/staging.yaml", "staging"));

        after.Capacity.Peak.Users.Should().BeGreaterThanOrEqualTo(2_000);
    }

    [Fact]
    public void A_change_inside_a_list_item_keeps_the_items_other_fields()
    {
        var file = Path.Combine(Path.GetTempPath(), $"headroom-patch-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(file, "web:\n  fleet:\n    scheduledActions:\n      - name: peak\n        schedule: \"0 6 * * *\"\n        maxCapacity: 10\n");
        try
        {
            var yaml = ConfigPatch.Render(file, [new ConfigChange("web.fleet.scheduledActions[0].maxCapacity", "10", 40, "web fleet"),
                new ConfigChange("web.fleet.scheduledActions[3].maxCapacity", null, 40, "not there")]);

            yaml.Should().Contain("name: peak").And.Contain("maxCapacity: 40").And.NotContain("maxCapacity: 10")
                .And.Contain("# not applied (the list item is not in the file): web.fleet.scheduledActions[3].maxCapacity");
        }
        finally { File.Delete(file); }
    }

    [Fact]
    public void An_unpriced_region_is_refused_by_name()
    {
        var folder = Directory.CreateTempSubdirectory("headroom-capacity-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(folder, "oregon.yaml"), TestConfig.Staging.Replace("eu-west-1", "us-west-2"));
            var (exit, _, error) = Run(["oregon"], directory: folder);

            exit.Should().Be(2);
            error.Should().Contain("oregon").And.Contain("us-west-2");
        }
        finally { Directory.Delete(folder, recursive: true); }
    }

    [Fact]
    public void It_answers_without_synthesis_in_well_under_two_seconds()
    {
        // Not a timing test (bench/capacity.sh times it): it must not start jsii at all.
        var plan = EnvironmentPlan.Of(ConfigLoader.LoadDirectory(Repo.Environments, ["prod"]).Single());
        plan.Shape.Fleets.Select(f => f.Name).Should().Contain(["web", "worker"]);
        Regex.IsMatch(string.Join(",", plan.Shape.Fleets.Select(f => f.ConfigPath)), "web.fleet").Should().BeTrue();
    }

    [Fact]
    public void Production_config_that_cannot_hold_its_peak_is_refused_with_the_models_numbers_unless_a_reason_accepts_it()
    {
        var prod = File.ReadAllText(Path.Combine(Repo.Environments, "prod.yaml"));
        var tooMany = prod.Replace("peakUsers: 50000", "peakUsers: 500000");

        var errors = TestConfig.Errors(tooMany, "prod");

        errors.Should().ContainSingle().Which.Should().Match<ConfigError>(e => e.Field == "workload.peakUsers"
            && e.Allowed.Contains("is more than production holds") && e.Allowed.Contains("--users 500000") && e.Line > 0);
        TestConfig.Errors(tooMany.Replace("  peakUsers: 500000", "  peakUsers: 500000\n  acceptShortfall: the partner launch is a test of 10% of users"), "prod")
            .Should().BeEmpty("a written reason accepts the shortfall");
        TestConfig.Errors(prod, "prod").Should().BeEmpty("prod as committed holds its plan");
    }
}
