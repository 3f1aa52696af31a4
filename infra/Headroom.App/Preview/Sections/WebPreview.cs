namespace Headroom.App.Preview.Sections;

/// <summary>Each load balancer block, as the templates have it: listeners, rules, who may connect, its targets.</summary>
internal sealed class WebPreview() : BlockPreview("LoadBalancer", 30, "Web tier")
{
    protected override IEnumerable<string> Describe(SynthesizedEnvironment env, BlockResources block) =>
        block.OfType("AWS::ElasticLoadBalancingV2::LoadBalancer").SelectMany(alb => LoadBalancer(env, block, alb));

    private static IEnumerable<string> LoadBalancer(SynthesizedEnvironment env, BlockResources block, TemplateResource alb)
    {
        var attributes = alb.Prop("LoadBalancerAttributes")?.EnumerateArray()
            .ToDictionary(a => a.GetProperty("Key").GetString()!, a => a.GetProperty("Value").ValueKind == JsonValueKind.String ? a.GetProperty("Value").GetString() : "(resolved at deploy)")
            ?? [];
        var zones = alb.Prop("Subnets")?.GetArrayLength() ?? 0;
        yield return $"load balancer: {alb.Str("Scheme")} in {zones} public subnets, deletion protection {OnOff(attributes.GetValueOrDefault("deletion_protection.enabled"))}";
        yield return $"  idle timeout {attributes.GetValueOrDefault("idle_timeout.timeout_seconds")} s, drop invalid headers {OnOff(attributes.GetValueOrDefault("routing.http.drop_invalid_header_fields.enabled"))}, " +
                     $"desync mitigation {attributes.GetValueOrDefault("routing.http.desync_mitigation_mode")}";
        var expiry = block.OfType("AWS::S3::Bucket").Select(b => b.Prop("LifecycleConfiguration")?.GetProperty("Rules")[0].GetProperty("ExpirationInDays").ToString()).FirstOrDefault();
        if (attributes.GetValueOrDefault("access_logs.s3.enabled") == "true")
            yield return $"  access logs: encrypted bucket, TLS only, expire after {expiry} days";

        var fleets = FleetsByTargetGroup(env);
        foreach (var listener in env.OfType("AWS::ElasticLoadBalancingV2::Listener").Where(l => TemplateJson.Ref(l.Prop("LoadBalancerArn")) == alb.LogicalId).OrderBy(l => l.Prop("Port")?.GetInt32()))
        {
            var action = listener.Prop("DefaultActions")?[0];
            var type = action?.GetProperty("Type").GetString();
            var does = type switch
            {
                "fixed-response" => $"answers {action!.Value.GetProperty("FixedResponseConfig").GetProperty("StatusCode").GetString()} by default",
                "redirect" => $"redirects to {action!.Value.GetProperty("RedirectConfig").GetProperty("Protocol").GetString()}",
                "forward" => $"forwards to {Target(action!.Value, fleets)}",
                _ => type,
            };
            var tls = listener.Str("SslPolicy") is { } policy ? $" ({policy})" : "";
            yield return $"  listener {listener.Str("Protocol")}:{listener.Prop("Port")}{tls} {does}";
            foreach (var rule in env.OfType("AWS::ElasticLoadBalancingV2::ListenerRule").Where(r => TemplateJson.Ref(r.Prop("ListenerArn")) == listener.LogicalId)
                         .OrderBy(r => r.Prop("Priority")?.GetInt32()))
            {
                var conditions = rule.Prop("Conditions")?.EnumerateArray().Select(Condition).ToList() ?? [];
                var forward = rule.Prop("Actions")?.EnumerateArray().FirstOrDefault(a => a.GetProperty("Type").GetString() == "forward");
                var to = forward is { ValueKind: JsonValueKind.Object } f ? $"forwards to {Target(f, fleets)}" : "acts";
                yield return $"    rule {rule.Prop("Priority")}: {to} if {string.Join(" and ", conditions)}";
            }
        }

        var group = alb.Prop("SecurityGroups")?[0].GetProperty("Fn::GetAtt")[0].GetString();
        foreach (var ingress in env.OfType("AWS::EC2::SecurityGroupIngress").Where(i => TemplateJson.GetAtt(i.Prop("GroupId")) == group))
        {
            var source = ingress.Str("SourcePrefixListId") is { } pl ? $"prefix list {pl} (CloudFront origin-facing)" : ingress.Str("CidrIp") ?? ingress.Str("CidrIpv6") ?? "?";
            yield return $"  admits tcp/{ingress.Prop("FromPort")} from {source}";
        }

        foreach (var target in block.OfType("AWS::ElasticLoadBalancingV2::TargetGroup"))
        {
            var attrs = target.Prop("TargetGroupAttributes")?.EnumerateArray()
                .ToDictionary(a => a.GetProperty("Key").GetString()!, a => a.GetProperty("Value").GetString()) ?? [];
            var slowStart = attrs.GetValueOrDefault("slow_start.duration_seconds") is { } s and not "0" ? $", slow start {s} s" : "";
            var of = fleets.GetValueOrDefault(target.LogicalId) ?? "no fleet";
            yield return $"  targets of {of}: {target.Str("Protocol")}:{target.Prop("Port")}, draining {attrs.GetValueOrDefault("deregistration_delay.timeout_seconds")} s{slowStart}";
            yield return $"  health check: {target.Str("HealthCheckPath")} every {target.Prop("HealthCheckIntervalSeconds")} s, " +
                         $"healthy {target.Prop("HealthyThresholdCount")}, unhealthy {target.Prop("UnhealthyThresholdCount")}, codes {target.Prop("Matcher")?.GetProperty("HttpCode").GetString()}";
        }
    }

    private static string OnOff(string? value) => value == "true" ? "on" : "off";

    /// <summary>Target group logical ID -> the fleet block(s) whose groups register with it, from the blocks, not from names.</summary>
    private static Dictionary<string, string> FleetsByTargetGroup(SynthesizedEnvironment env) =>
        env.BlocksOf("Fleet")
            .SelectMany(block => block.OfType("AWS::AutoScaling::AutoScalingGroup")
                .SelectMany(group => group.Prop("TargetGroupARNs") is { ValueKind: JsonValueKind.Array } arns ? arns.EnumerateArray().Select(a => TemplateJson.Ref(a)) : [])
                .OfType<string>()
                .Select(targetGroup => (TargetGroup: targetGroup, block.Name)))
            .GroupBy(x => x.TargetGroup)
            .ToDictionary(g => g.Key, g => string.Join(", ", g.Select(x => x.Name).Distinct()));

    /// <summary>Which fleet a forward action reaches (one target group, or weighted ones).</summary>
    private static string Target(JsonElement action, Dictionary<string, string> fleets)
    {
        var groups = action.TryGetProperty("TargetGroupArn", out var arn) ? [TemplateJson.Ref(arn)]
            : action.TryGetProperty("ForwardConfig", out var config) && config.TryGetProperty("TargetGroups", out var list)
                ? list.EnumerateArray().Select(t => TemplateJson.Ref(t.GetProperty("TargetGroupArn"))).ToList()
                : [];
        var names = groups.Select(g => g is not null && fleets.TryGetValue(g, out var name) ? name : "a target group").Distinct().ToList();
        return names.Count == 0 ? "a target group" : string.Join(", ", names);
    }

    /// <summary>A rule condition in words; the origin-verify value is a secret and never shown.</summary>
    private static string Condition(JsonElement condition) => condition.GetProperty("Field").GetString() switch
    {
        "path-pattern" => "path " + string.Join(" or ", Values(condition, "PathPatternConfig")),
        "host-header" => "host " + string.Join(" or ", Values(condition, "HostHeaderConfig")),
        "http-header" => $"{condition.GetProperty("HttpHeaderConfig").GetProperty("HttpHeaderName").GetString()} = origin-verify secret",
        var other => other ?? "?",
    };

    private static IEnumerable<string> Values(JsonElement condition, string config) =>
        condition.TryGetProperty(config, out var c) && c.TryGetProperty("Values", out var v) ? v.EnumerateArray().Select(x => x.GetString() ?? "?")
        : condition.TryGetProperty("Values", out var plain) ? plain.EnumerateArray().Select(x => x.GetString() ?? "?") : [];

}
