using Headroom.App.Diff;

namespace Headroom.App.Diagrams;

/// <summary>What a change does to one block, as the change diagram colours it.</summary>
public enum BlockChange
{
    Unchanged,
    Added,
    Modified,
    Replaced,
    Removed,
}

/// <summary>One node of the change diagram: a block (or the resources no block claims) and what happens to it.</summary>
public sealed record ChangedBlock(string Id, string Title, BlockChange Change, bool Destructive, IReadOnlyList<string> Lines);

/// <summary>
/// The change to one environment as a Mermaid flowchart for the pull-request comment: one node per block
/// of the working tree (fleets, load balancer, data stores, queues, …) connected as in the architecture
/// diagram, coloured by what the change does to it (added, modified, replaced, removed), with the
/// changes that destroy data (<see cref="ResourceChange.IsDestructiveToData"/>) marked. Resource
/// changes are placed by <see cref="BlockIndex"/>; without one (or for a resource it cannot place) by type.
/// </summary>
public static class ChangeDiagram
{
    public const string Legend =
        "Green: added · yellow: modified · orange: replaced · red, dashed: removed · grey: unchanged · thick red border: **destroys data**.";

    /// <summary>The nodes and links for an environment with changes; empty when nothing changed.</summary>
    public static (IReadOnlyList<ChangedBlock> Nodes, IReadOnlyList<(string From, string To)> Links) Build(EnvironmentDiff env, BlockIndex? index)
    {
        if (!env.HasChanges) return ([], []);
        var changes = env.Stacks.SelectMany(s => s.Changes.Resources.Select(r => (Stack: s.Name, Resource: r))).ToList();

        // Group each changed resource under a key: its block's, else its type's kind.
        var groups = new Dictionary<string, List<(string Stack, ResourceChange Resource)>>(StringComparer.Ordinal);
        var titles = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var change in changes)
        {
            var block = index?.Find(change.Stack, change.Resource.LogicalId);
            string key;
            if (block is not null)
            {
                key = block.Key;
                titles[key] = Title(block.Kind, block.Name);
            }
            else
            {
                var kind = KindOf(change.Resource.Type);
                var ofKind = index?.Blocks.Where(b => b.Kind == kind).ToList() ?? [];
                if (ofKind.Count == 1)
                {
                    key = ofKind[0].Key;
                    titles[key] = Title(ofKind[0].Kind, ofKind[0].Name);
                }
                else
                {
                    key = kind;
                    titles[key] = kind == "Other" ? "other resources" : Title(kind, null);
                }
            }
            if (!groups.TryGetValue(key, out var list)) groups[key] = list = [];
            list.Add(change);
        }

        var nodes = new List<ChangedBlock>();
        var order = (index?.Blocks.Select(b => b.Key) ?? []).Concat(groups.Keys.Order(StringComparer.Ordinal)).Distinct().ToList();
        foreach (var key in order)
        {
            var block = index?.Blocks.FirstOrDefault(b => b.Key == key);
            var list = groups.GetValueOrDefault(key) ?? [];
            var title = titles.GetValueOrDefault(key) ?? (block is null ? key : Title(block.Kind, block.Name));
            var state = State(block, list);
            var destructive = list.Where(c => c.Resource.IsDestructiveToData).ToList();
            var lines = new List<string>();
            var counts = new[]
            {
                (list.Count(c => c.Resource.Impact is Impact.Create or Impact.Import), "added"),
                (list.Count(c => c.Resource.Impact is Impact.Update or Impact.NoChange), "modified"),
                (list.Count(c => c.Resource.Impact is Impact.Replace or Impact.MayReplace), "replaced"),
                (list.Count(c => c.Resource.Impact is Impact.Destroy or Impact.Orphan), "removed"),
            }.Where(c => c.Item1 > 0).Select(c => $"{c.Item1} {c.Item2}").ToList();
            if (counts.Count > 0) lines.Add(string.Join(", ", counts));
            foreach (var d in destructive)
                lines.Add($"⚠ {d.Resource.Impact.Word()}: {d.Resource.LogicalId} (data)");
            nodes.Add(new ChangedBlock(ArchitectureBuilder.Safe("b_" + key), title, state, destructive.Count > 0, lines));
        }

        var ids = nodes.Select(n => n.Id).ToHashSet();
        var links = (index?.Links ?? [])
            .Select(l => (From: ArchitectureBuilder.Safe("b_" + l.From), To: ArchitectureBuilder.Safe("b_" + l.To)))
            .Where(l => ids.Contains(l.From) && ids.Contains(l.To)).Distinct().ToList();
        return (nodes, links);
    }

    /// <summary>The Mermaid text (no code fence); null when the environment has no changes.</summary>
    public static string? Mermaid(EnvironmentDiff env, BlockIndex? index)
    {
        var (nodes, links) = Build(env, index);
        if (nodes.Count == 0) return null;
        var md = new StringBuilder();
        md.AppendLine("flowchart LR");
        foreach (var node in nodes)
        {
            var label = string.Join("<br/>", new[] { $"{node.Title}: {Word(node.Change)}" }.Concat(node.Lines)).Replace("\"", "#quot;", StringComparison.Ordinal);
            md.AppendLine($"  {node.Id}[\"{label}\"]");
        }
        foreach (var (from, to) in links) md.AppendLine($"  {from} --> {to}");
        md.AppendLine("  classDef added fill:#d4f7d4,stroke:#2f855a,color:#1a202c");
        md.AppendLine("  classDef modified fill:#fff3c4,stroke:#b7791f,color:#1a202c");
        md.AppendLine("  classDef replaced fill:#ffd8a8,stroke:#c05621,color:#1a202c");
        md.AppendLine("  classDef removed fill:#fed7d7,stroke:#c53030,stroke-dasharray:5 3,color:#1a202c");
        md.AppendLine("  classDef unchanged fill:#f7fafc,stroke:#cbd5e0,color:#718096");
        md.AppendLine("  classDef destructive fill:#fed7d7,stroke:#c53030,stroke-width:4px,color:#1a202c");
        foreach (var group in nodes.GroupBy(n => n.Destructive ? "destructive" : Word(n.Change)))
            md.AppendLine($"  class {string.Join(',', group.Select(n => n.Id))} {group.Key}");
        return md.ToString();
    }

    public static string Word(BlockChange change) => change switch
    {
        BlockChange.Added => "added",
        BlockChange.Modified => "modified",
        BlockChange.Replaced => "replaced",
        BlockChange.Removed => "removed",
        _ => "unchanged",
    };

    /// <summary>
    /// Added: every resource the block has in the working tree is new. Removed: the block is gone and its
    /// resources only leave. Replaced: one of its resources is replaced. Modified: anything else that changed.
    /// </summary>
    private static BlockChange State(IndexedBlock? block, IReadOnlyList<(string Stack, ResourceChange Resource)> changes)
    {
        if (changes.Count == 0) return BlockChange.Unchanged;
        if (changes.Any(c => c.Resource.Impact is Impact.Replace or Impact.MayReplace)) return BlockChange.Replaced;
        var created = changes.Where(c => c.Resource.Impact is Impact.Create or Impact.Import).Select(c => (c.Stack, c.Resource.LogicalId)).ToHashSet();
        if (block is not null && block.Resources.Count > 0 && block.Resources.All(created.Contains)) return BlockChange.Added;
        if (block is null && changes.All(c => c.Resource.Impact is Impact.Create or Impact.Import)) return BlockChange.Added;
        if (changes.All(c => c.Resource.Impact is Impact.Destroy or Impact.Orphan) && (block is null || block.Resources.Count == 0)) return BlockChange.Removed;
        return BlockChange.Modified;
    }

    private static string Title(string kind, string? name) => kind switch
    {
        "Fleet" => $"{name} fleet",
        "LoadBalancer" => name is null ? "load balancer" : $"load balancer {name}",
        "Edge" => "CloudFront + WAF",
        "Database" => "database",
        "Cache" => "cache",
        "Queues" => "queues",
        "Network" => "network",
        "Monitoring" => name is null or "main" ? "monitoring" : $"monitoring {name}",
        "Budget" => "budget",
        _ => name is null ? kind : $"{kind} {name}",
    };

    /// <summary>The block kind a resource type usually belongs to: for resources no block of the working tree claims.</summary>
    internal static string KindOf(string type) => type.Split("::") switch
    {
        [_, "RDS", ..] => "Database",
        [_, "ElastiCache", ..] => "Cache",
        [_, "SQS", ..] => "Queues",
        [_, "AutoScaling", ..] => "Fleet",
        [_, "EC2", "LaunchTemplate"] => "Fleet",
        [_, "ElasticLoadBalancingV2", ..] => "LoadBalancer",
        [_, "CloudFront" or "WAFv2", ..] => "Edge",
        [_, "CloudWatch" or "SNS", ..] => "Monitoring",
        [_, "Budgets", ..] => "Budget",
        [_, "EC2", "VPC" or "Subnet" or "NatGateway" or "EIP" or "RouteTable" or "Route" or "SubnetRouteTableAssociation" or "InternetGateway"
            or "VPCGatewayAttachment" or "FlowLog" or "VPCEndpoint"] => "Network",
        _ => "Other",
    };
}
