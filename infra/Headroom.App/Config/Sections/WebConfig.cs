using System.Text.RegularExpressions;
using Headroom.Blocks.LoadBalancer;

namespace Headroom.App.Config.Sections;

/// <summary>
/// The web tier: the load balancer, its health check, the fleet behind it and how that fleet scales.
/// </summary>
public sealed class WebConfig : IConfigSection
{
    /// <summary>The port the application listens on in each instance; the target group forwards to it.</summary>
    [Field("1–65535 except 22: the application's port on each instance")]
    public int InstancePort { get; set; } = 80;
    public WebLoadBalancerConfig LoadBalancer { get; set; } = new();
    public HealthCheckConfig HealthCheck { get; set; } = new();
    public FleetConfig Fleet { get; set; } = new();
    public WebScalingConfig Scaling { get; set; } = new();

    /// <summary>What the app substitutes in web user data (@@NAME@@); the Fleet block adds its own.</summary>
    public static readonly IReadOnlyList<string> UserDataVariables = ["APP_PORT", "HEALTH_PATH", "ENVIRONMENT", "PARAMETER_PATH"];

    public void Validate(ConfigValidator v, string path)
    {
        v.Range($"{path}.instancePort", InstancePort, 1, 65535);
        v.Check(InstancePort != 22, $"{path}.instancePort", InstancePort, "must not be 22: nothing may reach the instances on the SSH port");
        LoadBalancer.Validate(v, $"{path}.loadBalancer");
        HealthCheck.Validate(v, $"{path}.healthCheck");
        Fleet.Validate(v, $"{path}.fleet");
        Fleet.ValidateUserData(v, $"{path}.fleet", UserDataVariables);
        Scaling.Validate(v, $"{path}.scaling");
    }
}

public sealed partial class WebLoadBalancerConfig : IConfigSection
{
    /// <summary>CloudFront fronts the load balancer: only its origin-facing addresses may connect, and
    /// only requests with the origin-verify header are served.</summary>
    [Field("`false` opens the listeners to the internet (production then needs a certificate)")]
    public bool BehindCloudFront { get; set; } = true;

    /// <summary>Overrides the built-in ID of the region's CloudFront origin-facing prefix list.</summary>
    [Field("`pl-…`; required in other regions", Default = "built in for 16 regions")]
    public string? CloudFrontPrefixListId { get; set; }

    [Field("`X-` and letters, digits, `-`")]
    public string OriginVerifyHeader { get; set; } = "X-Origin-Verify";

    /// <summary>An ACM certificate in the environment's account and region; unset: HTTP only.</summary>
    [Field("an ACM certificate ARN of the environment's account and region (CloudFront to the load balancer crosses the internet)", Default = "none; **required** unless `allowPlainHttpOrigin: true`, always in production")]
    public string? CertificateArn { get; set; }

    /// <summary>Accepts a load balancer without a certificate: plain HTTP between CloudFront (or the
    /// viewers) and the load balancer. Must be said explicitly, never in production.</summary>
    [Field("`true` accepts a load balancer without a certificate: plain HTTP between CloudFront and it, origin-verify header and cookies included. Never in production; `preview` shows it and `check` lists it as acknowledged")]
    public bool AllowPlainHttpOrigin { get; set; }

    [Field("that, `…-TLS13-1-2-Res-2021-06`, `…-TLS13-1-3-2021-06`; only with a certificate")]
    public string SslPolicy { get; set; } = "ELBSecurityPolicy-TLS13-1-2-2021-06";
    [Field("1–4000")]
    public int IdleTimeoutSeconds { get; set; } = 60;

    /// <summary>Unset: on in production, off elsewhere. Production cannot turn it off.</summary>
    [Field("`true`/`false`; cannot be `false` in production", Default = "on in production, else off")]
    public bool? DeletionProtection { get; set; }

    [Field("1–3650")]
    public int AccessLogExpirationDays { get; set; } = 90;

    [GeneratedRegex("^pl-[0-9a-f]{8}([0-9a-f]{9})?\\z")] private static partial Regex PrefixListPattern();
    [GeneratedRegex("^[Xx]-[A-Za-z0-9-]{1,60}\\z")] private static partial Regex HeaderPattern();
    [GeneratedRegex(@"^arn:(aws[a-z-]*):acm:([a-z0-9-]+):([0-9]{12}):certificate/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\z")]
    private static partial Regex CertificatePattern();

    public bool EffectiveDeletionProtection(EnvironmentConfig env) => DeletionProtection ?? env.Production;

    /// <summary>The prefix list to admit, or null when CloudFront does not front the load balancer.</summary>
    public string? EffectivePrefixListId(EnvironmentConfig env) =>
        BehindCloudFront ? CloudFrontPrefixListId ?? CloudFrontPrefixLists.For(env.Region) : null;

    public void Validate(ConfigValidator v, string path)
    {
        var env = v.Root;
        if (CloudFrontPrefixListId is { } pl)
        {
            if (v.Matches($"{path}.cloudFrontPrefixListId", pl, PrefixListPattern(), "must be a prefix list id such as pl-4fa04526"))
                v.Check(BehindCloudFront, $"{path}.cloudFrontPrefixListId", pl, "only applies with behindCloudFront: true");
        }
        else if (BehindCloudFront && env.Region.Length > 0 && CloudFrontPrefixLists.For(env.Region) is null)
        {
            v.Error($"{path}.cloudFrontPrefixListId", null,
                $"is required for region '{env.Region}': Headroom has no built-in ID of its {CloudFrontPrefixLists.Name} prefix list; " +
                "find it with aws ec2 describe-managed-prefix-lists (regions built in: " + string.Join(", ", CloudFrontPrefixLists.ByRegion.Keys) + ")");
        }
        v.Matches($"{path}.originVerifyHeader", OriginVerifyHeader, HeaderPattern(), "must be a header name starting with X-, letters, digits and '-', at most 62 characters");
        if (CertificateArn is { } arn)
        {
            var m = CertificatePattern().Match(arn);
            if (v.Check(m.Success, $"{path}.certificateArn", arn, "must be an ACM certificate ARN: arn:aws:acm:<region>:<account>:certificate/<id>"))
            {
                v.Check(m.Groups[1].Value == Partitions.Of(env.Region), $"{path}.certificateArn", arn,
                    $"must be in the environment's partition '{Partitions.Of(env.Region)}' (arn:{Partitions.Of(env.Region)}:acm:...)");
                v.Check(m.Groups[2].Value == env.Region, $"{path}.certificateArn", arn,
                    $"must be a certificate in the environment's region '{env.Region}' (a load balancer uses certificates of its own region)");
                v.Check(m.Groups[3].Value == env.Account, $"{path}.certificateArn", arn, $"must be a certificate of the environment's account '{env.Account}'");
            }
        }
        v.OneOf($"{path}.sslPolicy", SslPolicy, Blocks.LoadBalancer.LoadBalancer.ModernTlsPolicies.Keys.ToList());
        if (CertificateArn is null && v.IsSet($"{path}.sslPolicy"))
            v.Error($"{path}.sslPolicy", SslPolicy, "only applies with a certificateArn (HTTPS)");
        v.Range($"{path}.idleTimeoutSeconds", IdleTimeoutSeconds, 1, 4000);
        if (env.Production && DeletionProtection == false)
            v.Error($"{path}.deletionProtection", false, "must be true in production (or left out)");
        v.Range($"{path}.accessLogExpirationDays", AccessLogExpirationDays, 1, 3650);
        // Behind CloudFront too: the hop from CloudFront to the load balancer crosses the internet, and
        // it carries session cookies, checkout bodies and the origin-verify secret.
        if (env.Production && CertificateArn is null)
            v.Error($"{path}.certificateArn", null, "is required in production: no plain HTTP from the internet, not even from CloudFront to the load balancer");
        else if (CertificateArn is null && !AllowPlainHttpOrigin)
            v.Error($"{path}.certificateArn", null,
                "is required unless allowPlainHttpOrigin: true says otherwise: without it the origin-verify header and session cookies cross the internet in plain HTTP");
        if (AllowPlainHttpOrigin && env.Production)
            v.Error($"{path}.allowPlainHttpOrigin", true, "must not be true in production");
        else if (AllowPlainHttpOrigin && CertificateArn is not null)
            v.Error($"{path}.allowPlainHttpOrigin", true, "only applies without a certificateArn (with one, the load balancer speaks HTTPS)");
    }
}

public sealed partial class HealthCheckConfig : IConfigSection
{
    [Field("`/` then letters, digits, `._~/-`")]
    public string Path { get; set; } = "/healthz";
    [Field("5–300")]
    public int IntervalSeconds { get; set; } = 15;
    [Field("2–120, below `intervalSeconds`")]
    public int TimeoutSeconds { get; set; } = 5;
    [Field("2–10")]
    public int HealthyThreshold { get; set; } = 2;
    [Field("2–10")]
    public int UnhealthyThreshold { get; set; } = 3;
    /// <summary>Status codes that count as healthy: "200", "200-299", "200,301".</summary>
    [Field("codes 200–499: `200`, `200-299`, `200,302`")]
    public string HealthyHttpCodes { get; set; } = "200";
    /// <summary>Connection draining: how long a leaving instance may finish its requests.</summary>
    [Field("0–3600 (connection draining)")]
    public int DeregistrationDelaySeconds { get; set; } = 30;
    /// <summary>0 (off) or 30 to 900: a new instance's share of requests ramps up over this time.</summary>
    [Field("0 or 30–900", Default = "`0` (off)")]
    public int SlowStartSeconds { get; set; }

    // Narrower than URLs allow: the path also lands in user data (shell and systemd), where quotes, '$' and '%' mean something.
    [GeneratedRegex(@"^/[A-Za-z0-9._~/-]{0,1023}\z")] private static partial Regex PathPattern();

    public void Validate(ConfigValidator v, string path)
    {
        v.Matches($"{path}.path", Path, PathPattern(), "must be a URL path starting with '/': letters, digits and ._~/- only, no query, at most 1024 characters");
        v.Range($"{path}.intervalSeconds", IntervalSeconds, 5, 300);
        if (v.Range($"{path}.timeoutSeconds", TimeoutSeconds, 2, 120))
            v.Check(TimeoutSeconds < IntervalSeconds, $"{path}.timeoutSeconds", TimeoutSeconds, $"must be shorter than intervalSeconds ({IntervalSeconds})");
        v.Range($"{path}.healthyThreshold", HealthyThreshold, 2, 10);
        v.Range($"{path}.unhealthyThreshold", UnhealthyThreshold, 2, 10);
        v.Check(ValidCodes(HealthyHttpCodes), $"{path}.healthyHttpCodes", HealthyHttpCodes,
            "must be HTTP codes from 200 to 499, as a code, a range or a comma-separated list: 200, 200-299, 200,301");
        v.Range($"{path}.deregistrationDelaySeconds", DeregistrationDelaySeconds, 0, 3600);
        v.Check(SlowStartSeconds == 0 || SlowStartSeconds is >= 30 and <= 900, $"{path}.slowStartSeconds", SlowStartSeconds,
            "must be 0 (off) or from 30 to 900");
    }

    private static bool ValidCodes(string codes) => codes.Split(',').All(part =>
    {
        var ends = part.Split('-');
        if (ends.Length > 2 || ends.Any(e => e.Length != 3 || !int.TryParse(e, out var c) || c < 200 || c > 499)) return false;
        return ends.Length == 1 || int.Parse(ends[0]) < int.Parse(ends[1]);
    });
}

public sealed class WebScalingConfig : IConfigSection
{
    /// <summary>Target of ALBRequestCountPerTarget: requests per instance per minute.</summary>
    [Field("1–1000000 requests per instance per minute")]
    public int RequestsPerTarget { get; set; } = 1000;
    /// <summary>Target of average CPU utilization, in percent.</summary>
    [Field("10–90")]
    public int CpuPercent { get; set; } = 50;

    public void Validate(ConfigValidator v, string path)
    {
        v.Range($"{path}.requestsPerTarget", RequestsPerTarget, 1, 1_000_000, "requests per instance per minute; 0 would never stop scaling out");
        v.Range($"{path}.cpuPercent", CpuPercent, 10, 90, "average CPU an instance should run at");
    }
}
