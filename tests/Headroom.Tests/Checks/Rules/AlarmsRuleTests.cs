using Amazon.CDK.AWS.CloudWatch.Actions;
using Amazon.CDK.AWS.SQS;
using Headroom.Blocks.Common;

namespace Headroom.Tests.Checks.Rules;

public sealed class AlarmsStacks() : BareStacks("Data")
{
    protected override void Build(IReadOnlyDictionary<string, Stack> stacks)
    {
        var data = stacks["Data"];
        var topic = new Topic(data, "Ops");
        var watched = Named(new Queue(data, "Watched"));
        Named(new Queue(data, "Unwatched"));
        // The alarm a queue is owed (sqs-oldest-message-age), wired as the Monitoring block wires it.
        var alarm = new Alarm(data, "WatchedAge", new AlarmProps
        {
            Metric = new Metric(new MetricProps
            {
                Namespace = "AWS/SQS", MetricName = "ApproximateAgeOfOldestMessage",
                DimensionsMap = new Dictionary<string, string> { ["QueueName"] = watched.QueueName },
            }),
            Threshold = 600, EvaluationPeriods = 5, TreatMissingData = TreatMissingData.NOT_BREACHING,
            AlarmDescription = "Oldest message older than 600 s. Runbook: docs/runbooks/sqs-oldest-message-age.md",
        });
        alarm.AddAlarmAction(new SnsAction(topic));
        alarm.AddOkAction(new SnsAction(topic));
        // A type nobody classified as monitored or needing no alarm: a finding on the stack.
        Raw(data, "Table", "AWS::DynamoDB::Table");
        // A type its block declares as needing no alarm, with the reason in the resource's metadata.
        AlarmExemption.Declare(Raw(data, "Budget", "AWS::Budgets::Budget"), "a budget is itself an alert");
        // A declaration covers a type only where every resource of it carries one.
        AlarmExemption.Declare(Raw(data, "DeclaredRule", "AWS::Events::Rule"), "declared");
        Raw(data, "UndeclaredRule", "AWS::Events::Rule");
    }
}

public sealed class AlarmsRuleTests(AlarmsStacks stacks) : IClassFixture<AlarmsStacks>
{
    private readonly AlarmsRule _rule = new();

    [Fact]
    public void A_queue_with_its_alarm_passes_and_a_queue_without_one_is_flagged_for_the_missing_kind()
    {
        var violations = _rule.Evaluate(stacks.Environment()).Where(v => v.Resource is not null).ToList();

        violations.Select(v => (v.LogicalId, v.AppliesTo)).Should().Equal((stacks.Ids["Unwatched"], "sqs-oldest-message-age"));
    }

    [Fact]
    public void An_unclassified_resource_type_is_a_finding_on_its_stack_unless_its_block_declares_every_one_needs_no_alarm()
    {
        var findings = _rule.Evaluate(stacks.Environment()).Where(v => v.Resource is null).ToList();

        findings.Should().OnlyContain(v => v.Stack == "Headroom-test-Data");
        findings.Select(v => v.AppliesTo).Should().BeEquivalentTo("AWS::DynamoDB::Table", "AWS::Events::Rule");
    }
}
