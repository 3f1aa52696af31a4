namespace Headroom.App.Diagrams;

/// <summary>What a node draws; decides its shape and where it sits.</summary>
public enum NodeKind
{
    Users,
    Edge,
    Assets,
    LoadBalancer,
    Fleet,
    Proxy,
    Primary,
    Replica,
    Cache,
    Queue,
    Monitoring,
    Budget,
    /// <summary>A block this drawing has no special case for (a new kind): drawn as a box with its resource count.</summary>
    Other,
}

/// <summary>
/// One thing on the picture: a fleet, a data store, a queue, the edge. <paramref name="Zones"/> are the
/// zones it has subnets (or its one instance) in, <paramref name="SubnetTier"/> the subnets' tier
/// ("public", "private", "isolated"); <paramref name="Stateful"/> follows <see cref="Checks.Stateful"/>
/// for the resource drawn; <paramref name="Block"/> is the block it belongs to ("Fleet/web").
/// </summary>
public sealed record DiagramNode(
    string Id,
    NodeKind Kind,
    string Title,
    IReadOnlyList<string> Details,
    bool Stateful,
    IReadOnlyList<string> Zones,
    string? SubnetTier,
    string Block,
    string ShortName)
{
    /// <summary>A tier that is meant to span zones (not a replica pinned to one, not a regional service).</summary>
    public bool SpansZones => Kind is NodeKind.LoadBalancer or NodeKind.Fleet or NodeKind.Proxy or NodeKind.Primary or NodeKind.Cache;
}

/// <summary>A connection, as the templates grant it (security-group ingress, IAM, replication, target groups).</summary>
public sealed record DiagramEdge(string From, string To, string Label, bool Dashed = false);

/// <summary>What one zone holds in one subnet tier; <paramref name="Missing"/> lists tiers present in other zones but not here.</summary>
public sealed record LaneCell(string Zone, string Tier, IReadOnlyList<string> Present, IReadOnlyList<string> Missing);

/// <summary>One availability zone: <paramref name="Configured"/> is false for a zone found in the templates but not in the config.</summary>
public sealed record ZoneLane(string Zone, bool Configured, IReadOnlyList<LaneCell> Cells)
{
    public bool HasGaps => Cells.Any(c => c.Missing.Count > 0);
}

/// <summary>One environment as drawn: nodes with their sizes, the edges between them and a lane per zone.</summary>
public sealed record ArchitectureDiagram(
    string Environment,
    string Title,
    string? VpcLabel,
    IReadOnlyList<DiagramNode> Nodes,
    IReadOnlyList<DiagramEdge> Edges,
    IReadOnlyList<ZoneLane> Lanes)
{
    public DiagramNode Node(string id) => Nodes.Single(n => n.Id == id);
}
