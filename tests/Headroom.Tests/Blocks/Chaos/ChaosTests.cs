using Amazon.CDK.AWS.AutoScaling;
using Headroom.App.GameDay;
using Headroom.App.Preview.Sections;
using Headroom.Blocks.Chaos;
using Headroom.Blocks.Common;
using ChaosBlock = Headroom.Blocks.Chaos.Chaos;

namespace Headroom.Tests.Blocks.Chaos;

/// <summary>
/// The chaos block: on a bare stack (every experiment, and a narrow case whose role gets only what it needs), the
/// props it refuses, its `chaos:` section, and the environments: staging's experiments read from the shared
/// synthesis, production's none, and production with chaos turned on (synthesized once here) listed in the preview.
/// </summary>
[Collection(SynthCollection.Name)]
public sealed class ChaosTests(SynthFixture synth, ChaosTests.Cases cases) : IClassFixture<ChaosTests.Cases>
{
    private const string SiteDegradedArn = "arn:aws:cloudwatch:eu-west-1:111111111111:alarm:shop-site-degraded";

    public static ChaosProps Props(Stack stack, bool withWorkers = true) => new()
    {
        NamePrefix = "shop-test",
        ParameterPath = "/shop/test",
        ScopeTags = new Dictionary<string, string> { ["project"] = "shop", ["environment"] = "test" },
        AvailabilityZones = BlockHarness.Zones,
        SiteDegraded = Alarm.FromAlarmArn(stack, "SiteDegraded", SiteDegradedArn),
        WebFleets = [Fleet(stack, "web"), Fleet(stack, "api")],
        Workers = withWorkers ? Fleet(stack, "worker") : null,
        Database = new ChaosDatabase("arn:aws:rds:eu-west-1:111111111111:db:shop-primary", MultiAz: true, ["proxy.example.internal", "replica.example.internal"]),
        Cache = new ChaosCache("shop-cache", MultiAz: true),
    };

    private static ChaosFleet Fleet(Stack stack, string name) =>
        new(name, AutoScalingGroup.FromAutoScalingGroupName(stack, name + "Group", $"shop-{name}-group"));

    public sealed class Cases : BlockHarness
    {
        public Cases()
        {
            var all = Case("Default");
            Block("Chaos", "experiments", new ChaosBlock(all, "Chaos", Props(all) with
            {
                Zone = "eu-west-1b",
                TerminatePercent = 25,
                StopAlarms = ["shop-checkout-errors"],
            }));
            var narrow = Case("Narrow");
            Block("Chaos", "experiments", new ChaosBlock(narrow, "Chaos", Props(narrow, withWorkers: false) with
            {
                Experiments = [ChaosExperiment.DatabaseFailover],
                Database = new ChaosDatabase("arn:aws:rds:eu-west-1:111111111111:db:shop-primary", MultiAz: false, ["db.example.internal"]),
                Cache = null,
            }));
            // Production with chaos turned on: the whole environment, in this fixture's one synthesis.
            Prod = new EnvironmentStacks(App, TestConfig.Parse(TestConfig.With(TestConfig.Prod, "chaos:\n  enabled: true\n  zone: eu-west-1c"), "prod"));
            Synthesize();
        }

        public EnvironmentStacks Prod { get; }
        public SynthesizedEnvironment ProdJson => SynthesizedEnvironment.Read(Prod, Assembly);
    }

    private static IEnumerable<TemplateResource> Templates(SynthesizedEnvironment env) => env.OfType("AWS::FIS::ExperimentTemplate");

    private static TemplateResource Named(IEnumerable<TemplateResource> templates, string name) =>
        templates.Should().ContainSingle(t => t.Prop("Tags")!.Value.GetProperty(ChaosBlock.ExperimentTagKey).GetString() == name, name).Subject;

    private static Dictionary<string, JsonElement> ActionsOf(TemplateResource t) =>
        t.Prop("Actions")!.Value.EnumerateObject().ToDictionary(a => a.Name, a => a.Value);

    private static Dictionary<string, JsonElement> TargetsOf(TemplateResource t) =>
        t.Prop("Targets")!.Value.EnumerateObject().ToDictionary(a => a.Name, a => a.Value);

    private static IReadOnlyList<JsonElement> Statements(IEnumerable<TemplateResource> resources) =>
        resources.Where(r => r.Type == "AWS::IAM::Policy" && r.LogicalId.StartsWith("ChaosRole", StringComparison.Ordinal))
            .SelectMany(p => p.Prop("PolicyDocument")!.Value.GetProperty("Statement").EnumerateArray()).ToList();

    // ---- the block on a bare stack ----

    [Fact]
    public void Zone_power_stops_every_fleet_in_the_zone_pauses_launches_there_and_fails_the_database_and_cache_over()
    {
        var t = Named(cases.OfType("Default", "AWS::FIS::ExperimentTemplate"), "zone-power");
        var actions = ActionsOf(t);
        var targets = TargetsOf(t);

        actions.ToDictionary(a => a.Key, a => a.Value.GetProperty("ActionId").GetString()).Should().BeEquivalentTo(new Dictionary<string, string>
        {
            ["stop-web-instances"] = "aws:ec2:stop-instances",
            ["stop-api-instances"] = "aws:ec2:stop-instances",
            ["stop-worker-instances"] = "aws:ec2:stop-instances",
            ["pause-launches-in-zone"] = "aws:ec2:asg-insufficient-instance-capacity-error",
            ["fail-over-database"] = "aws:rds:reboot-db-instances",
            ["interrupt-cache-zone-power"] = "aws:elasticache:replicationgroup-interrupt-az-power",
        });
        actions["stop-web-instances"].GetProperty("Parameters").GetProperty("startInstancesAfterDuration").GetString().Should().Be("PT10M");
        actions["pause-launches-in-zone"].GetProperty("Parameters").GetProperty("availabilityZoneIdentifiers").GetString().Should().Be("eu-west-1b");
        actions["pause-launches-in-zone"].GetProperty("Parameters").GetProperty("percentage").GetString().Should().Be("100");
        actions["fail-over-database"].GetProperty("Parameters").GetProperty("forceFailover").GetString().Should().Be("true");
        actions["interrupt-cache-zone-power"].GetProperty("Parameters").GetProperty("duration").GetString().Should().Be("PT10M");

        var web = targets["web-instances-in-zone"];
        web.GetProperty("ResourceType").GetString().Should().Be("aws:ec2:instance");
        web.GetProperty("ResourceTags").GetProperty("aws:autoscaling:groupName").GetString().Should().Be("shop-web-group");
        web.GetProperty("Filters").EnumerateArray().Select(f => (f.GetProperty("Path").GetString(), f.GetProperty("Values")[0].GetString()))
            .Should().BeEquivalentTo([("State.Name", "running"), ("Placement.AvailabilityZone", "eu-west-1b")]);
        targets["auto-scaling-groups"].GetProperty("ResourceTags").GetProperty("aws:cloudformation:stack-name").GetString().Should().Be("Default");
        targets["database"].GetProperty("ResourceArns")[0].GetString().Should().Be("arn:aws:rds:eu-west-1:111111111111:db:shop-primary");
        targets["cache"].GetProperty("ResourceType").GetString().Should().Be("aws:elasticache:replicationgroup");
        targets["cache"].GetProperty("Parameters").GetProperty("availabilityZoneIdentifier").GetString().Should().Be("eu-west-1b");
        t.Prop("ExperimentOptions")!.Value.GetProperty("EmptyTargetResolutionMode").GetString().Should().Be("skip", "the workers may be at zero");
    }

    [Fact]
    public void Every_experiment_stops_on_the_site_degraded_alarm_and_the_named_ones_and_logs_to_the_retained_group()
    {
        var templates = cases.OfType("Default", "AWS::FIS::ExperimentTemplate").ToList();
        var log = cases.Single("Default", "AWS::Logs::LogGroup");

        templates.Select(t => t.Prop("Tags")!.Value.GetProperty(ChaosBlock.ExperimentTagKey).GetString()).Should().BeEquivalentTo(
            ["zone-power", "terminate-web", "terminate-api", "database-failover", "cache-failover", "cpu-stress", "database-latency"]);
        foreach (var t in templates)
        {
            t.Prop("StopConditions")!.Value.EnumerateArray().Select(s => (s.GetProperty("Source").GetString(), s.GetProperty("Value").GetString()))
                .Should().BeEquivalentTo([("aws:cloudwatch:alarm", SiteDegradedArn), ("aws:cloudwatch:alarm", "arn:aws:cloudwatch:eu-west-1:111111111111:alarm:shop-checkout-errors")]);
            var logs = t.Prop("LogConfiguration")!.Value;
            GetAtt(logs.GetProperty("CloudWatchLogsConfiguration").GetProperty("LogGroupArn")).Should().Be(log.LogicalId);
            logs.GetProperty("LogSchemaVersion").GetInt32().Should().Be(2);
            t.Str("Description").Should().Contain("Stops on shop-site-degraded, shop-checkout-errors").And.EndWith("Game day: docs/runbooks/game-day.md");
            t.Prop("Tags")!.Value.GetProperty("Name").GetString().Should().StartWith("shop-test-");
            t.Raw.GetProperty("Metadata").GetProperty(AlarmExemption.MetadataKey).GetString().Should().Contain("stop conditions");
        }
        CacheTests.Policies(log).Should().Be(("Retain", "Retain"));
        log.Prop("RetentionInDays")!.Value.GetInt32().Should().Be(90);
    }

    [Fact]
    public void Terminations_take_the_configured_share_of_each_web_facing_fleet_and_stress_uses_fis_documents()
    {
        var templates = cases.OfType("Default", "AWS::FIS::ExperimentTemplate").ToList();

        foreach (var fleet in new[] { "web", "api" })
        {
            var t = Named(templates, $"terminate-{fleet}");
            ActionsOf(t)["terminate-instances"].GetProperty("ActionId").GetString().Should().Be("aws:ec2:terminate-instances");
            var target = TargetsOf(t)[$"{fleet}-instances"];
            target.GetProperty("SelectionMode").GetString().Should().Be("PERCENT(25)");
            target.GetProperty("ResourceTags").GetProperty("aws:autoscaling:groupName").GetString().Should().Be($"shop-{fleet}-group");
        }
        ActionsOf(Named(templates, "database-failover"))["fail-over-database"].GetProperty("Parameters").GetProperty("forceFailover").GetString().Should().Be("true");
        ActionsOf(Named(templates, "cache-failover"))["interrupt-cache-zone-power"].GetProperty("Parameters").GetProperty("duration").GetString().Should().Be("PT5M");

        var cpu = ActionsOf(Named(templates, "cpu-stress"))["stress-cpu"].GetProperty("Parameters");
        cpu.GetProperty("documentArn").GetString().Should().EndWith(":ssm:eu-west-1::document/AWSFIS-Run-CPU-Stress");
        JsonDocument.Parse(cpu.GetProperty("documentParameters").GetString()!).RootElement.GetProperty("DurationSeconds").GetString().Should().Be("300");
        cpu.GetProperty("duration").GetString().Should().Be("PT5M");

        var latency = ActionsOf(Named(templates, "database-latency"))["slow-database-traffic"].GetProperty("Parameters");
        latency.GetProperty("documentArn").GetString().Should().EndWith("document/AWSFIS-Run-Network-Latency-Sources");
        var document = JsonDocument.Parse(latency.GetProperty("documentParameters").GetString()!).RootElement;
        document.GetProperty("Sources").GetString().Should().Be("proxy.example.internal,replica.example.internal");
        document.GetProperty("DelayMilliseconds").GetString().Should().Be("200");
        document.GetProperty("TrafficType").GetString().Should().Be("egress");
    }

    [Fact]
    public void Each_template_id_is_published_in_ssm_for_the_start_command()
    {
        var parameters = cases.OfType("Default", "AWS::SSM::Parameter").ToDictionary(p => p.Str("Name")!);
        var templates = cases.OfType("Default", "AWS::FIS::ExperimentTemplate").ToList();

        foreach (var t in templates)
        {
            var name = t.Prop("Tags")!.Value.GetProperty(ChaosBlock.ExperimentTagKey).GetString();
            Ref(parameters[$"/shop/test/chaos/{name}/template-id"].Prop("Value")).Should().Be(t.LogicalId);
        }
        parameters.Should().HaveCount(templates.Count);
    }

    [Fact]
    public void The_role_trusts_only_fis_experiments_of_its_account_and_a_narrow_case_gets_only_what_it_needs()
    {
        var role = cases.Single("Narrow", "AWS::IAM::Role");
        var trust = role.Prop("AssumeRolePolicyDocument")!.Value.GetProperty("Statement").EnumerateArray().Should().ContainSingle().Subject;
        var statements = Statements(cases.Resources("Narrow"));

        trust.GetProperty("Principal").GetProperty("Service").GetString().Should().Be("fis.amazonaws.com");
        trust.GetProperty("Condition").GetProperty("StringEquals").GetProperty("aws:SourceAccount").GetString().Should().Be(BlockHarness.Account);
        trust.GetProperty("Condition").GetProperty("ArnLike").GetProperty("aws:SourceArn").GetString().Should().Be("arn:aws:fis:eu-west-1:111111111111:experiment/*");
        statements.Select(s => s.GetProperty("Sid").GetString()).Should().BeEquivalentTo(["RebootThisDatabase", "DeliverExperimentLogs", "Lookups"]);
        Resources(statements.Single(s => s.GetProperty("Sid").GetString() == "RebootThisDatabase")).Should().Equal("arn:aws:rds:eu-west-1:111111111111:db:shop-primary");
        Actions(statements.Single(s => s.GetProperty("Sid").GetString() == "Lookups")).Should().OnlyContain(a =>
            a.Contains(":Describe", StringComparison.Ordinal) || a.Contains(":Get", StringComparison.Ordinal) || a.Contains(":List", StringComparison.Ordinal));
        var narrow = cases.OfType("Narrow", "AWS::FIS::ExperimentTemplate").Should().ContainSingle().Subject;
        ActionsOf(narrow)["fail-over-database"].GetProperty("Parameters").GetProperty("forceFailover").GetString().Should().Be("false", "a single-AZ primary has no standby");
    }

    [Fact]
    public void Instance_actions_are_held_to_instances_carrying_every_scope_tag()
    {
        var statements = Statements(cases.Resources("Default"));

        foreach (var sid in new[] { "InstancesOfThisEnvironment", "OnInstancesOfThisEnvironment" })
        {
            var s = statements.Single(x => x.GetProperty("Sid").GetString() == sid);
            var tags = s.GetProperty("Condition").GetProperty("StringEquals");
            tags.GetProperty("aws:ResourceTag/project").GetString().Should().Be("shop");
            tags.GetProperty("aws:ResourceTag/environment").GetString().Should().Be("test");
        }
        var inject = statements.Single(x => x.GetProperty("Sid").GetString() == "CapacityErrorsForThisEnvironmentsGroups");
        Strings(inject.GetProperty("Condition").GetProperty("ForAllValues:StringLike").GetProperty("ec2:FisTargetArns")).Should().BeEquivalentTo(
            new[] { "web", "api", "worker" }.Select(f => $"arn:aws:autoscaling:eu-west-1:111111111111:autoScalingGroup:*:autoScalingGroupName/shop-{f}-group"));
        Resources(statements.Single(x => x.GetProperty("Sid").GetString() == "InterruptThisCache"))
            .Should().Equal("arn:aws:elasticache:eu-west-1:111111111111:replicationgroup:shop-cache");
        Resources(statements.Single(x => x.GetProperty("Sid").GetString() == "RunOnlyFisDocuments"))
            .Should().OnlyContain(r => r.Contains(":document/AWSFIS-Run-", StringComparison.Ordinal));
    }

    [Fact]
    public void The_block_refuses_what_fis_or_headroom_would_not_run()
    {
        var refused = new (string Message, Func<Stack, ChaosProps> Props)[]
        {
            ("*ZonePowerDuration*from PT1M to PT1H*", s => Props(s) with { ZonePowerDuration = "PT2H" }),
            ("*StressDuration*ISO 8601*", s => Props(s) with { StressDuration = "10m" }),
            ("*TerminatePercent*from 1 to 50*", s => Props(s) with { TerminatePercent = 80 }),
            ("*Zone*one of the environment's zones*", s => Props(s) with { Zone = "eu-west-1z" }),
            ("*StopAlarms*at most 4*", s => Props(s) with { StopAlarms = ["a", "b", "c", "d", "e"] }),
        };
        foreach (var (message, props) in refused)
            BlockHarness.ShouldRefuse(message, (stack, vpc) => _ = new ChaosBlock(stack, "Chaos", props(stack)));
    }

    // ---- the section ----

    [Fact]
    public void On_outside_production_and_only_when_asked_in_production()
    {
        TestConfig.Parse(TestConfig.Staging).Chaos.Settings(TestConfig.Parse(TestConfig.Staging)).Enabled.Should().BeTrue();
        var prod = TestConfig.Parse(TestConfig.Prod);
        prod.Chaos.Settings(prod).Enabled.Should().BeFalse();
        var asked = TestConfig.Parse(TestConfig.With(TestConfig.Prod, "chaos:\n  enabled: true"));
        asked.Chaos.Settings(asked).Enabled.Should().BeTrue();
        var off = TestConfig.Parse(TestConfig.With(TestConfig.Staging, "chaos:\n  enabled: false\n  experiments: [zonePower]\n  terminatePercent: 10"));
        off.Chaos.Settings(off).Should().Match<ChaosSettings>(s => !s.Enabled && s.Experiments.Single() == ChaosExperiment.ZonePower && s.TerminatePercent == 10);
    }


    // ---- the environments ----

    [Fact]
    public void Staging_has_each_experiment_with_its_actions_targets_and_stop_condition()
    {
        var app = synth.Stack("staging", "App");
        var templates = app.Resources.Where(r => r.Type == "AWS::FIS::ExperimentTemplate").ToList();
        var siteDegraded = app.Resources.Single(r => r.Type == "AWS::CloudWatch::CompositeAlarm");
        var expected = new Dictionary<string, string[]>
        {
            // Stops the instances of web, checkout and the workers in the zone.
            ["zone-power"] = ["aws:ec2:stop-instances", "aws:ec2:stop-instances", "aws:ec2:stop-instances", "aws:ec2:asg-insufficient-instance-capacity-error",
                "aws:rds:reboot-db-instances", "aws:elasticache:replicationgroup-interrupt-az-power"],
            ["terminate-web"] = ["aws:ec2:terminate-instances"],
            // Staging's checkout service: a share of it can be terminated on its own.
            ["terminate-checkout"] = ["aws:ec2:terminate-instances"],
            ["database-failover"] = ["aws:rds:reboot-db-instances"],
            ["cache-failover"] = ["aws:elasticache:replicationgroup-interrupt-az-power"],
            ["cpu-stress"] = ["aws:ssm:send-command"],
            ["database-latency"] = ["aws:ssm:send-command"],
        };

        templates.Should().HaveCount(expected.Count);
        foreach (var (name, actionIds) in expected)
        {
            var t = Named(templates, name);
            ActionsOf(t).Values.Select(a => a.GetProperty("ActionId").GetString()).Should().BeEquivalentTo(actionIds, name);
            foreach (var action in ActionsOf(t).Values)
                action.GetProperty("Targets").EnumerateObject().Should().OnlyContain(x => TargetsOf(t).ContainsKey(x.Value.GetString()!), $"{name} acts on its own targets");
            t.Prop("StopConditions")!.Value.EnumerateArray().Select(s => GetAtt(s.GetProperty("Value"))).Should().Equal(siteDegraded.LogicalId);
            t.Prop("Tags")!.Value.TryGetProperty("cost-centre", out _).Should().BeFalse("stack-wide tags skip experiment templates: a tag change would replace them");
            t.Str("Description").Should().EndWith("Game day: docs/runbooks/game-day.md");
        }
        var latency = ActionsOf(Named(templates, "database-latency"))["slow-database-traffic"].GetProperty("Parameters").GetProperty("documentParameters").GetString()!;
        JsonDocument.Parse(latency).RootElement.GetProperty("Sources").GetString().Should().Be(
            "{{resolve:ssm:/headroom/staging/db/write-endpoint}},{{resolve:ssm:/headroom/staging/db/read-endpoints}}", "read at deploy time, not imported from the Data stack");
        TargetsOf(Named(templates, "zone-power")).Keys.Should().Contain(["web-instances-in-zone", "checkout-instances-in-zone", "worker-instances-in-zone", "auto-scaling-groups", "database", "cache"]);
        CacheTests.Policies(app.Resources.Single(r => r.Type == "AWS::Logs::LogGroup" && r.LogicalId.StartsWith("ChaosLog", StringComparison.Ordinal))).Should().Be(("Retain", "Retain"));
        var role = app.Resources.Single(r => r.Type == "AWS::IAM::Role" && r.LogicalId.StartsWith("ChaosRole", StringComparison.Ordinal));
        role.Prop("AssumeRolePolicyDocument")!.Value.GetProperty("Statement")[0].GetProperty("Principal").GetProperty("Service").GetString().Should().Be("fis.amazonaws.com");
    }

    [Fact]
    public void Production_has_no_experiment_unless_its_file_turns_chaos_on_and_then_the_preview_lists_each()
    {
        synth.Json("prod").OfType("AWS::FIS::ExperimentTemplate").Should().BeEmpty();
        new ChaosPreview().Describe(synth.Json("prod")).Should().BeEmpty();

        var prod = cases.ProdJson;
        var names = Templates(prod).Select(t => t.Prop("Tags")!.Value.GetProperty("Name").GetString()!).ToList();
        var lines = new ChaosPreview().Describe(prod).ToList();

        names.Should().Contain(["headroom-prod-zone-power", "headroom-prod-terminate-web", "headroom-prod-database-failover",
            "headroom-prod-cache-failover", "headroom-prod-cpu-stress", "headroom-prod-database-latency"]);
        lines.Should().HaveCount(names.Count);
        foreach (var name in names) lines.Should().ContainSingle(l => l.StartsWith(name + ":", StringComparison.Ordinal));
        lines.Single(l => l.StartsWith("headroom-prod-zone-power:", StringComparison.Ordinal)).Should()
            .Contain("Zone power interruption in eu-west-1c").And.Contain("fails the database over to its standby").And.Contain("stops on 1 alarm");
    }

    [Fact]
    public void No_experiment_can_target_another_environments_resources()
    {
        foreach (var (env, json) in new[] { ("staging", synth.Json("staging")), ("prod", cases.ProdJson) })
        {
            var app = json.Stacks.Single(s => s.Name == $"Headroom-{env}-App");
            var groups = app.Resources.Where(r => r.Type == "AWS::AutoScaling::AutoScalingGroup").Select(r => r.LogicalId).ToHashSet();
            var chaos = app.Resources.Where(r => r.LogicalId.StartsWith("Chaos", StringComparison.Ordinal)).ToList();
            var other = env == "prod" ? "staging" : "prod";

            chaos.Should().NotContain(r => r.Raw.GetRawText().Contains($"Headroom-{other}-", StringComparison.Ordinal) || r.Raw.GetRawText().Contains($"/{other}/", StringComparison.Ordinal));
            foreach (var t in Templates(json))
                foreach (var (name, target) in TargetsOf(t))
                {
                    if (target.TryGetProperty("ResourceArns", out var arns))
                        arns.EnumerateArray().Should().OnlyContain(a => a.GetRawText().Contains($"Headroom-{env}-Data:ExportsOutputRef", StringComparison.Ordinal), $"{name}: this environment's own resources");
                    else
                        foreach (var tag in target.GetProperty("ResourceTags").EnumerateObject())
                            (tag.Name switch
                            {
                                "aws:autoscaling:groupName" => groups.Contains(Ref(tag.Value) ?? ""),
                                "aws:cloudformation:stack-name" => tag.Value.GetString() == $"Headroom-{env}-App",
                                "environment" => tag.Value.GetString() == env,
                                _ => false,
                            }).Should().BeTrue($"{t.LogicalId}/{name} picks {tag.Name}={tag.Value.GetRawText()}: only this environment's");
                }

            // What the role may change: instances tagged this environment, this environment's database and cache, its own groups.
            foreach (var s in Statements(chaos))
            {
                var acting = Actions(s).Where(a => !a.Contains(":Describe", StringComparison.Ordinal) && !a.Contains(":Get", StringComparison.Ordinal)
                    && !a.Contains(":List", StringComparison.Ordinal) && a is not ("ssm:CancelCommand" or "logs:CreateLogDelivery" or "logs:PutResourcePolicy" or "kms:CreateGrant")).ToList();
                if (acting.Count == 0) continue;
                var text = s.GetRawText();
                var scoped = s.TryGetProperty("Condition", out var c) && c.TryGetProperty("StringEquals", out var eq) && eq.TryGetProperty("aws:ResourceTag/environment", out var e) && e.GetString() == env
                    || text.Contains($"Headroom-{env}-Data:ExportsOutputRef", StringComparison.Ordinal)
                    || Resources(s).All(r => r.Contains(":document/AWSFIS-Run-", StringComparison.Ordinal))
                    || acting.SequenceEqual(["ec2:InjectApiError"]) && groups.All(g => text.Contains($"\"Ref\":\"{g}\"", StringComparison.Ordinal) || text.Contains($"\"Ref\": \"{g}\"", StringComparison.Ordinal));
                scoped.Should().BeTrue($"{string.Join(", ", acting)} is held to {env}'s resources: {text}");
            }
        }
    }

    // ---- the command ----

    [Fact]
    public void The_chaos_command_prints_each_experiment_with_its_expected_impact_and_how_to_start_it()
    {
        var report = ChaosReport.Of(synth.Environments["staging"]);
        using var output = new StringWriter();
        ChaosCommand.Render(PlainConsole.Into(output, 400), report);
        var text = output.ToString();

        report.Experiments.Select(e => e.Name).Should().Equal("zone-power", "terminate-web", "terminate-checkout", "database-failover", "cache-failover", "cpu-stress", "database-latency");
        var zone = report.Experiments[0];
        zone.StopAlarms.Should().Equal("headroom-staging-site-degraded");
        zone.Impact.Should().Contain(l => l.StartsWith("losing eu-west-1a leaves 1 of 2 web instances", StringComparison.Ordinal));
        zone.Impact.Should().Contain(l => l.Contains("the shop holds", StringComparison.Ordinal) && l.Contains("users against", StringComparison.Ordinal) && l.Contains("100 planned", StringComparison.Ordinal));
        zone.Impact.Should().Contain(l => l.Contains("error budget", StringComparison.Ordinal));
        zone.StartCommand.Should().Be("aws fis start-experiment --region eu-west-1 --experiment-template-id \"$(aws ssm get-parameter --region eu-west-1 "
            + "--name /headroom/staging/chaos/zone-power/template-id --query Parameter.Value --output text)\"");
        report.Experiments.Single(e => e.Name == "database-failover").Impact[0].Should().Contain("single-AZ");
        report.Assumptions.Should().Contain(a => a.Name.StartsWith("RDS Multi-AZ DB instance failover", StringComparison.Ordinal) && a.Unit == "s" && a.Source.StartsWith("https://", StringComparison.Ordinal));
        report.Assumptions.Should().OnlyContain(a => a.Source.Length > 0 && a.Unit.Length > 0);
        text.Should().Contain("1. zone-power").And.Contain("stops on: headroom-staging-site-degraded").And.Contain("expected:").And.Contain("assumptions:");

        var prod = ChaosReport.Of(synth.Environments["prod"]);
        prod.Experiments.Should().BeEmpty();
        using var none = new StringWriter();
        ChaosCommand.Render(PlainConsole.Into(none, 200), prod);
        none.ToString().Should().Contain("none: production makes experiment templates only when its file says");
    }
}
