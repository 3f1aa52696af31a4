using System.Text.Json;
using Amazon.CDK.Assertions;
using Headroom.App.Preview;
using Headroom.Tests.Support;

namespace Headroom.Tests.Blocks;

[Collection(SynthCollection.Name)]
public sealed class QueuesTests(SynthFixture synth, QueuesTests.Custom custom) : IClassFixture<QueuesTests.Custom>
{
    private static readonly string[] DefaultQueues = ["orders.fifo", "emails", "images"];

    private List<TemplateResource> Queues(string env) => synth.Json(env).OfType("AWS::SQS::Queue").ToList();

    [Theory]
    [InlineData("prod")]
    [InlineData("staging")]
    public void Every_queue_has_a_dead_letter_queue_with_the_configured_receive_count(string env)
    {
        var queues = Queues(env);
        var sources = queues.Where(q => q.Prop("RedrivePolicy") is not null).ToList();
        var deadLetters = queues.Where(q => q.Prop("RedrivePolicy") is null).ToList();

        sources.Select(q => q.Str("QueueName")).Should().BeEquivalentTo(DefaultQueues.Select(n => SqsName(env, n)));
        deadLetters.Should().HaveCount(sources.Count);
        foreach (var source in sources)
        {
            var redrive = source.Prop("RedrivePolicy")!.Value;
            redrive.GetProperty("maxReceiveCount").GetInt32().Should().Be(5, "the default");
            var target = redrive.GetProperty("deadLetterTargetArn").GetProperty("Fn::GetAtt")[0].GetString();
            var dlq = deadLetters.Should().ContainSingle(d => d.LogicalId == target).Subject;
            var fifo = source.Str("QueueName")!.EndsWith(".fifo", StringComparison.Ordinal);
            dlq.Str("QueueName").Should().Be(fifo ? source.Str("QueueName")![..^5] + "-dlq.fifo" : source.Str("QueueName") + "-dlq");
        }
    }

    [Theory]
    [InlineData("prod", "222222222222")]
    [InlineData("staging", "111111111111")]
    public void Each_dead_letter_queue_accepts_messages_only_from_its_own_queue(string env, string account)
    {
        var queues = Queues(env);

        foreach (var source in queues.Where(q => q.Prop("RedrivePolicy") is not null))
        {
            var dlqId = source.Prop("RedrivePolicy")!.Value.GetProperty("deadLetterTargetArn").GetProperty("Fn::GetAtt")[0].GetString();
            var allow = queues.Single(q => q.LogicalId == dlqId).Prop("RedriveAllowPolicy")!.Value;
            allow.GetProperty("redrivePermission").GetString().Should().Be("byQueue");
            allow.GetProperty("sourceQueueArns").EnumerateArray().Select(a => a.GetString()).Should()
                .Equal($"arn:aws:sqs:eu-west-1:{account}:{source.Str("QueueName")}");
        }
    }

    [Theory]
    [InlineData("prod")]
    [InlineData("staging")]
    public void Queues_are_encrypted_long_polled_and_refuse_requests_without_tls(string env)
    {
        var queues = Queues(env);
        var policies = synth.Json(env).OfType("AWS::SQS::QueuePolicy").ToList();

        queues.Should().HaveCount(6);
        foreach (var queue in queues)
        {
            queue.Prop("SqsManagedSseEnabled")!.Value.GetBoolean().Should().BeTrue(queue.LogicalId);
            queue.Prop("ReceiveMessageWaitTimeSeconds")!.Value.GetInt32().Should().Be(20, "long polling");
            var policy = policies.Should().ContainSingle(p => p.Prop("Queues")!.Value[0].GetProperty("Ref").GetString() == queue.LogicalId).Subject;
            var deny = policy.Prop("PolicyDocument")!.Value.GetProperty("Statement").EnumerateArray()
                .Should().ContainSingle(s => s.GetProperty("Effect").GetString() == "Deny").Subject;
            deny.GetProperty("Action").GetString().Should().Be("sqs:*");
            deny.GetProperty("Condition").GetProperty("Bool").GetProperty("aws:SecureTransport").GetString().Should().Be("false");
        }
    }

    [Theory]
    [InlineData("prod")]
    [InlineData("staging")]
    public void Retention_and_visibility_follow_config_and_dead_letter_queues_keep_messages_longest(string env)
    {
        var byName = Queues(env).ToDictionary(q => q.Str("QueueName")!);

        Seconds(byName[SqsName(env, "emails")], "VisibilityTimeout").Should().Be(300);
        Seconds(byName[SqsName(env, "images")], "VisibilityTimeout").Should().Be(900, "images take longer: the default list says so");
        foreach (var name in DefaultQueues)
        {
            var source = byName[SqsName(env, name)];
            Seconds(source, "MessageRetentionPeriod").Should().Be(4 * 86400);
            var dlq = byName.Values.Single(q => q.LogicalId == source.Prop("RedrivePolicy")!.Value.GetProperty("deadLetterTargetArn").GetProperty("Fn::GetAtt")[0].GetString());
            Seconds(dlq, "MessageRetentionPeriod").Should().Be(14 * 86400).And.BeGreaterThan(Seconds(source, "MessageRetentionPeriod"));
        }
    }

    [Theory]
    [InlineData("prod")]
    [InlineData("staging")]
    public void A_fifo_queue_and_its_dead_letter_queue_are_both_fifo(string env)
    {
        var fifo = Queues(env).Where(q => q.Prop("FifoQueue") is { } f && f.GetBoolean()).Select(q => q.Str("QueueName")).ToList();

        fifo.Should().BeEquivalentTo([SqsName(env, "orders.fifo"), $"headroom-{env}-orders-dlq.fifo"]);
    }

    [Theory]
    [InlineData("prod")]
    [InlineData("staging")]
    public void Urls_and_arns_are_published_to_ssm_under_the_environment(string env)
    {
        var t = synth.Template(env, "Data");
        var queues = Queues(env).Where(q => q.Prop("RedrivePolicy") is not null).ToDictionary(q => q.Str("QueueName")!);

        foreach (var name in DefaultQueues)
        {
            var logicalId = queues[SqsName(env, name)].LogicalId;
            t.HasResourceProperties("AWS::SSM::Parameter", new Dictionary<string, object>
            {
                ["Name"] = $"/headroom/{env}/queues/{name}/url",
                ["Value"] = new Dictionary<string, object> { ["Ref"] = logicalId },
            });
            t.HasResourceProperties("AWS::SSM::Parameter", new Dictionary<string, object>
            {
                ["Name"] = $"/headroom/{env}/queues/{name}/arn",
                ["Value"] = new Dictionary<string, object> { ["Fn::GetAtt"] = new[] { logicalId, "Arn" } },
            });
        }
    }

    [Theory]
    [InlineData("prod")]
    [InlineData("staging")]
    public void Queues_live_in_the_data_stack_keep_their_logical_ids_and_are_retained(string env)
    {
        // Pinned: a changed logical ID replaces the queue, and the messages in it are gone.
        string[] pinned =
        [
            "QueuesOrdersQueue1A584920", "QueuesOrdersDeadLetterQueueC0122726",
            "QueuesEmailsQueue72AB577A", "QueuesEmailsDeadLetterQueue7EAE93A9",
            "QueuesImagesQueueDCE2F4E7", "QueuesImagesDeadLetterQueue646B9D2D",
        ];
        var queues = Queues(env);

        queues.Select(q => q.LogicalId).Should().BeEquivalentTo(pinned);
        queues.Should().OnlyContain(q => q.Stack == $"Headroom-{env}-Data");
        queues.Should().OnlyContain(q => q.Raw.GetProperty("DeletionPolicy").GetString() == "Retain"
                                         && q.Raw.GetProperty("UpdateReplacePolicy").GetString() == "Retain");
    }

    [Fact]
    public void Every_knob_of_a_queue_reaches_the_template()
    {
        var queues = custom.Environment.OfType("AWS::SQS::Queue").ToDictionary(q => q.Str("QueueName")!);

        queues.Keys.Should().BeEquivalentTo(["headroom-custom-jobs.fifo", "headroom-custom-jobs-dlq.fifo", "headroom-custom-thumbnails", "headroom-custom-thumbnails-dlq"]);
        var jobs = queues["headroom-custom-jobs.fifo"];
        jobs.Prop("ContentBasedDeduplication")!.Value.GetBoolean().Should().BeTrue();
        jobs.Prop("RedrivePolicy")!.Value.GetProperty("maxReceiveCount").GetInt32().Should().Be(3);
        Seconds(jobs, "VisibilityTimeout").Should().Be(120);
        Seconds(jobs, "MessageRetentionPeriod").Should().Be(2 * 86400);
        queues["headroom-custom-thumbnails"].Prop("RedrivePolicy")!.Value.GetProperty("maxReceiveCount").GetInt32().Should().Be(5);
        custom.Environment.OfType("AWS::SSM::Parameter").Select(p => p.Str("Name")).Should()
            .Contain(["/headroom/custom/queues/jobs.fifo/url", "/headroom/custom/queues/thumbnails/arn"]);
    }

    [Fact]
    public void No_queues_configured_makes_no_queues_and_no_workers()
    {
        custom.Empty.OfType("AWS::SQS::Queue").Should().BeEmpty();
        custom.Empty.OfType("AWS::AutoScaling::AutoScalingGroup").Select(g => g.LogicalId).Should().Equal("WebFleetGroup");
        custom.Empty.OfType("AWS::IAM::Policy").SelectMany(p => p.Prop("PolicyDocument")!.Value.GetProperty("Statement").EnumerateArray())
            .Should().NotContain(st => st.GetProperty("Action").ToString().Contains("sqs:", StringComparison.Ordinal));
        custom.Empty.OfType("AWS::SSM::Parameter").Where(p => p.Str("Name")!.Contains("/queues/", StringComparison.Ordinal)).Should().BeEmpty();
    }

    private static string SqsName(string env, string name) => $"headroom-{env}-{name}";

    private static int Seconds(TemplateResource r, string property) => r.Prop(property)!.Value.GetInt32();

    /// <summary>Environments with their own queue lists, synthesized once for this class.</summary>
    public sealed class Custom
    {
        public Custom()
        {
            var configs = new[]
            {
                TestConfig.Parse(TestConfig.With(TestConfig.Staging, """
                    queues:
                      list:
                        - name: jobs.fifo
                          fifo: true
                          contentBasedDeduplication: true
                          maxReceiveCount: 3
                          visibilityTimeoutSeconds: 120
                          processingTimeSeconds: 100
                          retentionDays: 2
                        - name: thumbnails
                    """), "custom"),
                TestConfig.Parse(TestConfig.With(TestConfig.Staging, "queues:\n  list: []"), "empty"),
            };
            using var app = new SynthesizedApp(configs);
            Environment = app.Json("custom");
            Empty = app.Json("empty");
        }

        public SynthesizedEnvironment Environment { get; }
        public SynthesizedEnvironment Empty { get; }
    }
}
