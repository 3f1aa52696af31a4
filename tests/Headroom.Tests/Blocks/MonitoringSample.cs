using Amazon.CDK.AWS.AutoScaling;
using Amazon.CDK.AWS.CloudFront;
using Amazon.CDK.AWS.CloudFront.Origins;
using Amazon.CDK.AWS.ElastiCache;
using Amazon.CDK.AWS.ElasticLoadBalancingV2;
using Amazon.CDK.AWS.RDS;
using InstanceType = Amazon.CDK.AWS.EC2.InstanceType;
using Amazon.CDK.AWS.SQS;
using Amazon.CDK.AWS.WAFv2;
using Headroom.Blocks.Monitoring;
using MonitoringBlock = Headroom.Blocks.Monitoring.Monitoring;

namespace Headroom.Tests.Blocks;

/// <summary>
/// One small app, synthesized once, with one resource of every monitored type in two us-east-1 stacks:
/// "Bare" has no monitoring (plus hand-made alarms that break the rules), "Watched" has the same resources
/// and the Monitoring facade over all of them. The "no alarms" and "all alarms" cases for the walker.
/// </summary>
public sealed class MonitoringSample : BlockHarness
{
    public MonitoringSample()
    {
        var bare = Case("Bare", "us-east-1");
        Build(bare);
        BreakRules(bare);

        var watched = Case("Watched", "us-east-1");
        var targets = Build(watched);
        Watched = new MonitoringBlock(watched, "Monitoring", new MonitoringProps
        {
            NamePrefix = "sample",
            Emails = ["oncall@example.com"],
            WebhookUrl = "https://events.example.com/hook",
            DashboardName = "sample",
            Alarms = new Dictionary<string, AlarmSettings> { [AlarmKinds.RdsCpu.Id] = new(80, 300, 2, 3) },
        });
        Watched.MonitorNatGateway(targets.Nat);
        Watched.MonitorLoadBalancer(targets.LoadBalancer);
        Watched.MonitorFleet(targets.WebFleet);
        Watched.MonitorWorkerFleet(targets.Worker);
        foreach (var db in targets.Databases) Watched.MonitorDatabaseInstance(db);
        Watched.MonitorDatabaseProxy(targets.Proxy);
        Watched.MonitorCache(targets.Cache);
        Watched.MonitorDistribution(targets.Distribution);
        Watched.MonitorWebAcl(targets.WebAcl);
        foreach (var queue in targets.Queues) Watched.MonitorQueue(queue);
        Watched.Finish();

        Synthesize();
    }

    public SynthesizedStack Bare => Json("Bare");
    public SynthesizedStack WatchedStack => Json("Watched");
    public Amazon.CDK.Assertions.Template WatchedTemplate => Template("Watched");
    public MonitoringBlock Watched { get; }

    public sealed record Targets(NatGatewayTarget Nat, LoadBalancerTarget LoadBalancer, FleetTarget WebFleet, WorkerTarget Worker,
        IReadOnlyList<DatabaseInstanceTarget> Databases, DatabaseProxyTarget Proxy, CacheTarget Cache, DistributionTarget Distribution,
        WebAclTarget WebAcl, IReadOnlyList<QueueTarget> Queues);

    /// <summary>One of each monitored resource, built the way the blocks build them.</summary>
    private static Targets Build(Stack stack)
    {
        var vpc = Amazon.CDK.AWS.EC2.Vpc.FromVpcAttributes(stack, "Vpc", new VpcAttributes
        {
            VpcId = "vpc-1",
            AvailabilityZones = ["us-east-1a", "us-east-1b"],
            PublicSubnetIds = ["subnet-pa", "subnet-pb"],
            PrivateSubnetIds = ["subnet-ra", "subnet-rb"],
            IsolatedSubnetIds = ["subnet-ia", "subnet-ib"],
        });
        var nat = new CfnNatGateway(stack, "Nat", new CfnNatGatewayProps { SubnetId = "subnet-pa", AllocationId = "eipalloc-1" });

        var alb = new ApplicationLoadBalancer(stack, "Alb", new ApplicationLoadBalancerProps { Vpc = vpc, InternetFacing = true });
        var targetGroup = new ApplicationTargetGroup(stack, "Targets", new ApplicationTargetGroupProps { Vpc = vpc, Port = 80, TargetType = TargetType.INSTANCE });
        alb.AddListener("Http", new BaseApplicationListenerProps { Port = 80, DefaultTargetGroups = [targetGroup] });

        var image = MachineImage.GenericLinux(new Dictionary<string, string> { ["us-east-1"] = "ami-12345678" });
        var web = new AutoScalingGroup(stack, "Web", new AutoScalingGroupProps { Vpc = vpc, InstanceType = new InstanceType("t3.micro"), MachineImage = image });
        var dlq = new Queue(stack, "OrdersDlq", new QueueProps { RetentionPeriod = Duration.Days(14) });
        var orders = new Queue(stack, "Orders", new QueueProps { DeadLetterQueue = new DeadLetterQueue { Queue = dlq, MaxReceiveCount = 5 } });
        var worker = new AutoScalingGroup(stack, "Worker", new AutoScalingGroupProps { Vpc = vpc, InstanceType = new InstanceType("t3.micro"), MachineImage = image });
        worker.ScaleToTrackMetric("Backlog", new MetricTargetTrackingProps { Metric = orders.MetricApproximateNumberOfMessagesVisible(), TargetValue = 100 });

        var db = new DatabaseInstance(stack, "Db", new DatabaseInstanceProps
        {
            Engine = DatabaseInstanceEngine.Postgres(new PostgresInstanceEngineProps { Version = PostgresEngineVersion.VER_16 }),
            Vpc = vpc,
            VpcSubnets = new SubnetSelection { SubnetType = SubnetType.PRIVATE_ISOLATED },
            InstanceType = new InstanceType("t4g.medium"),
            AllocatedStorage = 100,
        });
        var replica = new DatabaseInstanceReadReplica(stack, "Replica", new DatabaseInstanceReadReplicaProps
        {
            SourceDatabaseInstance = db,
            Vpc = vpc,
            VpcSubnets = new SubnetSelection { SubnetType = SubnetType.PRIVATE_ISOLATED },
            InstanceType = new InstanceType("t4g.medium"),
        });
        var proxy = db.AddProxy("Proxy", new DatabaseProxyOptions { Secrets = [db.Secret!], Vpc = vpc });

        var cache = new CfnReplicationGroup(stack, "Cache", new CfnReplicationGroupProps
        {
            ReplicationGroupDescription = "sample",
            Engine = "redis",
            CacheNodeType = "cache.t4g.small",
            NumCacheClusters = 2,
            AutomaticFailoverEnabled = true,
        });

        var distribution = new Distribution(stack, "Cdn", new DistributionProps
        {
            DefaultBehavior = new BehaviorOptions { Origin = new HttpOrigin("origin.example.com") },
        });
        var acl = new CfnWebACL(stack, "Acl", new CfnWebACLProps
        {
            Name = "sample-acl",
            Scope = "CLOUDFRONT",
            DefaultAction = new CfnWebACL.DefaultActionProperty { Allow = new CfnWebACL.AllowActionProperty() },
            VisibilityConfig = new CfnWebACL.VisibilityConfigProperty { CloudWatchMetricsEnabled = true, MetricName = "sample-acl-metric", SampledRequestsEnabled = true },
        });

        return new Targets(
            new NatGatewayTarget("us-east-1a", nat.AttrNatGatewayId),
            new LoadBalancerTarget("web", alb.LoadBalancerFullName, targetGroup.TargetGroupFullName),
            new FleetTarget("web", web.AutoScalingGroupName),
            new WorkerTarget("worker", worker.AutoScalingGroupName, [new WorkerQueue(orders.QueueName, 2)]),
            [
                new DatabaseInstanceTarget("primary", db.InstanceIdentifier, 4, 450, 100, IsReplica: false),
                new DatabaseInstanceTarget("replica-1", replica.InstanceIdentifier, 4, 450, 100, IsReplica: true),
            ],
            new DatabaseProxyTarget("proxy", proxy.DbProxyName),
            CacheTarget.ForReplicationGroup("cache", cache.Ref, shards: 1, replicasPerShard: 1, clusterMode: false),
            new DistributionTarget("site", distribution.DistributionId),
            new WebAclTarget("site", "sample-acl-metric"),
            [
                new QueueTarget("orders", orders.QueueName, IsDeadLetter: false, RetentionSeconds: 345_600),
                new QueueTarget("orders-dlq", dlq.QueueName, IsDeadLetter: true, RetentionSeconds: 1_209_600),
            ]);
    }

    /// <summary>Alarms that break the contract: no actions, no runbook link, a link to a runbook that does not exist.</summary>
    private static void BreakRules(Stack stack)
    {
        var metric = new Metric(new MetricProps { Namespace = "AWS/SQS", MetricName = "NumberOfMessagesSent", DimensionsMap = new Dictionary<string, string> { ["QueueName"] = "x" } });
        new Alarm(stack, "Silent", new AlarmProps { Metric = metric, Threshold = 1, EvaluationPeriods = 1, AlarmDescription = "Something. Runbook: docs/runbooks/sqs-oldest-message-age.md" });
        var topic = new Amazon.CDK.AWS.SNS.Topic(stack, "Topic");
        var unexplained = new Alarm(stack, "Unexplained", new AlarmProps { Metric = metric, Threshold = 1, EvaluationPeriods = 1, AlarmDescription = "Something is wrong." });
        unexplained.AddAlarmAction(new Amazon.CDK.AWS.CloudWatch.Actions.SnsAction(topic));
        unexplained.AddOkAction(new Amazon.CDK.AWS.CloudWatch.Actions.SnsAction(topic));
        var dangling = new Alarm(stack, "Dangling", new AlarmProps
        {
            Metric = metric, Threshold = 1, EvaluationPeriods = 1, TreatMissingData = TreatMissingData.NOT_BREACHING,
            AlarmDescription = "Something. Runbook: docs/runbooks/no-such-runbook.md",
        });
        dangling.AddAlarmAction(new Amazon.CDK.AWS.CloudWatch.Actions.SnsAction(topic));
        dangling.AddOkAction(new Amazon.CDK.AWS.CloudWatch.Actions.SnsAction(topic));
    }
}
