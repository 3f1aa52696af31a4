using Amazon.CDK;
using Headroom.App.Checks.Rules;

namespace Headroom.Tests.Checks.Rules;

public sealed class StatefulPinnedStacks() : BareStacks("Data", "App")
{
    protected override void Build(IReadOnlyDictionary<string, Stack> stacks)
    {
        Raw(stacks["Data"], "PinnedDb", "AWS::RDS::DBInstance");
        // What a refactor that moved the construct would produce: a new logical ID, so a new, empty database.
        Raw(stacks["Data"], "RenamedDbA1B2C3D4", "AWS::RDS::DBInstance");
        // Pinned, but for another stack: the same ID in another stack is another resource.
        Raw(stacks["App"], "PinnedDb", "AWS::RDS::DBInstance");
        Raw(stacks["Data"], "Topic", "AWS::SNS::Topic"); // not stateful: never pinned
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

        violations.Should().BeEquivalentTo(["Headroom-test-Data/RenamedDbA1B2C3D4", "Headroom-test-App/PinnedDb"]);
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
