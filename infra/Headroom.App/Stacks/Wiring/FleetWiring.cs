using System.Reflection;
using Amazon.CDK;
using Amazon.CDK.AWS.AutoScaling;
using Amazon.CDK.AWS.EC2;
using Amazon.CDK.AWS.SNS;
using Headroom.App.Config;
using Headroom.App.Config.Sections;
using Headroom.Blocks.Fleet;

namespace Headroom.App.Stacks.Wiring;

/// <summary>What every fleet (web, workers) takes from its `fleet:` settings.</summary>
public static class FleetWiring
{
    public const string DefaultWebUserDataResource = "Headroom.App.UserData.web-default.sh";
    public const string DefaultWorkerUserDataResource = "Headroom.App.UserData.worker-default.sh";

    /// <summary>Fleet props from the reusable fleet settings; a tier adds its own (load balancer, scaling).</summary>
    public static FleetProps PropsFrom(EnvironmentConfig config, EnvironmentNames names, NetworkTier network, FleetConfig fleet, ISecurityGroup securityGroup,
        string userData, IReadOnlyDictionary<string, string> variables, ITopic notifications) => new()
    {
        Vpc = network.Network.Vpc,
        SecurityGroup = securityGroup,
        InstanceType = fleet.InstanceType,
        MachineImage = fleet.AmiId is { } ami
            ? MachineImage.GenericLinux(new Dictionary<string, string> { [config.Region] = ami })
            : fleet.AmiSsmParameter is { } parameter
                ? MachineImage.FromSsmParameter(parameter, new SsmParameterImageOptions { Os = OperatingSystemType.LINUX, CachedInContext = false })
                : null,
        UserData = userData,
        UserDataVariables = variables,
        RootVolumeGiB = fleet.RootVolumeGiB,
        RootDeviceName = fleet.RootDeviceName,
        MinCapacity = fleet.EffectiveMinCapacity(config),
        MaxCapacity = fleet.MaxCapacity,
        DesiredCapacity = fleet.DesiredCapacity,
        HealthCheckGrace = Duration.Seconds(fleet.HealthCheckGraceSeconds),
        DefaultInstanceWarmup = Duration.Seconds(fleet.DefaultInstanceWarmupSeconds),
        ScheduledActions = fleet.ScheduledActions.Select(a => new FleetScheduledAction
        {
            Name = a.Name,
            Cron = a.Schedule,
            TimeZone = a.TimeZone,
            MinCapacity = a.MinCapacity,
            MaxCapacity = a.MaxCapacity,
            DesiredCapacity = a.DesiredCapacity,
            StartTime = a.ParsedStart,
            EndTime = a.ParsedEnd,
        }).ToList(),
        WarmPool = fleet.WarmPool is { } warm
            ? new FleetWarmPool
            {
                MinSize = warm.MinSize,
                MaxPreparedCapacity = warm.MaxPreparedCapacity,
                PoolState = warm.PoolState switch
                {
                    WarmPoolState.Running => PoolState.RUNNING,
                    WarmPoolState.Hibernated => PoolState.HIBERNATED,
                    _ => PoolState.STOPPED,
                },
                ReuseOnScaleIn = warm.ReuseOnScaleIn,
            }
            : null,
        MixedInstances = fleet.MixedInstances is { } mixed
            ? new FleetMixedInstances
            {
                InstanceTypes = mixed.InstanceTypes,
                OnDemandBaseCapacity = mixed.OnDemandBaseCapacity,
                OnDemandPercentageAboveBaseCapacity = mixed.OnDemandPercentageAboveBaseCapacity,
                SpotAllocationStrategy = mixed.SpotAllocationStrategy switch
                {
                    SpotStrategy.CapacityOptimized => SpotAllocationStrategy.CAPACITY_OPTIMIZED,
                    SpotStrategy.CapacityOptimizedPrioritized => SpotAllocationStrategy.CAPACITY_OPTIMIZED_PRIORITIZED,
                    SpotStrategy.LowestPrice => SpotAllocationStrategy.LOWEST_PRICE,
                    _ => SpotAllocationStrategy.PRICE_CAPACITY_OPTIMIZED,
                },
            }
            : null,
        RollingUpdate = new FleetRollingUpdate
        {
            MinHealthyPercent = fleet.RollingUpdate.MinHealthyPercent,
            MaxBatchSize = fleet.RollingUpdate.MaxBatchSize,
            PauseTime = Duration.Minutes(fleet.RollingUpdate.PauseMinutes),
            WaitOnResourceSignals = fleet.RollingUpdate.WaitOnResourceSignals,
        },
        ParameterPath = names.ParameterPath,
        Notifications = notifications,
    };

    /// <summary>The configured user-data file (validated to exist), or the default shipped in the app.</summary>
    public static string ReadUserData(EnvironmentConfig config, FleetConfig fleet, string defaultResource)
    {
        if (fleet.UserDataFullPath(config) is { } file) return File.ReadAllText(file);
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(defaultResource)
            ?? throw new InvalidOperationException($"embedded resource {defaultResource} is missing");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
