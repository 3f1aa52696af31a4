using System.Text.RegularExpressions;
using Amazon.CDK;
using Amazon.CDK.AWS.AutoScaling;
using Amazon.CDK.AWS.CloudWatch;
using Amazon.CDK.AWS.EC2;
using Amazon.CDK.AWS.ElasticLoadBalancingV2;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.SecretsManager;
using Amazon.CDK.AWS.SNS;
using Constructs;
using AsgHealthCheck = Amazon.CDK.AWS.AutoScaling.HealthCheck;
using BlockDevice = Amazon.CDK.AWS.EC2.BlockDevice;
using BlockDeviceVolume = Amazon.CDK.AWS.EC2.BlockDeviceVolume;
using EbsDeviceOptions = Amazon.CDK.AWS.EC2.EbsDeviceOptions;
using EbsDeviceVolumeType = Amazon.CDK.AWS.EC2.EbsDeviceVolumeType;

namespace Headroom.Blocks.Fleet;

/// <summary>A change of capacity on a schedule, such as raising min and max before a campaign.</summary>
public sealed class FleetScheduledAction
{
    /// <summary>Letters, digits and '-'; names the action's construct, so keep it stable.</summary>
    public required string Name { get; init; }
    /// <summary>Five-field Unix cron: minute hour day-of-month month day-of-week.</summary>
    public required string Cron { get; init; }
    /// <summary>IANA time zone the cron is read in; UTC when null.</summary>
    public string? TimeZone { get; init; }
    public int? MinCapacity { get; init; }
    public int? MaxCapacity { get; init; }
    public int? DesiredCapacity { get; init; }
    public DateTimeOffset? StartTime { get; init; }
    public DateTimeOffset? EndTime { get; init; }
}

/// <summary>Pre-initialized instances kept aside so scale-out does not wait for boot and user data.</summary>
public sealed class FleetWarmPool
{
    public int MinSize { get; init; }
    /// <summary>In-service plus warm instances at most; null: up to the group's max capacity.</summary>
    public int? MaxPreparedCapacity { get; init; }
    public PoolState PoolState { get; init; } = PoolState.STOPPED;
    public bool ReuseOnScaleIn { get; init; } = true;
}

/// <summary>On-demand base capacity plus a share of Spot above it, over several instance types.</summary>
public sealed class FleetMixedInstances
{
    /// <summary>Types besides the fleet's own instance type, in order of preference. Same architecture.</summary>
    public required IReadOnlyList<string> InstanceTypes { get; init; }
    public int OnDemandBaseCapacity { get; init; }
    public int OnDemandPercentageAboveBaseCapacity { get; init; } = 100;
    public SpotAllocationStrategy SpotAllocationStrategy { get; init; } = SpotAllocationStrategy.PRICE_CAPACITY_OPTIMIZED;
}

/// <summary>How a launch-template change rolls through the group.</summary>
public sealed class FleetRollingUpdate
{
    /// <summary>Share of the baseline capacity (desired, else min) kept in service during a rollout.</summary>
    public int MinHealthyPercent { get; init; } = 90;
    /// <summary>Instances replaced at a time; null: 10% of the baseline (by MinHealthyPercent), at least 1.</summary>
    public int? MaxBatchSize { get; init; }
    /// <summary>Wait after each batch; with signals, how long to wait for them.</summary>
    public Duration PauseTime { get; init; } = Duration.Minutes(5);
    /// <summary>New instances must run cfn-signal (the user-data variable @@SIGNAL_RESOURCE@@ names the
    /// group) once healthy; the update waits for them and rolls back if they never come.</summary>
    public bool WaitOnResourceSignals { get; init; }
}

/// <summary>A record, so a tier can start from shared fleet settings and add its own with <c>with</c>.</summary>
public sealed record FleetProps
{
    public required IVpc Vpc { get; init; }
    /// <summary>The instances' security group; null creates one with no ingress. A group from another stack is
    /// used unchanged: the caller creates the rules that admit traffic to it (in the caller's stack).</summary>
    public ISecurityGroup? SecurityGroup { get; init; }
    public required string InstanceType { get; init; }
    public FleetMixedInstances? MixedInstances { get; init; }
    /// <summary>Null: the latest Amazon Linux 2023 for the instance type's architecture, resolved from its
    /// public SSM parameter at deploy time (no lookup at synth).</summary>
    public IMachineImage? MachineImage { get; init; }
    /// <summary>The user-data script. @@NAME@@ variables are replaced: the caller's <see cref="UserDataVariables"/>
    /// and the block's own (<see cref="Fleet.BlockUserDataVariables"/>).</summary>
    public required string UserData { get; init; }
    public IReadOnlyDictionary<string, string> UserDataVariables { get; init; } = new Dictionary<string, string>();
    public int RootVolumeGiB { get; init; } = 20;
    /// <summary>The AMI's root device; Amazon Linux uses /dev/xvda.</summary>
    public string RootDeviceName { get; init; } = "/dev/xvda";
    public required int MinCapacity { get; init; }
    public required int MaxCapacity { get; init; }
    /// <summary>Null: start at MinCapacity and leave the size to scaling.</summary>
    public int? DesiredCapacity { get; init; }
    public Duration HealthCheckGrace { get; init; } = Duration.Minutes(5);
    public Duration DefaultInstanceWarmup { get; init; } = Duration.Minutes(2);
    /// <summary>Set for a fleet behind a load balancer: instances register with it and the group uses its health checks.</summary>
    public ApplicationTargetGroup? TargetGroup { get; init; }
    /// <summary>Target-tracking target for ALBRequestCountPerTarget (requests per instance per minute); needs <see cref="TargetGroup"/>.</summary>
    public int? RequestsPerTarget { get; init; }
    /// <summary>Target-tracking target for average CPU, in percent.</summary>
    public int? CpuTargetPercent { get; init; }
    public IReadOnlyList<FleetScheduledAction> ScheduledActions { get; init; } = [];
    public FleetWarmPool? WarmPool { get; init; }
    public FleetRollingUpdate RollingUpdate { get; init; } = new();
    /// <summary>Launch, terminate and failure notifications go here (the ops topic).</summary>
    public ITopic? Notifications { get; init; }
    /// <summary>"/headroom/prod": the instances may read the SSM parameters under this path, and no others.</summary>
    public required string ParameterPath { get; init; }
    /// <summary>The only secrets the instances may read.</summary>
    public IReadOnlyList<ISecret> ReadableSecrets { get; init; } = [];
}

/// <summary>
/// An EC2 Auto Scaling group on a launch template, in the private subnets of every zone: IMDSv2 only,
/// encrypted gp3 root volume, no public IP, no key pair, detailed monitoring, and an instance role that
/// can open Session Manager sessions and read only its own SSM parameter path and the secrets it is given.
/// Used for the web fleet (behind the load balancer) and the worker fleet (scaled by its caller through
/// <see cref="Group"/>).
/// </summary>
public sealed partial class Fleet : Construct
{
    /// <summary>Variables the block fills in user data itself.</summary>
    public static readonly IReadOnlyList<string> BlockUserDataVariables = ["STACK_NAME", "REGION", "SIGNAL_RESOURCE", "WAIT_FOR_SIGNAL"];

    [GeneratedRegex("@@([A-Z0-9_]+)@@")] private static partial Regex VariablePattern();
    // Graviton families carry a 'g' right after the generation digit: t4g, c7g, m7gd, c6gn, im4gn.
    [GeneratedRegex(@"^[a-z]+\d+g[a-z]*(-flex)?\.")] private static partial Regex ArmFamily();

    public AutoScalingGroup Group { get; }
    public Role Role { get; }
    public ISecurityGroup SecurityGroup { get; }
    public LaunchTemplate LaunchTemplate { get; }
    /// <summary>MinInstancesInService of the rolling update, as computed.</summary>
    public int MinInstancesInService { get; }
    public int MaxBatchSize { get; }

    public static bool IsArm(string instanceType) => ArmFamily().IsMatch(instanceType);

    /// <summary>The variables a user-data script may use: the caller's plus the block's.</summary>
    public static IEnumerable<string> UnknownVariables(string userData, IEnumerable<string> callerVariables)
    {
        var known = new HashSet<string>(callerVariables.Concat(BlockUserDataVariables), StringComparer.Ordinal);
        return VariablePattern().Matches(userData).Select(m => m.Groups[1].Value).Where(v => !known.Contains(v)).Distinct();
    }

    public Fleet(Construct scope, string id, FleetProps props) : base(scope, id)
    {
        Validate(props);
        var stack = Stack.Of(this);
        var rolling = props.RollingUpdate;

        // A group owned by another stack is used as it is: CDK would otherwise put the load balancer's
        // ingress rule into the owning stack, making it depend on this one (a cycle). The caller admits
        // what must reach the instances, in its own stack.
        SecurityGroup = props.SecurityGroup switch
        {
            null => new SecurityGroup(this, "SecurityGroup", new SecurityGroupProps
            {
                Vpc = props.Vpc,
                Description = "Fleet instances",
                AllowAllOutbound = true,
            }),
            var own when Stack.Of(own).Node.Path == stack.Node.Path => own,
            var other => Amazon.CDK.AWS.EC2.SecurityGroup.FromSecurityGroupId(this, "SecurityGroupRef", other.SecurityGroupId,
                new SecurityGroupImportOptions { Mutable = false, AllowAllOutbound = true }),
        };

        Role = new Role(this, "InstanceRole", new RoleProps
        {
            AssumedBy = new ServicePrincipal("ec2.amazonaws.com"),
            Description = "Fleet instances: Session Manager, own SSM parameters and listed secrets only",
        });
        // What the SSM agent needs for Session Manager, instead of AmazonSSMManagedInstanceCore, which
        // would also allow ssm:GetParameter(s) on every parameter of the account.
        Role.AddToPolicy(new PolicyStatement(new PolicyStatementProps
        {
            Sid = "SessionManagerRegistration",
            Actions = ["ssm:UpdateInstanceInformation"],
            Resources = [stack.FormatArn(new ArnComponents { Service = "ec2", Resource = "instance", ResourceName = "*" })],
        }));
        Role.AddToPolicy(new PolicyStatement(new PolicyStatementProps
        {
            Sid = "SessionManagerChannels",
            // These actions take no resource ARN.
            Actions = ["ssmmessages:CreateControlChannel", "ssmmessages:CreateDataChannel", "ssmmessages:OpenControlChannel", "ssmmessages:OpenDataChannel"],
            Resources = ["*"],
        }));
        var path = props.ParameterPath.TrimEnd('/');
        Role.AddToPolicy(new PolicyStatement(new PolicyStatementProps
        {
            Sid = "ReadOwnParameters",
            Actions = ["ssm:GetParameter", "ssm:GetParameters", "ssm:GetParametersByPath"],
            Resources =
            [
                stack.FormatArn(new ArnComponents { Service = "ssm", Resource = "parameter", ResourceName = path.TrimStart('/'), ArnFormat = ArnFormat.SLASH_RESOURCE_NAME }),
                stack.FormatArn(new ArnComponents { Service = "ssm", Resource = "parameter", ResourceName = path.TrimStart('/') + "/*", ArnFormat = ArnFormat.SLASH_RESOURCE_NAME }),
            ],
        }));
        foreach (var secret in props.ReadableSecrets) secret.GrantRead(Role);

        var image = props.MachineImage ?? MachineImage.LatestAmazonLinux2023(new AmazonLinux2023ImageSsmParameterProps
        {
            CpuType = IsArm(props.InstanceType) ? AmazonLinuxCpuType.ARM_64 : AmazonLinuxCpuType.X86_64,
            CachedInContext = false,
        });

        // cfn-signal names the group by logical ID, and the launch template (made first) carries the
        // script: so the group gets a fixed logical ID, known before it exists.
        var groupLogicalId = GroupLogicalId(stack);
        var userData = Render(props.UserData, new Dictionary<string, string>(props.UserDataVariables, StringComparer.Ordinal)
        {
            ["STACK_NAME"] = stack.StackName,
            ["REGION"] = stack.Region,
            ["SIGNAL_RESOURCE"] = groupLogicalId,
            ["WAIT_FOR_SIGNAL"] = rolling.WaitOnResourceSignals ? "true" : "false",
        });

        LaunchTemplate = new LaunchTemplate(this, "LaunchTemplate", new LaunchTemplateProps
        {
            InstanceType = new Amazon.CDK.AWS.EC2.InstanceType(props.InstanceType),
            MachineImage = image,
            UserData = UserData.Custom(userData),
            Role = Role,
            SecurityGroup = SecurityGroup,
            RequireImdsv2 = true,
            HttpTokens = LaunchTemplateHttpTokens.REQUIRED,
            HttpPutResponseHopLimit = 1,
            DetailedMonitoring = true,
            AssociatePublicIpAddress = false,
            BlockDevices =
            [
                new BlockDevice
                {
                    DeviceName = props.RootDeviceName,
                    Volume = BlockDeviceVolume.Ebs(props.RootVolumeGiB, new EbsDeviceOptions
                    {
                        VolumeType = EbsDeviceVolumeType.GP3,
                        Encrypted = true,
                        DeleteOnTermination = true,
                    }),
                },
            ],
        });

        // A rolling update replaces instances in batches whenever the launch template (so its version)
        // changes; CDK 2.160 has no instance-refresh helper. MinInstancesInService keeps the configured
        // share of the baseline serving (CloudFormation launches replacements first when it must), and
        // CDK adds IgnoreUnmodifiedGroupSizeProperties, so a deploy never resets a scaled-out group.
        var baseline = props.DesiredCapacity ?? props.MinCapacity;
        MinInstancesInService = Math.Min((int)Math.Ceiling(baseline * rolling.MinHealthyPercent / 100.0), props.MaxCapacity - 1);
        MaxBatchSize = rolling.MaxBatchSize ?? Math.Max(1, baseline * (100 - rolling.MinHealthyPercent) / 100);

        var mixed = props.MixedInstances;
        var spotShare = mixed is not null && (mixed.OnDemandPercentageAboveBaseCapacity < 100);
        Group = new AutoScalingGroup(this, "Group", new AutoScalingGroupProps
        {
            Vpc = props.Vpc,
            VpcSubnets = new SubnetSelection { SubnetType = SubnetType.PRIVATE_WITH_EGRESS },
            LaunchTemplate = mixed is null ? LaunchTemplate : null,
            MixedInstancesPolicy = mixed is null ? null : new MixedInstancesPolicy
            {
                LaunchTemplate = LaunchTemplate,
                LaunchTemplateOverrides = new[] { props.InstanceType }.Concat(mixed.InstanceTypes).Distinct(StringComparer.Ordinal)
                    .Select(t => new LaunchTemplateOverrides { InstanceType = new Amazon.CDK.AWS.EC2.InstanceType(t) }).ToArray(),
                InstancesDistribution = new InstancesDistribution
                {
                    OnDemandAllocationStrategy = OnDemandAllocationStrategy.PRIORITIZED,
                    OnDemandBaseCapacity = mixed.OnDemandBaseCapacity,
                    OnDemandPercentageAboveBaseCapacity = mixed.OnDemandPercentageAboveBaseCapacity,
                    SpotAllocationStrategy = mixed.SpotAllocationStrategy,
                },
            },
            // Spot: replace an instance at risk of interruption before it goes.
            CapacityRebalance = spotShare ? true : null,
            MinCapacity = props.MinCapacity,
            MaxCapacity = props.MaxCapacity,
            DesiredCapacity = props.DesiredCapacity,
            HealthCheck = props.TargetGroup is not null
                ? AsgHealthCheck.Elb(new ElbHealthCheckOptions { Grace = props.HealthCheckGrace })
                : AsgHealthCheck.Ec2(new Ec2HealthCheckOptions { Grace = props.HealthCheckGrace }),
            DefaultInstanceWarmup = props.DefaultInstanceWarmup,
            GroupMetrics = [GroupMetrics.All()],
            Notifications = props.Notifications is null ? null : [new NotificationConfiguration { Topic = props.Notifications, ScalingEvents = ScalingEvents.ALL }],
            Signals = rolling.WaitOnResourceSignals ? Signals.WaitForMinCapacity(new SignalsOptions { Timeout = rolling.PauseTime }) : null,
            UpdatePolicy = UpdatePolicy.RollingUpdate(new RollingUpdateOptions
            {
                MinInstancesInService = MinInstancesInService,
                MaxBatchSize = MaxBatchSize,
                PauseTime = rolling.PauseTime,
                WaitOnResourceSignals = rolling.WaitOnResourceSignals,
            }),
        });
        ((CfnAutoScalingGroup)Group.Node.DefaultChild!).OverrideLogicalId(groupLogicalId);
        if (props.DesiredCapacity is not null)
            Annotations.Of(Group).AcknowledgeWarning("@aws-cdk/aws-autoscaling:desiredCapacitySet",
                "IgnoreUnmodifiedGroupSizeProperties: a deploy sets the size only when the configured desired capacity changes");

        if (props.TargetGroup is not null)
        {
            Group.AttachToApplicationTargetGroup(props.TargetGroup);
            if (props.RequestsPerTarget is { } requests)
                Group.ScaleOnRequestCount("RequestsPerTarget", new RequestCountScalingProps { TargetRequestsPerMinute = requests });
        }
        if (props.CpuTargetPercent is { } cpu)
            Group.ScaleOnCpuUtilization("Cpu", new CpuUtilizationScalingProps { TargetUtilizationPercent = cpu });

        foreach (var action in props.ScheduledActions)
        {
            Group.ScaleOnSchedule(action.Name, new BasicScheduledActionProps
            {
                Schedule = Schedule.Expression(action.Cron),
                TimeZone = action.TimeZone,
                MinCapacity = action.MinCapacity,
                MaxCapacity = action.MaxCapacity,
                DesiredCapacity = action.DesiredCapacity,
                StartTime = action.StartTime?.UtcDateTime,
                EndTime = action.EndTime?.UtcDateTime,
            });
        }

        if (props.WarmPool is { } warm)
        {
            Group.AddWarmPool(new WarmPoolOptions
            {
                MinSize = warm.MinSize,
                MaxGroupPreparedCapacity = warm.MaxPreparedCapacity,
                PoolState = warm.PoolState,
                ReuseOnScaleIn = warm.ReuseOnScaleIn,
            });
        }
    }

    /// <summary>Adds a permission to the instance role (the worker fleet's queues, for example).</summary>
    public void AddToRolePolicy(PolicyStatement statement) => Role.AddToPolicy(statement);

    /// <summary>Adds a target-tracking policy on any metric (a queue's backlog per instance, for example).</summary>
    public TargetTrackingScalingPolicy ScaleToTrackMetric(string id, IMetric metric, double targetValue) =>
        Group.ScaleToTrackMetric(id, new MetricTargetTrackingProps { Metric = metric, TargetValue = targetValue });

    private static string Render(string script, Dictionary<string, string> variables) =>
        VariablePattern().Replace(script, m => variables.TryGetValue(m.Groups[1].Value, out var v) ? v : m.Value);

    /// <summary>"WebFleetGroup": the fleet's path below its stack, letters and digits only, plus "Group".</summary>
    private string GroupLogicalId(Stack stack)
    {
        var below = Node.Scopes.SkipWhile(s => s.Node.Path != stack.Node.Path).Skip(1).Select(s => s.Node.Id);
        return new string(string.Concat(below.Append("Group")).Where(char.IsAsciiLetterOrDigit).ToArray());
    }

    private static void Validate(FleetProps p)
    {
        void Require(bool ok, string message)
        {
            if (!ok) throw new ArgumentException(message, nameof(p));
        }
        Require(p.MinCapacity >= 0 && p.MinCapacity <= p.MaxCapacity, $"MinCapacity {p.MinCapacity} must be 0 to MaxCapacity {p.MaxCapacity}");
        Require(p.DesiredCapacity is null || (p.DesiredCapacity >= p.MinCapacity && p.DesiredCapacity <= p.MaxCapacity),
            $"DesiredCapacity {p.DesiredCapacity} must be within [{p.MinCapacity}, {p.MaxCapacity}]");
        Require(p.RequestsPerTarget is null || p.TargetGroup is not null, "RequestsPerTarget needs a TargetGroup");
        Require(p.RequestsPerTarget is null or > 0, "RequestsPerTarget must be positive");
        Require(p.CpuTargetPercent is null or > 0 and <= 100, "CpuTargetPercent must be 1 to 100");
        Require(p.WarmPool is null || p.MixedInstances is null, "a warm pool cannot be used with mixed instances");
        Require(p.RollingUpdate.MinHealthyPercent is >= 0 and <= 100, "MinHealthyPercent must be 0 to 100");
        Require(p.RollingUpdate.MaxBatchSize is null or >= 1, "MaxBatchSize must be at least 1");
        Require(p.MaxCapacity >= 1, "MaxCapacity must be at least 1");
        var unknown = UnknownVariables(p.UserData, p.UserDataVariables.Keys).ToList();
        Require(unknown.Count == 0, $"user data uses unknown variables: {string.Join(", ", unknown.Select(u => $"@@{u}@@"))}");
    }
}
