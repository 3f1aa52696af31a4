using Amazon.CDK.AWS.ElasticLoadBalancingV2;
using Amazon.CDK.AWS.S3;

namespace Headroom.Blocks.LoadBalancer;

/// <summary>A load balancer's settings and what it is wired to.</summary>
public sealed record LoadBalancerProps : LoadBalancerSettings
{
    /// <summary>Wiring on top of settings made elsewhere (an environment file's), or on top of the defaults.</summary>
    public LoadBalancerProps(LoadBalancerSettings? settings = null) : base(settings ?? new()) { }

    public required IVpc Vpc { get; init; }

    /// <summary>The secret whose value CloudFront sends in the origin-verify header; required behind CloudFront.
    /// Made by the caller, in a stack that outlives this one: a fixed-name, replicated secret here would block
    /// recreating the load balancer's stack.</summary>
    public ISecret? OriginVerifySecret { get; init; }

    public RemovalPolicy AccessLogRemovalPolicy { get; init; } = RemovalPolicy.RETAIN;

    /// <summary>The settings' rules and what the wiring must agree with.</summary>
    public void CheckWiring(ISettingsReport r)
    {
        Check(r);
        r.Check(!BehindCloudFront || OriginVerifySecret is not null, nameof(OriginVerifySecret), null, "is required behind CloudFront");
    }
}

/// <summary>
/// An internet-facing Application Load Balancer in the public subnets of every zone, with a default target
/// group for a fleet and, through <see cref="AddTargetGroup"/>, one more per fleet reached by path. Behind
/// CloudFront (the default) only CloudFront's origin-facing addresses reach it, and listener rules serve only
/// requests carrying the secret origin-verify header; everything else gets 403. The secret (passed in, generated in Secrets Manager) is compared through a CloudFormation
/// dynamic reference, so its value is in neither the template nor the config.
/// </summary>
public sealed partial class LoadBalancer : Construct
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
    /// <summary>The default target group: every request no path rule takes (<see cref="AddTargetGroup"/>).</summary>
    public ApplicationTargetGroup TargetGroup { get; }
    /// <summary>Every target group, the default one first, then in the order they were added.</summary>
    public IReadOnlyList<ApplicationTargetGroup> TargetGroups => _targetGroups;

    /// <summary>Behind CloudFront, the rule forwarding every request with the origin-verify header to the default target
    /// group has this priority while there are no path rules (it was the only rule).</summary>
    public const int OriginVerifiedPriority = 10;
    /// <summary>ALB's largest rule priority: the verified-request rule's once path rules exist, so it is evaluated last.</summary>
    public const int LastRulePriority = 50000;
    /// <summary>ALB takes three values per condition, five per rule (the origin-verify header is one).</summary>
    public const int MaxPathPatterns = RoutePatterns.MaxValuesPerCondition;
    public const int MaxPathPatternLength = 128;
    /// <summary>ALB takes five wildcards per rule.</summary>
    public const int MaxWildcardsPerRule = 5;

    private readonly LoadBalancerProps _props;
    private readonly List<ApplicationTargetGroup> _targetGroups = [];
    private readonly HashSet<int> _priorities = [];
    private readonly ApplicationListenerRule? _originVerified;
    /// <summary>The target group's port and health check, as set.</summary>
    public TargetGroupSettings Targets { get; }
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
        Settings.Enforce(nameof(LoadBalancer), props.CheckWiring);
        Https = props.CertificateArn is not null;
        var behindCloudFront = props.BehindCloudFront;
        var region = Stack.Of(this).Region;
        var prefixList = !behindCloudFront ? null : props.CloudFrontPrefixListId ?? CloudFrontPrefixLists.For(region)
            ?? throw new ArgumentException(CloudFrontPrefixLists.Missing(region), nameof(props));
        var targets = Targets = props.Targets;
        var health = targets.HealthCheck;

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

        _props = props;
        TargetGroup = NewTargetGroup("Targets", Targets);
        _targetGroups.Add(TargetGroup);

        var forward = ListenerAction.Forward([TargetGroup]);
        var denied = ListenerAction.FixedResponse(403, new FixedResponseOptions { ContentType = "text/plain", MessageBody = "Forbidden" });
        var servingPort = Https ? 443 : 80;
        // Listeners are not "open": CDK would admit 0.0.0.0/0. Ingress is added below, deliberately.
        Listener = Alb.AddListener(Https ? "Https" : "Http", new BaseApplicationListenerProps
        {
            Port = servingPort,
            Protocol = Https ? ApplicationProtocol.HTTPS : ApplicationProtocol.HTTP,
            Certificates = Https ? [ListenerCertificate.FromArn(props.CertificateArn!)] : null,
            SslPolicy = Https ? ModernTlsPolicies[props.SslPolicy] : null,
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
                Priority = OriginVerifiedPriority,
                // Resolved by CloudFormation at deploy time: {{resolve:secretsmanager:<arn>:SecretString:::}}; from
                // another stack of the same region the ARN comes through an export (Fn::ImportValue).
                Conditions = [ListenerCondition.HttpHeader(props.OriginVerifyHeaderName, [OriginVerifySecret.SecretValue.UnsafeUnwrap()])],
                Action = forward,
            });
            _originVerified = (ApplicationListenerRule)Listener.Node.FindChild("OriginVerifiedRule");
            // One port only: the managed prefix list counts as about 55 rules against the default quota of
            // 60 per security group, so admitting it on a second port would need a quota increase.
            SecurityGroup.AddIngressRule(Peer.PrefixList(prefixList!), Port.Tcp(servingPort),
                $"CloudFront origin-facing ({CloudFrontPrefixLists.Name}) to the {(Https ? "HTTPS" : "HTTP")} listener");
        }
        else
        {
            SecurityGroup.AddIngressRule(Peer.AnyIpv4(), Port.Tcp(80), "Public HTTP");
            if (Https) SecurityGroup.AddIngressRule(Peer.AnyIpv4(), Port.Tcp(443), "Public HTTPS");
        }
    }

    /// <summary>
    /// Another target group, reached by a listener rule on <paramref name="pathPatterns"/> (and, when given, one of
    /// <paramref name="hostHeaders"/>) at <paramref name="priority"/>; the default target group (<see cref="TargetGroup"/>)
    /// keeps every other request. It forwards to <paramref name="targets"/>' port with their health check (null: the
    /// default target group's). Behind CloudFront the rule also requires the origin-verify header, so a request
    /// without it still gets the 403 default; and the rule that forwards every verified request to the default target
    /// group moves behind all others, to <see cref="LastRulePriority"/>, so a path rule of any priority is evaluated before it.
    /// </summary>
    /// <param name="id">Names the target group's and the rule's constructs ("<c>{id}Targets</c>", "<c>{id}Rule</c>"); keep it stable.</param>
    /// <param name="pathPatterns">1 to <see cref="MaxPathPatterns"/> ALB path patterns, such as <c>/cart/*</c>.</param>
    /// <param name="priority">1 to <see cref="LastRulePriority"/> − 1, unique on the listener (lower is evaluated first);
    /// behind CloudFront not <see cref="OriginVerifiedPriority"/>, the verified-request rule's priority without path rules.</param>
    /// <param name="hostHeaders">0 to 3 host names (ALB wildcards allowed); the rule's values, the origin-verify header's
    /// included, are at most <see cref="RoutePatterns.MaxValuesPerRule"/>.</param>
    public ApplicationTargetGroup AddTargetGroup(string id, IReadOnlyList<string> pathPatterns, int priority,
        IReadOnlyList<string>? hostHeaders = null, TargetGroupSettings? targets = null)
    {
        hostHeaders ??= [];
        if (pathPatterns.Count is 0 or > MaxPathPatterns)
            throw new ArgumentException($"a rule takes 1 to {MaxPathPatterns} path patterns (ALB: three values per condition)", nameof(pathPatterns));
        if (pathPatterns.FirstOrDefault(p => !PathPatternPattern().IsMatch(p)) is { } bad)
            throw new ArgumentException($"'{bad}' is not an ALB path pattern: '/' then letters, digits and _-.$/~\"'@:+&*?, at most {MaxPathPatternLength} characters", nameof(pathPatterns));
        if (hostHeaders.Count > RoutePatterns.MaxValuesPerCondition)
            throw new ArgumentException($"a rule takes at most {RoutePatterns.MaxValuesPerCondition} host headers (ALB: three values per condition)", nameof(hostHeaders));
        if (hostHeaders.FirstOrDefault(h => !RoutePatterns.HostHeaderPattern().IsMatch(h)) is { } badHost)
            throw new ArgumentException($"'{badHost}' is not an ALB host header: letters, digits, '-', '.', * and ?, at most {RoutePatterns.MaxHostHeaderLength} characters", nameof(hostHeaders));
        var values = pathPatterns.Count + hostHeaders.Count + (_originVerified is null ? 0 : 1);
        if (values > RoutePatterns.MaxValuesPerRule)
            throw new ArgumentException($"a rule takes at most {RoutePatterns.MaxValuesPerRule} condition values (paths, hosts and the origin-verify header); this one has {values}", nameof(hostHeaders));
        if (RoutePatterns.Wildcards(pathPatterns.Concat(hostHeaders)) > MaxWildcardsPerRule)
            throw new ArgumentException($"a rule takes at most {MaxWildcardsPerRule} wildcards (* and ?) over its path patterns and host headers", nameof(pathPatterns));
        if (priority is < 1 or >= LastRulePriority)
            throw new ArgumentException($"priority must be 1 to {LastRulePriority - 1} ({LastRulePriority} is the verified-request rule's)", nameof(priority));
        // Removing the last path rule moves the verified-request rule back to this priority, while the path rule being
        // removed still holds it (CloudFormation deletes after it updates): the update would fail.
        if (_originVerified is not null && priority == OriginVerifiedPriority)
            throw new ArgumentException($"priority {OriginVerifiedPriority} is the verified-request rule's while the load balancer has no path rules", nameof(priority));
        if (targets is not null) Settings.Enforce($"{nameof(LoadBalancer)} target group {id}", targets.Check);
        if (!_priorities.Add(priority))
            throw new ArgumentException($"priority {priority} is already taken by another rule of the listener", nameof(priority));

        var targetGroup = NewTargetGroup($"{id}Targets", targets ?? Targets);
        _targetGroups.Add(targetGroup);
        List<ListenerCondition> conditions = [ListenerCondition.PathPatterns([.. pathPatterns])];
        if (hostHeaders.Count > 0) conditions.Add(ListenerCondition.HostHeaders([.. hostHeaders]));
        if (_originVerified is not null)
        {
            conditions.Add(ListenerCondition.HttpHeader(OriginVerifyHeaderName!, [OriginVerifySecret!.SecretValue.UnsafeUnwrap()]));
            // Only once a path rule exists, so a load balancer without one keeps its template.
            ((CfnListenerRule)_originVerified.Node.DefaultChild!).Priority = LastRulePriority;
        }
        Listener.AddAction(id, new AddApplicationActionProps
        {
            Priority = priority,
            Conditions = [.. conditions],
            Action = ListenerAction.Forward([targetGroup]),
        });
        return targetGroup;
    }

    /// <summary>Forwarding to the instances on the application port, with its health check.</summary>
    private ApplicationTargetGroup NewTargetGroup(string id, TargetGroupSettings targets) => new(this, id, new ApplicationTargetGroupProps
    {
        Vpc = _props.Vpc,
        Port = targets.Port,
        Protocol = ApplicationProtocol.HTTP,
        TargetType = TargetType.INSTANCE,
        DeregistrationDelay = Duration.Seconds(targets.HealthCheck.DeregistrationDelaySeconds),
        SlowStart = targets.HealthCheck.SlowStartSeconds > 0 ? Duration.Seconds(targets.HealthCheck.SlowStartSeconds) : null,
        HealthCheck = new Amazon.CDK.AWS.ElasticLoadBalancingV2.HealthCheck
        {
            Enabled = true,
            Path = targets.HealthCheck.Path,
            Protocol = Amazon.CDK.AWS.ElasticLoadBalancingV2.Protocol.HTTP,
            Interval = Duration.Seconds(targets.HealthCheck.IntervalSeconds),
            Timeout = Duration.Seconds(targets.HealthCheck.TimeoutSeconds),
            HealthyThresholdCount = targets.HealthCheck.HealthyThreshold,
            UnhealthyThresholdCount = targets.HealthCheck.UnhealthyThreshold,
            HealthyHttpCodes = targets.HealthCheck.HealthyHttpCodes,
        },
    });

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

    /// <summary>ALB's path-pattern characters (case-sensitive; * and ? are wildcards), starting with '/'.</summary>
    [System.Text.RegularExpressions.GeneratedRegex(@"^/[A-Za-z0-9_.$/~""'@:+&*?-]{0,127}\z")]
    public static partial System.Text.RegularExpressions.Regex PathPatternPattern();
}
