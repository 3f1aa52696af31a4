namespace Headroom.Tests.Environments;

/// <summary>The example environments' default queue list, where it lives, and an environment without queues.</summary>
[Collection(SynthCollection.Name)]
public sealed class QueuesEnvironmentTests(SynthFixture synth, WebVariants variants)
{
    private static readonly string[] DefaultQueues = ["orders.fifo", "emails", "images"];

    private List<TemplateResource> Queues(string env) => synth.Json(env).OfType("AWS::SQS::Queue").ToList();

    [Theory]
    [InlineData("prod", "222222222222")]
    [InlineData("staging", "111111111111")]
    public void Each_environment_has_the_default_queues_each_with_a_dead_letter_queue_in_its_account(string env, string account)
    {
        var queues = Queues(env);
        var sources = queues.Where(q => q.Prop("RedrivePolicy") is not null).ToList();

        sources.Select(q => q.Str("QueueName")).Should().BeEquivalentTo(DefaultQueues.Select(n => $"headroom-{env}-{n}"));
        Seconds(sources.Single(q => q.Str("QueueName") == $"headroom-{env}-images"), "VisibilityTimeout").Should().Be(900, "images take longer: the default list says so");
        foreach (var source in sources)
            QueuesTests.DeadLetterQueue(queues, source).Prop("RedriveAllowPolicy")!.Value.GetProperty("sourceQueueArns")[0].GetString()
                .Should().Be($"arn:aws:sqs:eu-west-1:{account}:{source.Str("QueueName")}");
    }

    [Theory]
    [InlineData("prod")]
    [InlineData("staging")]
    public void Queues_live_in_the_data_stack_keep_their_logical_ids_and_are_retained(string env)
    {
        QueuesPins.ShouldHold(Queues(env));
        Queues(env).Should().OnlyContain(q => q.Stack == $"Headroom-{env}-Data");
        synth.Json(env).OfType("AWS::SSM::Parameter").Select(p => p.Str("Name"))
            .Should().Contain(DefaultQueues.SelectMany(n => new[] { $"/headroom/{env}/queues/{n}/url", $"/headroom/{env}/queues/{n}/arn" }));
    }

    [Fact]
    public void No_queues_configured_makes_no_queues_and_no_workers()
    {
        var empty = variants.App.Json(WebVariants.NoQueues);

        empty.OfType("AWS::SQS::Queue").Should().BeEmpty();
        empty.OfType("AWS::AutoScaling::AutoScalingGroup").Select(g => g.LogicalId).Should().Equal("WebFleetGroup");
        empty.OfType("AWS::IAM::Policy").SelectMany(p => p.Prop("PolicyDocument")!.Value.GetProperty("Statement").EnumerateArray())
            .Should().NotContain(st => st.GetProperty("Action").ToString().Contains("sqs:", StringComparison.Ordinal));
        empty.OfType("AWS::SSM::Parameter").Where(p => p.Str("Name")!.Contains("/queues/", StringComparison.Ordinal)).Should().BeEmpty();
    }

    private static int Seconds(TemplateResource r, string property) => r.Prop(property)!.Value.GetInt32();
}
