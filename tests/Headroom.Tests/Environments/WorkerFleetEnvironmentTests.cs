namespace Headroom.Tests.Environments;

[Collection(SynthCollection.Name)]
public sealed class WorkerFleetEnvironmentTests(SynthFixture synth)
{
    private static TemplateResource Group(SynthesizedEnvironment env) =>
        env.OfType("AWS::AutoScaling::AutoScalingGroup").Should().ContainSingle(g => g.LogicalId == "WorkerFleetGroup").Subject;

    private static JsonElement LaunchTemplateData(SynthesizedEnvironment env) =>
        env.OfType("AWS::EC2::LaunchTemplate").Should().ContainSingle(t => t.LogicalId.StartsWith("WorkerFleetLaunchTemplate", StringComparison.Ordinal))
            .Subject.Prop("LaunchTemplateData")!.Value;

    /// <summary>The source queues (not the dead-letter queues) and the Data-stack export of their names.</summary>
    private static List<TemplateResource> SourceQueues(SynthesizedEnvironment env) =>
        env.OfType("AWS::SQS::Queue").Where(q => q.Prop("RedrivePolicy") is not null).ToList();

    private static TemplateResource BacklogPolicy(SynthesizedEnvironment env) =>
        env.OfType("AWS::AutoScaling::ScalingPolicy").Should()
            .ContainSingle(p => Ref(p.Prop("AutoScalingGroupName")) == "WorkerFleetGroup" && p.Str("PolicyType") == "TargetTrackingScaling").Subject;

    [Theory]
    [InlineData("prod", new[] { "eu-west-1a", "eu-west-1b", "eu-west-1c" }, "3", "20")]
    [InlineData("staging", new[] { "eu-west-1a", "eu-west-1b" }, "0", "4")]
    public void Workers_run_in_the_private_subnets_of_every_zone_with_the_worker_security_group(string name, string[] zones, string min, string max)
    {
        var env = synth.Json(name);
        var group = Group(env);
        var subnets = group.Prop("VPCZoneIdentifier")!.Value.EnumerateArray().Select(s => Imported(env, s)!).ToList();
        var data = LaunchTemplateData(env);

        group.Stack.Should().Be($"Headroom-{name}-App");
        subnets.Select(s => s.Str("AvailabilityZone")).Should().BeEquivalentTo(zones);
        subnets.Should().OnlyContain(s => s.LogicalId.StartsWith("NetworkPrivateSubnet", StringComparison.Ordinal));
        (group.Str("MinSize"), group.Str("MaxSize")).Should().Be((min, max), "min may be 0 outside production");
        group.Str("HealthCheckType").Should().Be("EC2", "no load balancer checks the workers");
        group.Prop("TargetGroupARNs").Should().BeNull();
        group.Prop("MetricsCollection")!.Value[0].GetProperty("Granularity").GetString().Should().Be("1Minute", "GroupInServiceInstances feeds the scaling");
        var nic = data.GetProperty("NetworkInterfaces").EnumerateArray().Should().ContainSingle().Subject;
        Imported(env, nic.GetProperty("Groups")[0])!.LogicalId.Should().StartWith("WorkerFleetSecurityGroup", "the Network stack's worker group");
        nic.GetProperty("AssociatePublicIpAddress").GetBoolean().Should().BeFalse();
        data.GetProperty("MetadataOptions").GetProperty("HttpTokens").GetString().Should().Be("required");
        env.OfType("AWS::EC2::SecurityGroupIngress").Select(i => Imported(env, i.Prop("GroupId")!.Value)?.LogicalId ?? "")
            .Should().NotContain(g => g.StartsWith("WorkerFleetSecurityGroup", StringComparison.Ordinal), "nothing reaches a worker");
    }

    [Theory]
    [InlineData("prod", 50)]
    [InlineData("staging", 100)]
    public void Workers_scale_on_backlog_per_instance_summed_over_every_queue(string name, double target)
    {
        var env = synth.Json(name);
        var tracking = BacklogPolicy(env).Prop("TargetTrackingConfiguration")!.Value;
        var metrics = tracking.GetProperty("CustomizedMetricSpecification").GetProperty("Metrics").EnumerateArray().ToDictionary(m => m.GetProperty("Id").GetString()!);

        tracking.GetProperty("TargetValue").GetDouble().Should().Be(target);
        // One visible-messages metric per source queue (dead-letter queues are not work)...
        var queueMetrics = metrics.Values.Where(m => m.TryGetProperty("MetricStat", out var stat)
                                                    && stat.GetProperty("Metric").GetProperty("Namespace").GetString() == "AWS/SQS").ToList();
        queueMetrics.Should().OnlyContain(m => m.GetProperty("MetricStat").GetProperty("Metric").GetProperty("MetricName").GetString() == "ApproximateNumberOfMessagesVisible"
                                               && m.GetProperty("MetricStat").GetProperty("Stat").GetString() == "Sum"
                                               && !m.GetProperty("ReturnData").GetBoolean());
        queueMetrics.Select(m => Imported(env, m.GetProperty("MetricStat").GetProperty("Metric").GetProperty("Dimensions")[0].GetProperty("Value"))!.LogicalId)
            .Should().BeEquivalentTo(SourceQueues(env).Select(q => q.LogicalId));
        // ...the group's in-service instances...
        var instances = metrics["instances"].GetProperty("MetricStat");
        instances.GetProperty("Metric").GetProperty("MetricName").GetString().Should().Be("GroupInServiceInstances");
        Ref(instances.GetProperty("Metric").GetProperty("Dimensions")[0].GetProperty("Value")).Should().Be("WorkerFleetGroup");
        // ...and metric math: the summed backlog divided by them is what target tracking holds at the target.
        metrics["backlog"].GetProperty("Expression").GetString().Should().Be(string.Join(" + ", queueMetrics.Select(m => $"FILL({m.GetProperty("Id").GetString()}, 0)")));
        metrics["perInstance"].GetProperty("Expression").GetString().Should().Be("IF(instances > 0, backlog / instances, backlog)");
        metrics.Values.Where(m => m.GetProperty("ReturnData").GetBoolean()).Should().ContainSingle().Which.GetProperty("Id").GetString().Should().Be("perInstance");
        metrics.Values.Count(m => m.TryGetProperty("MetricStat", out _)).Should().BeLessThanOrEqualTo(10, "a CloudWatch alarm takes 10 metrics");
    }

    [Fact]
    public void An_empty_worker_group_starts_its_first_instance_when_messages_wait()
    {
        var staging = synth.Json("staging");
        var wake = staging.OfType("AWS::AutoScaling::ScalingPolicy").Should()
            .ContainSingle(p => Ref(p.Prop("AutoScalingGroupName")) == "WorkerFleetGroup" && p.Str("PolicyType") == "StepScaling").Subject;
        var alarm = staging.OfType("AWS::CloudWatch::Alarm").Should()
            .ContainSingle(a => a.Prop("AlarmActions")!.Value.EnumerateArray().Any(x => Ref(x) == wake.LogicalId)).Subject;

        wake.Str("AdjustmentType").Should().Be("ExactCapacity");
        wake.Prop("StepAdjustments")!.Value[0].GetProperty("ScalingAdjustment").GetInt32().Should().Be(1);
        var expression = alarm.Prop("Metrics")!.Value.EnumerateArray().Single(m => m.TryGetProperty("Expression", out _)).GetProperty("Expression").GetString();
        expression.Should().StartWith("IF(desired == 0 AND (FILL(q0, 0) + FILL(q1, 0) + FILL(q2, 0)) > 0, 1, 0)");
        alarm.Prop("Metrics")!.Value.EnumerateArray().Should().Contain(m => m.GetProperty("Id").GetString() == "desired"
            && m.GetProperty("MetricStat").GetProperty("Metric").GetProperty("MetricName").GetString() == "GroupDesiredCapacity");
        (alarm.Prop("Threshold")!.Value.GetDouble(), alarm.Str("ComparisonOperator")).Should().Be((1, "GreaterThanOrEqualToThreshold"));

        // Production never goes below one worker per zone: no wake-up needed.
        synth.Json("prod").OfType("AWS::AutoScaling::ScalingPolicy").Should()
            .NotContain(p => Ref(p.Prop("AutoScalingGroupName")) == "WorkerFleetGroup" && p.Str("PolicyType") == "StepScaling");
    }

    [Theory]
    [InlineData("prod")]
    [InlineData("staging")]
    public void The_web_fleet_may_only_send_and_the_workers_may_only_receive_and_delete(string name)
    {
        var env = synth.Json(name);
        var queueArns = SourceQueues(env).Select(q => q.LogicalId).ToList();
        var sqs = env.OfType("AWS::IAM::Policy")
            .SelectMany(p => p.Prop("PolicyDocument")!.Value.GetProperty("Statement").EnumerateArray().Select(s => (Policy: p, Statement: s)))
            .Where(x => Strings(x.Statement.GetProperty("Action")).Any(a => a.StartsWith("sqs:", StringComparison.Ordinal)))
            .ToList();

        sqs.Should().HaveCount(3, "one statement for each fleet, none for anything else");
        var web = sqs.Should().ContainSingle(x => RoleOf(x.Policy).StartsWith("WebFleetInstanceRole", StringComparison.Ordinal)).Subject.Statement;
        // The checkout service sends only to the queues it names (orders.fifo, emails).
        var checkout = sqs.Should().ContainSingle(x => RoleOf(x.Policy).StartsWith("ServiceCheckoutFleetInstanceRole", StringComparison.Ordinal)).Subject.Statement;
        Strings(checkout.GetProperty("Action")).Should().Equal("sqs:SendMessage");
        checkout.GetProperty("Resource").EnumerateArray().Select(r => Imported(env, r)!.Str("QueueName")).Should()
            .BeEquivalentTo([$"headroom-{name}-orders.fifo", $"headroom-{name}-emails"]);
        var worker = sqs.Should().ContainSingle(x => RoleOf(x.Policy).StartsWith("WorkerFleetInstanceRole", StringComparison.Ordinal)).Subject.Statement;
        Strings(web.GetProperty("Action")).Should().Equal("sqs:SendMessage");
        Strings(worker.GetProperty("Action")).Should().BeEquivalentTo(["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility", "sqs:GetQueueAttributes"]);
        foreach (var statement in new[] { web, worker })
        {
            statement.GetProperty("Effect").GetString().Should().Be("Allow");
            statement.GetProperty("Resource").EnumerateArray().Select(r => Imported(env, r)!.LogicalId).Should().BeEquivalentTo(queueArns,
                "the work queues only: nobody reads the dead-letter queues but an operator");
        }
    }

    [Theory]
    [InlineData("prod")]
    [InlineData("staging")]
    public void Workers_read_the_database_and_cache_secrets_and_no_other(string name)
    {
        var env = synth.Json(name);
        var statements = env.OfType("AWS::IAM::Policy")
            .Where(p => p.Prop("Roles")!.Value.EnumerateArray().Any(r => (Ref(r) ?? "").StartsWith("WorkerFleetInstanceRole", StringComparison.Ordinal)))
            .SelectMany(p => p.Prop("PolicyDocument")!.Value.GetProperty("Statement").EnumerateArray()).ToList();

        var secrets = statements.Where(s => Strings(s.GetProperty("Action")).Any(a => a.StartsWith("secretsmanager:", StringComparison.Ordinal))).ToList();
        secrets.SelectMany(s => Strings(s.GetProperty("Action"))).Distinct().Should().BeEquivalentTo(["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"]);
        secrets.SelectMany(s => s.GetProperty("Resource") is var r && r.ValueKind == JsonValueKind.Array ? r.EnumerateArray().Select(x => x.ToString()) : [r.ToString()]).Should().HaveCount(2).And.Satisfy(
            r => r.Contains("DatabaseSecretAttachment", StringComparison.Ordinal),
            r => r.Contains("CacheAuthToken", StringComparison.Ordinal));
        statements.Where(s => Strings(s.GetProperty("Action")).Contains("kms:Decrypt"))
            .Should().OnlyContain(s => s.GetProperty("Condition").ToString().Contains("secretsmanager.eu-west-1.amazonaws.com", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("prod")]
    [InlineData("staging")]
    public void The_default_worker_user_data_points_at_the_queue_settings_and_fills_every_variable(string name)
    {
        var script = LaunchTemplateData(synth.Json(name)).GetProperty("UserData").GetProperty("Fn::Base64").GetString()!;

        script.Should().StartWith("#!/bin/bash").And.NotContain("@@");
        script.Should().Contain($"HEADROOM_PARAMETER_PATH=/headroom/{name}").And.Contain($"HEADROOM_ENVIRONMENT={name}");
        script.Should().Contain("--resource 'WorkerFleetGroup'");
    }

    [Fact]
    public void Preview_lists_the_workers_and_their_scaling()
    {
        // One fleet preview serves every fleet: the workers are described like the web fleet, from their own block.
        var section = IPreviewSection.All.Single(s => s.Title == "Fleets");
        var lines = section.Describe(synth.Json("staging")).ToList();
        lines.Should().Contain("worker: min 0, desired (min at launch), max 4, in 2 private subnets");
        lines.Should().Contain("  scale on backlog per instance (visible messages of 3 queues / in-service instances): target 100");
        lines.Should().Contain("  an empty group starts one instance when messages wait");
        section.Describe(synth.Json("prod")).Should().Contain("  scale on backlog per instance (visible messages of 3 queues / in-service instances): target 50")
            .And.Contain("worker: min 3, desired (min at launch), max 20, in 3 private subnets")
            .And.Contain("web: min 3, desired 3, max 30, in 3 private subnets");
    }

    private static string RoleOf(TemplateResource policy) =>
        policy.Prop("Roles")!.Value.EnumerateArray().Select(r => Ref(r)!).Should().ContainSingle().Subject;

}
