using System.Text.RegularExpressions;
using System.Xml.Linq;
using Headroom.App.Diagrams;
using Headroom.Tests.Support;

namespace Headroom.Tests.Diagrams;

/// <summary>
/// The architecture diagram of the real environments, read from the shared synthesis: its content
/// (nodes, edges, zone lanes, sizes, stateful marks), not its pixels.
/// </summary>
[Collection(SynthCollection.Name)]
public sealed partial class ArchitectureDiagramTests(SynthFixture synth)
{
    private ArchitectureDiagram Diagram(string env, Func<string, string?>? capacity = null) =>
        DiagramCommand.Draw(synth.Environments[env], synth.Json(env), capacity);

    /// <summary>The Mermaid node lines: id → label.</summary>
    private static Dictionary<string, string> MermaidNodes(string mermaid) =>
        NodeLine().Matches(mermaid).ToDictionary(m => m.Groups["id"].Value, m => m.Groups["label"].Value);

    private static List<(string From, string To, string Label)> MermaidEdges(string mermaid) =>
        EdgeLine().Matches(mermaid).Select(m => (m.Groups["from"].Value, m.Groups["to"].Value, m.Groups["label"].Value)).ToList();

    [GeneratedRegex("""^\s+(?<id>\w+)(?:\[\("|\(\["|\[/"|\[")(?<label>.*?)(?:"\)\]|"\]\)|"/\]|"\])$""", RegexOptions.Multiline)]
    private static partial Regex NodeLine();

    [GeneratedRegex("""^\s+(?<from>\w+) (?:-->|-\.->)(?:\|"(?<label>[^"]*)"\|)? (?<to>\w+)$""", RegexOptions.Multiline)]
    private static partial Regex EdgeLine();

    [Fact]
    public void Prod_has_one_node_per_fleet_data_store_and_queue()
    {
        var env = synth.Json("prod");
        var mermaid = MermaidWriter.Write(Diagram("prod"));
        var nodes = MermaidNodes(mermaid);

        foreach (var fleet in env.BlocksOf("Fleet"))
            nodes.Keys.Should().ContainSingle(id => id == $"fleet_{fleet.Name}", $"the {fleet.Name} fleet is one node");
        nodes.Keys.Count(id => id.StartsWith("fleet_", StringComparison.Ordinal)).Should().Be(env.BlocksOf("Fleet").Count());

        nodes.Should().ContainKey("db_database_primary").WhoseValue.Should().StartWith("database primary");
        nodes.Keys.Where(id => id.StartsWith("db_database_replica", StringComparison.Ordinal))
            .Should().HaveCount(env.Config.Database.Settings(env.Config).Replicas, "one node per read replica");
        nodes.Should().ContainKey("db_database_proxy");
        nodes.Should().ContainKey("cache_cache");

        var queues = env.Config.Queues.Settings(env.Config).Queues.Select(q => q.Name).ToList();
        nodes.Keys.Where(id => id.StartsWith("queue_", StringComparison.Ordinal)).Should().HaveCount(queues.Count, "dead-letter queues are folded into their queue");
        foreach (var queue in queues)
            nodes.Values.Should().Contain(label => label.StartsWith(queue + "<br/>", StringComparison.Ordinal) || label == queue);
        nodes.Should().ContainKey("edge_edge").WhoseValue.Should().StartWith("CloudFront + WAF");
        nodes.Should().ContainKey("lb_web");
        nodes.Should().ContainKey("monitoring").WhoseValue.Should().MatchRegex(@"\d+ alarms");
    }

    [Fact]
    public void Prod_edges_follow_the_request_the_data_and_the_queues()
    {
        var env = synth.Json("prod");
        var edges = MermaidEdges(MermaidWriter.Write(Diagram("prod"))).Select(e => (e.From, e.To)).ToList();
        var queues = MermaidNodes(MermaidWriter.Write(Diagram("prod"))).Keys.Where(id => id.StartsWith("queue_", StringComparison.Ordinal)).ToList();

        edges.Should().Contain([("users", "edge_edge"), ("edge_edge", "lb_web"), ("lb_web", "fleet_web")]);
        foreach (var fleet in env.BlocksOf("Fleet").Select(f => "fleet_" + f.Name))
            edges.Should().Contain([(fleet, "db_database_proxy"), (fleet, "cache_cache")], $"{fleet} reaches the proxy and the cache (security groups)");
        edges.Should().Contain(("db_database_proxy", "db_database_primary"));
        for (var n = 1; n <= env.Config.Database.Replicas; n++)
        {
            edges.Should().Contain(("db_database_primary", $"db_database_replica{n}"));
            edges.Should().Contain(("fleet_web", $"db_database_replica{n}"), "reads go to every replica");
        }
        foreach (var queue in queues)
        {
            edges.Should().Contain(("fleet_web", queue), "the web fleet sends (IAM sqs:SendMessage)");
            edges.Should().Contain((queue, "fleet_worker"), "the workers receive (IAM sqs:ReceiveMessage)");
        }
        edges.Should().OnlyHaveUniqueItems();
    }

    [Fact]
    public void Prod_has_a_lane_per_configured_zone_and_every_tier_in_every_zone()
    {
        var config = synth.Json("prod").Config;
        var diagram = Diagram("prod");
        var mermaid = MermaidWriter.Write(diagram);

        diagram.Lanes.Select(l => l.Zone).Should().Equal(config.AvailabilityZones);
        diagram.Lanes.Should().OnlyContain(l => l.Configured && !l.HasGaps);
        foreach (var zone in config.AvailabilityZones)
        {
            mermaid.Should().Contain($"subgraph {MermaidWriter.LaneId(zone)}[\"{zone}\"]");
            var lane = diagram.Lanes.Single(l => l.Zone == zone);
            lane.Cells.Single(c => c.Tier == "private").Present.Should().Contain(["web", "worker"]);
            lane.Cells.Single(c => c.Tier == "public").Present.Should().Contain(["load balancer", "NAT"]);
            lane.Cells.Single(c => c.Tier == "isolated").Present.Should().Contain(["database", "proxy", "cache"]);
        }
        Regex.Matches(mermaid, @"subgraph zone_").Count.Should().Be(config.AvailabilityZones.Count);
    }

    [Fact]
    public void A_tier_not_in_every_zone_stands_out_in_the_lanes()
    {
        var config = synth.Json("staging").Config;
        config.Network.Settings(config).NatGateways.Should().BeLessThan(config.AvailabilityZones.Count, "staging saves on NAT gateways");
        var diagram = Diagram("staging");

        var gaps = diagram.Lanes.Where(l => l.HasGaps).ToList();
        gaps.Should().NotBeEmpty();
        gaps.SelectMany(l => l.Cells).SelectMany(c => c.Missing).Should().OnlyContain(m => m == "NAT");
        var cell = gaps[0].Cells.Single(c => c.Missing.Count > 0);
        var mermaid = MermaidWriter.Write(diagram);
        mermaid.Should().Contain("missing here: NAT").And.MatchRegex($@"class [\w,]*{MermaidWriter.CellId(cell)}[\w,]* gap");
        DotWriter.Write(diagram).Should().Contain("missing here: NAT");
    }

    [Fact]
    public void Labels_carry_sizes_and_scheduled_peaks_from_the_templates()
    {
        var config = synth.Json("prod").Config;
        var web = config.Web.Fleet.Settings(config);
        var nodes = MermaidNodes(MermaidWriter.Write(Diagram("prod")));

        nodes["fleet_web"].Should().Contain($"{web.MinCapacity}–{web.MaxCapacity} × {web.InstanceType}");
        foreach (var peak in web.ScheduledActions.Where(a => a.MaxCapacity > web.MaxCapacity))
            nodes["fleet_web"].Should().Contain($"{peak.MaxCapacity} on {peak.Name}", "a scheduled peak is named as in the config");
        nodes["fleet_worker"].Should().Contain($"× {config.Queues.Workers.Fleet.Settings(config).InstanceType}");
        nodes["db_database_primary"].Should().Contain(config.Database.Settings(config).InstanceClass);
        nodes["cache_cache"].Should().Contain(config.Cache.Settings(config).NodeType);
    }

    [Fact]
    public void Stateful_resources_are_marked_as_their_policies_say_and_replicas_are_not()
    {
        var diagram = Diagram("prod");
        var mermaid = MermaidWriter.Write(diagram);

        diagram.Nodes.Where(n => n.Stateful).Select(n => n.Kind).Should().Contain([NodeKind.Primary, NodeKind.Cache, NodeKind.Queue]);
        diagram.Nodes.Where(n => n.Kind is NodeKind.Replica or NodeKind.Fleet or NodeKind.LoadBalancer).Should().OnlyContain(n => !n.Stateful,
            "a replica is deleted with its stack (DeletionPolicy Delete), fleets hold no data");
        mermaid.Should().Contain("db_database_primary[(\"").And.Contain("stateful: kept on delete");
        mermaid.Should().MatchRegex(@"class [\w,]*db_database_primary[\w,]* stateful");
        mermaid.Should().NotMatchRegex(@"class [\w,]*db_database_replica1[\w,]* stateful");
    }

    [Fact]
    public void Capacity_text_from_the_hook_appears_on_the_fleets_it_knows()
    {
        var nodes = MermaidNodes(MermaidWriter.Write(Diagram("prod", fleet => fleet == "web" ? "holds 4,200 users" : null)));

        nodes["fleet_web"].Should().EndWith("holds 4,200 users");
        nodes["fleet_worker"].Should().NotContain("holds");
    }

    [Fact]
    public void The_dot_text_has_the_same_nodes_edges_and_lanes()
    {
        var diagram = Diagram("prod");
        var dot = DotWriter.Write(diagram);

        foreach (var node in diagram.Nodes) dot.Should().Contain($"  {node.Id} [label=");
        foreach (var edge in diagram.Edges) dot.Should().Contain($"  {edge.From} -> {edge.To}");
        foreach (var lane in diagram.Lanes) dot.Should().Contain($"subgraph cluster_{MermaidWriter.LaneId(lane.Zone)} {{");
        dot.Should().NotContainAny("pos=", "pin=", "coords", "because dot lays it out");
    }

    [Fact]
    public void Dot_draws_the_svg_which_parses_as_xml_and_carries_the_labels()
    {
        Graphviz.Find().Should().NotBeNull(Graphviz.InstallHint + " (.ci/run installs it; this test does not skip)");
        var diagram = Diagram("prod");
        var dir = Directory.CreateTempSubdirectory("headroom-diagram-").FullName;
        try
        {
            var written = DiagramCommand.Write(diagram, dir, null, TextWriter.Null, out var result);

            result.Found.Should().BeTrue();
            result.ExitCode.Should().Be(0, result.Error);
            written.Svg.Should().NotBeNull();
            var svg = XDocument.Load(written.Svg!);
            svg.Root!.Name.LocalName.Should().Be("svg");
            var texts = svg.Descendants().Where(e => e.Name.LocalName == "text").Select(e => e.Value).ToList();
            texts.Should().Contain(["web", "worker", "database primary", "CloudFront + WAF", "users"]);
            texts.Should().Contain(diagram.Lanes.Select(l => l.Zone));
            texts.Should().Contain(t => t.StartsWith("replica 1", StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Without_dot_the_mermaid_and_dot_files_are_still_written_and_the_result_says_how_to_install_it()
    {
        var diagram = Diagram("staging");
        var dir = Directory.CreateTempSubdirectory("headroom-diagram-").FullName;
        try
        {
            var written = DiagramCommand.Write(diagram, dir, Path.Combine(dir, "no-such-dot"), TextWriter.Null, out var result);

            result.Found.Should().BeFalse();
            result.Error.Should().Contain("apt-get install -y graphviz");
            written.Svg.Should().BeNull();
            File.ReadAllText(written.Mermaid).Should().StartWith("%% staging").And.Contain("flowchart TB");
            File.ReadAllText(written.Dot).Should().Contain("digraph");
            File.Exists(Path.Combine(dir, "staging.svg")).Should().BeFalse();
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>
    /// The README's picture is docs/diagrams/prod.svg, drawn from docs/diagrams/prod.dot. Both texts must be
    /// what the current code draws from the current config: compared as text, not SVG bytes, which vary
    /// between Graphviz versions.
    /// </summary>
    [Fact]
    public void The_readme_diagram_of_prod_is_up_to_date()
    {
        // As the command draws it: with the capacity model's text under each fleet.
        var diagram = Diagram("prod", Headroom.App.Capacity.EnvironmentPlan.FleetCapacityText(synth.Environments["prod"].Config));
        var folder = Path.Combine(Repo.Root, "docs", "diagrams");
        const string Regenerate = "docs/diagrams is stale: run `./headroom diagram prod --out docs/diagrams` and commit the result";

        File.Exists(Path.Combine(folder, "prod.svg")).Should().BeTrue(Regenerate);
        File.ReadAllText(Path.Combine(folder, "prod.mmd")).ReplaceLineEndings("\n").Should().Be(MermaidWriter.Write(diagram).ReplaceLineEndings("\n"), Regenerate);
        File.ReadAllText(Path.Combine(folder, "prod.dot")).ReplaceLineEndings("\n").Should().Be(DotWriter.Write(diagram).ReplaceLineEndings("\n"), Regenerate);
        File.ReadAllText(Path.Combine(Repo.Root, "README.md")).Should().Contain("](docs/diagrams/prod.svg)", "the README shows the picture");
    }
}
