namespace Headroom.Tests.Checks.Rules;

public sealed class AcknowledgedStacks() : BareStacks("App")
{
    protected override void Build(IReadOnlyDictionary<string, Stack> stacks)
    {
        var app = stacks["App"];
        // Reason "": no acknowledgement at all. Even a well-reasoned entry for the unreasoned rule cannot excuse it.
        Suppress(LaxTemplate(app, "Unreasoned"),
            ("Headroom-Imdsv2", "", null),
            (HeadroomRulePack.UnreasonedRuleId, "trying to silence the reason check itself", null));
        Suppress(LaxTemplate(app, "Excused"), ("Headroom-Imdsv2", "the vendor AMI cannot do IMDSv2 yet, ticket OPS-12", null));
        // One acknowledgement for one of a resource's findings (applies_to), the other stays open.
        Suppress(Raw(app, "HalfExcusedQueue", "AWS::SQS::Queue"), ("Headroom-Encryption", "holds public catalogue events only", ["at-rest"]));
    }

    private static CfnResource LaxTemplate(Stack stack, string id) =>
        Raw(stack, id, "AWS::EC2::LaunchTemplate", new Dictionary<string, object>
        {
            ["LaunchTemplateData"] = new Dictionary<string, object> { ["MetadataOptions"] = new Dictionary<string, object> { ["HttpTokens"] = "optional" } },
        });

    /// <summary>Writes cdk-nag's suppression metadata, as the lead's acknowledgements will.</summary>
    private static void Suppress(CfnResource resource, params (string Id, string Reason, string[]? AppliesTo)[] entries) =>
        resource.AddMetadata("cdk_nag", new Dictionary<string, object>
        {
            ["rules_to_suppress"] = entries.Select(e =>
            {
                var entry = new Dictionary<string, object> { ["id"] = e.Id, ["reason"] = e.Reason };
                if (e.AppliesTo is not null) entry["applies_to"] = e.AppliesTo;
                return (object)entry;
            }).ToArray(),
        });
}

public sealed class AcknowledgementTests(AcknowledgedStacks stacks) : IClassFixture<AcknowledgedStacks>
{
    private readonly HeadroomRulePack _pack = new([new Imdsv2Rule(), new EncryptionRule()]);

    private List<Finding> Findings() => _pack.Run(stacks.Environment()).ToList();

    [Fact]
    public void A_suppression_without_a_reason_is_reported_and_cannot_be_acknowledged()
    {
        var unreasoned = Findings().Where(f => f.Rule == HeadroomRulePack.UnreasonedRuleId).ToList();

        unreasoned.Should().ContainSingle().Which.Should().Match<Finding>(f =>
            f.LogicalId == "Unreasoned" && f.Check == "headroom" && !f.Acknowledged && f.Message.Contains("Headroom-Imdsv2"));
    }

    [Fact]
    public void An_acknowledgement_with_a_reason_marks_its_finding_and_one_without_leaves_it_open()
    {
        var imdsv2 = Findings().Where(f => f.Rule == "Headroom-Imdsv2").ToDictionary(f => f.LogicalId);

        imdsv2.Keys.Should().BeEquivalentTo(["Unreasoned", "Excused"]);
        imdsv2["Excused"].Reason.Should().Be("the vendor AMI cannot do IMDSv2 yet, ticket OPS-12");
        imdsv2["Unreasoned"].Acknowledged.Should().BeFalse();
    }

    [Fact]
    public void Applies_to_acknowledges_one_finding_of_a_resource_and_not_the_other()
    {
        var queue = Findings().Where(f => f.LogicalId == "HalfExcusedQueue").ToList();

        queue.Should().HaveCount(2);
        queue.Single(f => f.Message.Contains("not encrypted", StringComparison.Ordinal)).Reason.Should().Be("holds public catalogue events only");
        queue.Single(f => f.Message.Contains("TLS", StringComparison.Ordinal)).Acknowledged.Should().BeFalse();
    }

    [Fact]
    public void The_pack_counts_its_rules_and_every_default_rule_has_a_unique_headroom_id()
    {
        _pack.Name.Should().Be("headroom");
        _pack.RuleCount.Should().Be(3, "two rules and the unreasoned-acknowledgement rule");
        HeadroomRulePack.DefaultRules.Select(r => r.Id).Should().OnlyHaveUniqueItems().And.OnlyContain(id => id.StartsWith("Headroom-", StringComparison.Ordinal))
            .And.NotContain(HeadroomRulePack.UnreasonedRuleId);
        HeadroomRulePack.DefaultRules.Should().OnlyContain(r => r.Title.Length > 0 && r.Fix.Length > 0);
    }
}
