namespace Headroom.App.Checks.Rules;

/// <summary>
/// No security group admits the whole internet (0.0.0.0/0 or ::/0), inline or as an ingress resource. One
/// exception: an application load balancer's own security group on one of its listeners' ports, when the
/// environment has no CloudFront distribution in front (<c>web.loadBalancer.behindCloudFront: false</c>).
/// With CloudFront, the load balancer must admit CloudFront's origin-facing prefix list only, or the
/// firewall and the origin-verify header could be bypassed.
/// </summary>
public sealed class OpenIngressRule : IRule
{
    private static readonly string[] Anywhere = ["0.0.0.0/0", "::/0"];

    public string Id => "Headroom-OpenIngress";

    public string Title => "No ingress from 0.0.0.0/0 or ::/0, except to a load balancer's listener ports without CloudFront";

    public string Fix => "admit a security group or a managed prefix list (CloudFront's origin-facing list for the load balancer) "
                         + "instead of the whole internet";

    public IEnumerable<RuleViolation> Evaluate(SynthesizedEnvironment env)
    {
        var cloudFront = env.OfType("AWS::CloudFront::Distribution").Any();
        foreach (var resource in env.Resources)
        {
            IEnumerable<(JsonElement Rule, string? Group)> rules = resource.Type switch
            {
                "AWS::EC2::SecurityGroup" => RuleJson.Items(resource.Prop("SecurityGroupIngress")).Select(r => (r, (string?)resource.LogicalId)),
                "AWS::EC2::SecurityGroupIngress" => [(resource.Properties, RuleJson.Target(resource.Prop("GroupId")))],
                _ => [],
            };
            foreach (var (rule, group) in rules)
            {
                var cidr = Anywhere.FirstOrDefault(a => Str(rule, "CidrIp") == a || Str(rule, "CidrIpv6") == a);
                if (cidr is null) continue;
                var protocol = Str(rule, "IpProtocol") ?? "?";
                var (from, to) = (Port(rule, "FromPort"), Port(rule, "ToPort"));
                var ports = protocol == "-1" ? "all ports" : from == to ? $"port {from}" : $"ports {from}-{to}";
                if (!cloudFront && protocol is "tcp" or "6" && from is { } p && from == to && ListenerPorts(env, resource.Stack, group).Contains(p))
                    continue;
                var why = cloudFront && ListenerPorts(env, resource.Stack, group).Count > 0
                    ? "; CloudFront fronts this environment, so the load balancer must admit only CloudFront's origin-facing prefix list"
                    : "";
                yield return RuleViolation.Of(resource,
                    $"security group {group ?? "(imported)"} admits {cidr} on {protocol} {ports}{why}", $"{cidr} {protocol} {ports}");
            }
        }
    }

    /// <summary>The listener ports of the application load balancers that use this security group.</summary>
    private static IReadOnlySet<int> ListenerPorts(SynthesizedEnvironment env, string stack, string? group)
    {
        if (group is null) return new HashSet<int>();
        var resources = env.Stacks.First(s => s.Name == stack).Resources;
        var balancers = resources
            .Where(r => r.Type == "AWS::ElasticLoadBalancingV2::LoadBalancer" && r.Str("Type") is null or "application"
                        && RuleJson.Items(r.Prop("SecurityGroups")).Any(g => RuleJson.Target(g) == group))
            .Select(r => r.LogicalId).ToHashSet();
        return resources
            .Where(r => r.Type == "AWS::ElasticLoadBalancingV2::Listener" && RuleJson.Target(r.Prop("LoadBalancerArn")) is { } lb && balancers.Contains(lb))
            .Select(r => r.Prop("Port") is { } port ? Number(port) : null).OfType<int>().ToHashSet();
    }

    private static string? Str(JsonElement rule, string name) =>
        rule.ValueKind == JsonValueKind.Object && rule.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static int? Port(JsonElement rule, string name) =>
        rule.ValueKind == JsonValueKind.Object && rule.TryGetProperty(name, out var v) ? Number(v) : null;

    private static int? Number(JsonElement v) => v.ValueKind switch
    {
        JsonValueKind.Number when v.TryGetInt32(out var n) => n,
        JsonValueKind.String when int.TryParse(v.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) => n,
        _ => null,
    };
}
