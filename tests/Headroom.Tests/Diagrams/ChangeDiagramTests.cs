using Headroom.App.Diagrams;
using Headroom.App.Diff;
using Headroom.Tests.Support;

namespace Headroom.Tests.Diagrams;

/// <summary>
/// The diff report's Mermaid diagram: the diff engine's JSON (as in DiffReportTests) for changes to
/// prod's real resources, placed on prod's real blocks (the shared synthesis), so no second synthesis
/// and no base build. The whole command draws it too: see DiffCommandTests.
/// </summary>
[Collection(SynthCollection.Name)]
public sealed class ChangeDiagramTests(SynthFixture synth)
{
    private BlockIndex Index() => BlockIndex.Of(synth.Environments["prod"], synth.Json("prod"));

    private (string Stack, string LogicalId) Resource(string kind, string type, Func<Headroom.App.Preview.TemplateResource, bool>? which = null)
    {
        var r = synth.Json("prod").BlocksOf(kind).First().OfType(type).Last(x => which?.Invoke(x) ?? true);
        return (r.Stack, r.LogicalId);
    }

    /// <summary>One resource change as {"stack", "json"}: the engine's JSON for the resource, with its policies on each side.</summary>
    private static string Change((string Stack, string LogicalId) r, string type, string impact, string policy = "Delete")
    {
        var policies = new { deletionPolicy = policy, updateReplacePolicy = policy };
        var resource = new
        {
            logicalId = r.LogicalId,
            type,
            oldType = impact == "WILL_CREATE" ? null : type,
            newType = impact == "WILL_DESTROY" ? null : type,
            impact,
            oldPolicies = impact == "WILL_CREATE" ? null : policies,
            newPolicies = impact == "WILL_DESTROY" ? null : policies,
            changes = Array.Empty<object>(),
        };
        return System.Text.Json.JsonSerializer.Serialize(new { stack = r.Stack, json = resource });
    }

    /// <summary>A report for prod from changes given as {"stack", "json"} pairs (the engine's resource JSON).</summary>
    private static DiffReport Report(IReadOnlyList<string> changes, BlockIndex? index)
    {
        var parsed = changes.Select(c => System.Text.Json.JsonDocument.Parse(c).RootElement).ToList();
        var stacks = new[] { "Network", "Data", "App", "Edge" }.Select(p => $"Headroom-prod-{p}").ToList();
        var json = "{\"engine\":\"x\",\"stacks\":[" + string.Join(",", stacks.Select(s =>
            $"{{\"name\":\"{s}\",\"resources\":[{string.Join(",", parsed.Where(p => p.GetProperty("stack").GetString() == s).Select(p => p.GetProperty("json").GetRawText()))}],\"outputs\":[]}}")) + "]}";
        var engine = EngineOutput.Parse(json);
        var sides = stacks.Select(s => new DiffReport.StackSides(s, new AssemblyStack(s, $"{s}.template.json", "aws://222222222222/eu-west-1"),
            new AssemblyStack(s, $"{s}.template.json", "aws://222222222222/eu-west-1"))).ToList();
        return DiffReport.Build("`main` (abc)", "the working tree", new Dictionary<string, Presence> { ["prod"] = Presence.Both }, sides, engine,
            index is null ? null : new Dictionary<string, BlockIndex> { ["prod"] = index });
    }

    private static string ClassOf(string mermaid, string id) =>
        mermaid.Split('\n').Single(l => l.TrimStart().StartsWith("class ", StringComparison.Ordinal) && l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1].Split(',').Contains(id))
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)[^1];

    [Fact]
    public void A_raised_replica_count_shows_the_database_as_a_modified_node()
    {
        // One more read replica: a new DB instance in the Database block, and its alarms in Monitoring.
        var replica = Resource("Database", "AWS::RDS::DBInstance", r => r.Prop("SourceDBInstanceIdentifier") is not null);
        var alarm = Resource("Monitoring", "AWS::CloudWatch::Alarm");
        var report = Report([Change(replica, "AWS::RDS::DBInstance", "WILL_CREATE"), Change(alarm, "AWS::CloudWatch::Alarm", "WILL_CREATE")], Index());

        var mermaid = ChangeDiagram.Mermaid(report.Environments.Single(), report.Environments.Single().Blocks)!;

        mermaid.Should().StartWith("flowchart LR");
        mermaid.Should().Contain("b_Database_database[\"database: modified<br/>1 added\"]");
        ClassOf(mermaid, "b_Database_database").Should().Be("modified");
        ClassOf(mermaid, "b_Fleet_web").Should().Be("unchanged");
        ClassOf(mermaid, "b_Monitoring_main").Should().Be("modified");
        mermaid.Should().Contain("b_Fleet_web --> b_Database_database", "the blocks connect as in the architecture diagram");
        mermaid.Should().NotContain("destructive\n").And.NotContain("⚠");
    }

    [Fact]
    public void A_replaced_primary_is_marked_as_destroying_data()
    {
        var primary = Resource("Database", "AWS::RDS::DBInstance", r => r.Prop("SourceDBInstanceIdentifier") is null);
        var report = Report([Change(primary, "AWS::RDS::DBInstance", "WILL_REPLACE", "Snapshot")], Index());

        var mermaid = ChangeDiagram.Mermaid(report.Environments.Single(), report.Environments.Single().Blocks)!;

        mermaid.Should().Contain($"database: replaced<br/>1 replaced<br/>⚠ replace: {primary.LogicalId} (data)");
        ClassOf(mermaid, "b_Database_database").Should().Be("destructive");
        mermaid.Should().Contain("classDef destructive").And.Contain("stroke-width:4px");
    }

    [Fact]
    public void A_resource_only_the_base_has_is_placed_on_its_block_by_its_logical_id()
    {
        // A fourth replica that the working tree no longer has: its ID starts with the Database block's construct path.
        var report = Report([Change(("Headroom-prod-Data", "DatabaseReplica4ABCDEF12"), "AWS::RDS::DBInstance", "WILL_DESTROY")], Index());

        var mermaid = ChangeDiagram.Mermaid(report.Environments.Single(), report.Environments.Single().Blocks)!;

        mermaid.Should().Contain("b_Database_database[\"database: modified<br/>1 removed\"]");
        ClassOf(mermaid, "b_Database_database").Should().Be("modified");
    }

    [Fact]
    public void A_new_fleet_block_is_added_when_all_its_resources_are_new()
    {
        var index = Index();
        var worker = index.Blocks.Single(b => b.Key == "Fleet/worker");
        var type = (string id) => synth.Json("prod").Stacks.SelectMany(s => s.Resources).Single(r => r.LogicalId == id && r.Stack == worker.Resources.First(x => x.LogicalId == id).Stack).Type;
        var report = Report(worker.Resources.Select(r => Change(r, type(r.LogicalId), "WILL_CREATE")).ToList(), index);

        var mermaid = ChangeDiagram.Mermaid(report.Environments.Single(), report.Environments.Single().Blocks)!;

        ClassOf(mermaid, "b_Fleet_worker").Should().Be("added");
    }

    [Fact]
    public void Without_blocks_changes_are_grouped_by_type_and_removed_groups_are_red()
    {
        var report = Report([Change(("Headroom-prod-Data", "QueuesOldQueue1234ABCD"), "AWS::SQS::Queue", "WILL_DESTROY")], index: null);

        var mermaid = ChangeDiagram.Mermaid(report.Environments.Single(), null)!;

        mermaid.Should().Contain("b_Queues[\"queues: removed<br/>1 removed\"]");
        ClassOf(mermaid, "b_Queues").Should().Be("removed");
    }

    [Fact]
    public void The_markdown_report_holds_the_diagram_only_for_an_environment_that_changed()
    {
        var replica = Resource("Database", "AWS::RDS::DBInstance", r => r.Prop("SourceDBInstanceIdentifier") is not null);
        var changed = MarkdownReport.Render(Report([Change(replica, "AWS::RDS::DBInstance", "WILL_CREATE")], Index()), allowDestructive: false);
        var unchanged = MarkdownReport.Render(Report([], Index()), allowDestructive: false);

        changed.Should().Contain("```mermaid\nflowchart LR\n").And.Contain(ChangeDiagram.Legend);
        changed.IndexOf("```mermaid", StringComparison.Ordinal).Should().BeLessThan(changed.IndexOf("#### `Headroom-prod-Data`", StringComparison.Ordinal));
        unchanged.Should().NotContain("```mermaid").And.NotContain(ChangeDiagram.Legend);
    }
}
