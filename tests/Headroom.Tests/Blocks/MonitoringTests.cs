using Regex = System.Text.RegularExpressions.Regex;
using Headroom.App.Preview.Sections;
using Headroom.Blocks.Monitoring;
using static Headroom.Tests.Blocks.MonitoringTemplates;

namespace Headroom.Tests.Blocks;

/// <summary>The Monitoring facade on bare stacks (<see cref="MonitoringSample"/>): one resource of every monitored type
/// without monitoring and with the facade over all of them, the "no alarms" and "all alarms" cases, and the settings it
/// refuses. What the example environments get is in <see cref="Environments.MonitoringEnvironmentTests"/>.</summary>
public sealed class MonitoringTests(MonitoringSample sample) : IClassFixture<MonitoringSample>
{
    // ---- The contract, on every environment: the real ones and the web-tier variants ----

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
        var path = Path.Combine(Path.GetTempPath(), $"headroom-odd-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, """{"Resources": {"Table": {"Type": "AWS::DynamoDB::Table", "Properties": {}}}}""");
        try
        {
            var unclassified = new SynthesizedStack("Odd", path);

            new AlarmCoverage([stack, unclassified], Repo.Root).Findings()
                .Should().Contain("Odd: resource type AWS::DynamoDB::Table is neither monitored nor listed as needing no alarm");
        }
        finally
        {
            File.Delete(path);
        }
    }

    // ---- Alarms: actions, descriptions, missing data, M of N ----

    [Fact]
    public void Every_alarm_notifies_the_ops_topic_on_alarm_and_ok_and_says_what_it_means()
    {
        var alarms = sample.Watched.Alarms;
        var topic = sample.WatchedStack.Resources.Single(r => r.Type == "AWS::SNS::Topic").LogicalId;

        alarms.Should().HaveCountGreaterThan(30);
        // Each alarm the block made is the template's one alarm with its name, and the template has no other. (Found by
        // name, not through each construct's logical ID: that is four jsii calls an alarm, and most of this test's time.)
        sample.WatchedStack.Resources.Where(r => r.Type == "AWS::CloudWatch::Alarm").Select(r => r.Str("AlarmName"))
            .Should().BeEquivalentTo(alarms.Select(SampleName));
        foreach (var a in alarms)
        {
            var props = Properties(sample.WatchedStack, SampleName(a));
            props.GetProperty("AlarmActions").ToString().Should().Contain(topic);
            props.GetProperty("OKActions").ToString().Should().Contain(topic);
            props.GetProperty("TreatMissingData").GetString().Should().Be(MissingData(a.Kind));
            var description = props.GetProperty("AlarmDescription").GetString()!;
            description.Should().StartWith($"{a.Kind.Title} on {a.Resource}: {a.Kind.Meaning}").And.EndWith($"Runbook: docs/runbooks/{a.Kind.Id}.md");
            description.Length.Should().BeLessThanOrEqualTo(1024);
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
            rule.Contains(Alarm(sample.WatchedStack, SampleName(alarm)).LogicalId, StringComparison.Ordinal).Should().Be(alarm.Kind.UserFacing, SampleName(alarm));
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
        bad.Should().Throw<ArgumentException>().WithMessage("*Alarms.rdsCpu.DatapointsToAlarm must be from 1 to 5*");
        var http = () => new OpsTopic(stack, "T", new OpsTopicProps { NamePrefix = "x", WebhookUrl = "http://hook.example.com" });
        http.Should().Throw<ArgumentException>().WithMessage("*https://*");
    }

    // ---- Ops topic ----

    [Fact]
    public void The_key_lets_cloudwatch_and_the_auto_scaling_role_publish_and_the_topic_admits_this_accounts_alarms()
    {
        var key = sample.WatchedStack.Resources.Single(r => r.Type == "AWS::KMS::Key").Prop("KeyPolicy")!.Value.GetProperty("Statement").EnumerateArray().ToList();
        key.Should().Contain(s => s.GetProperty("Principal").ToString().Contains("cloudwatch.amazonaws.com", StringComparison.Ordinal)
                                  && s.GetProperty("Action").ToString().Contains("kms:GenerateDataKey*", StringComparison.Ordinal));
        key.Should().Contain(s => s.ToString().Contains("AWSServiceRoleForAutoScaling", StringComparison.Ordinal));

        var policy = sample.WatchedStack.Resources.Single(r => r.Type == "AWS::SNS::TopicPolicy").Prop("PolicyDocument")!.Value.ToString();
        policy.Should().Contain("arn:aws:cloudwatch:us-east-1:111111111111:alarm:*").And.Contain("aws:SourceAccount");
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

    // ---- Dashboard ----

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
            .Should().BeEquivalentTo(ids.Append("README").Append("game-day"), "no runbook for an alarm that does not exist (game-day.md is the chaos experiments' plan)");
    }

    // ---- Preview ----
}

/// <summary>Reading alarms and dashboards out of templates, for the facade's and the environments' monitoring tests.</summary>
public static class MonitoringTemplates
{

    public static string MissingData(AlarmKind kind) => kind.MissingData switch
    {
        Amazon.CDK.AWS.CloudWatch.TreatMissingData.BREACHING => "breaching",
        Amazon.CDK.AWS.CloudWatch.TreatMissingData.NOT_BREACHING => "notBreaching",
        Amazon.CDK.AWS.CloudWatch.TreatMissingData.IGNORE => "ignore",
        _ => "missing",
    };

    public static TemplateResource Alarm(SynthesizedEnvironment env, string name) =>
        env.OfType("AWS::CloudWatch::Alarm").Single(a => a.Str("AlarmName") == name);

    /// <summary>The name the sample (prefix "sample") gives an alarm: prefix, kind, resource.</summary>
    public static string SampleName(CreatedAlarm alarm) => $"sample-{alarm.Kind.Id}-{alarm.Resource}";

    public static TemplateResource Alarm(SynthesizedStack stack, string name) =>
        stack.Resources.Single(a => a.Type == "AWS::CloudWatch::Alarm" && a.Str("AlarmName") == name);

    public static JsonElement Properties(SynthesizedStack stack, string name) => Alarm(stack, name).Properties;

    public static List<JsonElement> Metrics(SynthesizedStack stack, string name) =>
        Alarm(stack, name).Prop("Metrics")!.Value.EnumerateArray().ToList();

    public static string? Expression(SynthesizedStack stack, string name) =>
        Metrics(stack, name).Single(m => m.TryGetProperty("Expression", out _)).GetProperty("Expression").GetString();

    public static void HasAlarm(Template t, string name, double threshold, string comparison, int datapoints, int periods) =>
        t.HasResourceProperties("AWS::CloudWatch::Alarm", Match.ObjectLike(new Dictionary<string, object>
        {
            ["AlarmName"] = name,
            ["Threshold"] = threshold,
            ["ComparisonOperator"] = comparison,
            ["DatapointsToAlarm"] = datapoints,
            ["EvaluationPeriods"] = periods,
        }));

    /// <summary>The dashboard body with its tokens left out: the text the console renders.</summary>
    public static string DashboardBody(SynthesizedEnvironment env, string? name = null)
    {
        var body = env.OfType("AWS::CloudWatch::Dashboard").Where(d => name is null || d.Str("DashboardName") == name)
            .Should().ContainSingle().Subject.Prop("DashboardBody")!.Value;
        return body.ValueKind == JsonValueKind.String
            ? body.GetString()!
            : string.Concat(body.GetProperty("Fn::Join")[1].EnumerateArray().Select(p => p.ValueKind == JsonValueKind.String ? p.GetString() : "<token>"));
    }
}
