using Amazon.CDK.AWS.AutoScaling;
using Amazon.CDK.AWS.CloudWatch.Actions;

namespace Headroom.Blocks.Queues;

/// <summary>Backlog scaling's settings and what it is wired to.</summary>
public sealed record BacklogScalingProps : BacklogScalingSettings
{
    /// <summary>Wiring on top of settings made elsewhere (an environment file's), or on top of the defaults.</summary>
    public BacklogScalingProps(BacklogScalingSettings? settings = null) : base(settings ?? new()) { }

    /// <summary>The group whose instances drain the queues.</summary>
    public required IAutoScalingGroup Group { get; init; }

    /// <summary>Its name as CloudWatch knows it (the dimension of its group metrics).</summary>
    public required string GroupName { get; init; }

    public required IReadOnlyList<WorkQueue> Queues { get; init; }

    /// <summary>True when the group may shrink to no instances: a step policy then starts the first one.</summary>
    public bool ScaleFromZero { get; init; }
}

/// <summary>
/// Scales a worker group on its backlog per instance, the AWS-recommended pattern for queue workers:
/// target tracking on (visible messages summed over the queues) / (in-service instances), computed
/// with metric math. CDK 2.160's target-tracking L2 takes one plain metric only, so the policy is the
/// L1 with <c>CustomizedMetricSpecification.Metrics</c>. Target tracking multiplies the current
/// capacity, so from zero instances it has nothing to scale; a step policy starts the first instance
/// when messages wait and the group is empty.
/// </summary>
public sealed class BacklogScaling : Construct
{
    /// <summary>A CloudWatch alarm (what target tracking creates) takes at most 10 metrics; one is the
    /// instance count.</summary>
    public const int MaxQueues = 9;

    public CfnScalingPolicy Policy { get; }
    public Alarm? WakeAlarm { get; }

    /// <summary>The queues' summed visible messages, missing data counted as none (an idle queue stops
    /// reporting), as metric math over q0, q1, ...</summary>
    public static string BacklogExpression(int queues) =>
        string.Join(" + ", Enumerable.Range(0, queues).Select(i => $"FILL(q{i}, 0)"));

    public BacklogScaling(Construct scope, string id, BacklogScalingProps props) : base(scope, id)
    {
        Settings.Enforce(nameof(BacklogScaling), props.Check);
        if (props.Queues.Count is 0 or > MaxQueues)
            throw new ArgumentException($"backlog scaling sums 1 to {MaxQueues} queues; got {props.Queues.Count}", nameof(props));

        var backlog = BacklogExpression(props.Queues.Count);
        var queueMetrics = props.Queues.Select((q, i) => new CfnScalingPolicy.TargetTrackingMetricDataQueryProperty
        {
            Id = $"q{i}",
            Label = $"{q.Name}: visible messages",
            MetricStat = new CfnScalingPolicy.TargetTrackingMetricStatProperty
            {
                Metric = new CfnScalingPolicy.MetricProperty
                {
                    Namespace = "AWS/SQS",
                    MetricName = "ApproximateNumberOfMessagesVisible",
                    Dimensions = new object[] { new CfnScalingPolicy.MetricDimensionProperty { Name = "QueueName", Value = q.Queue.QueueName } },
                },
                Stat = "Sum",
            },
            ReturnData = false,
        });
        Policy = new CfnScalingPolicy(this, "BacklogPerInstance", new CfnScalingPolicyProps
        {
            AutoScalingGroupName = props.GroupName,
            PolicyType = "TargetTrackingScaling",
            TargetTrackingConfiguration = new CfnScalingPolicy.TargetTrackingConfigurationProperty
            {
                TargetValue = props.BacklogPerInstance,
                CustomizedMetricSpecification = new CfnScalingPolicy.CustomizedMetricSpecificationProperty
                {
                    Metrics = queueMetrics.Append(new CfnScalingPolicy.TargetTrackingMetricDataQueryProperty
                    {
                        Id = "instances",
                        Label = "In-service instances",
                        MetricStat = new CfnScalingPolicy.TargetTrackingMetricStatProperty
                        {
                            Metric = new CfnScalingPolicy.MetricProperty
                            {
                                Namespace = "AWS/AutoScaling",
                                MetricName = "GroupInServiceInstances",
                                Dimensions = new object[] { new CfnScalingPolicy.MetricDimensionProperty { Name = "AutoScalingGroupName", Value = props.GroupName } },
                            },
                            Stat = "Average",
                        },
                        ReturnData = false,
                    }).Append(new CfnScalingPolicy.TargetTrackingMetricDataQueryProperty
                    {
                        Id = "backlog",
                        Label = "Visible messages, all queues",
                        Expression = backlog,
                        ReturnData = false,
                    }).Append(new CfnScalingPolicy.TargetTrackingMetricDataQueryProperty
                    {
                        Id = "perInstance",
                        Label = "Backlog per instance",
                        // No instance in service: the whole backlog counts, rather than a division by zero (no data).
                        Expression = "IF(instances > 0, backlog / instances, backlog)",
                        ReturnData = true,
                    }).ToArray(),
                },
            },
        });

        if (!props.ScaleFromZero) return;

        var wake = new StepScalingAction(this, "WakeFromZero", new StepScalingActionProps
        {
            AutoScalingGroup = props.Group,
            AdjustmentType = AdjustmentType.EXACT_CAPACITY,
        });
        wake.AddAdjustment(new AdjustmentTier { LowerBound = 0, Adjustment = 1 });
        var metrics = props.Queues.Select((q, i) => (Id: $"q{i}", Metric: q.BacklogMetric()))
            .Append(("desired", (IMetric)new Metric(new MetricProps
            {
                Namespace = "AWS/AutoScaling",
                MetricName = "GroupDesiredCapacity",
                DimensionsMap = new Dictionary<string, string> { ["AutoScalingGroupName"] = props.GroupName },
                Statistic = "Maximum",
                Period = Duration.Minutes(1),
            })))
            .ToDictionary(m => m.Item1, m => m.Item2);
        WakeAlarm = new Alarm(this, "WakeFromZeroAlarm", new AlarmProps
        {
            AlarmDescription = "Messages wait and the worker group is empty: start the first worker (target tracking takes over from one).",
            Metric = new MathExpression(new MathExpressionProps
            {
                Expression = $"IF(desired == 0 AND ({backlog}) > 0, 1, 0)",
                UsingMetrics = metrics,
                Label = "Messages waiting with no worker",
                Period = Duration.Minutes(1),
            }),
            Threshold = 1,
            ComparisonOperator = ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
            EvaluationPeriods = 1,
            TreatMissingData = TreatMissingData.NOT_BREACHING,
        });
        WakeAlarm.AddAlarmAction(new AutoScalingAction(wake));
    }
}
