using System.Reflection;
using Amazon.CDK;
using Amazon.CDK.AWS.AutoScaling;
using Amazon.CDK.AWS.EC2;
using Amazon.CDK.AWS.SSM;
using Headroom.App.Config.Sections;
using Headroom.Blocks.Fleet;
using Headroom.Blocks.LoadBalancer;
using Headroom.Blocks.Common;

namespace Headroom.App.Stacks;

public sealed partial class EnvironmentStacks
{
    public const string DefaultWebUserDataResource = "Headroom.App.UserData.web-default.sh";

    /// <summary>Where the application's settings live in SSM Parameter Store: "/headroom/prod".</summary>
    public string ParameterPath => $"/headroom/{Config.Name}";

    public LoadBalancer WebLoadBalancer { get; private set; } = null!;
    public Fleet WebFleet { get; private set; } = null!;

    /// <summary>The load balancer and the web fleet, both in the App stack. The fleet's instances use
    /// <see cref="WebSecurityGroup"/> (Network stack); the rule admitting the load balancer to it is made
    /// in the App stack, so neither the Network nor the Data stack depends on the App stack.</summary>
    private void AddWeb()
    {
        var web = Config.Web;
        var lb = web.LoadBalancer;
        var health = web.HealthCheck;
        WebLoadBalancer = new LoadBalancer(App, "WebLoadBalancer", new LoadBalancerProps
        {
            Vpc = NetworkBlock.Vpc,
            CloudFrontPrefixListId = lb.EffectivePrefixListId(Config),
            OriginVerifyHeaderName = lb.OriginVerifyHeader,
            // In the Data stack, so the App stack stays replaceable (EnvironmentStacks.OriginVerify.cs).
            OriginVerifySecret = OriginVerifySecret,
            CertificateArn = lb.CertificateArn,
            SslPolicy = LoadBalancer.ModernTlsPolicies[lb.SslPolicy],
            IdleTimeoutSeconds = lb.IdleTimeoutSeconds,
            DeletionProtection = lb.EffectiveDeletionProtection(Config),
            AccessLogExpirationDays = lb.AccessLogExpirationDays,
            // Production keeps its logs when the App stack is replaced; elsewhere they go with it.
            AccessLogRemovalPolicy = Config.Production ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
            TargetPort = web.InstancePort,
            HealthCheckPath = health.Path,
            HealthCheckIntervalSeconds = health.IntervalSeconds,
            HealthCheckTimeoutSeconds = health.TimeoutSeconds,
            HealthyThreshold = health.HealthyThreshold,
            UnhealthyThreshold = health.UnhealthyThreshold,
            HealthyHttpCodes = health.HealthyHttpCodes,
            DeregistrationDelaySeconds = health.DeregistrationDelaySeconds,
            SlowStartSeconds = health.SlowStartSeconds,
        });

        var fleet = web.Fleet;
        var variables = new Dictionary<string, string>
        {
            ["APP_PORT"] = web.InstancePort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["HEALTH_PATH"] = health.Path,
            ["ENVIRONMENT"] = Config.Name,
            ["PARAMETER_PATH"] = ParameterPath,
        };
        WebFleet = new Fleet(App, "WebFleet", FleetPropsFrom(fleet, WebSecurityGroup, ReadUserData(fleet), variables) with
        {
            TargetGroup = WebLoadBalancer.TargetGroup,
            RequestsPerTarget = web.Scaling.RequestsPerTarget,
            CpuTargetPercent = web.Scaling.CpuPercent,
        });

        // The app connects to the database and the cache with these; it may read no other secret.
        DatabaseBlock.GrantSecretRead(WebFleet.Role);
        CacheBlock.GrantAuthTokenRead(WebFleet.Role);

        // The load balancer may reach the web instances on the application port. Made here, in the App
        // stack, so the Network stack (which owns the group) never refers to the App stack.
        new CfnSecurityGroupIngress(App, "WebFleetFromLoadBalancer", new CfnSecurityGroupIngressProps
        {
            GroupId = WebSecurityGroup.SecurityGroupId,
            SourceSecurityGroupId = WebLoadBalancer.SecurityGroup.SecurityGroupId,
            IpProtocol = "tcp",
            FromPort = web.InstancePort,
            ToPort = web.InstancePort,
            Description = "Web load balancer to the application port",
        });

        WriteParameter("WebLoadBalancerDnsName", "web/load-balancer-dns-name", WebLoadBalancer.DnsName,
            "DNS name of the web load balancer (the CloudFront origin)");
        if (WebLoadBalancer.OriginVerifySecret is { } secret)
        {
            WriteParameter("WebOriginVerifySecretArn", "web/origin-verify-secret-arn", secret.SecretArn,
                "ARN of the secret CloudFront sends in the origin-verify header");
            WriteParameter("WebOriginVerifyHeader", "web/origin-verify-header", WebLoadBalancer.OriginVerifyHeaderName!,
                "Name of the origin-verify header");
        }
    }

    /// <summary>Fleet props from the reusable fleet settings; a tier adds its own (load balancer, scaling).</summary>
    private FleetProps FleetPropsFrom(FleetConfig fleet, ISecurityGroup securityGroup, string userData, IReadOnlyDictionary<string, string> variables) => new()
    {
        Vpc = NetworkBlock.Vpc,
        SecurityGroup = securityGroup,
        InstanceType = fleet.InstanceType,
        MachineImage = fleet.AmiId is { } ami
            ? MachineImage.GenericLinux(new Dictionary<string, string> { [Config.Region] = ami })
            : fleet.AmiSsmParameter is { } parameter
                ? MachineImage.FromSsmParameter(parameter, new SsmParameterImageOptions { Os = OperatingSystemType.LINUX, CachedInContext = false })
                : null,
        UserData = userData,
        UserDataVariables = variables,
        RootVolumeGiB = fleet.RootVolumeGiB,
        RootDeviceName = fleet.RootDeviceName,
        MinCapacity = fleet.EffectiveMinCapacity(Config),
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
        ParameterPath = ParameterPath,
        Notifications = MonitoringBlock.Topic,
    };

    /// <summary>The configured user-data file (validated to exist), or the default shipped in the app.</summary>
    private string ReadUserData(FleetConfig fleet, string defaultResource = DefaultWebUserDataResource)
    {
        if (fleet.UserDataFullPath(Config) is { } file) return File.ReadAllText(file);
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(defaultResource)
            ?? throw new InvalidOperationException($"embedded resource {defaultResource} is missing");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>An application setting under <see cref="ParameterPath"/>, for instances to read at boot.</summary>
    private void WriteParameter(string id, string name, string value, string description) =>
        AppSettings.Publish(App, id, $"{ParameterPath}/{name}", value, description, ParameterTier.STANDARD);
}
