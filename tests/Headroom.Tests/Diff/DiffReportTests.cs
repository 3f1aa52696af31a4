using Headroom.App.Diff;

namespace Headroom.Tests.Diff;

/// <summary>
/// The report and the gate, fed the diff engine's JSON (what diff-templates.mjs prints): no Node, no
/// synthesis. The engine itself is exercised in <see cref="DiffEngineTests"/>, the whole command in
/// <see cref="DiffCommandTests"/>.
/// </summary>
public sealed class DiffReportTests
{
    /// <summary>prod: the database is replaced (its identifier changed), a queue is added, a fleet's max raised.</summary>
    private const string ProdChanges = """
        {"engine": "2.187.5", "stacks": [
          {"name": "Headroom-prod-Network", "resources": [], "outputs": [], "permissionsBroadened": false},
          {"name": "Headroom-prod-Data", "resources": [
            {"logicalId": "DatabaseInstance7A2B", "type": "AWS::RDS::DBInstance", "oldType": "AWS::RDS::DBInstance", "newType": "AWS::RDS::DBInstance",
             "impact": "WILL_REPLACE",
             "oldPolicies": {"deletionPolicy": "Snapshot", "updateReplacePolicy": "Snapshot"}, "newPolicies": {"deletionPolicy": "Snapshot", "updateReplacePolicy": "Snapshot"},
             "changes": [
               {"kind": "property", "name": "DBInstanceIdentifier", "impact": "WILL_REPLACE", "old": "headroom-prod", "new": "headroom-prod-2"},
               {"kind": "property", "name": "AllocatedStorage", "impact": "WILL_UPDATE", "old": "100", "new": "200"}]},
            {"logicalId": "OrdersQueue11AA", "type": "AWS::SQS::Queue", "oldType": null, "newType": "AWS::SQS::Queue", "impact": "WILL_CREATE",
             "oldPolicies": null, "newPolicies": {"deletionPolicy": "Retain", "updateReplacePolicy": "Retain"}, "changes": []},
            {"logicalId": "DatabaseSecurityGroup5C91", "type": "AWS::EC2::SecurityGroup", "oldType": "AWS::EC2::SecurityGroup", "newType": "AWS::EC2::SecurityGroup",
             "impact": "WILL_UPDATE", "changes": [{"kind": "property", "name": "GroupDescription", "impact": "WILL_UPDATE", "old": "a", "new": "b"}]}],
           "outputs": [{"name": "DatabaseEndpoint", "change": "modified"}], "permissionsBroadened": false},
          {"name": "Headroom-prod-App", "resources": [
            {"logicalId": "WebFleetAsg0F3E", "type": "AWS::AutoScaling::AutoScalingGroup", "oldType": "AWS::AutoScaling::AutoScalingGroup", "newType": "AWS::AutoScaling::AutoScalingGroup",
             "impact": "WILL_UPDATE", "changes": [{"kind": "property", "name": "MaxSize", "impact": "WILL_UPDATE", "old": "6", "new": "12"}]}],
           "outputs": [], "permissionsBroadened": true}
        ]}
        """;

    private static readonly IReadOnlyDictionary<string, Presence> ProdOnly = new Dictionary<string, Presence> { ["prod"] = Presence.Both };

    private static DiffReport Report(string engineJson, IReadOnlyDictionary<string, Presence>? environments = null,
        Func<string, (bool InBase, bool InHead)>? sides = null)
    {
        var engine = EngineOutput.Parse(engineJson);
        var stacks = engine.Stacks.Keys.Select(name =>
        {
            var (inBase, inHead) = sides?.Invoke(name) ?? (true, true);
            var stack = new AssemblyStack(name, $"{name}.template.json", "aws://222222222222/eu-west-1");
            return new DiffReport.StackSides(name, inBase ? stack : null, inHead ? stack : null);
        }).ToList();
        return DiffReport.Build("`origin/main` (abc123)", "the working tree", environments ?? ProdOnly, stacks, engine);
    }

    private static string Markdown(DiffReport report, bool allow = false) => MarkdownReport.Render(report, allow);

    [Fact]
    public void The_engine_output_is_read_with_impacts_types_and_property_changes()
    {
        var engine = EngineOutput.Parse(ProdChanges);

        engine.EngineVersion.Should().Be("2.187.5");
        var db = engine.Stacks["Headroom-prod-Data"].Resources.Single(r => r.LogicalId == "DatabaseInstance7A2B");
        db.Impact.Should().Be(Impact.Replace);
        db.Type.Should().Be("AWS::RDS::DBInstance");
        db.Changes.Select(c => (c.Name, c.Impact)).Should().Equal(("DBInstanceIdentifier", Impact.Replace), ("AllocatedStorage", Impact.Update));
        db.Changes[0].New.GetString().Should().Be("headroom-prod-2");
        db.OldPolicies.Should().Be(new ResourcePolicies("Snapshot", "Snapshot"));
        var queue = engine.Stacks["Headroom-prod-Data"].Resources.Single(r => r.LogicalId == "OrdersQueue11AA");
        queue.OldType.Should().BeNull();
        queue.OldPolicies.Should().BeNull("the queue is not in the base");
        queue.NewPolicies.Should().Be(new ResourcePolicies("Retain", "Retain"));
        engine.Stacks["Headroom-prod-App"].PermissionsBroadened.Should().BeTrue();
    }

    [Fact]
    public void An_impact_the_engine_never_used_is_an_error_not_a_silent_no_change()
    {
        var act = () => EngineOutput.Parse("""{"engine":"x","stacks":[{"name":"s","resources":[{"logicalId":"A","type":"T","impact":"WILL_EXPLODE","changes":[]}]}]}""");
        act.Should().Throw<FormatException>().WithMessage("*WILL_EXPLODE*");
    }

    [Fact]
    public void A_replaced_database_is_listed_first_under_a_caution_and_fails_the_gate()
    {
        var report = Report(ProdChanges);
        var md = Markdown(report);

        report.DestructiveChanges.Should().ContainSingle()
            .Which.Should().Match<DestructiveChange>(d => d.Environment == "prod" && d.Stack == "Headroom-prod-Data" && d.Resource.LogicalId == "DatabaseInstance7A2B");
        md.Should().Contain("> [!CAUTION]");
        md.IndexOf("[!CAUTION]", StringComparison.Ordinal).Should().BeLessThan(md.IndexOf("### prod", StringComparison.Ordinal),
            "destructive changes come before everything else");
        md.Should().Contain("> | prod | `Headroom-prod-Data` | `DatabaseInstance7A2B` | AWS::RDS::DBInstance | **replace** |");
        md.Should().Contain("add the label `allow-destructive`");
        DestructiveGate.ExitCode(report, allowDestructive: false).Should().Be(DestructiveGate.Blocked);
    }

    [Fact]
    public void Allow_destructive_passes_the_gate_but_still_shows_the_caution()
    {
        var report = Report(ProdChanges);
        var md = Markdown(report, allow: true);

        DestructiveGate.ExitCode(report, allowDestructive: true).Should().Be(DestructiveGate.Passed);
        md.Should().Contain("> [!CAUTION]").And.Contain("Allowed by `--allow-destructive`").And.NotContain("add the label");
    }

    [Fact]
    public void Each_stack_shows_counts_and_a_table_of_changed_resources_worst_first()
    {
        var md = Markdown(Report(ProdChanges));

        md.Should().Contain("#### `Headroom-prod-Data`: 1 to add, 1 to modify, 1 to replace, 0 to remove");
        md.Should().Contain("#### `Headroom-prod-App`: 0 to add, 1 to modify, 0 to replace, 0 to remove");
        var data = md[md.IndexOf("#### `Headroom-prod-Data`", StringComparison.Ordinal)..md.IndexOf("#### `Headroom-prod-App`", StringComparison.Ordinal)];
        var rows = data.Split('\n').Where(l => l.StartsWith("| ", StringComparison.Ordinal)).ToList();
        rows.Should().Equal(
            "| impact | type | logical ID |",
            "| **replace** (data) | AWS::RDS::DBInstance | `DatabaseInstance7A2B` |",
            "| modify | AWS::EC2::SecurityGroup | `DatabaseSecurityGroup5C91` |",
            "| add | AWS::SQS::Queue | `OrdersQueue11AA` |");
        data.Should().Contain("Outputs: `DatabaseEndpoint` modified.");
        md.Should().Contain("No changes in `Headroom-prod-Network`.");
        md.Should().Contain("broaden permissions");
    }

    [Fact]
    public void Property_changes_are_in_a_collapsed_section_with_old_and_new_values()
    {
        var md = Markdown(Report(ProdChanges));

        md.Should().Contain("<details><summary>Property changes (2 resources)</summary>");
        md.Should().Contain("""
            ```diff
              DBInstanceIdentifier: requires replacement
            - "headroom-prod"
            + "headroom-prod-2"
              AllocatedStorage: in place
            - "100"
            + "200"
            ```
            """.ReplaceLineEndings());
        md.Should().Contain("  MaxSize: in place\n- \"6\"\n+ \"12\"");
        md.Should().Contain("</details>");
    }

    [Fact]
    public void A_harmless_change_passes_the_gate_without_a_caution()
    {
        var report = Report(ProdChanges.Replace("\"WILL_REPLACE\"", "\"WILL_UPDATE\"", StringComparison.Ordinal));

        report.DestructiveChanges.Should().BeEmpty();
        DestructiveGate.ExitCode(report, allowDestructive: false).Should().Be(DestructiveGate.Passed);
        Markdown(report).Should().NotContain("CAUTION").And.Contain("#### `Headroom-prod-Data`: 1 to add, 2 to modify, 0 to replace, 0 to remove");
    }

    /// <summary>One resource of one stack, with the policies it has in the base and in the working tree (null: unset).</summary>
    private static string OneChange(string impact, string oldType, string? newType, string? oldPolicy, string? newPolicy = null, string? oldReplacePolicy = null)
    {
        static string Json(string? value) => value is null ? "null" : value.StartsWith('{') ? value : $"\"{value}\"";
        var newPolicies = newType is null ? "null" : $$"""{"deletionPolicy":{{Json(newPolicy)}},"updateReplacePolicy":{{Json(newPolicy)}}}""";
        return $$"""{"engine":"x","stacks":[{"name":"Headroom-prod-Data","resources":[{"logicalId":"R","type":"{{newType ?? oldType}}","oldType":"{{oldType}}","newType":{{Json(newType)}},"impact":"{{impact}}","oldPolicies":{"deletionPolicy":{{Json(oldPolicy)}},"updateReplacePolicy":{{Json(oldReplacePolicy ?? oldPolicy)}}},"newPolicies":{{newPolicies}},"changes":[]}],"outputs":[]}]}""";
    }

    [Theory]
    [InlineData("WILL_REPLACE", "AWS::RDS::DBInstance", "Snapshot", true)]
    [InlineData("MAY_REPLACE", "AWS::ElastiCache::ReplicationGroup", "Snapshot", true)]
    [InlineData("WILL_DESTROY", "AWS::S3::Bucket", "Retain", true)]
    [InlineData("WILL_ORPHAN", "AWS::SQS::Queue", "Retain", true)]
    [InlineData("WILL_REPLACE", "AWS::SecretsManager::Secret", "RetainExceptOnCreate", true)]
    [InlineData("WILL_REPLACE", "AWS::EC2::Subnet", "Retain", true)]
    [InlineData("WILL_DESTROY", "AWS::RDS::DBInstance", "Delete", false)]
    [InlineData("WILL_DESTROY", "AWS::RDS::DBInstance", null, false)]
    [InlineData("WILL_REPLACE", "AWS::KMS::Key", "Delete", false)]
    [InlineData("WILL_UPDATE", "AWS::RDS::DBInstance", "Snapshot", false)]
    [InlineData("WILL_CREATE", "AWS::RDS::DBInstance", "Snapshot", false)]
    [InlineData("WILL_REPLACE", "AWS::EC2::Subnet", null, false)]
    [InlineData("WILL_DESTROY", "AWS::AutoScaling::AutoScalingGroup", null, false)]
    public void The_gate_stops_replacing_deleting_or_orphaning_what_its_policies_keep_and_nothing_else(string impact, string type, string? policy, bool blocked)
    {
        var report = Report(OneChange(impact, type, type, policy, policy));

        DestructiveGate.ExitCode(report, allowDestructive: false)
            .Should().Be(blocked ? DestructiveGate.Blocked : DestructiveGate.Passed);
        report.DestructiveChanges.Should().HaveCount(blocked ? 1 : 0);
    }

    [Fact]
    public void One_protecting_policy_is_enough_and_a_conditional_policy_counts_as_protecting()
    {
        Report(OneChange("WILL_REPLACE", "AWS::KMS::Key", "AWS::KMS::Key", "Retain", "Retain", oldReplacePolicy: "Delete"))
            .DestructiveChanges.Should().ContainSingle("DeletionPolicy Retain alone says the key is kept");
        Report(OneChange("WILL_DESTROY", "AWS::Logs::LogGroup", null, "Delete", oldReplacePolicy: "Snapshot"))
            .DestructiveChanges.Should().ContainSingle("UpdateReplacePolicy Snapshot alone says the logs are kept");
        Report(OneChange("WILL_DESTROY", "AWS::S3::Bucket", null, """{"Fn::If":["IsProd","Retain","Delete"]}"""))
            .DestructiveChanges.Should().ContainSingle("Fn::If may resolve to Retain at deploy time");
    }

    [Fact]
    public void The_base_templates_policy_decides_not_the_new_one()
    {
        Report(OneChange("WILL_REPLACE", "AWS::RDS::DBInstance", "AWS::RDS::DBInstance", "Snapshot", "Delete"))
            .DestructiveChanges.Should().ContainSingle("lowering the policy in the same change does not make the old data expendable");
        Report(OneChange("WILL_REPLACE", "AWS::RDS::DBInstance", "AWS::RDS::DBInstance", "Delete", "Snapshot"))
            .DestructiveChanges.Should().BeEmpty("what is replaced is the base's instance, which its policy declared expendable");
    }

    [Fact]
    public void A_removed_read_replica_passes_the_gate_and_is_still_listed_as_a_removal()
    {
        var report = Report(OneChange("WILL_DESTROY", "AWS::RDS::DBInstance", null, "Delete"));
        var md = Markdown(report);

        DestructiveGate.ExitCode(report, allowDestructive: false).Should().Be(DestructiveGate.Passed);
        md.Should().NotContain("[!CAUTION]");
        md.Should().Contain("| remove | AWS::RDS::DBInstance | `R` |").And.Contain("0 to replace, 1 to remove");
    }

    [Fact]
    public void A_type_change_away_from_a_stateful_resource_counts_as_destroying_it()
    {
        const string json = """{"engine":"x","stacks":[{"name":"Headroom-prod-Data","resources":[{"logicalId":"Store","type":"AWS::DynamoDB::Table","oldType":"AWS::S3::Bucket","newType":"AWS::DynamoDB::Table","impact":"WILL_REPLACE","oldPolicies":{"deletionPolicy":"Retain","updateReplacePolicy":"Retain"},"newPolicies":{"deletionPolicy":"Retain","updateReplacePolicy":"Retain"},"changes":[]}],"outputs":[]}]}""";
        var report = Report(json);

        report.DestructiveChanges.Should().ContainSingle();
        Markdown(report).Should().Contain("AWS::S3::Bucket → AWS::DynamoDB::Table");
    }

    [Fact]
    public void A_type_change_counts_the_new_resources_policy_too()
    {
        Report(OneChange("WILL_REPLACE", "AWS::S3::Bucket", "AWS::DynamoDB::Table", "Delete", "Retain"))
            .DestructiveChanges.Should().ContainSingle("CloudFormation replaces on a type change, and the new side declares the data kept");
        Report(OneChange("WILL_REPLACE", "AWS::S3::Bucket", "AWS::DynamoDB::Table", "Delete", "Delete"))
            .DestructiveChanges.Should().BeEmpty();
    }

    [Fact]
    public void An_unchanged_tree_says_no_changes_for_every_environment_and_passes()
    {
        const string json = """
            {"engine":"x","stacks":[
              {"name":"Headroom-prod-Network","resources":[],"outputs":[]},
              {"name":"Headroom-staging-Network","resources":[],"outputs":[]}]}
            """;
        var report = Report(json, new Dictionary<string, Presence> { ["staging"] = Presence.Both, ["prod"] = Presence.Both });
        var md = Markdown(report);

        report.HasChanges.Should().BeFalse();
        md.Should().Contain("### prod\n\nNo changes.").And.Contain("### staging\n\nNo changes.");
        md.Should().Contain("| prod | – | – | – | – |");
        md.IndexOf("### prod", StringComparison.Ordinal).Should().BeLessThan(md.IndexOf("### staging", StringComparison.Ordinal));
        DestructiveGate.ExitCode(report, allowDestructive: false).Should().Be(DestructiveGate.Passed);
    }

    [Fact]
    public void A_removed_environment_is_all_removals_and_its_data_trips_the_gate()
    {
        const string json = """
            {"engine":"x","stacks":[{"name":"Headroom-qa-Data","resources":[
              {"logicalId":"Bucket","type":"AWS::S3::Bucket","oldType":"AWS::S3::Bucket","newType":null,"impact":"WILL_ORPHAN","oldPolicies":{"deletionPolicy":"Retain","updateReplacePolicy":"Retain"},"newPolicies":null,"changes":[]},
              {"logicalId":"Role","type":"AWS::IAM::Role","oldType":"AWS::IAM::Role","newType":null,"impact":"WILL_DESTROY","changes":[]}],"outputs":[]}]}
            """;
        var report = Report(json, new Dictionary<string, Presence> { ["qa"] = Presence.Removed }, _ => (true, false));
        var md = Markdown(report);

        md.Should().Contain("Environment removed").And.Contain("#### `Headroom-qa-Data` (stack removed): 0 to add, 0 to modify, 0 to replace, 2 to remove");
        report.DestructiveChanges.Select(d => d.Resource.LogicalId).Should().Equal("Bucket");
        DestructiveGate.ExitCode(report, allowDestructive: false).Should().Be(DestructiveGate.Blocked);
    }

    [Fact]
    public void A_new_environment_is_all_additions()
    {
        const string json = """{"engine":"x","stacks":[{"name":"Headroom-qa-Data","resources":[{"logicalId":"Db","type":"AWS::RDS::DBInstance","oldType":null,"newType":"AWS::RDS::DBInstance","impact":"WILL_CREATE","changes":[]}],"outputs":[]}]}""";
        var report = Report(json, new Dictionary<string, Presence> { ["qa"] = Presence.Added }, _ => (false, true));

        Markdown(report).Should().Contain("New environment").And.Contain("#### `Headroom-qa-Data` (new stack): 1 to add, 0 to modify, 0 to replace, 0 to remove");
        DestructiveGate.ExitCode(report, allowDestructive: false).Should().Be(DestructiveGate.Passed);
    }

    [Fact]
    public void A_stack_moving_to_another_account_or_region_is_called_out()
    {
        var engine = EngineOutput.Parse("""{"engine":"x","stacks":[{"name":"Headroom-prod-App","resources":[],"outputs":[]}]}""");
        var report = DiffReport.Build("b", "h", ProdOnly,
            [new DiffReport.StackSides("Headroom-prod-App",
                new AssemblyStack("Headroom-prod-App", "a", "aws://222222222222/eu-west-1"),
                new AssemblyStack("Headroom-prod-App", "b", "aws://222222222222/eu-central-1"))],
            engine);

        report.HasChanges.Should().BeTrue();
        Markdown(report).Should().Contain("moves from aws://222222222222/eu-west-1 to aws://222222222222/eu-central-1");
    }

    [Fact]
    public void Stacks_are_grouped_by_the_longest_environment_name_they_start_with()
    {
        string[] names = ["prod", "prod-eu", "staging"];

        DiffReport.EnvironmentOf("Headroom-prod-eu-Data", names).Should().Be("prod-eu");
        DiffReport.EnvironmentOf("Headroom-prod-Data", names).Should().Be("prod");
        DiffReport.EnvironmentOf("Other-prod-Data", names).Should().BeNull();
    }

    [Fact]
    public void A_report_too_long_for_a_comment_drops_details_but_never_the_caution_or_the_counts()
    {
        var huge = new string('x', 500);
        var resources = string.Join(",", Enumerable.Range(0, 400).Select(i =>
            $$"""{"logicalId":"Subnet{{i}}","type":"AWS::EC2::Subnet","oldType":"AWS::EC2::Subnet","newType":"AWS::EC2::Subnet","impact":"WILL_REPLACE","changes":[{"kind":"property","name":"CidrBlock","impact":"WILL_REPLACE","old":"{{huge}}","new":"{{huge}}b"}]}"""));
        var json = $$"""{"engine":"x","stacks":[{"name":"Headroom-prod-Network","resources":[{{resources}}],"outputs":[]},{"name":"Headroom-prod-Data","resources":[{"logicalId":"Db","type":"AWS::RDS::DBInstance","oldType":"AWS::RDS::DBInstance","newType":"AWS::RDS::DBInstance","impact":"WILL_REPLACE","oldPolicies":{"deletionPolicy":"Snapshot","updateReplacePolicy":"Snapshot"},"changes":[]}],"outputs":[]}]}""";

        var md = MarkdownReport.Render(Report(json), allowDestructive: false, maxLength: 20_000);

        md.Length.Should().BeLessThanOrEqualTo(20_000);
        md.Should().StartWith(MarkdownReport.Marker).And.Contain("[!CAUTION]").And.Contain("`Db`");
        md.Should().Contain("#### `Headroom-prod-Network`: 0 to add, 0 to modify, 400 to replace, 0 to remove");
        md.Should().Contain("too long for a comment").And.NotContain("<details>");
    }

    [Fact]
    public void Long_values_are_cut_and_cannot_close_the_code_fence()
    {
        using var doc = System.Text.Json.JsonDocument.Parse($$"""{"a": "```", "list": [{{string.Join(",", Enumerable.Range(0, 50))}}]}""");

        var lines = MarkdownReport.ValueLines(doc.RootElement).ToList();

        lines.Should().HaveCountLessThanOrEqualTo(13);
        lines[^1].Should().StartWith("… (cut;");
        string.Join("\n", lines).Should().NotContain("```");
    }

    [Fact]
    public void Asking_for_an_environment_neither_side_has_is_an_error()
    {
        var head = new HashSet<string> { "prod", "staging" };
        var @base = new HashSet<string> { "prod", "qa" };

        DiffCommand.Select([], head, @base).Should().Equal("prod", "qa", "staging");
        DiffCommand.Select(["qa"], head, @base).Should().Equal("qa");
        var act = () => DiffCommand.Select(["prdo"], head, @base);
        act.Should().Throw<DiffException>().WithMessage("*prdo*known: prod, qa, staging*");
    }
}
