using Headroom.App.LoadTest;

namespace Headroom.Tests.LoadTest;

/// <summary>`headroom loadtest plan`: scripts derived from the workload through the capacity model, thresholds from its
/// targets, the WAF header where the edge allows it; the workload.loadTest rules; production's confirmation.</summary>
public sealed class LoadTestPlanTests
{
    private static EnvironmentConfig Real(string name) => ConfigLoader.LoadDirectory(Repo.Environments, [name]).Single();

    [Fact]
    public void The_peak_is_the_capacity_models_request_rate_spread_over_the_journeys()
    {
        var prod = Real("prod");
        var plan = LoadTestPlan.Of(prod);
        var workload = prod.Workload.Settings(prod);

        plan.PeakRequestRate.Should().BeApproximately(50_000 * workload.DynamicRpsPerUser, 1e-6);
        plan.PeakArrivalRate.Should().BeApproximately(plan.PeakRequestRate / plan.RequestsPerJourney, 1e-9);
        // The default journeys make the workload's three dynamic requests a page, a page every think time, so the
        // users in a journey at once are close to the plan's (checkout thinks less: a little under).
        plan.PeakVirtualUsers.Should().BeInRange(45_000, 50_000);
        plan.Scenarios.Select(s => s.Name).Should().Equal(LoadTestPlan.ScenarioNames);

        var breakpoint = plan.Scenario("breakpoint").Phases.Should().ContainSingle().Subject;
        breakpoint.RampTo.Should().BeApproximately(plan.PeakArrivalRate * 3, 1e-9);
        plan.Workers(plan.Scenario("breakpoint")).Should().Be((int)Math.Ceiling(plan.PeakRequestRate * 3 / LoadTestDefaults.RequestsPerFargateWorker.Value));
        plan.Workers(plan.Scenario("smoke")).Should().Be(1);
    }

    [Fact]
    public void The_spike_opens_from_the_baseline_to_the_peak_within_two_minutes()
    {
        var plan = LoadTestPlan.Of(Real("prod"));
        var opening = plan.Scenario("spike").Phases.Single(p => p.Name == "opening");

        opening.Seconds.Should().BeLessThanOrEqualTo(120);
        opening.ArrivalRate.Should().BeApproximately(plan.BaselineArrivalRate, 1e-9);
        opening.RampTo.Should().BeApproximately(plan.PeakArrivalRate, 1e-9);
        (plan.PeakArrivalRate / plan.BaselineArrivalRate).Should().BeGreaterThanOrEqualTo(3, "several times the baseline");
        plan.Scenario("soak").Phases.Last().Seconds.Should().BeGreaterThanOrEqualTo(3600, "the peak held for hours");
    }

    [Fact]
    public void Scripts_carry_the_targets_as_ensure_thresholds_and_the_waf_header_only_where_the_edge_allows_it()
    {
        var staging = LoadTestPlan.Of(Real("staging"));
        var script = staging.Script(staging.Scenario("ramp"));

        script.Should().Contain("target: \"https://staging.shop.example.com\"")
            .And.Contain("ensure:\n    thresholds:\n      - http.response_time.p95: 300\n")
            .And.Contain("- expression: \"vusers.failed / http.requests <= 0.001\"\n        strict: true")
            .And.Contain("X-Load-Test: \"{{ $env.HEADROOM_LOADTEST_TOKEN }}\"")
            .And.Contain("- name: \"checkout\"\n    weight: 5")
            .And.Contain("rampTo: " + Math.Round(staging.PeakArrivalRate, 3).ToString("0.###", System.Globalization.CultureInfo.InvariantCulture));
        // A constant fractional rate is a count over the phase: Artillery splits constant rates in whole journeys.
        script.Should().MatchRegex(@"- name: ""hold the peak""\n      duration: 600\n      arrivalCount: [0-9]+\n");

        var prod = LoadTestPlan.Of(Real("prod"));
        prod.Script(prod.Scenario("smoke")).Should().NotContain("HEADROOM_LOADTEST_TOKEN", "prod's edge allows no load-test header");
    }

    [Fact]
    public void Without_peak_users_only_the_smoke_test_is_planned()
    {
        var config = TestConfig.Parse(TestConfig.With(TestConfig.Staging, "workload:\n  loadTest:\n    target: https://shop.example.com\n"));
        var plan = LoadTestPlan.Of(config);

        plan.Scenarios.Select(s => s.Name).Should().Equal("smoke");
        var missing = () => plan.Scenario("ramp");
        missing.Should().Throw<LoadTestException>().WithMessage("*workload.peakUsers is 0*");
        var noTarget = () => LoadTestPlan.Of(TestConfig.Parse(TestConfig.Staging));
        noTarget.Should().Throw<LoadTestException>().WithMessage("*set workload.loadTest.target or edge.domainNames, or pass --target*");
    }

    [Fact]
    public void Production_may_not_aim_at_plain_http() =>
        TestConfig.ShouldBreakOnlyInProduction("workload:\n  loadTest:\n    target: http://127.0.0.1:8080\n", "workload.loadTest.target", "(production)");

    [Fact]
    public void Plan_writes_every_scenario_and_prints_what_each_sends()
    {
        var root = Directory.CreateTempSubdirectory("headroom-plan-").FullName;
        try
        {
            var output = new StringWriter();
            var exit = LoadTestCommand.Plan(Repo.Environments, ["staging"], root, null, print: false, PlainConsole.Into(output, 300), output);

            exit.Should().Be(0, output.ToString());
            Directory.GetFiles(Path.Combine(root, "loadtest", "staging")).Select(Path.GetFileName).Should()
                .BeEquivalentTo(LoadTestPlan.ScenarioNames.Select(n => n + ".yml"));
            output.ToString().Should().Contain("peak: 100 users × 0.3 dynamic requests/s each = 30 requests/s")
                .And.MatchRegex(@"breakpoint +rising to 3× the peak.* +30 min +11\.76 +90 +1")
                .And.Contain("thresholds (Artillery's ensure; a miss exits non-zero): p95 < 300 ms, failed requests ≤ 0.001")
                .And.Contain("WAF lets the X-Load-Test header through (its value: Secrets Manager headroom/staging/edge/load-test, us-east-1)");
            // Every constant the plan uses, with its unit and source.
            foreach (var a in new[] { LoadTestDefaults.ErrorBudget, LoadTestDefaults.RequestsPerFargateWorker, LoadTestDefaults.MaxFargateWorkers, Headroom.App.Capacity.WorkloadDefaults.BaselineUserShare })
                output.ToString().Should().Contain($"{a.Name}: ").And.Contain(a.Source);
            output.ToString().Should().Contain("Journeys and their weights: 5 journeys (assumed: a shop's mix");
        }
        finally { Directory.Delete(root, recursive: true); }
    }

    [Fact]
    public void A_load_test_of_production_needs_confirmation_and_without_a_terminal_does_not_start()
    {
        var root = Directory.CreateTempSubdirectory("headroom-run-").FullName;
        try
        {
            var output = new StringWriter();
            var exit = LoadTestCommand.Run(new LoadTestRunOptions(Repo.Environments, "prod", "smoke", root), PlainConsole.Into(output, 300), output, interactive: false);

            exit.Should().Be(LoadTestCommand.NotConfirmed);
            output.ToString().Should().Contain("not running smoke against PRODUCTION (https://shop.example.com)").And.Contain("pass --yes");
            Directory.Exists(Path.Combine(root, "loadtest")).Should().BeFalse("nothing was written, nothing was installed");
        }
        finally { Directory.Delete(root, recursive: true); }
    }
}
