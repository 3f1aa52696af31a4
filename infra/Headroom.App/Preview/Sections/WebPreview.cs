using System.Globalization;
using System.Text.Json;

namespace Headroom.App.Preview.Sections;

/// <summary>The load balancer and the web fleet, as the App stack's template has them.</summary>
internal sealed class WebPreview : IPreviewSection
{
    public int Order => 30;
    public string Title => "Web tier";

    public IEnumerable<string> Describe(SynthesizedEnvironment env)
    {
        var lines = new List<string>();
        foreach (var alb in env.OfType("AWS::ElasticLoadBalancingV2::LoadBalancer").Where(r => r.LogicalId.StartsWith("Web", StringComparison.Ordinal)))
            lines.AddRange(LoadBalancer(env, alb));
        foreach (var group in env.OfType("AWS::AutoScaling::AutoScalingGroup").Where(r => r.LogicalId.StartsWith("WebFleet", StringComparison.Ordinal)))
            lines.AddRange(Fleet(env, group));
        return lines;
    }

    private static IEnumerable<string> LoadBalancer(SynthesizedEnvironment env, TemplateResource alb)
    {
        var attributes = alb.Prop("LoadBalancerAttributes")?.EnumerateArray()
            .ToDictionary(a => a.GetProperty("Key").GetString()!, a => a.GetProperty("Value").ValueKind == JsonValueKind.String ? a.GetProperty("Value").GetString() : "(resolved at deploy)")
            ?? [];
        var zones = alb.Prop("Subnets")?.GetArrayLength() ?? 0;
        yield return $"load balancer: {alb.Str("Scheme")} in {zones} public subnets, deletion protection {OnOff(attributes.GetValueOrDefault("deletion_protection.enabled"))}";
        yield return $"  idle timeout {attributes.GetValueOrDefault("idle_timeout.timeout_seconds")} s, drop invalid headers {OnOff(attributes.GetValueOrDefault("routing.http.drop_invalid_header_fields.enabled"))}, " +
                     $"desync mitigation {attributes.GetValueOrDefault("routing.http.desync_mitigation_mode")}";
        var expiry = env.OfType("AWS::S3::Bucket").Where(b => b.LogicalId.StartsWith("WebLoadBalancerAccessLogs", StringComparison.Ordinal))
            .Select(b => b.Prop("LifecycleConfiguration")?.GetProperty("Rules")[0].GetProperty("ExpirationInDays").ToString()).FirstOrDefault();
        if (attributes.GetValueOrDefault("access_logs.s3.enabled") == "true")
            yield return $"  access logs: encrypted bucket, TLS only, expire after {expiry} days";

        foreach (var listener in env.OfType("AWS::ElasticLoadBalancingV2::Listener").Where(l => TemplateJson.Ref(l.Prop("LoadBalancerArn")) == alb.LogicalId).OrderBy(l => l.Prop("Port")?.GetInt32()))
        {
            var action = listener.Prop("DefaultActions")?[0];
            var type = action?.GetProperty("Type").GetString();
            var does = type switch
            {
                "fixed-response" => $"answers {action!.Value.GetProperty("FixedResponseConfig").GetProperty("StatusCode").GetString()} by default",
                "redirect" => $"redirects to {action!.Value.GetProperty("RedirectConfig").GetProperty("Protocol").GetString()}",
                "forward" => "forwards to the fleet",
                _ => type,
            };
            var tls = listener.Str("SslPolicy") is { } policy ? $" ({policy})" : "";
            yield return $"  listener {listener.Str("Protocol")}:{listener.Prop("Port")}{tls} {does}";
            foreach (var rule in env.OfType("AWS::ElasticLoadBalancingV2::ListenerRule").Where(r => TemplateJson.Ref(r.Prop("ListenerArn")) == listener.LogicalId))
            {
                var header = rule.Prop("Conditions")?.EnumerateArray().Where(c => c.GetProperty("Field").GetString() == "http-header")
                    .Select(c => c.GetProperty("HttpHeaderConfig").GetProperty("HttpHeaderName").GetString()).FirstOrDefault();
                if (header is not null)
                    yield return $"    rule {rule.Prop("Priority")}: forwards to the fleet if {header} = origin-verify secret";
            }
        }

        var group = alb.Prop("SecurityGroups")?[0].GetProperty("Fn::GetAtt")[0].GetString();
        foreach (var ingress in env.OfType("AWS::EC2::SecurityGroupIngress").Where(i => TemplateJson.GetAtt(i.Prop("GroupId")) == group))
        {
            var source = ingress.Str("SourcePrefixListId") is { } pl ? $"prefix list {pl} (CloudFront origin-facing)" : ingress.Str("CidrIp") ?? ingress.Str("CidrIpv6") ?? "?";
            yield return $"  admits tcp/{ingress.Prop("FromPort")} from {source}";
        }

        foreach (var target in env.OfType("AWS::ElasticLoadBalancingV2::TargetGroup").Where(t => t.LogicalId.StartsWith("WebLoadBalancer", StringComparison.Ordinal)))
        {
            var attrs = target.Prop("TargetGroupAttributes")?.EnumerateArray()
                .ToDictionary(a => a.GetProperty("Key").GetString()!, a => a.GetProperty("Value").GetString()) ?? [];
            var slowStart = attrs.GetValueOrDefault("slow_start.duration_seconds") is { } s and not "0" ? $", slow start {s} s" : "";
            yield return $"  targets: {target.Str("Protocol")}:{target.Prop("Port")}, draining {attrs.GetValueOrDefault("deregistration_delay.timeout_seconds")} s{slowStart}";
            yield return $"  health check: {target.Str("HealthCheckPath")} every {target.Prop("HealthCheckIntervalSeconds")} s, " +
                         $"healthy {target.Prop("HealthyThresholdCount")}, unhealthy {target.Prop("UnhealthyThresholdCount")}, codes {target.Prop("Matcher")?.GetProperty("HttpCode").GetString()}";
        }
    }

    private static IEnumerable<string> Fleet(SynthesizedEnvironment env, TemplateResource group)
    {
        var desired = group.Str("DesiredCapacity") ?? "(min at launch)";
        var zones = group.Prop("VPCZoneIdentifier")?.GetArrayLength() ?? 0;
        yield return $"fleet: min {group.Str("MinSize")}, desired {desired}, max {group.Str("MaxSize")}, in {zones} private subnets";
        yield return $"  {group.Str("HealthCheckType")} health checks, grace {group.Prop("HealthCheckGracePeriod")} s, instance warm-up {group.Prop("DefaultInstanceWarmup")} s";

        var template = env.OfType("AWS::EC2::LaunchTemplate").FirstOrDefault(t => t.LogicalId == LaunchTemplateOf(group));
        var data = template?.Prop("LaunchTemplateData");
        var types = new List<string>();
        if (data?.TryGetProperty("InstanceType", out var type) == true) types.Add(type.GetString()!);
        if (group.Prop("MixedInstancesPolicy") is { } mixed)
        {
            types = mixed.GetProperty("LaunchTemplate").GetProperty("Overrides").EnumerateArray().Select(o => o.GetProperty("InstanceType").GetString()!).ToList();
            var dist = mixed.GetProperty("InstancesDistribution");
            var onDemand = dist.GetProperty("OnDemandPercentageAboveBaseCapacity").GetInt32();
            yield return $"  instances: {string.Join(", ", types)}";
            yield return $"  on-demand base {dist.GetProperty("OnDemandBaseCapacity")}, above it {onDemand}% on-demand, {100 - onDemand}% Spot ({dist.GetProperty("SpotAllocationStrategy").GetString()})";
        }
        else
        {
            yield return $"  instances: {string.Join(", ", types)}";
        }
        if (data is { } d)
        {
            var imds = d.TryGetProperty("MetadataOptions", out var m) && m.TryGetProperty("HttpTokens", out var tokens) ? tokens.GetString() : "optional";
            var volume = d.TryGetProperty("BlockDeviceMappings", out var b) ? b[0].GetProperty("Ebs") : default;
            var publicIp = d.TryGetProperty("NetworkInterfaces", out var nics) && nics[0].TryGetProperty("AssociatePublicIpAddress", out var ip) && ip.GetBoolean();
            var size = volume.ValueKind == JsonValueKind.Object ? $"{volume.GetProperty("VolumeSize")} GiB {volume.GetProperty("VolumeType").GetString()}{(volume.TryGetProperty("Encrypted", out var e) && e.GetBoolean() ? " encrypted" : "")}" : "image default";
            yield return $"  launch template: IMDSv2 {imds}, root {size}, public IP {(publicIp ? "yes" : "no")}, key pair {(d.TryGetProperty("KeyName", out _) ? "yes" : "none")}";
        }

        foreach (var policy in env.OfType("AWS::AutoScaling::ScalingPolicy").Where(p => TemplateJson.Ref(p.Prop("AutoScalingGroupName")) == group.LogicalId))
        {
            var tracking = policy.Prop("TargetTrackingConfiguration");
            if (tracking is not { } t) continue;
            var metric = t.TryGetProperty("PredefinedMetricSpecification", out var spec) ? spec.GetProperty("PredefinedMetricType").GetString() : "custom metric";
            yield return $"  scale on {metric}: target {t.GetProperty("TargetValue")}";
        }
        foreach (var action in env.OfType("AWS::AutoScaling::ScheduledAction").Where(a => TemplateJson.Ref(a.Prop("AutoScalingGroupName")) == group.LogicalId))
        {
            var sizes = new[] { ("min", "MinSize"), ("desired", "DesiredCapacity"), ("max", "MaxSize") }
                .Where(x => action.Prop(x.Item2) is not null).Select(x => $"{x.Item1} {action.Prop(x.Item2)}");
            var window = action.Str("EndTime") is { } end ? $", until {end}" : "";
            yield return $"  scheduled '{action.Str("Recurrence")}' {action.Str("TimeZone") ?? "UTC"}: {string.Join(", ", sizes)}{window}";
        }
        foreach (var pool in env.OfType("AWS::AutoScaling::WarmPool").Where(p => TemplateJson.Ref(p.Prop("AutoScalingGroupName")) == group.LogicalId))
            yield return $"  warm pool: {pool.Str("PoolState")?.ToLower(CultureInfo.InvariantCulture)}, min {pool.Prop("MinSize")?.ToString() ?? "0"}, prepared capacity up to {pool.Prop("MaxGroupPreparedCapacity")?.ToString() ?? "max"}";

        if (group.Raw.TryGetProperty("UpdatePolicy", out var update) && update.TryGetProperty("AutoScalingRollingUpdate", out var rolling))
        {
            var signals = rolling.TryGetProperty("WaitOnResourceSignals", out var w) && w.GetBoolean() ? ", waits for cfn-signal" : "";
            yield return $"  rollout: batches of {rolling.GetProperty("MaxBatchSize")}, >= {rolling.GetProperty("MinInstancesInService")} in service, pause {rolling.GetProperty("PauseTime").GetString()}{signals}";
        }
        if (group.Prop("NotificationConfigurations") is { } notifications)
            yield return $"  notifications: {notifications.GetArrayLength()} topic(s)";
    }

    private static string? LaunchTemplateOf(TemplateResource group)
    {
        var spec = group.Prop("LaunchTemplate") ?? group.Prop("MixedInstancesPolicy")?.GetProperty("LaunchTemplate").GetProperty("LaunchTemplateSpecification");
        return spec is { } s && s.TryGetProperty("LaunchTemplateId", out var id) ? TemplateJson.Ref(id) : null;
    }

    private static string OnOff(string? value) => value == "true" ? "on" : "off";

}
