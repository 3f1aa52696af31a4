using Headroom.Blocks.Monitoring;

namespace Headroom.App.Checks.Rules;

/// <summary>
/// Walks every template of an environment and checks the monitoring contract: each resource of a monitored
/// type has the alarm kinds its <see cref="Requirements"/> row lists (an alarm belongs to a resource when
/// one of its metric dimensions points at it, through Ref, GetAtt, a cross-stack import or its literal
/// name), every alarm notifies an SNS topic on ALARM and OK and links a runbook that exists, and every
/// resource type is either monitored or listed in <see cref="NeedNoAlarm"/> with a reason. A block that
/// adds a resource without its alarms, or a new kind of resource nobody classified, produces findings.
/// The rule <see cref="AlarmsRule"/> runs it over the templates alone; whether a linked runbook exists is
/// checked only when a repository root is given (the tests do), since the app does not ship the runbooks.
/// </summary>
public sealed partial class AlarmCoverage
{
    public sealed record Requirement(string Type, string What, Func<TemplateResource, AlarmCoverage, bool> Applies, string[] Kinds);

    /// <summary>Resource type -> the alarm kinds each such resource must have.</summary>
    public static readonly IReadOnlyList<Requirement> Requirements =
    [
        new("AWS::EC2::NatGateway", "NAT gateway", (_, _) => true, ["nat-port-allocation-errors"]),
        new("AWS::ElasticLoadBalancingV2::LoadBalancer", "application load balancer", (r, _) => r.Str("Type") is null or "application",
            ["alb-5xx-rate", "alb-target-5xx-rate", "alb-target-response-time", "alb-unhealthy-hosts", "alb-rejected-connections"]),
        new("AWS::AutoScaling::AutoScalingGroup", "fleet", (_, _) => true, ["fleet-in-service-below-min", "fleet-at-max"]),
        new("AWS::AutoScaling::AutoScalingGroup", "worker fleet", (r, c) => c.IsWorker(r), ["worker-backlog-age"]),
        new("AWS::RDS::DBInstance", "DB instance", (_, _) => true,
            ["rds-cpu", "rds-freeable-memory", "rds-free-storage", "rds-connections", "rds-read-latency", "rds-write-latency"]),
        new("AWS::RDS::DBInstance", "read replica", (r, _) => r.Prop("SourceDBInstanceIdentifier") is not null, ["rds-replica-lag"]),
        new("AWS::RDS::DBProxy", "database proxy", (_, _) => true, ["rds-proxy-client-connections"]),
        new("AWS::ElastiCache::ReplicationGroup", "cache", (_, _) => true, ["redis-engine-cpu", "redis-memory", "redis-evictions", "redis-connections"]),
        new("AWS::ElastiCache::ReplicationGroup", "cache with replicas", (r, _) => HasReplicas(r), ["redis-replication-lag"]),
        new("AWS::CloudFront::Distribution", "distribution", (_, _) => true, ["cloudfront-5xx-rate", "cloudfront-origin-latency"]),
        new("AWS::WAFv2::WebACL", "web ACL", (_, _) => true, ["waf-blocked-surge"]),
        new("AWS::SQS::Queue", "queue", (r, c) => !c.IsDeadLetterQueue(r), ["sqs-oldest-message-age"]),
        new("AWS::SQS::Queue", "dead-letter queue", (r, c) => c.IsDeadLetterQueue(r), ["sqs-dlq-messages", "sqs-dlq-oldest-message-age"]),
    ];

    /// <summary>Resource types that get no alarm of their own, and why. A type in neither list is a finding.</summary>
    public static readonly IReadOnlyDictionary<string, string> NeedNoAlarm = Reasons(
        ("watched through the resource they serve", [
            "AWS::EC2::LaunchTemplate", "AWS::AutoScaling::ScalingPolicy", "AWS::AutoScaling::ScheduledAction", "AWS::AutoScaling::LifecycleHook",
            "AWS::AutoScaling::WarmPool", "AWS::ElasticLoadBalancingV2::TargetGroup", "AWS::ElasticLoadBalancingV2::Listener",
            "AWS::ElasticLoadBalancingV2::ListenerRule", "AWS::ElasticLoadBalancingV2::ListenerCertificate", "AWS::RDS::DBSubnetGroup",
            "AWS::RDS::DBParameterGroup", "AWS::RDS::DBProxyTargetGroup", "AWS::ElastiCache::SubnetGroup", "AWS::ElastiCache::ParameterGroup",
            "AWS::SQS::QueuePolicy", "AWS::CloudFront::OriginAccessControl", "AWS::CloudFront::CachePolicy", "AWS::CloudFront::OriginRequestPolicy",
            "AWS::CloudFront::ResponseHeadersPolicy", "AWS::CloudFront::MonitoringSubscription", "AWS::WAFv2::WebACLAssociation"]),
        ("static network wiring: no runtime signal (NAT gateways, the one that has one, are monitored)", [
            "AWS::EC2::VPC", "AWS::EC2::Subnet", "AWS::EC2::RouteTable", "AWS::EC2::Route", "AWS::EC2::SubnetRouteTableAssociation",
            "AWS::EC2::InternetGateway", "AWS::EC2::VPCGatewayAttachment", "AWS::EC2::EIP", "AWS::EC2::VPCEndpoint", "AWS::EC2::FlowLog",
            "AWS::EC2::SecurityGroup", "AWS::EC2::SecurityGroupIngress", "AWS::EC2::SecurityGroupEgress"]),
        ("identity, keys, secrets, parameters and logs: configuration, not a service that degrades", [
            "AWS::IAM::Role", "AWS::IAM::Policy", "AWS::IAM::ManagedPolicy", "AWS::IAM::InstanceProfile", "AWS::KMS::Key", "AWS::KMS::Alias",
            "AWS::SecretsManager::Secret", "AWS::SecretsManager::SecretTargetAttachment", "AWS::SecretsManager::RotationSchedule",
            "AWS::SecretsManager::ResourcePolicy", "AWS::Lambda::Permission",
            "AWS::SSM::Parameter", "AWS::Logs::LogGroup", "AWS::S3::Bucket", "AWS::S3::BucketPolicy"]),
        ("deploy-time custom resources: a failure fails the deployment in CloudFormation", [
            "Custom::AWS", "Custom::LogRetention", "Custom::CDKBucketDeployment", "Custom::CrossRegionExportWriter",
            "Custom::CrossRegionExportReader", "AWS::Lambda::Function", "AWS::Lambda::LayerVersion", "AWS::CloudFormation::CustomResource", "AWS::CDK::Metadata"]),
        ("the monitoring itself", [
            "AWS::SNS::Topic", "AWS::SNS::TopicPolicy", "AWS::SNS::Subscription", "AWS::CloudWatch::Alarm", "AWS::CloudWatch::CompositeAlarm",
            "AWS::CloudWatch::Dashboard"]));

    /// <summary>Literal-name properties per type (a dotted path), for dimensions given as names rather than references.</summary>
    private static readonly Dictionary<string, string> NameProperty = new()
    {
        ["AWS::SQS::Queue"] = "QueueName",
        ["AWS::RDS::DBInstance"] = "DBInstanceIdentifier",
        ["AWS::RDS::DBProxy"] = "DBProxyName",
        ["AWS::AutoScaling::AutoScalingGroup"] = "AutoScalingGroupName",
        ["AWS::ElastiCache::ReplicationGroup"] = "ReplicationGroupId",
        // WAF publishes a web ACL's metrics under its visibility config's metric name.
        ["AWS::WAFv2::WebACL"] = "VisibilityConfig.MetricName",
    };

    [GeneratedRegex(@"docs/runbooks/([a-z0-9-]+)\.md")] private static partial Regex RunbookLink();

    private readonly IReadOnlyList<SynthesizedStack> _stacks;
    private readonly string? _repoRoot;
    private readonly Dictionary<string, (string Stack, JsonElement Value)> _exports = [];
    private readonly List<TemplateResource> _resources;

    public AlarmCoverage(IReadOnlyList<SynthesizedStack> stacks, string? repoRoot = null)
    {
        _stacks = stacks;
        _repoRoot = repoRoot;
        foreach (var stack in stacks)
            if (stack.Template.TryGetProperty("Outputs", out var outputs))
                foreach (var output in outputs.EnumerateObject())
                    if (output.Value.TryGetProperty("Export", out var export) && export.GetProperty("Name").ValueKind == JsonValueKind.String)
                        _exports[export.GetProperty("Name").GetString()!] = (stack.Name, output.Value.GetProperty("Value"));
        _resources = stacks.SelectMany(s => s.Resources).ToList();
        Alarms = _resources.Where(r => r.Type is "AWS::CloudWatch::Alarm" or "AWS::CloudWatch::CompositeAlarm" && !IsScalingAlarm(r)).Select(Read).ToList();
    }

    /// <summary>An alarm whose only actions are scaling policies drives a fleet (such as starting a worker
    /// from zero); it is machinery, not a notification, and is not held to the alarm contract.</summary>
    private bool IsScalingAlarm(TemplateResource alarm)
    {
        if (alarm.Prop("AlarmActions") is not { ValueKind: JsonValueKind.Array } actions || actions.GetArrayLength() == 0) return false;
        var targets = actions.EnumerateArray().SelectMany(a => Resolve(a, alarm.Stack).Refs).ToList();
        return targets.Count == actions.GetArrayLength()
               && targets.All(t => _resources.Any(r => r.Stack == t.Stack && r.LogicalId == t.Id && r.Type == "AWS::AutoScaling::ScalingPolicy"));
    }

    /// <summary>The block that made the resource says it needs no alarm, and why (<see cref="Headroom.Blocks.Common.AlarmExemption"/>).</summary>
    public static bool DeclaresNoAlarm(TemplateResource resource) =>
        resource.Raw.TryGetProperty("Metadata", out var metadata) && metadata.ValueKind == JsonValueKind.Object
        && metadata.TryGetProperty(Headroom.Blocks.Common.AlarmExemption.MetadataKey, out var reason)
        && reason.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(reason.GetString());

    /// <summary>One alarm as the walk sees it.</summary>
    public sealed record WatchedAlarm(TemplateResource Resource, string? Kind, IReadOnlySet<(string Stack, string Id)> Refs, IReadOnlySet<string> Literals)
    {
        public bool IsComposite => Resource.Type == "AWS::CloudWatch::CompositeAlarm";
    }

    public IReadOnlyList<WatchedAlarm> Alarms { get; }

    /// <summary>
    /// One broken promise: on a resource (<paramref name="LogicalId"/>) or on a whole stack (""), what is
    /// wrong, what it applies to (the alarm kind, type or problem, so that one of several on the same
    /// resource can be acknowledged alone) and the whole line as <see cref="Findings"/> prints it.
    /// </summary>
    public sealed record Gap(string Stack, string LogicalId, string Message, string AppliesTo, string Line)
    {
        public override string ToString() => Line;
    }

    /// <summary>Every broken promise, as one line each; empty when the environment is covered.</summary>
    public IReadOnlyList<string> Findings() => Gaps().Select(g => g.ToString()).ToList();

    /// <summary>Every broken promise, one record each; empty when the environment is covered.</summary>
    public IReadOnlyList<Gap> Gaps()
    {
        var gaps = new List<Gap>();
        var monitoredTypes = Requirements.Select(r => r.Type).ToHashSet();
        foreach (var type in _resources.Select(r => (r.Stack, r.Type)).Distinct())
            if (!monitoredTypes.Contains(type.Type) && !NeedNoAlarm.ContainsKey(type.Type)
                && !_resources.Where(r => r.Stack == type.Stack && r.Type == type.Type).All(DeclaresNoAlarm))
            {
                var message = $"resource type {type.Type} is neither monitored nor listed as needing no alarm";
                gaps.Add(new(type.Stack, "", message, type.Type, $"{type.Stack}: {message}"));
            }

        foreach (var requirement in Requirements)
            foreach (var resource in _resources.Where(r => r.Type == requirement.Type && requirement.Applies(r, this)))
            {
                var kinds = Alarms.Where(a => Points(a, resource)).Select(a => a.Kind).ToHashSet();
                foreach (var kind in requirement.Kinds.Where(k => !kinds.Contains(k)))
                    gaps.Add(new(resource.Stack, resource.LogicalId, $"{requirement.What} without a {kind} alarm", kind,
                        $"{resource.Stack}/{resource.LogicalId} ({requirement.What}, {resource.Type}): no {kind} alarm"));
            }

        foreach (var alarm in Alarms)
            gaps.AddRange(CheckAlarm(alarm).Select(p => new Gap(alarm.Resource.Stack, alarm.Resource.LogicalId, $"alarm: {p}", p,
                $"{alarm.Resource.Stack}/{alarm.Resource.LogicalId} ({alarm.Resource.Type}): {p}")));

        foreach (var stack in _stacks)
        {
            var userFacing = Alarms.Where(a => a.Resource.Stack == stack.Name && !a.IsComposite && a.Kind is { } k && AlarmKinds.ById(k)?.UserFacing == true).ToList();
            if (userFacing.Count == 0) continue;
            var composites = Alarms.Where(a => a.Resource.Stack == stack.Name && a.IsComposite && a.Kind == AlarmKinds.SiteDegradedId).ToList();
            if (composites.Count == 0)
            {
                var message = $"user-facing alarms but no composite {AlarmKinds.SiteDegradedId} alarm over them";
                gaps.Add(new(stack.Name, "", message, AlarmKinds.SiteDegradedId, $"{stack.Name}: {message}"));
                continue;
            }
            foreach (var alarm in userFacing.Where(a => !composites.Any(c => c.Refs.Contains((stack.Name, a.Resource.LogicalId)))))
            {
                var message = $"user-facing ({alarm.Kind}) but not part of the {AlarmKinds.SiteDegradedId} composite";
                gaps.Add(new(stack.Name, alarm.Resource.LogicalId, message, AlarmKinds.SiteDegradedId, $"{stack.Name}/{alarm.Resource.LogicalId}: {message}"));
            }
        }
        return gaps;
    }

    /// <summary>The alarms (by kind) whose metrics point at a resource.</summary>
    public IEnumerable<WatchedAlarm> AlarmsOf(TemplateResource resource) => Alarms.Where(a => Points(a, resource));

    public bool IsDeadLetterQueue(TemplateResource queue) =>
        _resources.Any(q => q.Type == "AWS::SQS::Queue" && q.Prop("RedrivePolicy") is { } redrive && Resolve(redrive, q.Stack).Refs.Contains((queue.Stack, queue.LogicalId)));

    /// <summary>A fleet scaled on a queue's metrics (backlog per instance) is a worker fleet.</summary>
    public bool IsWorker(TemplateResource group) =>
        _resources.Any(p => p.Type == "AWS::AutoScaling::ScalingPolicy"
                            && p.Prop("AutoScalingGroupName") is { } name && Resolve(name, p.Stack).Refs.Contains((group.Stack, group.LogicalId))
                            && p.Raw.ToString().Contains("\"AWS/SQS\"", StringComparison.Ordinal));

    private static bool HasReplicas(TemplateResource group) =>
        group.Prop("NumCacheClusters") is { } clusters && Number(clusters) > 1
        || group.Prop("ReplicasPerNodeGroup") is { } replicas && Number(replicas) > 0;

    private static double Number(JsonElement e) =>
        e.ValueKind == JsonValueKind.Number ? e.GetDouble() : double.TryParse(e.ToString(), System.Globalization.CultureInfo.InvariantCulture, out var d) ? d : 0;

    private IEnumerable<string> CheckAlarm(WatchedAlarm alarm)
    {
        var r = alarm.Resource;
        if (r.Prop("ActionsEnabled") is { ValueKind: JsonValueKind.False }) yield return "actions are disabled";
        if (!NotifiesTopic(r, "AlarmActions")) yield return "no ALARM action to an SNS topic";
        if (!NotifiesTopic(r, "OKActions")) yield return "no OK action to an SNS topic";
        if (!alarm.IsComposite && r.Str("TreatMissingData") is null) yield return "no deliberate TreatMissingData";
        var description = r.Str("AlarmDescription");
        if (description is null)
        {
            yield return "no plain-text description";
            yield break;
        }
        var link = RunbookLink().Match(description);
        if (!link.Success) yield return "description links no runbook (docs/runbooks/<kind>.md)";
        else if (_repoRoot is not null && !File.Exists(Path.Combine(_repoRoot, link.Value))) yield return $"runbook {link.Value} does not exist";
    }

    private bool NotifiesTopic(TemplateResource alarm, string property) =>
        alarm.Prop(property) is { ValueKind: JsonValueKind.Array } actions
        && actions.EnumerateArray().SelectMany(a => Resolve(a, alarm.Stack).Refs)
            .Any(t => _resources.Any(x => x.Stack == t.Stack && x.LogicalId == t.Id && x.Type == "AWS::SNS::Topic"));

    private bool Points(WatchedAlarm alarm, TemplateResource resource)
    {
        if (alarm.Refs.Contains((resource.Stack, resource.LogicalId))) return true;
        if (!NameProperty.TryGetValue(resource.Type, out var path) || Literal(resource, path) is not { } name) return false;
        // A replication group's nodes are "<group>-001", "<group>-0001-001", ...
        return alarm.Literals.Contains(name)
               || resource.Type == "AWS::ElastiCache::ReplicationGroup" && alarm.Literals.Any(l => l.StartsWith(name + "-", StringComparison.Ordinal));
    }

    private static string? Literal(TemplateResource resource, string path)
    {
        var value = resource.Properties;
        foreach (var part in path.Split('.'))
            if (value.ValueKind != JsonValueKind.Object || !value.TryGetProperty(part, out value)) return null;
        return value.ValueKind == JsonValueKind.String ? value.GetString() : null;
    }

    private WatchedAlarm Read(TemplateResource alarm)
    {
        var refs = new HashSet<(string, string)>();
        var literals = new HashSet<string>();
        if (alarm.Type == "AWS::CloudWatch::CompositeAlarm")
        {
            if (alarm.Prop("AlarmRule") is { } rule) Collect(rule, alarm.Stack, refs, literals);
        }
        else
        {
            foreach (var dimension in Dimensions(alarm)) Collect(dimension, alarm.Stack, refs, literals);
        }
        var description = alarm.Str("AlarmDescription");
        var kind = description is null ? null : RunbookLink().Match(description) is { Success: true } m ? m.Groups[1].Value : null;
        return new WatchedAlarm(alarm, kind, refs, literals);
    }

    /// <summary>The values of every dimension the alarm's metrics (single or metric math) are published under.</summary>
    private static IEnumerable<JsonElement> Dimensions(TemplateResource alarm)
    {
        IEnumerable<JsonElement> Values(JsonElement? dims) =>
            dims is { ValueKind: JsonValueKind.Array } d ? d.EnumerateArray().Select(x => x.GetProperty("Value")) : [];
        foreach (var v in Values(alarm.Prop("Dimensions"))) yield return v;
        if (alarm.Prop("Metrics") is { ValueKind: JsonValueKind.Array } metrics)
            foreach (var metric in metrics.EnumerateArray())
                if (metric.TryGetProperty("MetricStat", out var stat))
                    foreach (var v in Values(stat.GetProperty("Metric").TryGetProperty("Dimensions", out var d) ? d : null)) yield return v;
    }

    private (HashSet<(string Stack, string Id)> Refs, HashSet<string> Literals) Resolve(JsonElement value, string stack)
    {
        var refs = new HashSet<(string, string)>();
        var literals = new HashSet<string>();
        Collect(value, stack, refs, literals);
        return (refs, literals);
    }

    /// <summary>Follows Ref, GetAtt, cross-stack imports (to the exporting stack's output) and joins.</summary>
    private void Collect(JsonElement e, string stack, HashSet<(string, string)> refs, HashSet<string> literals)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.String:
                literals.Add(e.GetString()!);
                return;
            case JsonValueKind.Array:
                foreach (var item in e.EnumerateArray()) Collect(item, stack, refs, literals);
                return;
            case JsonValueKind.Object:
                break;
            default:
                return;
        }
        if (e.TryGetProperty("Ref", out var target) && target.ValueKind == JsonValueKind.String)
        {
            if (!target.GetString()!.StartsWith("AWS::", StringComparison.Ordinal)) refs.Add((stack, target.GetString()!));
            return;
        }
        if (e.TryGetProperty("Fn::GetAtt", out var att) && att.ValueKind == JsonValueKind.Array)
        {
            refs.Add((stack, att[0].GetString()!));
            return;
        }
        if (e.TryGetProperty("Fn::ImportValue", out var import) && import.ValueKind == JsonValueKind.String)
        {
            if (_exports.TryGetValue(import.GetString()!, out var export)) Collect(export.Value, export.Stack, refs, literals);
            return;
        }
        if (e.TryGetProperty("Fn::Join", out var join) && join.ValueKind == JsonValueKind.Array && join[1].ValueKind == JsonValueKind.Array)
        {
            var parts = join[1].EnumerateArray().ToList();
            if (parts.All(p => p.ValueKind == JsonValueKind.String))
                literals.Add(string.Join(join[0].GetString(), parts.Select(p => p.GetString())));
            foreach (var part in parts) Collect(part, stack, refs, literals);
            return;
        }
        foreach (var property in e.EnumerateObject()) Collect(property.Value, stack, refs, literals);
    }

    private static Dictionary<string, string> Reasons(params (string Reason, string[] Types)[] groups) =>
        groups.SelectMany(g => g.Types.Select(t => (t, g.Reason))).ToDictionary(x => x.t, x => x.Reason);
}
