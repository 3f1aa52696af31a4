using System.Text.Json;
using Regex = System.Text.RegularExpressions.Regex;
using Amazon.CDK.Assertions;
using Headroom.App.Preview;
using Headroom.App.Preview.Sections;
using Headroom.Blocks.Monitoring;
using Headroom.App.Checks.Rules;
using Headroom.Tests.Support;

using Headroom.Tests.Blocks;

namespace Headroom.Tests.Environments;

[Collection(SynthCollection.Name)]
public sealed class MonitoringEnvironmentTests(SynthFixture synth, WebVariants variants, MonitoringSample sample) : IClassFixture<MonitoringSample>
{
    // ---- The contract, on every environment: the real ones and the web-tier variants ----

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

        groups.Should().HaveCount(2);
        var worker = groups.Should().ContainSingle(g => coverage.IsWorker(g), "the worker fleet scales on queue metrics").Subject;
        coverage.AlarmsOf(worker).Select(a => a.Kind).Should().Contain(["worker-backlog-age", "fleet-in-service-below-min", "fleet-at-max"]);
        queues.Should().HaveCount(6);
        queues.Where(coverage.IsDeadLetterQueue).Should().HaveCount(3).And.OnlyContain(q => coverage.AlarmsOf(q).Any(a => a.Kind == "sqs-dlq-messages"));
        queues.Where(q => !coverage.IsDeadLetterQueue(q)).Should().OnlyContain(q => coverage.AlarmsOf(q).Any(a => a.Kind == "sqs-oldest-message-age"));
    }

    // ---- The walker can fail: "no alarms" and "all alarms" ----

    [Fact]
    public void Without_monitoring_the_walker_reports_every_resource_and_every_missing_kind()
    {
        var findings = new AlarmCoverage([sample.Bare], Repo.Root).Findings();

        var expected = new (string Resource, string Kind)[]
        {
            ("Nat", "nat-port-allocation-errors"),
            ("Alb", "alb-5xx-rate"), ("Alb", "alb-target-5xx-rate"), ("Alb", "alb-target-response-time"), ("Alb", "alb-unhealthy-hosts"), ("Alb", "alb-rejected-connections"),
            ("Web", "fleet-in-service-below-min"), ("Web", "fleet-at-max"),
            ("Worker", "fleet-in-service-below-min"), ("Worker", "fleet-at-max"), ("Worker", "worker-backlog-age"),
            ("Db", "rds-cpu"), ("Db", "rds-freeable-memory"), ("Db", "rds-free-storage"), ("Db", "rds-connections"), ("Db", "rds-read-latency"), ("Db", "rds-write-latency"),
            ("Replica", "rds-cpu"), ("Replica", "rds-freeable-memory"), ("Replica", "rds-free-storage"), ("Replica", "rds-connections"),
            ("Replica", "rds-read-latency"), ("Replica", "rds-write-latency"), ("Replica", "rds-replica-lag"),
            ("DbProxy", "rds-proxy-client-connections"),
            ("Cache", "redis-engine-cpu"), ("Cache", "redis-memory"), ("Cache", "redis-evictions"), ("Cache", "redis-connections"), ("Cache", "redis-replication-lag"),
            ("Cdn", "cloudfront-5xx-rate"), ("Cdn", "cloudfront-origin-latency"),
            ("Acl", "waf-blocked-surge"),
            ("Orders", "sqs-oldest-message-age"), ("OrdersDlq", "sqs-dlq-messages"), ("OrdersDlq", "sqs-dlq-oldest-message-age"),
        };
        foreach (var (resource, kind) in expected)
            findings.Should().Contain(f => Regex.IsMatch(f, $@"^Bare/{resource}(ASG)?([0-9A-F]{{8}})? .*: no {kind} alarm$"), $"{resource} lacks {kind}");
        findings.Should().NotContain(f => f.Contains("OrdersDlq", StringComparison.Ordinal) && f.EndsWith("no sqs-oldest-message-age alarm", StringComparison.Ordinal),
            "a dead-letter queue asks for the dead-letter kinds instead");
        findings.Count(f => Regex.IsMatch(f, ": no [a-z0-9-]+ alarm$")).Should().Be(expected.Length, "nothing else is missing");
    }

    [Fact]
    public void The_walker_reports_alarms_without_actions_without_a_runbook_or_with_a_missing_one()
    {
        var findings = new AlarmCoverage([sample.Bare], Repo.Root).Findings();

        findings.Should().Contain(f => f.StartsWith("Bare/Silent", StringComparison.Ordinal) && f.EndsWith("no ALARM action to an SNS topic", StringComparison.Ordinal));
        findings.Should().Contain(f => f.StartsWith("Bare/Silent", StringComparison.Ordinal) && f.EndsWith("no OK action to an SNS topic", StringComparison.Ordinal));
        findings.Should().Contain(f => f.StartsWith("Bare/Silent", StringComparison.Ordinal) && f.EndsWith("no deliberate TreatMissingData", StringComparison.Ordinal));
        findings.Should().Contain(f => f.StartsWith("Bare/Unexplained", StringComparison.Ordinal) && f.EndsWith("links no runbook (docs/runbooks/<kind>.md)", StringComparison.Ordinal));
        findings.Should().Contain(f => f.StartsWith("Bare/Dangling", StringComparison.Ordinal) && f.EndsWith("runbook docs/runbooks/no-such-runbook.md does not exist", StringComparison.Ordinal));
        findings.Should().NotContain(f => f.StartsWith("Bare/Dangling", StringComparison.Ordinal) && f.Contains("action", StringComparison.Ordinal));
    }

    [Fact]
    public void With_the_facade_over_every_resource_the_walker_finds_nothing_missing()
    {
        var coverage = new AlarmCoverage([sample.WatchedStack], Repo.Root);

        coverage.Findings().Should().BeEmpty();
        coverage.Alarms.Select(a => a.Kind).Distinct().Should().BeEquivalentTo(AlarmKinds.All.Select(k => k.Id).Append(AlarmKinds.SiteDegradedId),
            "the sample exercises every kind of alarm");
    }

    [Fact]
    public void A_resource_type_nobody_classified_is_a_finding()
    {
        AlarmCoverage.Requirements.Select(r => r.Type).Should().NotIntersectWith(AlarmCoverage.NeedNoAlarm.Keys);
        var stack = sample.Bare;
        var unclassified = new SynthesizedStack("Odd", WriteTemplate("""{"Resources": {"Table": {"Type": "AWS::DynamoDB::Table", "Properties": {}}}}"""));

        new AlarmCoverage([stack, unclassified], Repo.Root).Findings()
            .Should().Contain("Odd: resource type AWS::DynamoDB::Table is neither monitored nor listed as needing no alarm");
    }

    // ---- Alarms: actions, descriptions, missing data, M of N ----

    [Fact]
    public void Every_alarm_notifies_the_ops_topic_on_alarm_and_ok_and_says_what_it_means()
    {
        var alarms = sample.Watched.Alarms;

        alarms.Should().HaveCountGreaterThan(30);
        foreach (var a in alarms)
        {
            var props = Properties(sample.WatchedStack, a.Alarm);
            var topic = sample.WatchedStack.Resources.Single(r => r.Type == "AWS::SNS::Topic").LogicalId;
            props.GetProperty("AlarmActions").ToString().Should().Contain(topic);
            props.GetProperty("OKActions").ToString().Should().Contain(topic);
            props.GetProperty("TreatMissingData").GetString().Should().Be(MissingData(a.Kind));
            var description = props.GetProperty("AlarmDescription").GetString()!;
            description.Should().StartWith($"{a.Kind.Title} on {a.Resource}: {a.Kind.Meaning}").And.EndWith($"Runbook: docs/runbooks/{a.Kind.Id}.md");
            description.Length.Should().BeLessThanOrEqualTo(1024);
            props.GetProperty("AlarmName").GetString().Should().Be($"sample-{a.Kind.Id}-{a.Resource}");
        }
    }

    [Fact]
    public void Relative_thresholds_become_absolute_per_resource_and_overrides_replace_the_defaults()
    {
        var t = sample.WatchedTemplate;
        const double GiB = 1024d * 1024 * 1024;

        HasAlarm(t, "sample-rds-freeable-memory-primary", Math.Round(4 * GiB * 0.25), "LessThanThreshold", 15, 15);
        HasAlarm(t, "sample-rds-free-storage-primary", Math.Round(100 * GiB * 0.10), "LessThanThreshold", 5, 5);
        HasAlarm(t, "sample-rds-connections-primary", 405, "GreaterThanThreshold", 5, 5);
        HasAlarm(t, "sample-sqs-dlq-oldest-message-age-orders-dlq", 1_209_600 * 0.75, "GreaterThanThreshold", 1, 1);
        // The sample overrides rds-cpu: 80% in 2 of 3 five-minute periods instead of 90% in 5 of 5 minutes.
        HasAlarm(t, "sample-rds-cpu-primary", 80, "GreaterThanThreshold", 2, 3);
        Metrics(sample.WatchedStack, "sample-rds-cpu-primary").Single().GetProperty("MetricStat").GetProperty("Period").GetInt32().Should().Be(300);
    }

    [Fact]
    public void Rates_are_metric_math_over_requests_and_latency_is_a_percentile()
    {
        var rate = Metrics(sample.WatchedStack, "sample-alb-5xx-rate-web");
        rate.Should().HaveCount(3);
        rate.Single(m => m.TryGetProperty("Expression", out _)).GetProperty("Expression").GetString()
            .Should().Be("IF(requests_web > 0, 100 * FILL(elb5xx_web, 0) / requests_web, 0)");
        rate.Select(m => m.TryGetProperty("MetricStat", out var s) ? s.GetProperty("Metric").GetProperty("MetricName").GetString() : null)
            .Should().Contain(["RequestCount", "HTTPCode_ELB_5XX_Count"]);

        var latency = Metrics(sample.WatchedStack, "sample-alb-target-response-time-web").Single().GetProperty("MetricStat");
        latency.GetProperty("Stat").GetString().Should().Be("p99");
        Properties(sample.WatchedStack, "sample-alb-target-response-time-web").GetProperty("EvaluateLowSampleCountPercentile").GetString().Should().Be("ignore");

        var lag = Metrics(sample.WatchedStack, "sample-rds-replica-lag-replica-1").Single().GetProperty("MetricStat");
        lag.GetProperty("Stat").GetString().Should().Be("Minimum", "an idle primary makes replica lag saw-tooth; only a floor above the threshold is lag");
    }

    [Fact]
    public void Fleet_alarms_compare_the_group_with_its_own_min_and_max_and_the_worker_alarm_estimates_the_wait()
    {
        Expression(sample.WatchedStack, "sample-fleet-in-service-below-min-web").Should().Be("IF(inService_web < minSize_web, 1, 0)");
        Expression(sample.WatchedStack, "sample-fleet-at-max-web").Should().Be("IF(desired_web >= maxSize_web, 1, 0)");
        Properties(sample.WatchedStack, "sample-fleet-at-max-web").GetProperty("EvaluationPeriods").GetInt32().Should().Be(6, "30 minutes held at max");
        Expression(sample.WatchedStack, "sample-worker-backlog-age-worker").Should().Be("(FILL(visible0_worker, 0) * 2) / MAX([FILL(inService_worker, 0), 1])");
        Properties(sample.WatchedStack, "sample-fleet-in-service-below-min-web").GetProperty("TreatMissingData").GetString().Should().Be("breaching");
    }

    [Fact]
    public void Every_redis_node_gets_its_alarms_and_replication_lag_is_watched_on_each_since_roles_swap()
    {
        var names = sample.Watched.Alarms.Where(a => a.Kind.Tier == Tier.Cache).Select(a => a.Alarm.AlarmName).ToList();

        names.Should().HaveCount(10);
        CacheTarget.ForReplicationGroup("c", "rg", 1, 2, clusterMode: false).NodeIds.Should().Equal("rg-001", "rg-002", "rg-003");
        CacheTarget.ForReplicationGroup("c", "rg", 2, 1, clusterMode: true).NodeIds.Should().Equal("rg-0001-001", "rg-0001-002", "rg-0002-001", "rg-0002-002");
        CacheTarget.ForReplicationGroup("c", "rg", 1, 0, clusterMode: false).HasReplicas.Should().BeFalse();
    }

    [Fact]
    public void The_composite_site_degraded_alarm_covers_exactly_the_user_facing_alarms_and_notifies()
    {
        var composite = sample.WatchedStack.Resources.Should().ContainSingle(r => r.Type == "AWS::CloudWatch::CompositeAlarm").Subject;
        var rule = composite.Prop("AlarmRule")!.Value.ToString();
        var userFacing = sample.Watched.Alarms.Where(a => a.Kind.UserFacing).ToList();

        composite.Str("AlarmName").Should().Be("sample-site-degraded");
        userFacing.Select(a => a.Kind.Id).Distinct().Should().BeEquivalentTo(["alb-5xx-rate", "alb-target-5xx-rate", "alb-target-response-time",
            "alb-rejected-connections", "cloudfront-5xx-rate", "cloudfront-origin-latency"]);
        foreach (var alarm in sample.Watched.Alarms)
            rule.Contains(LogicalId(sample.WatchedStack, alarm.Alarm), StringComparison.Ordinal).Should().Be(alarm.Kind.UserFacing, alarm.Alarm.AlarmName);
        composite.Prop("AlarmActions").ToString().Should().NotBe("[]");
        composite.Prop("OKActions").ToString().Should().NotBe("[]");
        composite.Str("AlarmDescription").Should().EndWith("Runbook: docs/runbooks/site-degraded.md");
    }

    [Fact]
    public void CloudFront_and_waf_alarms_can_only_be_made_in_us_east_1()
    {
        var app = new Amazon.CDK.App();
        var stack = new Amazon.CDK.Stack(app, "Elsewhere", new Amazon.CDK.StackProps { Env = new Amazon.CDK.Environment { Account = "1", Region = "eu-west-1" } });
        var monitoring = new Headroom.Blocks.Monitoring.Monitoring(stack, "M", new MonitoringProps { NamePrefix = "x" });

        var act = () => monitoring.MonitorDistribution(new DistributionTarget("site", "E123"));
        act.Should().Throw<InvalidOperationException>().WithMessage("*only in us-east-1*");
        monitoring.Finish();
        var late = () => monitoring.MonitorQueue(new QueueTarget("q", "q", false, 60));
        late.Should().Throw<InvalidOperationException>().WithMessage("*before Finish*");
    }

    [Fact]
    public void Settings_that_cloudwatch_cannot_evaluate_are_refused_by_the_block()
    {
        var app = new Amazon.CDK.App();
        var stack = new Amazon.CDK.Stack(app, "S");
        var bad = () => new Headroom.Blocks.Monitoring.Monitoring(stack, "M", new MonitoringProps
        {
            NamePrefix = "x",
            Alarms = new Dictionary<string, AlarmSettings> { ["rds-cpu"] = new(90, 60, 6, 5) },
        });
        bad.Should().Throw<ArgumentException>().WithMessage("*rds-cpu*6 datapoints*");
        var http = () => new OpsTopic(stack, "T", new OpsTopicProps { NamePrefix = "x", WebhookUrl = "http://hook.example.com" });
        http.Should().Throw<ArgumentException>().WithMessage("*https://*");
    }

    // ---- Ops topic ----

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
    public void The_key_lets_cloudwatch_and_the_auto_scaling_role_publish_and_the_topic_admits_this_accounts_alarms()
    {
        var key = sample.WatchedStack.Resources.Single(r => r.Type == "AWS::KMS::Key").Prop("KeyPolicy")!.Value.GetProperty("Statement").EnumerateArray().ToList();
        key.Should().Contain(s => s.GetProperty("Principal").ToString().Contains("cloudwatch.amazonaws.com", StringComparison.Ordinal)
                                  && s.GetProperty("Action").ToString().Contains("kms:GenerateDataKey*", StringComparison.Ordinal));
        key.Should().Contain(s => s.ToString().Contains("AWSServiceRoleForAutoScaling", StringComparison.Ordinal));

        var policy = sample.WatchedStack.Resources.Single(r => r.Type == "AWS::SNS::TopicPolicy").Prop("PolicyDocument")!.Value.ToString();
        policy.Should().Contain("arn:aws:cloudwatch:us-east-1:333333333333:alarm:*").And.Contain("aws:SourceAccount");
    }

    [Fact]
    public void A_webhook_is_an_https_subscription_signed_with_sha256()
    {
        sample.WatchedTemplate.HasResourceProperties("AWS::SNS::Subscription", Match.ObjectLike(new Dictionary<string, object>
        {
            ["Protocol"] = "https",
            ["Endpoint"] = "https://events.example.com/hook",
        }));
        sample.WatchedTemplate.HasResourceProperties("AWS::SNS::Topic", Match.ObjectLike(new Dictionary<string, object> { ["SignatureVersion"] = "2" }));
    }

    // ---- Per-environment thresholds ----

    [Fact]
    public void Every_alarm_carries_its_environments_configured_evaluation_and_prod_and_staging_differ_where_config_says_so()
    {
        var differing = 0;
        foreach (var kind in AlarmKinds.All)
        {
            var perEnv = new Dictionary<string, AlarmSettings>();
            foreach (var env in synth.Environments.Keys)
            {
                var expected = synth.Environments[env].Config.Monitoring.Effective(kind);
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

        // prod: db.r7g.large, 16 GiB; max_connections 1622; 100 GiB allocated.
        foreach (var instance in new[] { "primary", "replica-1", "replica-2" })
        {
            Alarm(prod, $"headroom-prod-rds-freeable-memory-{instance}").Prop("Threshold")!.Value.GetDouble().Should().Be(16 * GiB * 0.25);
            Alarm(prod, $"headroom-prod-rds-connections-{instance}").Prop("Threshold")!.Value.GetDouble().Should().Be(1459);
            Alarm(prod, $"headroom-prod-rds-free-storage-{instance}").Prop("Threshold")!.Value.GetDouble().Should().Be(Math.Round(100 * GiB * 0.1));
        }
        // staging: the default db.t4g.medium, 4 GiB; 20 GiB allocated.
        Alarm(synth.Json("staging"), "headroom-staging-rds-freeable-memory-primary").Prop("Threshold")!.Value.GetDouble().Should().Be(4 * GiB * 0.25);
        Alarm(synth.Json("staging"), "headroom-staging-rds-free-storage-primary").Prop("Threshold")!.Value.GetDouble().Should().Be(Math.Round(20 * GiB * 0.1));
        prod.OfType("AWS::CloudWatch::Alarm").Count(a => a.Str("AlarmName")?.StartsWith("headroom-prod-rds-replica-lag-", StringComparison.Ordinal) == true).Should().Be(2);
    }

    [Theory]
    [InlineData("prod", 3)]
    [InlineData("staging", 2)]
    public void Each_cache_node_is_watched_by_its_member_cluster_id(string env, int nodes)
    {
        var alarms = synth.Json(env).OfType("AWS::CloudWatch::Alarm").Where(a => a.Str("AlarmName")?.StartsWith($"headroom-{env}-redis-engine-cpu-", StringComparison.Ordinal) == true).ToList();

        alarms.Should().HaveCount(nodes);
        alarms.Select(a => a.Raw.ToString()).Should().OnlyContain(raw => Regex.IsMatch(raw, "\"-00[1-9]\""), "CacheClusterId is <replication group>-00N");
    }

    // ---- Dashboard ----

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
    public void The_sample_dashboard_has_every_tier_with_traffic_errors_latency_saturation_and_fleet_capacity_against_max()
    {
        var body = DashboardBody(new SynthesizedEnvironment(null!, [sample.WatchedStack]));

        foreach (var tier in new[] { "Edge: CloudFront and WAF", "Load balancer", "Fleets", "Database: instances and proxy", "Cache: Redis nodes", "Queues", "Network: NAT gateways" })
            body.Should().Contain($"## {tier}");
        foreach (var tier in new[] { "Edge: CloudFront and WAF", "Load balancer", "Database: instances and proxy", "Cache: Redis nodes", "Queues" })
            foreach (var signal in new[] { "traffic", "errors", "latency", "saturation" })
                body.Should().Contain($"{tier}: {signal}");
        body.Should().Contain("web: capacity against max").And.Contain("worker: capacity against max").And.Contain("GroupMaxSize");
        body.Should().Contain("\"AWS/CloudFront\",\"Requests\",\"DistributionId\",\"<token>\",\"Region\",\"Global\"");
    }

    // ---- Runbooks ----

    [Fact]
    public void Every_alarm_kind_and_the_composite_have_a_runbook_saying_what_it_means_what_to_check_and_what_to_do()
    {
        var ids = AlarmKinds.All.Select(k => k.Id).Append(AlarmKinds.SiteDegradedId).ToList();
        var index = File.ReadAllText(Path.Combine(Repo.Root, "docs/runbooks/README.md"));

        foreach (var id in ids)
        {
            var path = Path.Combine(Repo.Root, "docs/runbooks", id + ".md");
            File.Exists(path).Should().BeTrue(path);
            var text = File.ReadAllText(path);
            text.Should().Contain("## What it means").And.Contain("## What to check").And.Contain("## What to do");
            index.Should().Contain($"({id}.md)");
        }
        Directory.GetFiles(Path.Combine(Repo.Root, "docs/runbooks"), "*.md").Select(Path.GetFileNameWithoutExtension)
            .Should().BeEquivalentTo(ids.Append("README"), "no runbook for an alarm that does not exist");
    }

    // ---- Preview ----

    [Fact]
    public void The_preview_counts_alarms_per_environment_and_per_tier()
    {
        var env = synth.Json("prod");
        var lines = new MonitoringPreview().Describe(env).ToList();
        var metric = env.OfType("AWS::CloudWatch::Alarm").Count();
        var composite = env.OfType("AWS::CloudWatch::CompositeAlarm").Count();

        lines[0].Should().Be($"{metric + composite} alarms ({metric} metric, {composite} composite)");
        lines.Should().Contain("by tier: edge 3, load balancer 5, fleets 5, database 21, cache 15, queues 9, network 3");
        lines.Should().Contain("by stack: Headroom-prod-App 59, Headroom-prod-Edge 4");
        lines.Should().Contain("topic headroom-prod-ops in Headroom-prod-Edge: 2 e-mail, 0 webhook");
        lines.Should().Contain("headroom-prod-site-degraded: composite over 4 user-facing alarms");
        lines.Should().Contain("headroom-prod-site-degraded-edge: composite over 2 user-facing alarms");
        lines.Should().Contain(l => l.Contains("nat-port-allocation-errors") && l.Contains("x3") && l.Contains("5 of 5"));
    }

    // ---- helpers ----

    private static string MissingData(AlarmKind kind) => kind.MissingData switch
    {
        Amazon.CDK.AWS.CloudWatch.TreatMissingData.BREACHING => "breaching",
        Amazon.CDK.AWS.CloudWatch.TreatMissingData.NOT_BREACHING => "notBreaching",
        Amazon.CDK.AWS.CloudWatch.TreatMissingData.IGNORE => "ignore",
        _ => "missing",
    };

    private static TemplateResource Alarm(SynthesizedEnvironment env, string name) =>
        env.OfType("AWS::CloudWatch::Alarm").Single(a => a.Str("AlarmName") == name);

    private static TemplateResource Alarm(SynthesizedStack stack, string name) =>
        stack.Resources.Single(a => a.Type == "AWS::CloudWatch::Alarm" && a.Str("AlarmName") == name);

    private static JsonElement Properties(SynthesizedStack stack, Amazon.CDK.AWS.CloudWatch.Alarm alarm) =>
        stack.Resources.Single(r => r.LogicalId == LogicalId(stack, alarm)).Properties;

    private static JsonElement Properties(SynthesizedStack stack, string name) => Alarm(stack, name).Properties;

    private static string LogicalId(SynthesizedStack stack, Amazon.CDK.AWS.CloudWatch.Alarm alarm) =>
        Amazon.CDK.Stack.Of(alarm).GetLogicalId((Amazon.CDK.CfnElement)alarm.Node.DefaultChild!);

    private static List<JsonElement> Metrics(SynthesizedStack stack, string name) =>
        Alarm(stack, name).Prop("Metrics")!.Value.EnumerateArray().ToList();

    private static string? Expression(SynthesizedStack stack, string name) =>
        Metrics(stack, name).Single(m => m.TryGetProperty("Expression", out _)).GetProperty("Expression").GetString();

    private static void HasAlarm(Template t, string name, double threshold, string comparison, int datapoints, int periods) =>
        t.HasResourceProperties("AWS::CloudWatch::Alarm", Match.ObjectLike(new Dictionary<string, object>
        {
            ["AlarmName"] = name,
            ["Threshold"] = threshold,
            ["ComparisonOperator"] = comparison,
            ["DatapointsToAlarm"] = datapoints,
            ["EvaluationPeriods"] = periods,
        }));

    /// <summary>The dashboard body with its tokens left out: the text the console renders.</summary>
    private static string DashboardBody(SynthesizedEnvironment env, string? name = null)
    {
        var body = env.OfType("AWS::CloudWatch::Dashboard").Where(d => name is null || d.Str("DashboardName") == name)
            .Should().ContainSingle().Subject.Prop("DashboardBody")!.Value;
        return body.ValueKind == JsonValueKind.String
            ? body.GetString()!
            : string.Concat(body.GetProperty("Fn::Join")[1].EnumerateArray().Select(p => p.ValueKind == JsonValueKind.String ? p.GetString() : "<token>"));
    }

    private static string WriteTemplate(string json)
    {
        var path = Path.Combine(Path.GetTempPath(), $"headroom-odd-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, json);
        return path;
    }
}
