namespace Headroom.App.Diagrams;

/// <summary>What a diagram adds beyond the templates.</summary>
public sealed record DiagramOptions
{
    /// <summary>
    /// Capacity text for a fleet, by its block name ("web" → "holds 4,000 users"): the hook for the
    /// capacity model. Null, or null for a fleet: no capacity line.
    /// </summary>
    public Func<string, string?>? Capacity { get; init; }

    /// <summary>
    /// The name each scheduled action was given, by (stack, logical ID); the construct tree knows it and the
    /// template does not (<see cref="ScheduleNames"/>). Missing: a name read from the logical ID.
    /// </summary>
    public IReadOnlyDictionary<(string Stack, string LogicalId), string>? ScheduleNames { get; init; }
}

/// <summary>
/// Reads one synthesized environment into an <see cref="ArchitectureDiagram"/>: a node per edge, load
/// balancer, fleet, data store and queue, sized from the templates; edges from what the templates grant
/// (security-group ingress, IAM on queues, replication, target groups), never from names; and a lane
/// per zone (the config's zones, and any other zone a subnet or instance is in).
/// </summary>
public static class ArchitectureBuilder
{
    public static ArchitectureDiagram Build(SynthesizedEnvironment env, DiagramOptions? options = null)
    {
        options ??= new DiagramOptions();
        var graph = new TemplateGraph(env.Stacks);
        var b = new Builder(env, graph, options);
        b.Run();
        return b.Result();
    }

    private sealed class Builder(SynthesizedEnvironment env, TemplateGraph graph, DiagramOptions options)
    {
        private readonly List<DiagramNode> _nodes = [];
        private readonly List<DiagramEdge> _edges = [];
        /// <summary>Which node each drawn resource belongs to (security groups, roles and target groups included).</summary>
        private readonly Dictionary<TemplateResource, List<string>> _owner = [];
        private readonly List<(string Zone, string Tier)> _nats = [];
        private string? _vpc;

        public void Run()
        {
            _nodes.Add(new DiagramNode("users", NodeKind.Users, "users", [], false, [], null, "", "users"));
            foreach (var group in env.Blocks.GroupBy(b => b.Kind))
            {
                var blocks = group.ToList();
                foreach (var block in blocks)
                {
                    switch (block.Kind)
                    {
                        case "Network": Network(block); break;
                        case "Edge": Edge(block); break;
                        case "LoadBalancer": LoadBalancers(block, blocks.Count > 1); break;
                        case "Fleet": Fleets(block); break;
                        case "Database": Database(block, blocks.Count > 1); break;
                        case "Cache": Cache(block, blocks.Count > 1); break;
                        case "Queues": Queues(block); break;
                        case "Monitoring": break; // all monitoring blocks together, below
                        case "Budget": Budget(block); break;
                        default: Other(block); break;
                    }
                }
            }
            Monitoring(env.BlocksOf("Monitoring").ToList());
            Connect();
        }

        public ArchitectureDiagram Result()
        {
            var config = env.Config;
            var title = $"{env.Name}: {config.Region}{(config.Production ? ", production" : "")}";
            // Top to bottom as a request travels; within a kind, in composition order.
            var nodes = _nodes.Select((n, i) => (n, i)).OrderBy(x => (int)x.n.Kind).ThenBy(x => x.i).Select(x => x.n).ToList();
            var rank = nodes.Select((n, i) => (n.Id, i)).ToDictionary(x => x.Id, x => x.i);
            var edges = Dedupe(_edges).Select((e, i) => (e, i)).OrderBy(x => rank[x.e.From]).ThenBy(x => rank[x.e.To]).Select(x => x.e).ToList();
            return new ArchitectureDiagram(env.Name, title, _vpc, nodes, edges, Lanes());
        }

        // ---- nodes -------------------------------------------------------------------------------

        private void Network(BlockResources block)
        {
            if (block.OfType("AWS::EC2::VPC").FirstOrDefault() is { } vpc)
                _vpc = vpc.Str("CidrBlock") is { } cidr ? $"VPC {cidr}" : "VPC";
            foreach (var nat in block.OfType("AWS::EC2::NatGateway"))
                if (graph.Target(nat.Stack, nat.Prop("SubnetId")) is { } subnet && Zone(subnet) is { } zone)
                    _nats.Add((zone, Tier(subnet)));
        }

        private void Edge(BlockResources block)
        {
            var waf = block.OfType("AWS::WAFv2::WebACL").FirstOrDefault();
            foreach (var distribution in block.OfType("AWS::CloudFront::Distribution"))
            {
                var config = distribution.Prop("DistributionConfig");
                var details = new List<string>();
                if (Field(config, "Aliases") is { ValueKind: JsonValueKind.Array } aliases && aliases.GetArrayLength() > 0)
                    details.Add(string.Join(", ", aliases.EnumerateArray().Select(a => a.GetString())));
                if (waf is not null)
                {
                    var rules = Field(waf.Properties, "Rules") is { ValueKind: JsonValueKind.Array } r ? r.EnumerateArray().ToList() : [];
                    var limit = rules.Select(x => Field(Field(Field(x, "Statement"), "RateBasedStatement"), "Limit")).FirstOrDefault(x => x is not null);
                    var managed = rules.Count(x => Field(Field(x, "Statement"), "ManagedRuleGroupStatement") is not null);
                    details.Add(limit is { } l
                        ? $"WAF: {Num(l)} req/5 min per IP, {managed} managed rule groups"
                        : $"WAF: {rules.Count} rules");
                }
                if (Field(config, "CustomErrorResponses") is { ValueKind: JsonValueKind.Array } errors && errors.GetArrayLength() > 0)
                    details.Add("busy page on origin errors");
                var id = Add(NodeKind.Edge, "edge_" + block.Name, waf is null ? "CloudFront" : "CloudFront + WAF", details, distribution, block, [], null, "CloudFront");
                if (waf is not null) Own(waf, id);

                // The S3 origins that serve files (the static assets), not the log bucket.
                var origins = Field(config, "Origins") is { ValueKind: JsonValueKind.Array } o ? o.EnumerateArray().ToList() : [];
                foreach (var bucket in origins.SelectMany(x => graph.Targets(distribution.Stack, Field(x, "DomainName")))
                             .Where(r => r.Type == "AWS::S3::Bucket").Distinct())
                {
                    var assets = Add(NodeKind.Assets, "assets_" + block.Name, "static assets", ["S3, private (origin access control)"],
                        bucket, block, [], null, "static assets");
                    _edges.Add(new DiagramEdge(id, assets, "/static, busy page"));
                }
            }
        }

        private void LoadBalancers(BlockResources block, bool several)
        {
            foreach (var lb in block.OfType("AWS::ElasticLoadBalancingV2::LoadBalancer"))
            {
                var subnets = graph.Subnets(lb, "Subnets");
                var listeners = block.OfType("AWS::ElasticLoadBalancingV2::Listener")
                    .Where(l => graph.Target(l.Stack, l.Prop("LoadBalancerArn")) == lb)
                    .Select(l => $"{l.Str("Protocol")}:{Num(l.Prop("Port"))}").ToList();
                var kind = lb.Str("Type") == "network" ? "NLB" : "ALB";
                var details = new List<string> { $"{lb.Str("Scheme") ?? "internet-facing"}, {string.Join(" + ", listeners)}".TrimEnd(',', ' ') };
                var name = several ? $"{kind} {block.Name}" : "load balancer";
                var id = Add(NodeKind.LoadBalancer, "lb_" + block.Name + (block.OfType("AWS::ElasticLoadBalancingV2::LoadBalancer").Count() > 1 ? "_" + Safe(lb.LogicalId) : ""),
                    $"{kind} {block.Name}", details, lb, block, Zones(subnets), TierOf(subnets), name);
                foreach (var sg in graph.SecurityGroups(lb, lb.Prop("SecurityGroups"))) Own(sg, id);
                foreach (var tg in block.OfType("AWS::ElasticLoadBalancingV2::TargetGroup")) Own(tg, id);
            }
        }

        private void Fleets(BlockResources block)
        {
            var groups = block.OfType("AWS::AutoScaling::AutoScalingGroup").ToList();
            foreach (var group in groups)
            {
                var name = groups.Count > 1 ? $"{block.Name} {groups.IndexOf(group) + 1}" : block.Name;
                var subnets = graph.Subnets(group, "VPCZoneIdentifier");
                var template = LaunchTemplate(group);
                var data = Field(template?.Properties, "LaunchTemplateData");
                var types = new List<string>();
                if (Field(data, "InstanceType") is { ValueKind: JsonValueKind.String } t) types.Add(t.GetString()!);
                var mixed = group.Prop("MixedInstancesPolicy");
                if (Field(Field(mixed, "LaunchTemplate"), "Overrides") is { ValueKind: JsonValueKind.Array } overrides)
                    types = overrides.EnumerateArray().Select(o => Field(o, "InstanceType") is { } it ? Text(it) : "?").ToList();

                var min = Num(group.Prop("MinSize"));
                var max = Num(group.Prop("MaxSize"));
                var details = new List<string> { $"{min}–{max} × {(types.Count > 0 ? string.Join("/", types) : "instances")}" };
                if (group.Prop("DesiredCapacity") is { ValueKind: JsonValueKind.String or JsonValueKind.Number } desired && Num(desired) != min)
                    details.Add($"desired {Num(desired)}");
                if (Field(mixed, "InstancesDistribution") is { } dist)
                {
                    var onDemand = Num(Field(dist, "OnDemandPercentageAboveBaseCapacity"));
                    details.Add($"on-demand base {Num(Field(dist, "OnDemandBaseCapacity"))}, {(onDemand == "100" ? "on-demand" : $"{100 - int.Parse(onDemand, CultureInfo.InvariantCulture)}% Spot")} above");
                }
                foreach (var action in block.OfType("AWS::AutoScaling::ScheduledAction").Where(a => graph.Target(a.Stack, a.Prop("AutoScalingGroupName")) == group))
                {
                    var peak = action.Prop("MaxSize") is { } m ? Num(m) : null;
                    if (peak is null || !int.TryParse(peak, out var p) || !int.TryParse(max, out var baseMax) || p <= baseMax) continue;
                    details.Add($"{peak} on {ScheduleName(group, action)}");
                }
                foreach (var policy in block.OfType("AWS::AutoScaling::ScalingPolicy").Where(x => graph.Target(x.Stack, x.Prop("AutoScalingGroupName")) == group))
                    if (ScalingText(policy) is { } scaling) details.Add(scaling);
                if (options.Capacity?.Invoke(block.Name) is { Length: > 0 } capacity) details.Add(capacity);

                var id = Add(NodeKind.Fleet, "fleet_" + block.Name + (groups.Count > 1 ? "_" + (groups.IndexOf(group) + 1) : ""),
                    name, details, group, block, Zones(subnets), TierOf(subnets), name);
                if (template is not null)
                {
                    foreach (var sg in graph.SecurityGroups(template, Field(data, "SecurityGroupIds"))) Own(sg, id);
                    if (Field(data, "NetworkInterfaces") is { ValueKind: JsonValueKind.Array } nics)
                        foreach (var nic in nics.EnumerateArray())
                            foreach (var sg in graph.SecurityGroups(template, Field(nic, "Groups"))) Own(sg, id);
                    foreach (var profile in graph.Targets(template.Stack, Field(Field(data, "IamInstanceProfile"), "Arn")).Where(r => r.Type == "AWS::IAM::InstanceProfile"))
                        foreach (var role in graph.Targets(profile.Stack, profile.Prop("Roles")))
                            Own(role, id);
                }
                foreach (var sg in graph.SecurityGroups(group, group.Prop("SecurityGroups"))) Own(sg, id);
                foreach (var tg in graph.Targets(group.Stack, group.Prop("TargetGroupARNs")))
                    foreach (var lb in Owners(tg)) _edges.Add(new DiagramEdge(lb, id, Port(tg)));
            }
        }

        private void Database(BlockResources block, bool several)
        {
            var prefix = several ? block.Name + " " : "";
            var instances = block.OfType("AWS::RDS::DBInstance").ToList();
            var primaries = instances.Where(i => i.Prop("SourceDBInstanceIdentifier") is null).ToList();
            foreach (var primary in primaries)
            {
                var subnets = DbSubnets(primary);
                var details = new List<string>
                {
                    $"{Engine(primary)}, {primary.Str("DBInstanceClass")}",
                    Flag(primary, "MultiAZ") ? "Multi-AZ: standby in another zone" : "single zone",
                };
                if (primary.Prop("AllocatedStorage") is { } storage)
                    details.Add($"{Num(storage)} GiB{(primary.Prop("MaxAllocatedStorage") is { } maxStorage ? $" (up to {Num(maxStorage)})" : "")}{(Flag(primary, "StorageEncrypted") ? ", encrypted" : "")}");
                var id = Add(NodeKind.Primary, "db_" + Safe(block.Name) + (primaries.Count > 1 ? "_" + Safe(primary.LogicalId) : "") + "_primary",
                    prefix + "database primary", details, primary, block, primary.Str("AvailabilityZone") is { } az ? [az] : Zones(subnets), TierOf(subnets), prefix + "database");
                foreach (var sg in graph.SecurityGroups(primary, primary.Prop("VPCSecurityGroups"))) Own(sg, id);

                var replicas = instances.Where(i => graph.Targets(i.Stack, i.Prop("SourceDBInstanceIdentifier")).Contains(primary)).ToList();
                for (var n = 0; n < replicas.Count; n++)
                {
                    var replica = replicas[n];
                    var zone = replica.Str("AvailabilityZone");
                    var replicaSubnets = DbSubnets(replica);
                    var rid = Add(NodeKind.Replica, $"{id[..^"_primary".Length]}_replica{n + 1}", $"{prefix}replica {n + 1}",
                        [$"{replica.Str("DBInstanceClass")}{(zone is null ? "" : $", {zone}")}", "read-only"], replica, block,
                        zone is null ? Zones(replicaSubnets) : [zone], TierOf(replicaSubnets), $"{prefix}replica {n + 1}");
                    foreach (var sg in graph.SecurityGroups(replica, replica.Prop("VPCSecurityGroups"))) Own(sg, rid);
                    _edges.Add(new DiagramEdge(id, rid, "replicates", Dashed: true));
                }
            }
            foreach (var proxy in block.OfType("AWS::RDS::DBProxy"))
            {
                var subnets = graph.Subnets(proxy, "VpcSubnetIds");
                var pool = block.OfType("AWS::RDS::DBProxyTargetGroup").Select(t => Field(t.Prop("ConnectionPoolConfigurationInfo"), "MaxConnectionsPercent")).FirstOrDefault();
                var details = new List<string> { Flag(proxy, "RequireTLS") ? "TLS required" : "TLS optional" };
                if (pool is { } p) details.Add($"pool {Num(p)}% of connections");
                var id = Add(NodeKind.Proxy, "db_" + Safe(block.Name) + "_proxy", prefix + "RDS Proxy", details, proxy, block, Zones(subnets), TierOf(subnets), prefix + "proxy");
                foreach (var sg in graph.SecurityGroups(proxy, proxy.Prop("VpcSecurityGroupIds"))) Own(sg, id);
            }
        }

        private void Cache(BlockResources block, bool several)
        {
            foreach (var group in block.OfType("AWS::ElastiCache::ReplicationGroup"))
            {
                var subnetGroup = graph.Target(group.Stack, group.Prop("CacheSubnetGroupName"));
                var subnets = subnetGroup is null ? [] : graph.Subnets(subnetGroup, "SubnetIds");
                var zones = group.Prop("PreferredCacheClusterAZs") is { ValueKind: JsonValueKind.Array } preferred
                    ? preferred.EnumerateArray().Select(z => z.GetString()!).Distinct().ToList()
                    : Zones(subnets);
                var shards = group.Prop("NumNodeGroups") is { } s ? Num(s) : null;
                var count = Num(group.Prop("NumCacheClusters"));
                var nodes = shards is not null
                    ? $"{shards} shards × (1 + {Num(group.Prop("ReplicasPerNodeGroup"))} replicas)"
                    : int.TryParse(count, out var n) ? $"{n} nodes (1 primary + {n - 1} replicas)" : $"{count} nodes";
                var details = new List<string>
                {
                    $"{group.Str("Engine")} {group.Str("EngineVersion")}, {group.Str("CacheNodeType")}".Trim(),
                    nodes,
                };
                if (Flag(group, "MultiAZEnabled")) details.Add("Multi-AZ, automatic failover");
                var name = several ? $"cache {block.Name}" : "cache";
                var id = Add(NodeKind.Cache, "cache_" + Safe(block.Name), name, details, group, block, zones, TierOf(subnets), name);
                foreach (var sg in graph.SecurityGroups(group, group.Prop("SecurityGroupIds"))) Own(sg, id);
            }
        }

        private void Queues(BlockResources block)
        {
            var queues = block.OfType("AWS::SQS::Queue").ToList();
            var deadLetters = queues.ToDictionary(q => q, q => graph.Targets(q.Stack, Field(q.Prop("RedrivePolicy"), "deadLetterTargetArn")).FirstOrDefault());
            var isDeadLetter = deadLetters.Values.OfType<TemplateResource>().ToHashSet();
            foreach (var queue in queues.Where(q => !isDeadLetter.Contains(q)))
            {
                var name = queue.Str("QueueName") ?? queue.LogicalId;
                var shortName = ShortQueueName(name, env.Config.Name);
                var details = new List<string>();
                if (queue.Prop("FifoQueue") is { ValueKind: JsonValueKind.True }) details.Add("FIFO");
                if (deadLetters[queue] is { } dlq)
                    details.Add($"dead-letter queue after {Num(Field(queue.Prop("RedrivePolicy"), "maxReceiveCount"))} receives");
                var id = Add(NodeKind.Queue, "queue_" + Safe(shortName), shortName, details, queue, block, [], null, shortName);
                if (deadLetters[queue] is { } d) Own(d, id);
            }
        }

        private void Monitoring(IReadOnlyList<BlockResources> blocks)
        {
            if (blocks.Count == 0) return;
            var resources = blocks.SelectMany(b => b.Resources).ToList();
            var alarms = resources.Count(r => r.Type is "AWS::CloudWatch::Alarm" or "AWS::CloudWatch::CompositeAlarm");
            var dashboards = resources.Count(r => r.Type == "AWS::CloudWatch::Dashboard");
            var subscriptions = resources.Where(r => r.Type == "AWS::SNS::Subscription").GroupBy(r => r.Str("Protocol") ?? "?")
                .Select(g => $"{g.Select(r => r.Str("Endpoint")).Distinct().Count()} {g.Key}").ToList();
            var details = new List<string> { $"{alarms} alarms, {dashboards} dashboard{(dashboards == 1 ? "" : "s")}" };
            var topics = resources.Where(r => r.Type == "AWS::SNS::Topic").Select(r => r.Str("TopicName")).Distinct().ToList();
            if (topics.Count > 0)
                details.Add($"ops topic{(subscriptions.Count > 0 ? ": " + string.Join(", ", subscriptions) : "")}");
            var first = resources.FirstOrDefault(r => r.Type == "AWS::SNS::Topic") ?? resources.FirstOrDefault();
            if (first is null) return;
            Add(NodeKind.Monitoring, "monitoring", "CloudWatch monitoring", details, first, blocks[0], [], null, "monitoring", stateful: false);
        }

        private void Budget(BlockResources block)
        {
            foreach (var budget in block.OfType("AWS::Budgets::Budget"))
            {
                var limit = Field(Field(budget.Prop("Budget"), "BudgetLimit"), "Amount");
                var unit = Field(Field(budget.Prop("Budget"), "BudgetLimit"), "Unit");
                Add(NodeKind.Budget, "budget_" + Safe(block.Name), $"budget {block.Name}",
                    limit is null ? [] : [$"{Num(limit)} {(unit is null ? "" : Text(unit.Value))} a month".Replace("  ", " ", StringComparison.Ordinal)],
                    budget, block, [], null, "budget");
            }
        }

        private void Other(BlockResources block)
        {
            if (block.Resources.Count == 0) return;
            Add(NodeKind.Other, "block_" + Safe(block.Kind) + "_" + Safe(block.Name), $"{block.Kind} {block.Name}",
                [$"{block.Resources.Count} resources"], block.Resources[0], block, [], null, block.Name,
                stateful: block.Resources.Any(r => Checks.Stateful.Is(r.Raw)));
        }

        private string Add(NodeKind kind, string id, string title, IReadOnlyList<string> details, TemplateResource resource, BlockResources block,
            IReadOnlyList<string> zones, string? tier, string shortName, bool? stateful = null)
        {
            id = Safe(id);
            var unique = id;
            for (var n = 2; _nodes.Any(x => x.Id == unique); n++) unique = $"{id}_{n}";
            _nodes.Add(new DiagramNode(unique, kind, title, details, stateful ?? Checks.Stateful.Is(resource.Raw), zones, tier, $"{block.Kind}/{block.Name}", shortName));
            Own(resource, unique);
            return unique;
        }

        private void Own(TemplateResource resource, string id)
        {
            if (!_owner.TryGetValue(resource, out var ids)) _owner[resource] = ids = [];
            if (!ids.Contains(id)) ids.Add(id);
        }

        private IReadOnlyList<string> Owners(TemplateResource resource) => _owner.TryGetValue(resource, out var ids) ? ids : [];

        // ---- edges -------------------------------------------------------------------------------

        private void Connect()
        {
            var edges = _nodes.Where(n => n.Kind == NodeKind.Edge).ToList();
            var publicLbs = _nodes.Where(n => n.Kind == NodeKind.LoadBalancer && n.Details.Any(d => d.StartsWith("internet-facing", StringComparison.Ordinal))).ToList();
            if (edges.Count > 0)
            {
                foreach (var e in edges)
                {
                    _edges.Add(new DiagramEdge("users", e.Id, "HTTPS"));
                    foreach (var lb in publicLbs) _edges.Add(new DiagramEdge(e.Id, lb.Id, "HTTPS, origin-verify header"));
                }
            }
            else
            {
                foreach (var lb in publicLbs) _edges.Add(new DiagramEdge("users", lb.Id, "HTTPS"));
            }

            // Security-group ingress: source group's node reaches the target group's node on a port.
            foreach (var (source, target, port) in Ingress())
                foreach (var from in Owners(source))
                    foreach (var to in Owners(target).Where(to => to != from))
                        _edges.Add(new DiagramEdge(from, to, PortLabel(_nodes.First(n => n.Id == to).Kind, port)));

            // IAM: who sends to and who receives from each queue.
            foreach (var policy in graph.Resources.Where(r => r.Type == "AWS::IAM::Policy"))
            {
                var roles = graph.Targets(policy.Stack, policy.Prop("Roles")).SelectMany(Owners).Distinct().ToList();
                if (roles.Count == 0) continue;
                var statements = Field(policy.Prop("PolicyDocument"), "Statement");
                if (statements is not { ValueKind: JsonValueKind.Array } list) continue;
                foreach (var statement in list.EnumerateArray())
                {
                    var actions = Strings(Field(statement, "Action"));
                    var queues = graph.Targets(policy.Stack, Field(statement, "Resource")).SelectMany(Owners)
                        .Where(id => _nodes.First(n => n.Id == id).Kind == NodeKind.Queue).Distinct().ToList();
                    foreach (var role in roles)
                        foreach (var queue in queues)
                        {
                            if (actions.Any(a => a is "sqs:SendMessage" or "sqs:*")) _edges.Add(new DiagramEdge(role, queue, "sends"));
                            if (actions.Any(a => a is "sqs:ReceiveMessage" or "sqs:*")) _edges.Add(new DiagramEdge(queue, role, "feeds"));
                        }
                }
            }
        }

        /// <summary>(source group, target group, port) of every ingress rule between two security groups.</summary>
        private IEnumerable<(TemplateResource Source, TemplateResource Target, string Port)> Ingress()
        {
            foreach (var rule in graph.Resources.Where(r => r.Type == "AWS::EC2::SecurityGroupIngress"))
            {
                var target = graph.Target(rule.Stack, rule.Prop("GroupId"));
                var source = graph.Target(rule.Stack, rule.Prop("SourceSecurityGroupId"));
                if (target is not null && source is not null) yield return (source, target, PortOf(rule.Properties));
            }
            foreach (var group in graph.Resources.Where(r => r.Type == "AWS::EC2::SecurityGroup"))
                if (group.Prop("SecurityGroupIngress") is { ValueKind: JsonValueKind.Array } inline)
                    foreach (var rule in inline.EnumerateArray())
                        if (graph.Target(group.Stack, Field(rule, "SourceSecurityGroupId")) is { } source)
                            yield return (source, group, PortOf(rule));
        }

        private static string PortOf(JsonElement rule) =>
            Field(rule, "FromPort") is { ValueKind: JsonValueKind.Number } p ? p.GetRawText() : "";

        private static string PortLabel(NodeKind target, string port)
        {
            var suffix = port.Length > 0 ? $" :{port}" : "";
            return target switch
            {
                NodeKind.Fleet => "HTTP" + suffix,
                NodeKind.Proxy => "SQL" + suffix,
                NodeKind.Primary => "SQL" + suffix,
                NodeKind.Replica => "reads" + suffix,
                NodeKind.Cache => "Redis" + suffix,
                _ => port.Length > 0 ? ":" + port : "",
            };
        }

        private string Port(TemplateResource targetGroup) =>
            targetGroup.Prop("Port") is { } p ? $"{targetGroup.Str("Protocol") ?? "HTTP"} :{Num(p)}" : "";

        private static List<DiagramEdge> Dedupe(IEnumerable<DiagramEdge> edges) =>
            edges.GroupBy(e => (e.From, e.To)).Select(g => g.First()).ToList();

        // ---- lanes -------------------------------------------------------------------------------

        private List<ZoneLane> Lanes()
        {
            var configured = env.Config.AvailabilityZones.ToList();
            var seen = _nodes.SelectMany(n => n.Zones).Concat(_nats.Select(n => n.Zone)).Distinct().Where(z => !configured.Contains(z)).Order(StringComparer.Ordinal);
            var zones = configured.Concat(seen).ToList();
            var tiers = new[] { "public", "private", "isolated" };
            var cells = new Dictionary<(string Zone, string Tier), (List<string> Present, List<string> Missing)>();
            (List<string> Present, List<string> Missing) Cell(string zone, string tier) =>
                cells.TryGetValue((zone, tier), out var c) ? c : cells[(zone, tier)] = ([], []);

            foreach (var (zone, tier) in _nats) Cell(zone, tier).Present.Add("NAT");
            if (_nats.Count > 0)
            {
                var tier = _nats[0].Tier;
                foreach (var zone in configured.Where(z => _nats.All(n => n.Zone != z))) Cell(zone, tier).Missing.Add("NAT");
            }
            foreach (var node in _nodes.Where(n => n.Zones.Count > 0))
            {
                var tier = node.SubnetTier ?? "subnets";
                foreach (var zone in node.Zones) Cell(zone, tier).Present.Add(node.ShortName);
                if (node.SpansZones)
                    foreach (var zone in configured.Where(z => !node.Zones.Contains(z))) Cell(zone, tier).Missing.Add(node.ShortName);
            }
            var order = tiers.Concat(cells.Keys.Select(k => k.Tier).Where(t => !tiers.Contains(t)).Distinct().Order(StringComparer.Ordinal)).ToList();
            return zones.Select(zone => new ZoneLane(zone, configured.Contains(zone),
                order.Where(t => cells.ContainsKey((zone, t))).Select(t => new LaneCell(zone, t, cells[(zone, t)].Present, cells[(zone, t)].Missing)).ToList()))
                .ToList();
        }

        // ---- template reading --------------------------------------------------------------------

        private TemplateResource? LaunchTemplate(TemplateResource group)
        {
            var spec = group.Prop("LaunchTemplate") ?? Field(Field(group.Prop("MixedInstancesPolicy"), "LaunchTemplate"), "LaunchTemplateSpecification");
            return graph.Target(group.Stack, Field(spec, "LaunchTemplateId"));
        }

        private IReadOnlyList<TemplateResource> DbSubnets(TemplateResource instance) =>
            graph.Target(instance.Stack, instance.Prop("DBSubnetGroupName")) is { } subnetGroup ? graph.Subnets(subnetGroup, "SubnetIds") : [];

        private string ScheduleName(TemplateResource group, TemplateResource action)
        {
            if (options.ScheduleNames?.TryGetValue((action.Stack, action.LogicalId), out var name) == true) return name;
            // The logical ID is the construct path without separators plus an 8-character hash.
            var id = action.LogicalId;
            var prefix = group.LogicalId + "ScheduledAction";
            if (id.StartsWith(prefix, StringComparison.Ordinal) && id.Length > prefix.Length + 8) return id[prefix.Length..^8];
            return action.Str("Recurrence") ?? id;
        }

        private static string? ScalingText(TemplateResource policy)
        {
            var tracking = policy.Prop("TargetTrackingConfiguration");
            if (tracking is null) return null;
            var target = Num(Field(tracking, "TargetValue"));
            var predefined = Field(Field(tracking, "PredefinedMetricSpecification"), "PredefinedMetricType");
            return predefined is { } p
                ? Text(p) switch
                {
                    "ALBRequestCountPerTarget" => $"scales on {target} req/min per instance",
                    "ASGAverageCPUUtilization" => $"scales on CPU {target}%",
                    var other => $"scales on {other} {target}",
                }
                : Field(Field(tracking, "CustomizedMetricSpecification"), "Metrics") is { ValueKind: JsonValueKind.Array } metrics
                  && metrics.EnumerateArray().Any(m => Field(Field(Field(m, "MetricStat"), "Metric"), "Namespace") is { } ns && Text(ns) == "AWS/SQS")
                    ? $"scales on backlog {target} per instance"
                    : $"scales on a metric, target {target}";
        }

        private static string Engine(TemplateResource db) =>
            (db.Str("Engine") ?? "database") switch
            {
                "postgres" => "PostgreSQL",
                "mysql" => "MySQL",
                var e => e,
            } + (db.Str("EngineVersion") is { } v ? " " + v : "");

        private static string? Zone(TemplateResource subnet) => subnet.Str("AvailabilityZone");

        /// <summary>The subnet's tier from its headroom:tier tag, else from its name.</summary>
        private static string Tier(TemplateResource subnet)
        {
            if (subnet.Prop("Tags") is { ValueKind: JsonValueKind.Array } tags)
                foreach (var tag in tags.EnumerateArray())
                    if (Field(tag, "Key") is { } k && Text(k) == "headroom:tier" && Field(tag, "Value") is { } v) return Text(v);
            var id = subnet.LogicalId.ToLowerInvariant();
            return new[] { "public", "private", "isolated" }.FirstOrDefault(id.Contains) ?? "subnets";
        }

        private static List<string> Zones(IEnumerable<TemplateResource> subnets) =>
            subnets.Select(Zone).OfType<string>().Distinct().Order(StringComparer.Ordinal).ToList();

        private static string? TierOf(IReadOnlyList<TemplateResource> subnets) =>
            subnets.Count == 0 ? null : Tier(subnets[0]);
    }

    // ---- JSON helpers ----------------------------------------------------------------------------

    internal static JsonElement? Field(JsonElement? element, string name) =>
        element is { ValueKind: JsonValueKind.Object } e && e.TryGetProperty(name, out var v) ? v : null;

    internal static bool Flag(TemplateResource r, string property) => r.Prop(property) is { ValueKind: JsonValueKind.True };

    /// <summary>A number as written (CloudFormation writes some as strings); "?" when computed.</summary>
    internal static string Num(JsonElement? value) => value switch
    {
        { ValueKind: JsonValueKind.Number } v => v.GetRawText(),
        { ValueKind: JsonValueKind.String } v => v.GetString() ?? "?",
        _ => "?",
    };

    internal static string Text(JsonElement value) => value.ValueKind == JsonValueKind.String ? value.GetString() ?? "" : value.GetRawText();

    private static List<string> Strings(JsonElement? value) => value switch
    {
        { ValueKind: JsonValueKind.String } v => [v.GetString()!],
        { ValueKind: JsonValueKind.Array } a => a.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.String).Select(x => x.GetString()!).ToList(),
        _ => [],
    };

    /// <summary>"headroom-prod-orders.fifo" → "orders.fifo": the environment's prefix says nothing on its own picture.</summary>
    internal static string ShortQueueName(string name, string environment)
    {
        var marker = $"-{environment}-";
        var at = name.IndexOf(marker, StringComparison.Ordinal);
        return at >= 0 ? name[(at + marker.Length)..] : name;
    }

    /// <summary>An identifier Mermaid and DOT both take: letters, digits and underscores.</summary>
    internal static string Safe(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var c in text) sb.Append(char.IsAsciiLetterOrDigit(c) || c == '_' ? c : '_');
        return sb.Length == 0 || char.IsAsciiDigit(sb[0]) ? "n" + sb : sb.ToString();
    }
}
