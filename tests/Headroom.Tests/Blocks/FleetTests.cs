using Headroom.Blocks.Fleet;
using Headroom.Blocks.LoadBalancer;
using Headroom.Blocks.Queues;

namespace Headroom.Tests.Blocks;

/// <summary>The Fleet block on bare stacks: a web fleet behind a load balancer, a worker fleet, Spot over several types,
/// a Graviton fleet with a warm pool, and the props it refuses.</summary>
public sealed class FleetTests(FleetTests.Cases cases) : IClassFixture<FleetTests.Cases>
{
    public const string UserData = "#!/bin/bash\necho @@REGION@@ @@STACK_NAME@@ @@SIGNAL_RESOURCE@@ @@WAIT_FOR_SIGNAL@@ @@APP@@\n";

    public static readonly TheoryData<string> All = new(["Web", "Worker", "Spot", "Warm"]);

    private TemplateResource Group(string name) => cases.Single(name, "AWS::AutoScaling::AutoScalingGroup");

    private JsonElement LaunchTemplateData(string name) => cases.Single(name, "AWS::EC2::LaunchTemplate").Prop("LaunchTemplateData")!.Value;

    private IEnumerable<JsonElement> Statements(string name) =>
        cases.OfType(name, "AWS::IAM::Policy").SelectMany(p => p.Prop("PolicyDocument")!.Value.GetProperty("Statement").EnumerateArray());

    [Theory]
    [MemberData(nameof(All))]
    public void A_launch_template_never_a_launch_configuration_and_a_new_version_rolls_the_instances(string name)
    {
        var group = Group(name);
        var spec = group.Prop("LaunchTemplate") ?? group.Prop("MixedInstancesPolicy")!.Value.GetProperty("LaunchTemplate").GetProperty("LaunchTemplateSpecification");

        cases.OfType(name, "AWS::AutoScaling::LaunchConfiguration").Should().BeEmpty();
        Ref(spec.GetProperty("LaunchTemplateId")).Should().Be(cases.Single(name, "AWS::EC2::LaunchTemplate").LogicalId);
        spec.GetProperty("Version").GetProperty("Fn::GetAtt")[1].GetString().Should().Be("LatestVersionNumber");
    }

    [Theory]
    [MemberData(nameof(All))]
    public void Instances_require_imdsv2_boot_from_encrypted_gp3_have_no_public_ip_no_key_and_detailed_monitoring(string name)
    {
        FleetShould.BeLockedDown(LaunchTemplateData(name));
        cases.OfType(name, "AWS::EC2::KeyPair").Should().BeEmpty();
    }

    [Theory]
    [MemberData(nameof(All))]
    public void The_group_spans_the_private_subnet_of_every_zone_of_the_vpc(string name)
    {
        var subnets = Group(name).Prop("VPCZoneIdentifier")!.Value.EnumerateArray().Select(s => s.GetString()).ToList();

        subnets.Should().NotBeEmpty().And.OnlyContain(s => BlockHarness.PrivateSubnets.Contains(s));
        subnets.Should().HaveCount(name == "Spot" ? 2 : 3);
    }

    [Theory]
    [MemberData(nameof(All))]
    public void The_instance_role_may_open_sessions_and_read_only_its_own_parameters(string name)
    {
        var statements = Statements(name).ToList();
        var role = cases.OfType(name, "AWS::IAM::Role").Single(r => r.LogicalId.Contains("InstanceRole", StringComparison.Ordinal));
        var path = Group(name).LogicalId.StartsWith("Worker", StringComparison.Ordinal) ? "test" : name.ToLowerInvariant();

        role.Prop("ManagedPolicyArns").Should().BeNull("AmazonSSMManagedInstanceCore would allow ssm:GetParameter on every parameter");
        var read = statements.Single(s => Actions(s).Contains("ssm:GetParameter"));
        Resources(read).Should().BeEquivalentTo([$"arn:aws:ssm:eu-west-1:111111111111:parameter/headroom/{path}", $"arn:aws:ssm:eu-west-1:111111111111:parameter/headroom/{path}/*"]);
        Actions(read).Should().BeEquivalentTo(["ssm:GetParameter", "ssm:GetParameters", "ssm:GetParametersByPath"]);
        statements.Where(s => Resources(s).Contains("*")).SelectMany(Actions).Should().OnlyContain(a => a.StartsWith("ssmmessages:", StringComparison.Ordinal),
            "only Session Manager's channel actions take no resource");
        statements.SelectMany(Actions).Should().OnlyContain(a => !a.EndsWith(":*", StringComparison.Ordinal) && a != "*");
        Resources(statements.Single(s => Actions(s).Contains("ssm:UpdateInstanceInformation"))).Should().Equal("arn:aws:ec2:eu-west-1:111111111111:instance/*");
    }

    [Fact]
    public void Behind_a_load_balancer_the_group_registers_uses_its_health_checks_and_scales_on_requests_and_cpu()
    {
        var group = Group("Web");
        var targetGroup = cases.Single("Web", "AWS::ElasticLoadBalancingV2::TargetGroup").LogicalId;
        var policies = cases.OfType("Web", "AWS::AutoScaling::ScalingPolicy").Select(p => p.Prop("TargetTrackingConfiguration")!.Value)
            .ToDictionary(c => c.GetProperty("PredefinedMetricSpecification").GetProperty("PredefinedMetricType").GetString()!);

        (group.Str("MinSize"), group.Str("DesiredCapacity"), group.Str("MaxSize")).Should().Be(("3", "3", "30"));
        group.Str("HealthCheckType").Should().Be("ELB");
        group.Prop("HealthCheckGracePeriod")!.Value.GetInt32().Should().Be(300);
        group.Prop("DefaultInstanceWarmup")!.Value.GetInt32().Should().Be(120);
        Ref(group.Prop("TargetGroupARNs")!.Value[0]).Should().Be(targetGroup);
        group.Prop("MetricsCollection")!.Value[0].GetProperty("Granularity").GetString().Should().Be("1Minute");
        policies.Keys.Should().BeEquivalentTo(["ALBRequestCountPerTarget", "ASGAverageCPUUtilization"]);
        policies["ALBRequestCountPerTarget"].GetProperty("TargetValue").GetDouble().Should().Be(1000);
        policies["ASGAverageCPUUtilization"].GetProperty("TargetValue").GetDouble().Should().Be(50);
        policies["ALBRequestCountPerTarget"].GetProperty("PredefinedMetricSpecification").GetProperty("ResourceLabel").ToString()
            .Should().Contain("TargetGroupFullName").And.Contain(targetGroup);
    }

    [Fact]
    public void A_rollout_keeps_90_percent_in_service_waits_for_signals_and_leaves_a_scaled_out_group_alone()
    {
        var group = Group("Web");
        var update = group.Raw.GetProperty("UpdatePolicy");
        var rolling = update.GetProperty("AutoScalingRollingUpdate");

        (rolling.GetProperty("MinInstancesInService").GetInt32(), rolling.GetProperty("MaxBatchSize").GetInt32()).Should().Be((3, 1), "90% of 3, at least one at a time");
        rolling.GetProperty("PauseTime").GetString().Should().Be("PT15M");
        rolling.GetProperty("WaitOnResourceSignals").GetBoolean().Should().BeTrue();
        rolling.GetProperty("SuspendProcesses").EnumerateArray().Select(p => p.GetString())
            .Should().Contain(["HealthCheck", "ReplaceUnhealthy", "AZRebalance", "AlarmNotification", "ScheduledActions"]);
        update.GetProperty("AutoScalingScheduledAction").GetProperty("IgnoreUnmodifiedGroupSizeProperties").GetBoolean().Should().BeTrue();
        update.TryGetProperty("AutoScalingReplacingUpdate", out _).Should().BeFalse();
        var signal = group.Raw.GetProperty("CreationPolicy").GetProperty("ResourceSignal");
        (signal.GetProperty("Count").GetInt32(), signal.GetProperty("Timeout").GetString()).Should().Be((3, "PT15M"));
        var worker = Group("Worker").Raw.GetProperty("UpdatePolicy").GetProperty("AutoScalingRollingUpdate");
        worker.GetProperty("PauseTime").GetString().Should().Be("PT5M", "the default pause");
        (worker.TryGetProperty("WaitOnResourceSignals", out var wait) && wait.GetBoolean()).Should().BeFalse();
    }

    [Fact]
    public void User_data_gets_the_callers_and_the_blocks_variables_filled_in()
    {
        var script = LaunchTemplateData("Web").GetProperty("UserData").GetProperty("Fn::Base64").GetString()!;

        script.Should().Be($"#!/bin/bash\necho eu-west-1 Web {Group("Web").LogicalId} true shop\n");
        cases.Assembly.GetStackByName("Web").Messages.Select(m => $"{m.Level}: {m.Entry.Data}").Should().BeEmpty("the block synthesizes without warnings");
    }

    [Fact]
    public void A_scheduled_action_changes_capacity_on_a_cron_in_a_time_zone()
    {
        var action = cases.Single("Web", "AWS::AutoScaling::ScheduledAction");

        Ref(action.Prop("AutoScalingGroupName")).Should().Be(Group("Web").LogicalId);
        (action.Str("Recurrence"), action.Str("TimeZone")).Should().Be(("0 6 26 11 *", "Europe/Dublin"));
        (action.Prop("MinSize")!.Value.GetInt32(), action.Prop("MaxSize")!.Value.GetInt32()).Should().Be((12, 60));
    }

    [Fact]
    public void The_image_is_the_latest_amazon_linux_2023_for_the_architecture_resolved_at_deploy_time()
    {
        ImageParameter("Web").Should().Be("/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-6.1-x86_64");
        ImageParameter("Warm").Should().Be("/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-6.1-arm64", "c7g is Graviton");

        string ImageParameter(string name)
        {
            var declared = cases.Json(name).Template.GetProperty("Parameters").GetProperty(Ref(LaunchTemplateData(name).GetProperty("ImageId"))!);
            declared.GetProperty("Type").GetString().Should().Be("AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>");
            return declared.GetProperty("Default").GetString()!;
        }
    }

    [Fact]
    public void Mixed_instances_run_an_on_demand_base_and_spot_above_it_over_several_types()
    {
        var group = Group("Spot");
        var mixed = group.Prop("MixedInstancesPolicy")!.Value;
        var distribution = mixed.GetProperty("InstancesDistribution");

        group.Prop("LaunchTemplate").Should().BeNull();
        mixed.GetProperty("LaunchTemplate").GetProperty("Overrides").EnumerateArray().Select(o => o.GetProperty("InstanceType").GetString())
            .Should().Equal("t3.small", "t3a.small", "t3.medium");
        (distribution.GetProperty("OnDemandBaseCapacity").GetInt32(), distribution.GetProperty("OnDemandPercentageAboveBaseCapacity").GetInt32()).Should().Be((1, 0));
        distribution.GetProperty("SpotAllocationStrategy").GetString().Should().Be("price-capacity-optimized");
        group.Prop("CapacityRebalance")!.Value.GetBoolean().Should().BeTrue();
        Group("Web").Prop("MixedInstancesPolicy").Should().BeNull();
    }

    [Fact]
    public void A_warm_pool_keeps_stopped_instances_ready()
    {
        var pool = cases.Single("Warm", "AWS::AutoScaling::WarmPool");

        Ref(pool.Prop("AutoScalingGroupName")).Should().Be(Group("Warm").LogicalId);
        pool.Str("PoolState").Should().Be("Stopped");
        pool.Prop("MaxGroupPreparedCapacity")!.Value.GetInt32().Should().Be(9);
        pool.Prop("InstanceReusePolicy")!.Value.GetProperty("ReuseOnScaleIn").GetBoolean().Should().BeTrue();
        cases.OfType("Web", "AWS::AutoScaling::WarmPool").Should().BeEmpty();
    }

    [Fact]
    public void As_a_worker_fleet_the_block_needs_no_load_balancer_and_takes_notifications_secrets_and_extra_policies()
    {
        var group = Group("Worker");

        group.Str("HealthCheckType").Should().Be("EC2");
        group.Prop("TargetGroupARNs").Should().BeNull();
        group.Prop("NotificationConfigurations")!.Value[0].GetProperty("NotificationTypes").EnumerateArray().Select(t => t.GetString())
            .Should().Contain(["autoscaling:EC2_INSTANCE_LAUNCH", "autoscaling:EC2_INSTANCE_TERMINATE", "autoscaling:EC2_INSTANCE_LAUNCH_ERROR"]);
        Ref(group.Prop("NotificationConfigurations")!.Value[0].GetProperty("TopicARN")).Should().StartWith("Ops");
        var tracking = cases.Single("Worker", "AWS::AutoScaling::ScalingPolicy").Prop("TargetTrackingConfiguration")!.Value;
        tracking.GetProperty("CustomizedMetricSpecification").GetProperty("MetricName").GetString().Should().Be("BacklogPerInstance");
        cases.Single("Worker", "AWS::EC2::SecurityGroup").Prop("SecurityGroupIngress").Should().BeNull("nothing reaches a fleet's own group");

        var statements = Statements("Worker").ToList();
        Resources(statements.Single(s => Actions(s).Contains("secretsmanager:GetSecretValue"))).Should().ContainSingle().Which.Should().Contain("JobsSecret");
        statements.Should().Contain(s => Actions(s).Contains("sqs:ReceiveMessage"));
    }

    [Fact]
    public void Backlog_scaling_tracks_the_summed_visible_messages_per_in_service_instance()
    {
        var policy = cases.OfType("Backlog", "AWS::AutoScaling::ScalingPolicy").Single(p => p.Str("PolicyType") == "TargetTrackingScaling");
        var tracking = policy.Prop("TargetTrackingConfiguration")!.Value;
        var metrics = tracking.GetProperty("CustomizedMetricSpecification").GetProperty("Metrics").EnumerateArray().ToDictionary(m => m.GetProperty("Id").GetString()!);
        var queues = cases.OfType("Backlog", "AWS::SQS::Queue").Where(q => q.Prop("RedrivePolicy") is not null).Select(q => q.LogicalId);

        tracking.GetProperty("TargetValue").GetDouble().Should().Be(100);
        Ref(policy.Prop("AutoScalingGroupName")).Should().Be(Group("Backlog").LogicalId);
        metrics.Keys.Should().BeEquivalentTo(["q0", "q1", "backlog", "instances", "perInstance"]);
        new[] { "q0", "q1" }.Select(q => metrics[q].GetProperty("MetricStat")).Should().OnlyContain(m =>
            m.GetProperty("Metric").GetProperty("MetricName").GetString() == "ApproximateNumberOfMessagesVisible" && m.GetProperty("Stat").GetString() == "Sum");
        new[] { "q0", "q1" }.Select(q => GetAtt(metrics[q].GetProperty("MetricStat").GetProperty("Metric").GetProperty("Dimensions")[0].GetProperty("Value")))
            .Should().BeEquivalentTo(queues, "the work queues, never their dead-letter queues");
        metrics["instances"].GetProperty("MetricStat").GetProperty("Metric").GetProperty("MetricName").GetString().Should().Be("GroupInServiceInstances");
        metrics["backlog"].GetProperty("Expression").GetString().Should().Be(BacklogScaling.BacklogExpression(2)).And.Be("FILL(q0, 0) + FILL(q1, 0)");
        metrics["perInstance"].GetProperty("Expression").GetString().Should().Be("IF(instances > 0, backlog / instances, backlog)");
        metrics.Values.Where(m => m.GetProperty("ReturnData").GetBoolean()).Select(m => m.GetProperty("Id").GetString()).Should().Equal("perInstance");
    }

    [Fact]
    public void A_group_that_may_shrink_to_zero_gets_a_step_policy_that_starts_its_first_instance()
    {
        var wake = cases.OfType("Backlog", "AWS::AutoScaling::ScalingPolicy").Should().ContainSingle(p => p.Str("PolicyType") == "StepScaling").Subject;
        var alarm = cases.OfType("Backlog", "AWS::CloudWatch::Alarm").Should()
            .ContainSingle(a => a.Prop("AlarmActions")!.Value.EnumerateArray().Any(x => Ref(x) == wake.LogicalId)).Subject;

        wake.Str("AdjustmentType").Should().Be("ExactCapacity");
        wake.Prop("StepAdjustments")!.Value[0].GetProperty("ScalingAdjustment").GetInt32().Should().Be(1);
        alarm.Prop("Metrics")!.Value.EnumerateArray().Single(m => m.TryGetProperty("Expression", out _)).GetProperty("Expression").GetString()
            .Should().StartWith("IF(desired == 0 AND (FILL(q0, 0) + FILL(q1, 0)) > 0, 1, 0)");
        (alarm.Prop("Threshold")!.Value.GetDouble(), alarm.Str("ComparisonOperator")).Should().Be((1, "GreaterThanOrEqualToThreshold"));
        cases.OfType("Steady", "AWS::AutoScaling::ScalingPolicy").Should().NotContain(p => p.Str("PolicyType") == "StepScaling", "a group that keeps an instance needs no wake-up");
    }

    public static TheoryData<string, int, int> RefusedBacklog => new()
    {
        { "*1 to 9 queues; got 0*", 0, 100 },
        { "*at most 9 queues*", 10, 100 },
        { "*BacklogPerInstance must be from 1 to 100000*", 1, 0 },
    };

    [Theory]
    [MemberData(nameof(RefusedBacklog))]
    public void Backlog_scaling_refuses_what_one_alarm_cannot_hold(string message, int queueCount, int perInstance)
    {
        BlockHarness.Building((stack, vpc) =>
        {
            var fleet = new Fleet(stack, "Fleet", Props(vpc));
            var queues = new Queues(stack, "Queues", new QueuesProps
            {
                NamePrefix = "t", ParameterPrefix = "/t", Queues = Enumerable.Range(0, queueCount).Select(i => new QueueSettings { Name = $"q{i}" }).ToList(),
            });
            _ = new BacklogScaling(stack, "Scaling", new BacklogScalingProps
            {
                Group = fleet.Group, GroupName = "workers", Queues = queues.All, BacklogPerInstance = perInstance,
            });
        }).Should().Throw<ArgumentException>().WithMessage(message);
    }

    [Fact]
    public void The_preview_describes_every_fleet_from_its_own_block()
    {
        var lines = IPreviewSection.All.Single(s => s.Title == "Fleets").Describe(cases.Environment("Web", "Worker")).ToList();

        lines.Should().Contain("web: min 3, desired 3, max 30, in 3 private subnets");
        lines.Should().Contain("worker: min 0, desired (min at launch), max 5, in 3 private subnets");
    }

    public static TheoryData<string, Func<IVpc, FleetProps>> Refused => new()
    {
        { "*MinCapacity*", vpc => Props(vpc, min: 5, max: 3) },
        { "*DesiredCapacity*", vpc => Props(vpc, min: 1, max: 3, desired: 4) },
        { "*@@NOPE@@*", vpc => Props(vpc, userData: "echo @@NOPE@@") },
        { "*TargetTracking needs a TargetGroup*", vpc => Props(vpc, requests: 100) },
        { "*TargetTracking.CpuPercent must be from 10 to 90*", vpc => Props(vpc, cpu: 101) },
        { "*warm pool*", vpc => Props(vpc, warmPoolWithSpot: true) },
    };

    public static FleetProps Props(IVpc vpc, int min = 1, int max = 2, int? desired = null, string userData = "#!/bin/bash\n",
        int? requests = null, int? cpu = null, bool warmPoolWithSpot = false) => new()
    {
        Vpc = vpc, InstanceType = "t3.micro", UserData = userData, MinCapacity = min, MaxCapacity = max, DesiredCapacity = desired,
        ParameterPath = "/headroom/x",
        TargetTracking = requests is null && cpu is null ? null : new TargetTrackingSettings { RequestsPerTarget = requests ?? 1000, CpuPercent = cpu ?? 50 },
        WarmPool = warmPoolWithSpot ? new WarmPoolSettings() : null,
        MixedInstances = warmPoolWithSpot ? new MixedInstancesSettings { InstanceTypes = ["t3a.micro"] } : null,
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void The_block_refuses_impossible_props(string message, Func<IVpc, FleetProps> props)
    {
        BlockHarness.ShouldRefuse(message, (stack, vpc) => _ = new Fleet(stack, "Fleet", props(vpc)));
    }

    [Theory]
    [InlineData(true, new[] { "t4g.small", "c7g.large", "m7gd.xlarge", "c6gn.medium", "im4gn.large" })]
    [InlineData(false, new[] { "t3.medium", "m7i.large", "c7i-flex.large", "g5.xlarge" })]
    public void Graviton_instance_types_are_recognised(bool arm, string[] types) =>
        types.Should().OnlyContain(type => Fleet.IsArm(type) == arm, arm ? "Graviton families carry a 'g' after the generation" : "x86 families do not");

    public sealed class Cases : BlockHarness
    {
        public Cases()
        {
            var web = Case("Web");
            var vpc = Vpc(web);
            var lb = new LoadBalancer(web, "Lb", new LoadBalancerProps { Vpc = vpc, DeletionProtection = false, BehindCloudFront = false, AllowPlainHttpOrigin = true });
            Block("Fleet", "web", new Fleet(web, "Fleet", new FleetProps
            {
                Vpc = vpc, InstanceType = "t3.small", UserData = UserData, UserDataVariables = new Dictionary<string, string> { ["APP"] = "shop" },
                MinCapacity = 3, MaxCapacity = 30, DesiredCapacity = 3, TargetGroup = lb.TargetGroup, TargetTracking = new TargetTrackingSettings { RequestsPerTarget = 1000, CpuPercent = 50 },
                ParameterPath = "/headroom/web",
                RollingUpdate = new RollingUpdateSettings { WaitOnResourceSignals = true, PauseMinutes = 15 },
                ScheduledActions = [new ScheduledActionSettings { Name = "campaign", Schedule = "0 6 26 11 *", TimeZone = "Europe/Dublin", MinCapacity = 12, MaxCapacity = 60 }],
            }));

            var worker = Case("Worker");
            var workerFleet = Block("Fleet", "worker", new Fleet(worker, "WorkerFleet", new FleetProps
            {
                Vpc = Vpc(worker), InstanceType = "t3.small", UserData = "#!/bin/bash\necho @@REGION@@\n", MinCapacity = 0, MaxCapacity = 5,
                ParameterPath = "/headroom/test", Notifications = new Topic(worker, "Ops"), ReadableSecrets = [new Secret(worker, "JobsSecret")],
            }));
            workerFleet.AddToRolePolicy(new PolicyStatement(new PolicyStatementProps
            {
                Actions = ["sqs:ReceiveMessage", "sqs:DeleteMessage"],
                Resources = ["arn:aws:sqs:eu-west-1:111111111111:jobs"],
            }));
            workerFleet.ScaleToTrackMetric("Backlog", new Metric(new MetricProps { Namespace = "Headroom", MetricName = "BacklogPerInstance" }), 10);

            var spot = Case("Spot");
            Block("Fleet", "spot", new Fleet(spot, "Fleet", new FleetProps
            {
                Vpc = Vpc(spot, zones: 2), InstanceType = "t3.small", UserData = "#!/bin/bash\n", MinCapacity = 2, MaxCapacity = 4, ParameterPath = "/headroom/spot",
                MixedInstances = new MixedInstancesSettings { InstanceTypes = ["t3a.small", "t3.medium"], OnDemandBaseCapacity = 1, OnDemandPercentageAboveBaseCapacity = 0 },
            }));

            var warm = Case("Warm");
            Block("Fleet", "warm", new Fleet(warm, "Fleet", new FleetProps
            {
                Vpc = Vpc(warm), InstanceType = "c7g.large", UserData = "#!/bin/bash\n", MinCapacity = 1, MaxCapacity = 9, ParameterPath = "/headroom/warm",
                WarmPool = new WarmPoolSettings { MaxPreparedCapacity = 9 },
            }));
            Backlog("Backlog", min: 0, scaleFromZero: true);
            Backlog("Steady", min: 1, scaleFromZero: false);
            Synthesize();
        }

        /// <summary>A worker fleet scaled on the backlog of two queues of its own stack.</summary>
        private void Backlog(string name, int min, bool scaleFromZero)
        {
            var stack = Case(name);
            var queues = new Queues(stack, "Queues", new QueuesProps
            {
                NamePrefix = name.ToLowerInvariant(), ParameterPrefix = $"/headroom/{name.ToLowerInvariant()}/queues",
                Queues = [new QueueSettings { Name = "jobs" }, new QueueSettings { Name = "mails" }],
            });
            var fleet = Block("Fleet", "worker", new Fleet(stack, "WorkerFleet", new FleetProps
            {
                Vpc = Vpc(stack), InstanceType = "t3.small", UserData = "#!/bin/bash\n", MinCapacity = min, MaxCapacity = 4, ParameterPath = "/headroom/backlog",
            }));
            new BacklogScaling(stack, "WorkerScaling", new BacklogScalingProps
            {
                Group = fleet.Group, GroupName = fleet.Group.AutoScalingGroupName, Queues = queues.All, BacklogPerInstance = 100, ScaleFromZero = scaleFromZero,
            });
        }
    }
}

/// <summary>What every fleet's launch template holds, for the block's cases and the environments' fleets.</summary>
public static class FleetShould
{
    /// <summary>IMDSv2 only, an encrypted gp3 root volume, no public IP, no key pair, detailed monitoring, an instance profile.</summary>
    public static void BeLockedDown(JsonElement launchTemplateData)
    {
        var data = launchTemplateData;
        data.GetProperty("MetadataOptions").GetProperty("HttpTokens").GetString().Should().Be("required");
        data.GetProperty("MetadataOptions").GetProperty("HttpPutResponseHopLimit").GetInt32().Should().Be(1);
        var root = data.GetProperty("BlockDeviceMappings").EnumerateArray().Should().ContainSingle().Subject;
        root.GetProperty("DeviceName").GetString().Should().Be("/dev/xvda");
        root.GetProperty("Ebs").GetProperty("VolumeType").GetString().Should().Be("gp3");
        root.GetProperty("Ebs").GetProperty("Encrypted").GetBoolean().Should().BeTrue();
        root.GetProperty("Ebs").GetProperty("VolumeSize").GetInt32().Should().Be(20);
        data.GetProperty("NetworkInterfaces").EnumerateArray().Should().ContainSingle().Which.GetProperty("AssociatePublicIpAddress").GetBoolean().Should().BeFalse();
        data.GetProperty("Monitoring").GetProperty("Enabled").GetBoolean().Should().BeTrue();
        data.TryGetProperty("KeyName", out _).Should().BeFalse();
        data.TryGetProperty("IamInstanceProfile", out _).Should().BeTrue();
    }
}
