using Headroom.Blocks.LoadBalancer;

namespace Headroom.App.Config.Sections;

/// <summary>
/// The web tier: the load balancer, the web target group (the application's port and its health check), the
/// fleet behind it and how that fleet scales. The section itself overrides the target group's settings
/// (<see cref="TargetGroupSettings"/>); each nested section overrides its block's.
/// </summary>
[SectionFields] public sealed partial class WebConfig : IConfigSection, IOverrides<TargetGroupSettings>
{
    public WebLoadBalancerConfig LoadBalancer { get; set; } = new();
    public HealthCheckConfig HealthCheck { get; set; } = new();
    public FleetConfig Fleet { get; set; } = new();
    public WebScalingConfig Scaling { get; set; } = new();

    /// <summary>What the app substitutes in web user data (@@NAME@@); the Fleet block adds its own.</summary>
    public static readonly IReadOnlyList<string> UserDataVariables = ["APP_PORT", "HEALTH_PATH", "ENVIRONMENT", "PARAMETER_PATH"];

    public TargetGroupSettings Apply(TargetGroupSettings d, EnvironmentConfig environment) => Overlay(d, environment) with
    {
        HealthCheck = HealthCheck.Apply(d.HealthCheck, environment),
    };

    /// <summary>The load balancer block's settings for this environment, the web target group's included.</summary>
    public LoadBalancerSettings LoadBalancerSettings(EnvironmentConfig environment) =>
        LoadBalancer.Settings(environment) with { Targets = Settings(environment) };

    /// <summary>The web fleet's settings for this environment, with its target tracking.</summary>
    public FleetSettings FleetSettings(EnvironmentConfig environment) =>
        Fleet.Settings(environment) with { TargetTracking = Scaling.Settings(environment) };

    public void Validate(ConfigValidator v, string path)
    {
        Settings(v.Root).Check(v.Report(path, GetType()));
        LoadBalancer.Validate(v, $"{path}.loadBalancer");
        Fleet.Validate(v, $"{path}.fleet");
        Fleet.ValidateUserData(v, $"{path}.fleet", UserDataVariables);
        Scaling.Settings(v.Root).Check(v.Report($"{path}.scaling", Scaling.GetType()));
    }
}

/// <summary>The `web.loadBalancer:` section: overrides of the load balancer block's settings (<see cref="LoadBalancerSettings"/>),
/// and the environment's policy. Its own settings hold the target group's defaults; <see cref="WebConfig.LoadBalancerSettings"/>
/// adds the web target group's.</summary>
[SectionFields] public sealed partial class WebLoadBalancerConfig : IConfigSection, IOverrides<LoadBalancerSettings>
{
    public LoadBalancerSettings Apply(LoadBalancerSettings d, EnvironmentConfig environment) => Overlay(d, environment) with
    {
        // Outside production, off unless the file turns it on.
        DeletionProtection = DeletionProtection ?? (environment.Production && d.DeletionProtection),
    };

    public void Validate(ConfigValidator v, string path)
    {
        var env = v.Root;
        var settings = Settings(env);
        // The environment's region, partition and account.
        if (settings.BehindCloudFront && settings.CloudFrontPrefixListId is null && env.Region.Length > 0 && CloudFrontPrefixLists.For(env.Region) is null)
            v.Error($"{path}.cloudFrontPrefixListId", null, CloudFrontPrefixLists.Missing(env.Region));
        if (settings.CertificateParts is ({ } partition, { } region, { } account))
        {
            var arn = settings.CertificateArn;
            v.Check(partition == Partitions.Of(env.Region), $"{path}.certificateArn", arn,
                $"must be in the environment's partition '{Partitions.Of(env.Region)}' (arn:{Partitions.Of(env.Region)}:acm:...)");
            v.Check(region == env.Region, $"{path}.certificateArn", arn,
                $"must be a certificate in the environment's region '{env.Region}' (a load balancer uses certificates of its own region)");
            v.Check(account == env.Account, $"{path}.certificateArn", arn, $"must be a certificate of the environment's account '{env.Account}'");
        }
        if (settings.CertificateArn is null && SslPolicy is not null)
            v.Error($"{path}.sslPolicy", SslPolicy, "only applies with a certificateArn (HTTPS)");
        // Production's policy, before the block's rules: a field it refuses is not refused twice.
        if (env.Production)
        {
            if (settings.DeletionProtection == false)
                v.Error($"{path}.deletionProtection", false, "must be true in production (or left out)");
            if (settings.CertificateArn is null)
                v.Error($"{path}.certificateArn", null, "is required in production: no plain HTTP from the internet, not even from CloudFront to the load balancer");
            if (settings.AllowPlainHttpOrigin)
                v.Error($"{path}.allowPlainHttpOrigin", true, "must not be true in production");
        }
        settings.Check(v.Report(path, GetType()));
    }
}

[SectionFields] public sealed partial class HealthCheckConfig : IOverrides<HealthCheckSettings>;

/// <summary>The `web.scaling:` section: overrides of the web fleet's target tracking (<see cref="TargetTrackingSettings"/>).</summary>
[SectionFields] public sealed partial class WebScalingConfig : IOverrides<TargetTrackingSettings>;
