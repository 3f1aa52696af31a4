using Headroom.Blocks.Common;
using Headroom.Blocks.Fleet;
using Headroom.Blocks.LoadBalancer;

namespace Headroom.App.Config.Sections;

/// <summary>
/// The web tier: the load balancer, the web target group (the application's port and its health check), the
/// fleet behind it and how that fleet scales. The section itself overrides the target group's settings
/// (<see cref="TargetGroupSettings"/>); each nested section overrides its block's.
/// </summary>
public sealed class WebConfig : IConfigSection, IOverrides<TargetGroupSettings>
{
    /// <summary>The port the application listens on in each instance; the target group forwards to it.</summary>
    [Field("1–65535 except 22: the application's port on each instance")]
    [Setting(nameof(TargetGroupSettings.Port))]
    public int? InstancePort { get; set; }
    public WebLoadBalancerConfig LoadBalancer { get; set; } = new();
    public HealthCheckConfig HealthCheck { get; set; } = new();
    public FleetConfig Fleet { get; set; } = new();
    public WebScalingConfig Scaling { get; set; } = new();

    /// <summary>What the app substitutes in web user data (@@NAME@@); the Fleet block adds its own.</summary>
    public static readonly IReadOnlyList<string> UserDataVariables = ["APP_PORT", "HEALTH_PATH", "ENVIRONMENT", "PARAMETER_PATH"];

    public TargetGroupSettings Apply(TargetGroupSettings d, EnvironmentConfig environment) => d with
    {
        Port = InstancePort ?? d.Port,
        HealthCheck = HealthCheck.Apply(d.HealthCheck, environment),
    };

    /// <summary>The web target group's settings for this environment.</summary>
    public TargetGroupSettings Settings(EnvironmentConfig environment) => Apply(new TargetGroupSettings(), environment);

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
/// and the environment's policy.</summary>
public sealed class WebLoadBalancerConfig : IConfigSection, IOverrides<LoadBalancerSettings>
{
    /// <summary>CloudFront fronts the load balancer: only its origin-facing addresses may connect, and
    /// only requests with the origin-verify header are served.</summary>
    [Field("`false` opens the listeners to the internet (production then needs a certificate)")]
    public bool? BehindCloudFront { get; set; }

    /// <summary>Overrides the built-in ID of the region's CloudFront origin-facing prefix list.</summary>
    [Field("`pl-…`; required in other regions", Default = "built in for 16 regions")]
    public string? CloudFrontPrefixListId { get; set; }

    [Field("`X-` and letters, digits, `-`")]
    [Setting(nameof(LoadBalancerSettings.OriginVerifyHeaderName))]
    public string? OriginVerifyHeader { get; set; }

    /// <summary>An ACM certificate in the environment's account and region; unset: HTTP only.</summary>
    [Field("an ACM certificate ARN of the environment's account and region (CloudFront to the load balancer crosses the internet)", Default = "none; **required** unless `allowPlainHttpOrigin: true`, always in production")]
    public string? CertificateArn { get; set; }

    /// <summary>Accepts a load balancer without a certificate: plain HTTP between CloudFront (or the
    /// viewers) and the load balancer. Must be said explicitly, never in production.</summary>
    [Field("`true` accepts a load balancer without a certificate: plain HTTP between CloudFront and it, origin-verify header and cookies included. Never in production; `preview` shows it and `check` lists it as acknowledged")]
    public bool? AllowPlainHttpOrigin { get; set; }

    [Field("that, `…-TLS13-1-2-Res-2021-06`, `…-TLS13-1-3-2021-06`; only with a certificate")]
    public string? SslPolicy { get; set; }
    [Field("1–4000")]
    public int? IdleTimeoutSeconds { get; set; }

    /// <summary>Unset: on in production, off elsewhere. Production cannot turn it off.</summary>
    [Field("`true`/`false`; cannot be `false` in production", Default = "on in production, else off")]
    public bool? DeletionProtection { get; set; }

    [Field("1–3650")]
    public int? AccessLogExpirationDays { get; set; }

    public LoadBalancerSettings Apply(LoadBalancerSettings d, EnvironmentConfig environment) => d with
    {
        BehindCloudFront = BehindCloudFront ?? d.BehindCloudFront,
        CloudFrontPrefixListId = CloudFrontPrefixListId ?? d.CloudFrontPrefixListId,
        OriginVerifyHeaderName = OriginVerifyHeader ?? d.OriginVerifyHeaderName,
        CertificateArn = CertificateArn ?? d.CertificateArn,
        AllowPlainHttpOrigin = AllowPlainHttpOrigin ?? d.AllowPlainHttpOrigin,
        SslPolicy = SslPolicy ?? d.SslPolicy,
        IdleTimeoutSeconds = IdleTimeoutSeconds ?? d.IdleTimeoutSeconds,
        // Outside production, off unless the file turns it on.
        DeletionProtection = DeletionProtection ?? (environment.Production && d.DeletionProtection),
        AccessLogExpirationDays = AccessLogExpirationDays ?? d.AccessLogExpirationDays,
    };

    /// <summary>The block's settings for this environment (the target group's at their defaults: see <see cref="WebConfig.LoadBalancerSettings"/>).</summary>
    public LoadBalancerSettings Settings(EnvironmentConfig environment) => Apply(new LoadBalancerSettings(), environment);

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

public sealed class HealthCheckConfig : IOverrides<HealthCheckSettings>
{
    [Field("`/` then letters, digits, `._~/-`")]
    public string? Path { get; set; }
    [Field("5–300")]
    public int? IntervalSeconds { get; set; }
    [Field("2–120, below `intervalSeconds`")]
    public int? TimeoutSeconds { get; set; }
    [Field("2–10")]
    public int? HealthyThreshold { get; set; }
    [Field("2–10")]
    public int? UnhealthyThreshold { get; set; }
    /// <summary>Status codes that count as healthy: "200", "200-299", "200,301".</summary>
    [Field("codes 200–499: `200`, `200-299`, `200,302`")]
    public string? HealthyHttpCodes { get; set; }
    /// <summary>Connection draining: how long a leaving instance may finish its requests.</summary>
    [Field("0–3600 (connection draining)")]
    public int? DeregistrationDelaySeconds { get; set; }
    /// <summary>0 (off) or 30 to 900: a new instance's share of requests ramps up over this time.</summary>
    [Field("0 or 30–900", Default = "`0` (off)")]
    public int? SlowStartSeconds { get; set; }

    public HealthCheckSettings Apply(HealthCheckSettings d, EnvironmentConfig environment) => d with
    {
        Path = Path ?? d.Path,
        IntervalSeconds = IntervalSeconds ?? d.IntervalSeconds,
        TimeoutSeconds = TimeoutSeconds ?? d.TimeoutSeconds,
        HealthyThreshold = HealthyThreshold ?? d.HealthyThreshold,
        UnhealthyThreshold = UnhealthyThreshold ?? d.UnhealthyThreshold,
        HealthyHttpCodes = HealthyHttpCodes ?? d.HealthyHttpCodes,
        DeregistrationDelaySeconds = DeregistrationDelaySeconds ?? d.DeregistrationDelaySeconds,
        SlowStartSeconds = SlowStartSeconds ?? d.SlowStartSeconds,
    };
}

/// <summary>The `web.scaling:` section: overrides of the web fleet's target tracking (<see cref="TargetTrackingSettings"/>).</summary>
public sealed class WebScalingConfig : IOverrides<TargetTrackingSettings>
{
    /// <summary>Target of ALBRequestCountPerTarget: requests per instance per minute.</summary>
    [Field("1–1000000 requests per instance per minute")]
    public int? RequestsPerTarget { get; set; }
    /// <summary>Target of average CPU utilization, in percent.</summary>
    [Field("10–90")]
    public int? CpuPercent { get; set; }

    public TargetTrackingSettings Apply(TargetTrackingSettings d, EnvironmentConfig environment) => d with
    {
        RequestsPerTarget = RequestsPerTarget ?? d.RequestsPerTarget,
        CpuPercent = CpuPercent ?? d.CpuPercent,
    };

    public TargetTrackingSettings Settings(EnvironmentConfig environment) => Apply(new TargetTrackingSettings(), environment);
}
