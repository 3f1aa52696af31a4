using Amazon.CDK.AWS.AutoScaling;
using Amazon.CDK.AWS.ElasticLoadBalancingV2;
using AsgHealthCheck = Amazon.CDK.AWS.AutoScaling.HealthCheck;
using BlockDevice = Amazon.CDK.AWS.EC2.BlockDevice;
using BlockDeviceVolume = Amazon.CDK.AWS.EC2.BlockDeviceVolume;
using EbsDeviceOptions = Amazon.CDK.AWS.EC2.EbsDeviceOptions;
using EbsDeviceVolumeType = Amazon.CDK.AWS.EC2.EbsDeviceVolumeType;

namespace Headroom.Blocks.Fleet;

/// <summary>A fleet's settings and what it is wired to. A record, so a tier can start from shared fleet props and add its own with <c>with</c>.</summary>
public sealed record FleetProps : FleetSettings
{
    /// <summary>Wiring on top of settings made elsewhere (an environment file's), or on top of the defaults.</summary>
    public FleetProps(FleetSettings? settings = null) : base(settings ?? new()) { }

    public required IVpc Vpc { get; init; }
    /// <summary>The instances' security group; null creates one with no ingress. A group from another stack is
    /// used unchanged: the caller creates the rules that admit traffic to it (in the caller's stack).</summary>
    public ISecurityGroup? SecurityGroup { get; init; }
    /// <summary>Overrides <see cref="FleetSettings.AmiId"/> and <see cref="FleetSettings.AmiSsmParameter"/>; with all three
    /// null, the latest Amazon Linux 2023 for the instance type's architecture, resolved from its public SSM
    /// parameter at deploy time (no lookup at synth).</summary>
    public IMachineImage? MachineImage { get; init; }
    /// <summary>The user-data script. @@NAME@@ variables are replaced: the caller's <see cref="UserDataVariables"/>
    /// and the block's own (<see cref="Fleet.BlockUserDataVariables"/>).</summary>
    public required string UserData { get; init; }
    public IReadOnlyDictionary<string, string> UserDataVariables { get; init; } = new Dictionary<string, string>();
    /// <summary>Set for a fleet behind a load balancer: instances register with it and the group uses its health checks.</summary>
    public ApplicationTargetGroup? TargetGroup { get; init; }
    /// <summary>Launch, terminate and failure notifications go here (the ops topic).</summary>
    public ITopic? Notifications { get; init; }
    /// <summary>"/headroom/prod": the instances may read the SSM parameters under this path, and no others.</summary>
    public required string ParameterPath { get; init; }
    /// <summary>The only secrets the instances may read.</summary>
    public IReadOnlyList<ISecret> ReadableSecrets { get; init; } = [];

    /// <summary>The settings' rules and what the wiring must agree with.</summary>
    public void CheckWiring(ISettingsReport r)
    {
        Check(r);
        r.Check(TargetTracking is null || TargetGroup is not null, nameof(TargetTracking), TargetTracking, "needs a TargetGroup: it tracks requests per target");
        Fleet.CheckUserData(r, nameof(UserData), "the script", UserData, UserDataVariables.Keys);
    }
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
    [GeneratedRegex(@"^[a-z]+[0-9]+g[a-z]*(-flex)?\.")] private static partial Regex ArmFamily();

    public AutoScalingGroup Group { get; }
    public Role Role { get; }
    public ISecurityGroup SecurityGroup { get; }
    public LaunchTemplate LaunchTemplate { get; }
    /// <summary>MinInstancesInService of the rolling update, as computed.</summary>
    public int MinInstancesInService { get; }
    /// <summary>The group's minimum size, as set (0: it may stop altogether).</summary>
    public int MinCapacity { get; }
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
        Settings.Enforce(nameof(Fleet), props.CheckWiring);
        MinCapacity = props.MinCapacity;
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

        var image = props.MachineImage ?? props switch
        {
            { AmiId: { } ami } => MachineImage.GenericLinux(new Dictionary<string, string> { [stack.Region] = ami }),
            { AmiSsmParameter: { } parameter } => MachineImage.FromSsmParameter(parameter, new SsmParameterImageOptions { Os = OperatingSystemType.LINUX, CachedInContext = false }),
            _ => MachineImage.LatestAmazonLinux2023(new AmazonLinux2023ImageSsmParameterProps
            {
                CpuType = IsArm(props.InstanceType) ? AmazonLinuxCpuType.ARM_64 : AmazonLinuxCpuType.X86_64,
                CachedInContext = false,
            }),
        };

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
        MinInstancesInService = Math.Min((int)Math.Ceiling(props.Baseline * rolling.MinHealthyPercent / 100.0), props.MaxCapacity - 1);
        MaxBatchSize = rolling.MaxBatchSize ?? props.LargestBatchSize;
        var pause = Duration.Minutes(rolling.PauseMinutes);
        var grace = Duration.Seconds(props.HealthCheckGraceSeconds);

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
                    SpotAllocationStrategy = Spot(mixed.SpotAllocationStrategy),
                },
            },
            // Spot: replace an instance at risk of interruption before it goes.
            CapacityRebalance = spotShare ? true : null,
            MinCapacity = props.MinCapacity,
            MaxCapacity = props.MaxCapacity,
            DesiredCapacity = props.DesiredCapacity,
            HealthCheck = props.TargetGroup is not null
                ? AsgHealthCheck.Elb(new ElbHealthCheckOptions { Grace = grace })
                : AsgHealthCheck.Ec2(new Ec2HealthCheckOptions { Grace = grace }),
            DefaultInstanceWarmup = Duration.Seconds(props.DefaultInstanceWarmupSeconds),
            GroupMetrics = [GroupMetrics.All()],
            Notifications = props.Notifications is null ? null : [new NotificationConfiguration { Topic = props.Notifications, ScalingEvents = ScalingEvents.ALL }],
            Signals = rolling.WaitOnResourceSignals ? Signals.WaitForMinCapacity(new SignalsOptions { Timeout = pause }) : null,
            UpdatePolicy = UpdatePolicy.RollingUpdate(new RollingUpdateOptions
            {
                MinInstancesInService = MinInstancesInService,
                MaxBatchSize = MaxBatchSize,
                PauseTime = pause,
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
            if (props.TargetTracking is { } tracking)
                Group.ScaleOnRequestCount("RequestsPerTarget", new RequestCountScalingProps { TargetRequestsPerMinute = tracking.RequestsPerTarget });
        }
        if (props.TargetTracking is { } target)
            Group.ScaleOnCpuUtilization("Cpu", new CpuUtilizationScalingProps { TargetUtilizationPercent = target.CpuPercent });

        foreach (var action in props.ScheduledActions)
        {
            Group.ScaleOnSchedule(action.Name, new BasicScheduledActionProps
            {
                Schedule = Amazon.CDK.AWS.AutoScaling.Schedule.Expression(action.Schedule),
                TimeZone = action.TimeZone,
                MinCapacity = action.MinCapacity,
                MaxCapacity = action.MaxCapacity,
                DesiredCapacity = action.DesiredCapacity,
                StartTime = action.ParsedStart?.UtcDateTime,
                EndTime = action.ParsedEnd?.UtcDateTime,
            });
        }

        if (props.WarmPool is { } warm)
        {
            Group.AddWarmPool(new WarmPoolOptions
            {
                MinSize = warm.MinSize,
                MaxGroupPreparedCapacity = warm.MaxPreparedCapacity,
                PoolState = Pool(warm.PoolState),
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

    /// <summary>The variables a user-data script uses that neither the caller nor the block fills: none may be left.</summary>
    public static bool CheckUserData(ISettingsReport r, string setting, object? value, string userData, IEnumerable<string> callerVariables)
    {
        var callers = callerVariables.ToList();
        var unknown = UnknownVariables(userData, callers).ToList();
        return r.Check(unknown.Count == 0, setting, value,
            $"uses unknown variables {string.Join(", ", unknown.Select(u => $"@@{u}@@"))}; known: " +
            string.Join(", ", callers.Concat(BlockUserDataVariables).Select(n => $"@@{n}@@")));
    }

    private static PoolState Pool(WarmPoolState state) => state switch
    {
        WarmPoolState.Stopped => PoolState.STOPPED,
        WarmPoolState.Running => PoolState.RUNNING,
        WarmPoolState.Hibernated => PoolState.HIBERNATED,
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, "no such warm-pool state"),
    };

    private static SpotAllocationStrategy Spot(SpotStrategy strategy) => strategy switch
    {
        SpotStrategy.PriceCapacityOptimized => SpotAllocationStrategy.PRICE_CAPACITY_OPTIMIZED,
        SpotStrategy.CapacityOptimized => SpotAllocationStrategy.CAPACITY_OPTIMIZED,
        SpotStrategy.CapacityOptimizedPrioritized => SpotAllocationStrategy.CAPACITY_OPTIMIZED_PRIORITIZED,
        SpotStrategy.LowestPrice => SpotAllocationStrategy.LOWEST_PRICE,
        _ => throw new ArgumentOutOfRangeException(nameof(strategy), strategy, "no such Spot allocation strategy"),
    };
}
