using Amazon.CDK.AWS.S3;

namespace Headroom.Tests.Checks.Rules;

public sealed class StatefulRetainedStacks() : BareStacks("Data")
{
    protected override void Build(IReadOnlyDictionary<string, Stack> stacks)
    {
        var data = stacks["Data"];
        Named(new Bucket(data, "KeptBucket", new BucketProps { RemovalPolicy = RemovalPolicy.RETAIN }));
        Named(new Bucket(data, "DroppedBucket", new BucketProps { RemovalPolicy = RemovalPolicy.DESTROY }));
        Raw(data, "SnapshottedDb", "AWS::RDS::DBInstance").ApplyRemovalPolicy(RemovalPolicy.SNAPSHOT);
        // CloudFormation cannot snapshot a queue: Snapshot there is no protection.
        Raw(data, "SnapshottedQueue", "AWS::SQS::Queue").ApplyRemovalPolicy(RemovalPolicy.SNAPSHOT);
        var replacedKey = Raw(data, "ReplacedKey", "AWS::KMS::Key");
        replacedKey.CfnOptions.DeletionPolicy = CfnDeletionPolicy.RETAIN;
        replacedKey.CfnOptions.UpdateReplacePolicy = CfnDeletionPolicy.DELETE;
        Raw(data, "DefaultLogGroup", "AWS::Logs::LogGroup");
        var keptExceptOnCreate = Raw(data, "NewSecret", "AWS::SecretsManager::Secret");
        keptExceptOnCreate.CfnOptions.DeletionPolicy = CfnDeletionPolicy.RETAIN_EXCEPT_ON_CREATE;
        keptExceptOnCreate.CfnOptions.UpdateReplacePolicy = CfnDeletionPolicy.RETAIN;
        Raw(data, "Topic", "AWS::SNS::Topic"); // not stateful: Delete is fine
    }
}

public sealed class StatefulRetainedRuleTests(StatefulRetainedStacks stacks) : IClassFixture<StatefulRetainedStacks>
{
    private readonly StatefulRetainedRule _rule = new();

    [Fact]
    public void Retained_snapshotted_and_retained_except_on_create_resources_pass_and_the_others_are_flagged()
    {
        stacks.Flagged(_rule).Should().Equal(new[] { stacks.Ids["DroppedBucket"], "DefaultLogGroup", "ReplacedKey", "SnapshottedQueue" }.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_message_says_which_policy_is_wrong()
    {
        var violations = _rule.Evaluate(stacks.Environment()).ToDictionary(v => v.LogicalId);

        violations["ReplacedKey"].Message.Should().Contain("UpdateReplacePolicy Delete").And.NotContain("DeletionPolicy");
        violations["DefaultLogGroup"].Message.Should().Contain("DeletionPolicy unset (Delete) and UpdateReplacePolicy unset (Delete)");
        violations["SnapshottedQueue"].Message.Should().Contain("DeletionPolicy Snapshot");
    }
}
