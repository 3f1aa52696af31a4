namespace Headroom.Tests.Checks.Rules;

public sealed class StatefulPinnedStacks() : BareStacks("Data", "App")
{
    protected override void Build(IReadOnlyDictionary<string, Stack> stacks)
    {
        Raw(stacks["Data"], "PinnedDb", "AWS::RDS::DBInstance").ApplyRemovalPolicy(RemovalPolicy.SNAPSHOT);
        // What a refactor that moved the construct would produce: a new logical ID, so a new, empty database.
        Raw(stacks["Data"], "RenamedDbA1B2C3D4", "AWS::RDS::DBInstance").ApplyRemovalPolicy(RemovalPolicy.SNAPSHOT);
        // Pinned, but for another stack: the same ID in another stack is another resource.
        Raw(stacks["App"], "PinnedDb", "AWS::RDS::DBInstance").ApplyRemovalPolicy(RemovalPolicy.SNAPSHOT);
        // Stateful by its policy, whatever its type: kept on deletion, so its logical ID matters.
        Raw(stacks["Data"], "RetainedTopic", "AWS::SNS::Topic").ApplyRemovalPolicy(RemovalPolicy.RETAIN);
        // Only the replacement policy keeps it: still stateful.
        Raw(stacks["Data"], "ReplaceKeptKey", "AWS::KMS::Key").CfnOptions.UpdateReplacePolicy = CfnDeletionPolicy.RETAIN;
        // A database declared expendable (Delete, like a read replica): a rename loses nothing, never pinned.
        Raw(stacks["Data"], "ExpendableReplica", "AWS::RDS::DBInstance").ApplyRemovalPolicy(RemovalPolicy.DESTROY);
        Raw(stacks["Data"], "Topic", "AWS::SNS::Topic"); // no policy: not stateful, never pinned
    }
}

public sealed class StatefulPinnedRuleTests(StatefulPinnedStacks stacks) : IClassFixture<StatefulPinnedStacks>
{
    private readonly StatefulPinnedRule _rule = new(StatefulPinnedRule.Parse("""
        # Database block
        Data PinnedDb
        Data DatabasePrimaryEDE0B3D0
        """));

    [Fact]
    public void A_stateful_resource_pinned_for_its_stack_passes_and_a_renamed_or_unpinned_one_is_flagged()
    {
        var violations = _rule.Evaluate(stacks.Environment()).Select(v => $"{v.Stack}/{v.LogicalId}");

        violations.Should().BeEquivalentTo(["Headroom-test-Data/RenamedDbA1B2C3D4", "Headroom-test-App/PinnedDb",
            "Headroom-test-Data/RetainedTopic", "Headroom-test-Data/ReplaceKeptKey"],
            "stateful means kept by DeletionPolicy or UpdateReplacePolicy; the expendable database and the plain topic need no pin");
    }

    [Fact]
    public void The_message_names_the_policies_that_make_it_stateful()
    {
        var violations = _rule.Evaluate(stacks.Environment()).ToDictionary(v => $"{v.Stack}/{v.LogicalId}");

        violations["Headroom-test-Data/ReplaceKeptKey"].Message.Should().Contain("DeletionPolicy unset, UpdateReplacePolicy Retain")
            .And.Contain("whatever it encrypted", "a data type's reason follows");
        violations["Headroom-test-Data/RetainedTopic"].Message.Should().Contain("DeletionPolicy Retain").And.EndWith("replace it");
    }

    [Fact]
    public void The_part_is_the_stack_name_after_the_environment()
    {
        StatefulPinnedRule.Part(stacks.Environment(), "Headroom-test-Data").Should().Be("Data");
        StatefulPinnedRule.Part(stacks.Environment(), "SomeOtherStack").Should().Be("SomeOtherStack");
    }

    [Fact]
    public void The_list_skips_comments_and_blank_lines_and_refuses_a_malformed_line()
    {
        StatefulPinnedRule.Parse("# Database block\n\nData A1\n  App   B2  \r\n")
            .Should().Equal(("Data", "A1"), ("App", "B2"));
        var malformed = () => StatefulPinnedRule.Parse("Data A1\nDataB2\n");
        malformed.Should().Throw<FormatException>().WithMessage("*:2:*DataB2*");
    }

    [Fact]
    public void The_embedded_list_is_the_app_default_and_pins_every_block_s_data()
    {
        var pinned = new StatefulPinnedRule().Pinned;

        pinned.Should().Contain([("Data", "DatabasePrimaryEDE0B3D0"), ("Data", "CacheReplicationGroupBFE59FF3"), ("Data", "QueuesOrdersQueue1A584920"),
            ("Network", "NetworkFlowLogGroup4F8CEEEF"), ("Edge", "EdgeStaticAssetsBucket70A279D9")]);
        pinned.Select(p => p.Part).Distinct().Should().BeEquivalentTo(["Network", "Data", "App", "Edge"]);
    }
}

/// <summary>The embedded list against the real environments: each line pins a resource that is stateful in at least one.</summary>
[Collection(SynthCollection.Name)]
public sealed class PinnedLogicalIdsTests(SynthFixture synth)
{
    [Fact]
    public void Every_pinned_line_names_a_stateful_resource_of_some_environment_and_expendable_ones_are_not_pinned()
    {
        var envs = new[] { "prod", "staging" }.Select(synth.Json).ToList();
        var stateful = envs.SelectMany(env => env.Stacks.SelectMany(s => s.Resources
                .Where(r => Stateful.Is(r.Raw))
                .Select(r => (StatefulPinnedRule.Part(env, s.Name), r.LogicalId))))
            .ToHashSet();

        new StatefulPinnedRule().Pinned.Should().BeSubsetOf(stateful, "a line that pins nothing is stale");
        stateful.Should().NotContain(("Data", "DatabaseReplica1ED560A1F"), "read replicas are expendable (Delete)");
        stateful.Should().Contain(("Data", "DatabasePrimaryEDE0B3D0"));
    }
}
