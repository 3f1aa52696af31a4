namespace Headroom.Blocks.LoadBalancer;

/// <summary>What a load balancer is, as plain values: each default stated here once, each rule in <see cref="Check"/>.</summary>
public partial record LoadBalancerSettings
{
    /// <summary>CloudFront fronts the load balancer: only its origin-facing addresses may connect, and only
    /// requests carrying the origin-verify header are served. False: the listeners take the whole internet.</summary>
    [Field("`false` opens the listeners to the internet (production then needs a certificate)")] public bool BehindCloudFront { get; init; } = true;

    /// <summary>The region's CloudFront origin-facing prefix list; null: the built-in ID of the stack's region
    /// (<see cref="CloudFrontPrefixLists"/>).</summary>
    [Field("`pl-…`; required in other regions", Default = "built in for 16 regions")] public string? CloudFrontPrefixListId { get; init; }

    /// <summary>The header CloudFront adds to every origin request, holding the secret's value.</summary>
    [Field("`X-` and letters, digits, `-`", Name = "OriginVerifyHeader")] public string OriginVerifyHeaderName { get; init; } = "X-Origin-Verify";

    /// <summary>ACM certificate in the load balancer's region. Set: HTTPS on 443, HTTP redirected to it.
    /// Null: plain HTTP on 80, which <see cref="AllowPlainHttpOrigin"/> must accept.</summary>
    [Field("an ACM certificate ARN of the environment's account and region (CloudFront to the load balancer crosses the internet)", Default = "none; **required** unless `allowPlainHttpOrigin: true`, always in production")] public string? CertificateArn { get; init; }

    /// <summary>Accepts a load balancer without a certificate: plain HTTP between CloudFront (or the viewers)
    /// and the load balancer, origin-verify header and cookies included. Must be said explicitly.</summary>
    [Field("`true` accepts a load balancer without a certificate: plain HTTP between CloudFront and it, origin-verify header and cookies included. Never in production; `preview` shows it and `check` lists it as acknowledged")] public bool AllowPlainHttpOrigin { get; init; }

    /// <summary>One of <see cref="LoadBalancer.ModernTlsPolicies"/>; used with a certificate.</summary>
    [Field("that, `…-TLS13-1-2-Res-2021-06`, `…-TLS13-1-3-2021-06`; only with a certificate")] public string SslPolicy { get; init; } = "ELBSecurityPolicy-TLS13-1-2-2021-06";
    [Field("1–4000")] public int IdleTimeoutSeconds { get; init; } = 60;
    [Field("`true`/`false`; cannot be `false` in production", Default = "on in production, else off")] public bool DeletionProtection { get; init; } = true;
    [Field("1–3650")] public int AccessLogExpirationDays { get; init; } = 90;

    /// <summary>The target group: the fleet's port and health check.</summary>
    public TargetGroupSettings Targets { get; init; } = new();

    [GeneratedRegex("^pl-[0-9a-f]{8}([0-9a-f]{9})?\\z")] private static partial Regex PrefixListPattern();
    [GeneratedRegex("^[Xx]-[A-Za-z0-9-]{1,60}\\z")] private static partial Regex HeaderPattern();
    [GeneratedRegex(@"^arn:(aws[a-z-]*):acm:([a-z0-9-]+):([0-9]{12}):certificate/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\z")]
    private static partial Regex CertificatePattern();

    /// <summary>The certificate ARN's partition, region and account, or null when it is not one.</summary>
    public (string Partition, string Region, string Account)? CertificateParts =>
        CertificateArn is { } arn && CertificatePattern().Match(arn) is { Success: true } m ? (m.Groups[1].Value, m.Groups[2].Value, m.Groups[3].Value) : null;

    /// <summary>What Elastic Load Balancing accepts, and what Headroom insists on (no plain HTTP unless said).</summary>
    public void Check(ISettingsReport r)
    {
        if (r.Matches(nameof(CloudFrontPrefixListId), CloudFrontPrefixListId, PrefixListPattern(), "must be a prefix list id such as pl-4fa04526")
            && CloudFrontPrefixListId is not null)
            r.Check(BehindCloudFront, nameof(CloudFrontPrefixListId), CloudFrontPrefixListId, "only applies with behindCloudFront: true");
        r.Matches(nameof(OriginVerifyHeaderName), OriginVerifyHeaderName, HeaderPattern(),
            "must be a header name starting with X-, letters, digits and '-', at most 62 characters");
        if (CertificateArn is { } arn)
            r.Check(CertificateParts is not null, nameof(CertificateArn), arn, "must be an ACM certificate ARN: arn:aws:acm:<region>:<account>:certificate/<id>");
        // Behind CloudFront too: the hop from CloudFront to the load balancer crosses the internet, and
        // it carries session cookies, checkout bodies and the origin-verify secret.
        else if (!AllowPlainHttpOrigin)
            r.Problem(nameof(CertificateArn), null,
                "is required unless allowPlainHttpOrigin: true says otherwise: without it the origin-verify header and session cookies cross the internet in plain HTTP");
        if (AllowPlainHttpOrigin && CertificateArn is not null)
            r.Problem(nameof(AllowPlainHttpOrigin), true, "only applies without a certificateArn (with one, the load balancer speaks HTTPS)");
        r.OneOf(nameof(SslPolicy), SslPolicy, LoadBalancer.ModernTlsPolicies.Keys.ToList());
        r.Range(nameof(IdleTimeoutSeconds), IdleTimeoutSeconds, 1, 4000);
        r.Range(nameof(AccessLogExpirationDays), AccessLogExpirationDays, 1, 3650);
        Targets.Check(r.Under(nameof(Targets)));
    }
}

/// <summary>Where the load balancer sends a fleet's requests, and how it decides an instance is healthy.</summary>
public sealed record TargetGroupSettings
{
    /// <summary>The port the application listens on in each instance.</summary>
    [Field("1–65535 except 22: the application's port on each instance", Name = "InstancePort")] public int Port { get; init; } = 80;
    public HealthCheckSettings HealthCheck { get; init; } = new();

    public void Check(ISettingsReport r)
    {
        if (r.Range(nameof(Port), Port, 1, 65535))
            r.Check(Port != 22, nameof(Port), Port, "must not be 22: nothing may reach the instances on the SSH port");
        HealthCheck.Check(r.Under(nameof(HealthCheck)));
    }
}

public sealed partial record HealthCheckSettings
{
    [Field("`/` then letters, digits, `._~/-`")] public string Path { get; init; } = "/healthz";
    [Field("5–300")] public int IntervalSeconds { get; init; } = 15;
    [Field("2–120, below `intervalSeconds`")] public int TimeoutSeconds { get; init; } = 5;
    [Field("2–10")] public int HealthyThreshold { get; init; } = 2;
    [Field("2–10")] public int UnhealthyThreshold { get; init; } = 3;
    /// <summary>Status codes that count as healthy: "200", "200-299", "200,301".</summary>
    [Field("codes 200–499: `200`, `200-299`, `200,302`")] public string HealthyHttpCodes { get; init; } = "200";
    /// <summary>Connection draining: how long a deregistering target keeps its in-flight requests.</summary>
    [Field("0–3600 (connection draining)")] public int DeregistrationDelaySeconds { get; init; } = 30;
    /// <summary>0 (off) or 30 to 900: a new target's share of requests ramps up over this time.</summary>
    [Field("0 or 30–900", Default = "`0` (off)")] public int SlowStartSeconds { get; init; }

    // Narrower than URLs allow: the path also lands in user data (shell and systemd), where quotes, '$' and '%' mean something.
    [GeneratedRegex(@"^/[A-Za-z0-9._~/-]{0,1023}\z")] private static partial Regex PathPattern();

    public void Check(ISettingsReport r)
    {
        r.Matches(nameof(Path), Path, PathPattern(), "must be a URL path starting with '/': letters, digits and ._~/- only, no query, at most 1024 characters");
        r.Range(nameof(IntervalSeconds), IntervalSeconds, 5, 300);
        if (r.Range(nameof(TimeoutSeconds), TimeoutSeconds, 2, 120))
            r.Check(TimeoutSeconds < IntervalSeconds, nameof(TimeoutSeconds), TimeoutSeconds, $"must be shorter than intervalSeconds ({IntervalSeconds})");
        r.Range(nameof(HealthyThreshold), HealthyThreshold, 2, 10);
        r.Range(nameof(UnhealthyThreshold), UnhealthyThreshold, 2, 10);
        r.Check(ValidCodes(HealthyHttpCodes), nameof(HealthyHttpCodes), HealthyHttpCodes,
            "must be HTTP codes from 200 to 499, as a code, a range or a comma-separated list: 200, 200-299, 200,301");
        r.Range(nameof(DeregistrationDelaySeconds), DeregistrationDelaySeconds, 0, 3600);
        r.Check(SlowStartSeconds == 0 || SlowStartSeconds is >= 30 and <= 900, nameof(SlowStartSeconds), SlowStartSeconds,
            "must be 0 (off) or from 30 to 900");
    }

    private static bool ValidCodes(string codes) => codes.Split(',').All(part =>
    {
        var ends = part.Split('-');
        if (ends.Length > 2 || ends.Any(e => e.Length != 3 || !int.TryParse(e, out var c) || c < 200 || c > 499)) return false;
        return ends.Length == 1 || int.Parse(ends[0]) < int.Parse(ends[1]);
    });
}
