using Regex = System.Text.RegularExpressions.Regex;
using Headroom.App.Preview.Sections;
using Headroom.Blocks.Monitoring;

using static Headroom.Tests.Blocks.MonitoringTemplates;

namespace Headroom.Tests.Environments;

[Collection(SynthCollection.Name)]
public sealed class MonitoringEnvironmentTests(SynthFixture synth, WebVariants variants)
{
    [Fact]
    public void Every_resource_in_every_environment_has_its_alarms_each_notifying_on_alarm_and_ok_with_an_existing_runbook()
    {
        foreach (var (app, env) in synth.Environments.Keys.Select(e => (App: (SynthesizedApp)synth, Env: e))
                     .Concat(variants.App.Environments.Keys.Select(e => (variants.App, e))))
        {
            var coverage = new AlarmCoverage(app.Json(env).Stacks, Repo.Root);

            coverage.Findings().Should().BeEmpty($"environment {env} must be fully monitored");
            coverage.Alarms.Should().NotBeEmpty();
            coverage.Alarms.Should().OnlyContain(a => a.Kind != null);
        }
    }

    [Fact]
    public void The_edge_stack_in_us_east_1_has_its_own_ops_topic_alarms_composite_and_dashboard()
    {
        var edge = synth.Json("prod").Stacks.Single(s => s.Name == "Headroom-prod-Edge");
        var alarms = edge.Resources.Where(r => r.Type == "AWS::CloudWatch::Alarm").ToList();

        synth.Assembly.GetStackByName("Headroom-prod-Edge").Environment.Region.Should().Be("us-east-1");
        edge.Resources.Should().ContainSingle(r => r.Type == "AWS::SNS::Topic").Which.Prop("KmsMasterKeyId").Should().NotBeNull();
        edge.Resources.Where(r => r.Type == "AWS::SNS::Subscription").Select(r => r.Str("Endpoint")).Should().BeEquivalentTo(["oncall@example.com", "platform-team@example.com"]);
        alarms.Select(a => a.Str("AlarmName")).Should().BeEquivalentTo([
            "headroom-prod-cloudfront-5xx-rate-site", "headroom-prod-cloudfront-origin-latency-site", "headroom-prod-waf-blocked-surge-site"]);
        Alarm(edge, "headroom-prod-waf-blocked-surge-site").Raw.ToString().Should().Contain("\"headroom-prod-web-acl\"", "WAF publishes under the web ACL's metric name");
        Alarm(edge, "headroom-prod-cloudfront-5xx-rate-site").Raw.ToString().Should().Contain("\"Global\"");
        edge.Resources.Should().ContainSingle(r => r.Type == "AWS::CloudWatch::CompositeAlarm").Which.Str("AlarmName").Should().Be("headroom-prod-site-degraded-edge");
        edge.Resources.Should().ContainSingle(r => r.Type == "AWS::CloudWatch::Dashboard").Which.Str("DashboardName").Should().Be("headroom-prod-edge");
        DashboardBody(synth.Json("prod"), "headroom-prod").Should().Contain("dashboard `headroom-prod-edge`");
    }

    [Fact]
    public void In_us_east_1_the_edge_alarms_notify_the_app_stacks_topic_and_without_cloudfront_there_is_no_edge_monitoring()
    {
        var use1 = variants.App.Json("use1");
        use1.OfType("AWS::SNS::Topic").Should().ContainSingle("one topic per region: the edge stack shares the App stack's");
        var edgeAlarm = use1.Stacks.Single(s => s.Name == "Headroom-use1-Edge").Resources.First(r => r.Type == "AWS::CloudWatch::Alarm");
        edgeAlarm.Prop("AlarmActions")!.Value.ToString().Should().Contain("Fn::ImportValue").And.Contain("MonitoringOpsTopic");

        var open = variants.App.Json("open");
        open.Stacks.Should().NotContain(s => s.Name.EndsWith("-Edge", StringComparison.Ordinal));
        open.OfType("AWS::CloudWatch::Dashboard").Should().ContainSingle();
        open.OfType("AWS::CloudWatch::Alarm").Should().NotContain(a => a.Str("AlarmName")!.Contains("cloudfront", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("prod", 3)]
    [InlineData("staging", 1)]
    public void Each_nat_gateway_is_found_by_its_alarm_through_the_cross_stack_reference(string env, int nats)
    {
        var coverage = new AlarmCoverage(synth.Json(env).Stacks, Repo.Root);
        var gateways = synth.Json(env).OfType("AWS::EC2::NatGateway").ToList();

        gateways.Should().HaveCount(nats);
        foreach (var nat in gateways)
            coverage.AlarmsOf(nat).Select(a => a.Kind).Should().Equal(["nat-port-allocation-errors"], $"{nat.LogicalId} has exactly its own alarm");
    }

    [Fact]
    public void The_walker_recognises_the_worker_fleet_and_the_dead_letter_queues_from_the_templates()
    {
        var env = synth.Json("prod");
        var coverage = new AlarmCoverage(env.Stacks, Repo.Root);
        var groups = env.OfType("AWS::AutoScaling::AutoScalingGroup").ToList();
        var queues = env.OfType("AWS::SQS::Queue").ToList();

        groups.Should().HaveCount(3, "web, the checkout service and the workers");
        var worker = groups.Should().ContainSingle(g => coverage.IsWorker(g), "the worker fleet scales on queue metrics").Subject;
        coverage.AlarmsOf(worker).Select(a => a.Kind).Should().Contain(["worker-backlog-age", "fleet-in-service-below-min", "fleet-at-max"]);
        queues.Should().HaveCount(6);
        queues.Where(coverage.IsDeadLetterQueue).Should().HaveCount(3).And.OnlyContain(q => coverage.AlarmsOf(q).Any(a => a.Kind == "sqs-dlq-messages"));
        queues.Where(q => !coverage.IsDeadLetterQueue(q)).Should().OnlyContain(q => coverage.AlarmsOf(q).Any(a => a.Kind == "sqs-oldest-message-age"));
    }

    [Theory]
    [InlineData("prod", new[] { "oncall@example.com", "platform-team@example.com" })]
    [InlineData("staging", new[] { "platform-team@example.com" })]
    public void The_ops_topic_is_encrypted_with_its_own_rotated_key_tls_only_and_mails_the_configured_addresses(string env, string[] emails)
    {
        var t = synth.Template(env, "App");

        t.HasResourceProperties("AWS::SNS::Topic", Match.ObjectLike(new Dictionary<string, object>
        {
            ["TopicName"] = $"headroom-{env}-ops",
            ["KmsMasterKeyId"] = Match.ObjectLike(new Dictionary<string, object> { ["Fn::GetAtt"] = Match.ArrayWith([Match.StringLikeRegexp("^MonitoringOpsTopicKey")]) }),
        }));
        t.HasResourceProperties("AWS::KMS::Key", Match.ObjectLike(new Dictionary<string, object> { ["EnableKeyRotation"] = true }));
        t.HasResourceProperties("AWS::SNS::TopicPolicy", Match.ObjectLike(new Dictionary<string, object>
        {
            ["PolicyDocument"] = Match.ObjectLike(new Dictionary<string, object>
            {
                ["Statement"] = Match.ArrayWith([Match.ObjectLike(new Dictionary<string, object>
                {
                    ["Effect"] = "Deny",
                    ["Action"] = "sns:Publish",
                    ["Principal"] = "*",
                    ["Condition"] = new Dictionary<string, object> { ["Bool"] = new Dictionary<string, object> { ["aws:SecureTransport"] = "false" } },
                })]),
            }),
        }));
        foreach (var stack in synth.Json(env).Stacks.Where(s => s.Resources.Any(r => r.Type == "AWS::SNS::Topic")))
        {
            var subscriptions = stack.Resources.Where(r => r.Type == "AWS::SNS::Subscription").ToList();
            subscriptions.Should().OnlyContain(s => s.Str("Protocol") == "email");
            subscriptions.Select(s => s.Str("Endpoint")).Should().BeEquivalentTo(emails, $"{stack.Name}'s topic has the same subscribers");
        }
    }

    [Theory]
    [InlineData("prod")]
    [InlineData("staging")]
    public void Every_fleets_scaling_notifications_go_to_the_ops_topic(string env)
    {
        var groups = synth.Json(env).OfType("AWS::AutoScaling::AutoScalingGroup").ToList();

        groups.Should().NotBeEmpty();
        foreach (var group in groups)
        {
            var topic = synth.Json(env).Stacks.Single(s => s.Name == group.Stack).Resources.Single(r => r.Type == "AWS::SNS::Topic").LogicalId;
            var notifications = group.Prop("NotificationConfigurations")!.Value.EnumerateArray().Should().ContainSingle().Subject;
            notifications.GetProperty("TopicARN").GetProperty("Ref").GetString().Should().Be(topic);
            notifications.GetProperty("NotificationTypes").EnumerateArray().Select(t => t.GetString())
                .Should().Contain(["autoscaling:EC2_INSTANCE_LAUNCH_ERROR", "autoscaling:EC2_INSTANCE_TERMINATE_ERROR"]);
        }
    }

    [Fact]
    public void Every_alarm_carries_its_environments_configured_evaluation_and_prod_and_staging_differ_where_config_says_so()
    {
        var differing = 0;
        foreach (var kind in AlarmKinds.All)
        {
            var perEnv = new Dictionary<string, AlarmSettings>();
            foreach (var env in synth.Environments.Keys)
            {
                var config = synth.Environments[env].Config;
                var expected = config.Monitoring.Settings(config).For(kind);
                perEnv[env] = expected;
                foreach (var alarm in synth.Json(env).OfType("AWS::CloudWatch::Alarm").Where(a => a.Str("AlarmName")?.StartsWith($"headroom-{env}-{kind.Id}-", StringComparison.Ordinal) == true))
                {
                    alarm.Prop("DatapointsToAlarm")!.Value.GetInt32().Should().Be(expected.DatapointsToAlarm, alarm.Str("AlarmName"));
                    alarm.Prop("EvaluationPeriods")!.Value.GetInt32().Should().Be(expected.EvaluationPeriods, alarm.Str("AlarmName"));
                    alarm.Raw.ToString().Should().MatchRegex($"\"Period\":\\s*{expected.PeriodSeconds}\\b");
                    if (kind.Unit is not ("% of instance memory" or "% of allocated storage" or "% of max_connections" or "% of retention"))
                        alarm.Prop("Threshold")!.Value.GetDouble().Should().Be(expected.Threshold, alarm.Str("AlarmName"));
                }
            }
            if (perEnv["prod"] != perEnv["staging"]) differing++;
        }
        differing.Should().BeGreaterThan(0, "the environment files set different evaluations for prod and staging");
        Alarm(synth.Json("prod"), "headroom-prod-nat-port-allocation-errors-eu-west-1a").Prop("DatapointsToAlarm")!.Value.GetInt32().Should().Be(5);
        Alarm(synth.Json("staging"), "headroom-staging-nat-port-allocation-errors-eu-west-1a").Prop("DatapointsToAlarm")!.Value.GetInt32().Should().Be(15);
        Alarm(synth.Json("prod"), "headroom-prod-alb-target-response-time-web").Prop("Threshold")!.Value.GetDouble().Should().Be(0.5);
        Alarm(synth.Json("staging"), "headroom-staging-alb-target-response-time-web").Prop("Threshold")!.Value.GetDouble().Should().Be(1.0);
    }

    [Fact]
    public void Database_thresholds_are_made_absolute_from_each_instance_class()
    {
        const double GiB = 1024d * 1024 * 1024;
        var prod = synth.Json("prod");

        // prod: primary db.r7g.2xlarge, 64 GiB, max_connections 5000 (the cap); replicas db.r7g.xlarge, 32 GiB,
        // max_connections 3243; 400 GiB allocated. The alarms fire at 90%.
        foreach (var (instance, memoryGiB, connections) in new[] { ("primary", 64, 4500), ("replica-1", 32, 2919), ("replica-2", 32, 2919), ("replica-3", 32, 2919) })
        {
            Alarm(prod, $"headroom-prod-rds-freeable-memory-{instance}").Prop("Threshold")!.Value.GetDouble().Should().Be(memoryGiB * GiB * 0.25);
            Alarm(prod, $"headroom-prod-rds-connections-{instance}").Prop("Threshold")!.Value.GetDouble().Should().Be(connections);
            Alarm(prod, $"headroom-prod-rds-free-storage-{instance}").Prop("Threshold")!.Value.GetDouble().Should().Be(Math.Round(400 * GiB * 0.1));
        }
        // staging: the default db.t4g.medium, 4 GiB; 20 GiB allocated.
        Alarm(synth.Json("staging"), "headroom-staging-rds-freeable-memory-primary").Prop("Threshold")!.Value.GetDouble().Should().Be(4 * GiB * 0.25);
        Alarm(synth.Json("staging"), "headroom-staging-rds-free-storage-primary").Prop("Threshold")!.Value.GetDouble().Should().Be(Math.Round(20 * GiB * 0.1));
        prod.OfType("AWS::CloudWatch::Alarm").Count(a => a.Str("AlarmName")?.StartsWith("headroom-prod-rds-replica-lag-", StringComparison.Ordinal) == true).Should().Be(3);
    }

    [Theory]
    [InlineData("prod", 6)]
    [InlineData("staging", 2)]
    public void Each_cache_node_is_watched_by_its_member_cluster_id(string env, int nodes)
    {
        var alarms = synth.Json(env).OfType("AWS::CloudWatch::Alarm").Where(a => a.Str("AlarmName")?.StartsWith($"headroom-{env}-redis-engine-cpu-", StringComparison.Ordinal) == true).ToList();

        alarms.Should().HaveCount(nodes);
        alarms.Select(a => a.Raw.ToString()).Should().OnlyContain(raw => Regex.IsMatch(raw, "-00[0-9]+(-00[1-9])?\""), "CacheClusterId is <replication group>-00N, or -000S-00N per shard in cluster mode");
    }

    [Theory]
    [InlineData("prod")]
    [InlineData("staging")]
    public void Each_environment_has_a_dashboard_with_alarm_status_and_the_golden_signals_per_tier(string env)
    {
        var body = DashboardBody(synth.Json(env), $"headroom-{env}");

        body.Should().Contain($"# headroom-{env}").And.Contain("\"type\":\"alarm\"").And.Contain("## Network: NAT gateways");
        body.Should().Contain("NAT gateways: traffic").And.Contain("NAT gateways: errors").And.Contain("NAT gateways: saturation");
        foreach (var signal in new[] { "traffic", "errors", "latency", "saturation" })
            body.Should().Contain($"Load balancer: {signal}");
        body.Should().Contain("## Fleets").And.Contain("web: capacity against max").And.Contain("worker: capacity against max");
        foreach (var tier in new[] { "Database: instances and proxy", "Cache: Redis nodes", "Queues" })
            foreach (var signal in new[] { "traffic", "errors", "latency", "saturation" })
                body.Should().Contain($"{tier}: {signal}");
        var edge = DashboardBody(synth.Json(env), $"headroom-{env}-edge");
        foreach (var signal in new[] { "traffic", "errors", "latency", "saturation" })
            edge.Should().Contain($"Edge: CloudFront and WAF: {signal}");
    }

    [Fact]
    public void The_preview_counts_alarms_per_environment_and_per_tier()
    {
        var env = synth.Json("prod");
        var lines = new MonitoringPreview().Describe(env).ToList();
        var metric = env.OfType("AWS::CloudWatch::Alarm").Count();
        var composite = env.OfType("AWS::CloudWatch::CompositeAlarm").Count();

        lines[0].Should().Be($"{metric + composite} alarms ({metric} metric, {composite} composite)");
        // The checkout service adds its target group's three alarms and its fleet's two.
        lines.Should().Contain("by tier: edge 3, load balancer 8, fleets 7, database 28, cache 30, queues 9, network 3");
        lines.Should().Contain("by stack: Headroom-prod-App 86, Headroom-prod-Edge 4");
        lines.Should().Contain("topic headroom-prod-ops in Headroom-prod-Edge: 2 e-mail, 0 webhook");
        lines.Should().Contain("headroom-prod-site-degraded: composite over 6 user-facing alarms");
        lines.Should().Contain("headroom-prod-site-degraded-edge: composite over 2 user-facing alarms");
        lines.Should().Contain(l => l.Contains("nat-port-allocation-errors") && l.Contains("x3") && l.Contains("5 of 5"));
    }
}
