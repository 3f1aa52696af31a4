using Amazon.CDK;
using Amazon.CDK.AWS.EC2;
using Amazon.CDK.AWS.ElasticLoadBalancingV2;
using Amazon.CDK.AWS.S3;
using Amazon.CDK.AWS.SecretsManager;
using Constructs;

namespace Headroom.Blocks.LoadBalancer;

public sealed class LoadBalancerProps
{
    public required IVpc Vpc { get; init; }

    /// <summary>The CloudFront origin-facing prefix list of the region (<see cref="CloudFrontPrefixLists"/>).
    /// Set: only CloudFront may connect, and only requests carrying the origin-verify header are served.
    /// Null: the load balancer takes traffic from the whole internet (no CloudFront in front).</summary>
    public string? CloudFrontPrefixListId { get; init; }

    /// <summary>The header CloudFront adds to every origin request, holding the secret's value.</summary>
    public string OriginVerifyHeaderName { get; init; } = "X-Origin-Verify";

    /// <summary>The secret whose value CloudFront sends in the origin-verify header; required with
    /// <see cref="CloudFrontPrefixListId"/>. Made by the caller, in a stack that outlives this one: a fixed-name,
    /// replicated secret here would block recreating the load balancer's stack.</summary>
    public ISecret? OriginVerifySecret { get; init; }

    /// <summary>ACM certificate in the load balancer's region. Set: HTTPS on 443, HTTP redirected to it.
    /// Null: plain HTTP on 80.</summary>
    public string? CertificateArn { get; init; }

    public SslPolicy SslPolicy { get; init; } = SslPolicy.RECOMMENDED_TLS;
    public int IdleTimeoutSeconds { get; init; } = 60;
    public required bool DeletionProtection { get; init; }
    public int AccessLogExpirationDays { get; init; } = 90;
    public RemovalPolicy AccessLogRemovalPolicy { get; init; } = RemovalPolicy.RETAIN;

    /// <summary>The port the application listens on in each instance.</summary>
    public int TargetPort { get; init; } = 80;
    public string HealthCheckPath { get; init; } = "/healthz";
    public int HealthCheckIntervalSeconds { get; init; } = 15;
    public int HealthCheckTimeoutSeconds { get; init; } = 5;
    public int HealthyThreshold { get; init; } = 2;
    public int UnhealthyThreshold { get; init; } = 3;
    public string HealthyHttpCodes { get; init; } = "200";
    /// <summary>Connection draining: how long a deregistering target keeps its in-flight requests.</summary>
    public int DeregistrationDelaySeconds { get; init; } = 30;
    /// <summary>0 (off) or 30 to 900: a new target's share of requests ramps up over this time.</summary>
    public int SlowStartSeconds { get; init; }
}

/// <summary>
/// An internet-facing Application Load Balancer in the public subnets of every zone, with one target
/// group for a fleet. Behind CloudFront (the default) only CloudFront's origin-facing addresses reach it,
/// and a listener rule serves only requests carrying the secret origin-verify header; everything else
/// gets 403. The secret (passed in, generated in Secrets Manager) is compared through a CloudFormation
/// dynamic reference, so its value is in neither the template nor the config.
/// </summary>
public sealed class LoadBalancer : Construct
{
    /// <summary>TLS policies offered: TLS 1.3 with 1.2 as the floor, or TLS 1.3 only.</summary>
    public static readonly IReadOnlyDictionary<string, SslPolicy> ModernTlsPolicies = new Dictionary<string, SslPolicy>(StringComparer.Ordinal)
    {
        ["ELBSecurityPolicy-TLS13-1-2-2021-06"] = SslPolicy.RECOMMENDED_TLS,
        ["ELBSecurityPolicy-TLS13-1-2-Res-2021-06"] = SslPolicy.TLS13_RES,
        ["ELBSecurityPolicy-TLS13-1-3-2021-06"] = SslPolicy.TLS13_13,
    };

    public ApplicationLoadBalancer Alb { get; }
    public SecurityGroup SecurityGroup { get; }
    public ApplicationTargetGroup TargetGroup { get; }
    /// <summary>The listener that serves the site (HTTPS with a certificate, else HTTP).</summary>
    public ApplicationListener Listener { get; }
    public Bucket AccessLogsBucket { get; }
    /// <summary>Where S3 records the requests made to <see cref="AccessLogsBucket"/>.</summary>
    public Bucket ServerAccessLogsBucket { get; }
    /// <summary>Null when CloudFront does not front the load balancer.</summary>
    public ISecret? OriginVerifySecret { get; }
    /// <summary>Null when CloudFront does not front the load balancer.</summary>
    public string? OriginVerifyHeaderName { get; }
    public string DnsName => Alb.LoadBalancerDnsName;
    public bool Https { get; }

    public LoadBalancer(Construct scope, string id, LoadBalancerProps props) : base(scope, id)
    {
        Validate(props);
        Https = props.CertificateArn is not null;
        var behindCloudFront = props.CloudFrontPrefixListId is not null;

        SecurityGroup = new SecurityGroup(this, "SecurityGroup", new SecurityGroupProps
        {
            Vpc = props.Vpc,
            Description = behindCloudFront ? "Load balancer: CloudFront origin-facing addresses only" : "Load balancer: public",
            // Egress only to the targets, added when a fleet registers.
            AllowAllOutbound = false,
        });
        // EC2 gives a group without inline egress rules an allow-all rule, and a fleet's egress rule comes as a
        // separate resource: keep CDK's "no traffic" placeholder inline so the implicit rule never appears.
        ((CfnSecurityGroup)SecurityGroup.Node.DefaultChild!).AddPropertyOverride("SecurityGroupEgress", new[]
        {
            new Dictionary<string, object>
            {
                ["CidrIp"] = "255.255.255.255/32",
                ["Description"] = "Disallow all traffic",
                ["IpProtocol"] = "icmp",
                ["FromPort"] = 252,
                ["ToPort"] = 86,
            },
        });

        Alb = new ApplicationLoadBalancer(this, "Alb", new ApplicationLoadBalancerProps
        {
            Vpc = props.Vpc,
            InternetFacing = true,
            VpcSubnets = new SubnetSelection { SubnetType = SubnetType.PUBLIC },
            SecurityGroup = SecurityGroup,
            DeletionProtection = props.DeletionProtection,
            DropInvalidHeaderFields = true,
            DesyncMitigationMode = DesyncMitigationMode.DEFENSIVE,
            IdleTimeout = Duration.Seconds(props.IdleTimeoutSeconds),
            Http2Enabled = true,
        });

        // Who read or deleted the access logs is itself recorded (server access logs), in a bucket of its
        // own: a bucket logging into itself would log its own log deliveries.
        ServerAccessLogsBucket = LogBucket("ServerAccessLogs", "expire-server-access-logs", null, props);
        // ALB log delivery cannot write to a KMS-encrypted bucket: S3-managed encryption it is.
        AccessLogsBucket = LogBucket("AccessLogs", "expire-access-logs", ServerAccessLogsBucket, props);
        Alb.LogAccessLogs(AccessLogsBucket, "alb");

        TargetGroup = new ApplicationTargetGroup(this, "Targets", new ApplicationTargetGroupProps
        {
            Vpc = props.Vpc,
            Port = props.TargetPort,
            Protocol = ApplicationProtocol.HTTP,
            TargetType = TargetType.INSTANCE,
            DeregistrationDelay = Duration.Seconds(props.DeregistrationDelaySeconds),
            SlowStart = props.SlowStartSeconds > 0 ? Duration.Seconds(props.SlowStartSeconds) : null,
            HealthCheck = new Amazon.CDK.AWS.ElasticLoadBalancingV2.HealthCheck
            {
                Enabled = true,
                Path = props.HealthCheckPath,
                Protocol = Amazon.CDK.AWS.ElasticLoadBalancingV2.Protocol.HTTP,
                Interval = Duration.Seconds(props.HealthCheckIntervalSeconds),
                Timeout = Duration.Seconds(props.HealthCheckTimeoutSeconds),
                HealthyThresholdCount = props.HealthyThreshold,
                UnhealthyThresholdCount = props.UnhealthyThreshold,
                HealthyHttpCodes = props.HealthyHttpCodes,
            },
        });

        var forward = ListenerAction.Forward([TargetGroup]);
        var denied = ListenerAction.FixedResponse(403, new FixedResponseOptions { ContentType = "text/plain", MessageBody = "Forbidden" });
        var servingPort = Https ? 443 : 80;
        // Listeners are not "open": CDK would admit 0.0.0.0/0. Ingress is added below, deliberately.
        Listener = Alb.AddListener(Https ? "Https" : "Http", new BaseApplicationListenerProps
        {
            Port = servingPort,
            Protocol = Https ? ApplicationProtocol.HTTPS : ApplicationProtocol.HTTP,
            Certificates = Https ? [ListenerCertificate.FromArn(props.CertificateArn!)] : null,
            SslPolicy = Https ? props.SslPolicy : null,
            Open = false,
            DefaultAction = behindCloudFront ? denied : forward,
        });
        if (Https)
        {
            Alb.AddListener("HttpRedirect", new BaseApplicationListenerProps
            {
                Port = 80,
                Protocol = ApplicationProtocol.HTTP,
                Open = false,
                DefaultAction = ListenerAction.Redirect(new RedirectOptions { Protocol = "HTTPS", Port = "443", Permanent = true }),
            });
        }

        if (behindCloudFront)
        {
            OriginVerifyHeaderName = props.OriginVerifyHeaderName;
            OriginVerifySecret = props.OriginVerifySecret!;
            Listener.AddAction("OriginVerified", new AddApplicationActionProps
            {
                Priority = 10,
                // Resolved by CloudFormation at deploy time: {{resolve:secretsmanager:<arn>:SecretString:::}}; from
                // another stack of the same region the ARN comes through an export (Fn::ImportValue).
                Conditions = [ListenerCondition.HttpHeader(props.OriginVerifyHeaderName, [OriginVerifySecret.SecretValue.UnsafeUnwrap()])],
                Action = forward,
            });
            // One port only: the managed prefix list counts as about 55 rules against the default quota of
            // 60 per security group, so admitting it on a second port would need a quota increase.
            SecurityGroup.AddIngressRule(Peer.PrefixList(props.CloudFrontPrefixListId!), Port.Tcp(servingPort),
                $"CloudFront origin-facing ({CloudFrontPrefixLists.Name}) to the {(Https ? "HTTPS" : "HTTP")} listener");
        }
        else
        {
            SecurityGroup.AddIngressRule(Peer.AnyIpv4(), Port.Tcp(80), "Public HTTP");
            if (Https) SecurityGroup.AddIngressRule(Peer.AnyIpv4(), Port.Tcp(443), "Public HTTPS");
        }
    }

    /// <summary>A private, TLS-only, S3-encrypted bucket whose objects expire after the access-log expiry.</summary>
    private Bucket LogBucket(string id, string expiryRule, Bucket? serverAccessLogs, LoadBalancerProps props) => new(this, id, new BucketProps
    {
        ServerAccessLogsBucket = serverAccessLogs,
        ServerAccessLogsPrefix = serverAccessLogs is null ? null : "alb-access-logs/",
        Encryption = BucketEncryption.S3_MANAGED,
        EnforceSSL = true,
        MinimumTLSVersion = 1.2,
        BlockPublicAccess = BlockPublicAccess.BLOCK_ALL,
        ObjectOwnership = ObjectOwnership.BUCKET_OWNER_ENFORCED,
        LifecycleRules =
        [
            new LifecycleRule
            {
                Id = expiryRule,
                Expiration = Duration.Days(props.AccessLogExpirationDays),
                AbortIncompleteMultipartUploadAfter = Duration.Days(1),
            },
        ],
        RemovalPolicy = props.AccessLogRemovalPolicy,
    });

    private static void Validate(LoadBalancerProps p)
    {
        if (p.CloudFrontPrefixListId is { } pl && !System.Text.RegularExpressions.Regex.IsMatch(pl, "^pl-[0-9a-f]{8}([0-9a-f]{9})?$"))
            throw new ArgumentException($"CloudFrontPrefixListId '{pl}' is not a prefix list id (pl-...)", nameof(p));
        if (p.CloudFrontPrefixListId is not null && p.OriginVerifySecret is null)
            throw new ArgumentException("OriginVerifySecret is required behind CloudFront (CloudFrontPrefixListId set)", nameof(p));
        if (p.SlowStartSeconds is not 0 and (< 30 or > 900))
            throw new ArgumentException("SlowStartSeconds must be 0 or 30 to 900", nameof(p));
        if (p.HealthCheckTimeoutSeconds >= p.HealthCheckIntervalSeconds)
            throw new ArgumentException("HealthCheckTimeoutSeconds must be shorter than the interval", nameof(p));
    }
}
