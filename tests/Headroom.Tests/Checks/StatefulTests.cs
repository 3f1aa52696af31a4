namespace Headroom.Tests.Checks;

/// <summary>The one definition of "stateful" that the diff gate and the rule pack read.</summary>
public sealed class StatefulTests
{
    [Theory]
    [InlineData("Retain", null, true)]
    [InlineData("RetainExceptOnCreate", null, true)]
    [InlineData("Snapshot", null, true)]
    [InlineData(null, "Retain", true)]
    [InlineData("Delete", "Snapshot", true)]
    [InlineData("Delete", "Delete", false)]
    [InlineData(null, null, false)]
    [InlineData("retain", null, false)]
    public void A_resource_is_stateful_when_either_policy_keeps_its_data(string? deletion, string? updateReplace, bool stateful)
    {
        Stateful.Is(deletion, updateReplace).Should().Be(stateful);
    }

    [Fact]
    public void The_policies_are_read_from_the_template_resource_not_its_type()
    {
        using var replica = JsonDocument.Parse("""{"Type": "AWS::RDS::DBInstance", "DeletionPolicy": "Delete", "UpdateReplacePolicy": "Delete", "Properties": {}}""");
        using var subnet = JsonDocument.Parse("""{"Type": "AWS::EC2::Subnet", "DeletionPolicy": "Retain", "Properties": {}}""");
        using var conditional = JsonDocument.Parse("""{"Type": "AWS::S3::Bucket", "DeletionPolicy": {"Fn::If": ["IsProd", "Retain", "Delete"]}}""");

        Stateful.Is(replica.RootElement).Should().BeFalse("a database declared expendable");
        Stateful.Is(subnet.RootElement).Should().BeTrue("kept by its policy, whatever its type");
        Stateful.Policy(subnet.RootElement, Stateful.UpdateReplacePolicy).Should().BeNull();
        Stateful.Is(conditional.RootElement).Should().BeTrue("Fn::If may resolve to Retain at deploy time");
    }
}
