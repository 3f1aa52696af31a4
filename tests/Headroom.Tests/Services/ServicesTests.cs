using System.Text.Json;
using Headroom.App.Checks.Rules;
using Headroom.App.Diff;
using Headroom.App.Preview;
using Headroom.Tests.Support;

namespace Headroom.Tests.Services;

/// <summary>
/// One test environment, synthesized once without and once with a second web-facing fleet, a service that only
/// this file names. Everything below finds it through the blocks, the config and the templates: the production
/// code has no name for it.
/// </summary>
public sealed class ServicesFixture : IDisposable
{
    public const string Environment = "svc";
    public const string Name = "search";
    public const string Section = """
        services:
          - name: search
            pathPatterns: ["/search/*"]
            priority: 20
            fleet:
              instanceType: t3.small
              minCapacity: 1
              maxCapacity: 2
        """;

    public ServicesFixture()
    {
        Without = new SynthesizedApp([TestConfig.Parse(TestConfig.Staging, Environment)]);
        With = new SynthesizedApp([TestConfig.Parse(TestConfig.With(TestConfig.Staging, Section), Environment)]);
    }

    public SynthesizedApp Without { get; }
    public SynthesizedApp With { get; }

    public SynthesizedEnvironment WithJson => With.Json(Environment);
    public SynthesizedEnvironment WithoutJson => Without.Json(Environment);

    public void Dispose()
    {
        Without.Dispose();
        With.Dispose();
    }
}

public sealed class ServicesTests(ServicesFixture services) : IClassFixture<ServicesFixture>
{
    private SynthesizedEnvironment Env => services.WithJson;
    private IReadOnlyList<TemplateResource> App => Env.Stacks.Single(s => s.Name.EndsWith("-App", StringComparison.Ordinal)).Resources;

    private TemplateResource ServiceGroup() =>
        Env.BlocksOf("Fleet").Single(b => b.Name == ServicesFixture.Name).OfType("AWS::AutoScaling::AutoScalingGroup").Single();

    /// <summary>The target group the service's instances register with, found through its fleet block.</summary>
    private TemplateResource ServiceTargets()
    {
        var id = TemplateJson.Ref(ServiceGroup().Prop("TargetGroupARNs")!.Value[0]);
        return App.Single(r => r.LogicalId == id);
    }

    [Fact]
    public void The_service_is_a_fleet_block_after_web_with_the_fleet_settings_it_was_given()
    {
        Env.Blocks.Select(b => $"{b.Kind}:{b.Name}").Should().ContainInOrder("LoadBalancer:web", "Fleet:web", $"Fleet:{ServicesFixture.Name}", "Fleet:worker");
        services.With.Environments[ServicesFixture.Environment].WebTier.Fleets.Select(f => f.Name).Should().Equal("web", ServicesFixture.Name);

        var group = ServiceGroup();
        group.Str("MinSize").Should().Be("1");
        group.Str("MaxSize").Should().Be("2");
        var launchTemplate = Env.BlocksOf("Fleet").Single(b => b.Name == ServicesFixture.Name).OfType("AWS::EC2::LaunchTemplate").Single();
        launchTemplate.Prop("LaunchTemplateData")!.Value.GetProperty("InstanceType").GetString().Should().Be("t3.small");
    }

    [Fact]
    public void The_preview_has_a_fleet_section_for_the_service_and_a_rule_and_targets_for_it_in_the_web_tier()
    {
        var fleets = IPreviewSection.All.Single(s => s.Title == "Fleets").Describe(Env).ToList();
        var web = IPreviewSection.All.Single(s => s.Title == "Web tier").Describe(Env).ToList();

        fleets.Should().Contain($"{ServicesFixture.Name}: min 1, desired (min at launch), max 2, in 2 private subnets")
            .And.Contain(l => l.StartsWith("web: ", StringComparison.Ordinal))
            .And.Contain(l => l.StartsWith("worker: ", StringComparison.Ordinal));
        var start = fleets.IndexOf($"{ServicesFixture.Name}: min 1, desired (min at launch), max 2, in 2 private subnets");
        fleets.Skip(start + 1).TakeWhile(l => l.StartsWith("  ", StringComparison.Ordinal)).Should()
            .Contain("  instances: t3.small").And.Contain("  scale on ALBRequestCountPerTarget: target 1000").And.Contain("  scale on ASGAverageCPUUtilization: target 50");
        web.Should().Contain($"    rule 20: forwards to {ServicesFixture.Name} if path /search/* and X-Origin-Verify = origin-verify secret")
            .And.Contain("    rule 50000: forwards to web if X-Origin-Verify = origin-verify secret")
            .And.Contain(l => l.StartsWith($"  targets of {ServicesFixture.Name}: HTTP:80", StringComparison.Ordinal))
            .And.Contain(l => l.StartsWith("  targets of web: HTTP:80", StringComparison.Ordinal));
        // Without the service the web tier reads as before: one rule at 10, one target group.
        IPreviewSection.All.Single(s => s.Title == "Web tier").Describe(services.WithoutJson).Should()
            .Contain("    rule 10: forwards to web if X-Origin-Verify = origin-verify secret")
            .And.ContainSingle(l => l.StartsWith("  targets of ", StringComparison.Ordinal));
    }

    [Fact]
    public void The_load_balancer_has_two_target_groups_and_a_path_rule_that_still_needs_the_origin_verify_header()
    {
        var lb = Env.BlocksOf("LoadBalancer").Single();
        lb.OfType("AWS::ElasticLoadBalancingV2::TargetGroup").Should().HaveCount(2);
        var block = services.With.Environments[ServicesFixture.Environment].WebTier.LoadBalancer;
        block.TargetGroups.Should().HaveCount(2);
        block.TargetGroups[0].Should().BeSameAs(block.TargetGroup, "the default target group comes first");

        var targets = ServiceTargets();
        targets.Type.Should().Be("AWS::ElasticLoadBalancingV2::TargetGroup");
        var rules = lb.OfType("AWS::ElasticLoadBalancingV2::ListenerRule").ToList();
        rules.Should().HaveCount(2);
        var rule = rules.Single(r => r.Prop("Priority")!.Value.GetInt32() == 20);
        var conditions = rule.Prop("Conditions")!.Value.EnumerateArray().ToDictionary(c => c.GetProperty("Field").GetString()!);
        conditions.Keys.Should().BeEquivalentTo("path-pattern", "http-header");
        conditions["path-pattern"].GetProperty("PathPatternConfig").GetProperty("Values").EnumerateArray().Select(v => v.GetString()).Should().Equal("/search/*");
        var header = conditions["http-header"].GetProperty("HttpHeaderConfig");
        header.GetProperty("HttpHeaderName").GetString().Should().Be("X-Origin-Verify");
        header.GetProperty("Values")[0].ToString().Should().Contain("resolve:secretsmanager", "the secret is compared by reference, never written out");
        TemplateJson.Ref(rule.Prop("Actions")!.Value[0].GetProperty("TargetGroupArn")).Should().Be(targets.LogicalId);

        // The verified-request rule forwards the rest to web, after every path rule.
        var verified = rules.Single(r => r != rule);
        verified.Prop("Priority")!.Value.GetInt32().Should().Be(50000);
        verified.Prop("Conditions")!.Value.EnumerateArray().Select(c => c.GetProperty("Field").GetString()).Should().Equal("http-header");
        // A request without the header matches no rule and gets the listener's 403.
        var listener = lb.OfType("AWS::ElasticLoadBalancingV2::Listener").Single(l => TemplateJson.Ref(rule.Prop("ListenerArn")) == l.LogicalId);
        listener.Prop("DefaultActions")!.Value[0].GetProperty("FixedResponseConfig").GetProperty("StatusCode").GetString().Should().Be("403");
    }

    [Fact]
    public void The_service_fleet_registers_with_its_own_target_group_and_scales_on_its_requests_per_target()
    {
        var group = ServiceGroup();
        var targets = ServiceTargets();
        var webTargets = Env.BlocksOf("Fleet").Single(b => b.Name == "web").OfType("AWS::AutoScaling::AutoScalingGroup").Single().Prop("TargetGroupARNs")!.Value;
        TemplateJson.Ref(webTargets[0]).Should().NotBe(targets.LogicalId);
        group.Str("HealthCheckType").Should().Be("ELB");

        var requests = Env.BlocksOf("Fleet").Single(b => b.Name == ServicesFixture.Name).OfType("AWS::AutoScaling::ScalingPolicy")
            .Select(p => p.Prop("TargetTrackingConfiguration")).OfType<JsonElement>()
            .Single(t => t.GetProperty("PredefinedMetricSpecification").GetProperty("PredefinedMetricType").GetString() == "ALBRequestCountPerTarget");
        requests.GetProperty("PredefinedMetricSpecification").GetProperty("ResourceLabel").ToString().Should().Contain(targets.LogicalId);
    }

    [Fact]
    public void Monitoring_watches_the_service_fleet_and_its_target_group_and_keeps_the_web_alarms_as_they_were()
    {
        var alarms = App.Where(r => r.Type == "AWS::CloudWatch::Alarm").ToList();
        var names = alarms.Select(a => a.Str("AlarmName")).ToList();
        var prefix = $"headroom-{ServicesFixture.Environment}-";
        names.Should().Contain([
            $"{prefix}fleet-in-service-below-min-{ServicesFixture.Name}", $"{prefix}fleet-at-max-{ServicesFixture.Name}",
            $"{prefix}alb-unhealthy-hosts-{ServicesFixture.Name}", $"{prefix}alb-target-5xx-rate-{ServicesFixture.Name}",
            $"{prefix}alb-target-response-time-{ServicesFixture.Name}"]);

        // Its unhealthy-hosts alarm reads its own target group, not the web fleet's.
        var unhealthy = alarms.Single(a => a.Str("AlarmName") == $"{prefix}alb-unhealthy-hosts-{ServicesFixture.Name}");
        var targetGroup = unhealthy.Prop("Metrics")!.Value[0].GetProperty("MetricStat").GetProperty("Metric").GetProperty("Dimensions").EnumerateArray()
            .Single(d => d.GetProperty("Name").GetString() == "TargetGroup");
        targetGroup.GetProperty("Value").ToString().Should().Contain(ServiceTargets().LogicalId);

        // Every web alarm keeps its logical ID; the service adds alarms, and drops none.
        var before = services.WithoutJson.OfType("AWS::CloudWatch::Alarm").Select(a => (a.Stack, a.LogicalId)).ToList();
        var after = Env.OfType("AWS::CloudWatch::Alarm").Select(a => (a.Stack, a.LogicalId)).ToList();
        after.Should().Contain(before).And.HaveCount(before.Count + 5);
        // The monitoring contract holds for every resource, the service's included.
        new AlarmCoverage(Env.Stacks, Repo.Root).Findings().Should().BeEmpty();
    }

    [Fact]
    public void The_diff_between_the_environment_without_and_with_the_service_adds_its_fleet_and_routing()
    {
        var work = Directory.CreateTempSubdirectory("headroom-services-diff-").FullName;
        try
        {
            var sides = services.WithoutJson.Stacks.Select(before => new DiffReport.StackSides(before.Name,
                new AssemblyStack(before.Name, before.TemplatePath, null),
                new AssemblyStack(before.Name, Env.Stacks.Single(s => s.Name == before.Name).TemplatePath, null))).ToList();

            var result = DiffEngine.Run(sides, Repo.Root, work);

            var app = result.Stacks[sides.Single(s => s.Name.EndsWith("-App", StringComparison.Ordinal)).Name];
            var added = app.Resources.Where(r => r.Impact == Impact.Create).ToList();
            added.Select(r => r.Type).Should().Contain(["AWS::AutoScaling::AutoScalingGroup", "AWS::EC2::LaunchTemplate", "AWS::IAM::Role",
                "AWS::ElasticLoadBalancingV2::TargetGroup", "AWS::ElasticLoadBalancingV2::ListenerRule", "AWS::AutoScaling::ScalingPolicy", "AWS::CloudWatch::Alarm"]);
            added.Select(r => r.LogicalId).Should().Contain([ServiceGroup().LogicalId, ServiceTargets().LogicalId]);
            // Nothing is replaced or removed: adding a service only adds, and moves the verified-request rule's priority.
            app.Resources.Where(r => r.Impact != Impact.Create).Should().OnlyContain(r => r.Impact == Impact.Update)
                .And.Contain(r => r.Type == "AWS::ElasticLoadBalancingV2::ListenerRule" && r.Changes.Any(c => c.Name == "Priority"));
            result.Stacks.Values.SelectMany(s => s.Resources).Should().NotContain(r => r.IsDestructiveToData);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    [Fact]
    public void The_service_passes_the_rule_pack_as_the_environment_without_it_does()
    {
        static IEnumerable<string> Unacknowledged(SynthesizedEnvironment env) =>
            new HeadroomRulePack().Run(env).Where(f => !f.Acknowledged).Select(f => $"{f.Rule} {f.LogicalId}: {f.Message}");

        Unacknowledged(Env).Should().BeEquivalentTo(Unacknowledged(services.WithoutJson));
    }
}
