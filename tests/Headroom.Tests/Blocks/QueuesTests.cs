using Headroom.Blocks.Queues;

namespace Headroom.Tests.Blocks;

/// <summary>The Queues block on bare stacks: a FIFO and two standard queues, every knob of a queue, none at all, and the lists it refuses.</summary>
public sealed class QueuesTests(QueuesTests.Cases cases) : IClassFixture<QueuesTests.Cases>
{
    private static readonly string[] StandardQueues = ["orders.fifo", "emails", "images"];

    private List<TemplateResource> Queues(string name = "Standard") => cases.OfType(name, "AWS::SQS::Queue").ToList();

    /// <summary>A source queue's dead-letter queue (its redrive policy's target).</summary>
    public static TemplateResource DeadLetterQueue(IEnumerable<TemplateResource> queues, TemplateResource source) =>
        queues.Single(q => q.LogicalId == source.Prop("RedrivePolicy")!.Value.GetProperty("deadLetterTargetArn").GetProperty("Fn::GetAtt")[0].GetString());

    [Fact]
    public void Every_queue_has_a_dead_letter_queue_with_the_default_receive_count_named_after_it()
    {
        var queues = Queues();
        var sources = queues.Where(q => q.Prop("RedrivePolicy") is not null).ToList();

        sources.Select(q => q.Str("QueueName")).Should().BeEquivalentTo(StandardQueues.Select(n => $"test-standard-{n}"));
        queues.Should().HaveCount(2 * sources.Count);
        foreach (var source in sources)
        {
            source.Prop("RedrivePolicy")!.Value.GetProperty("maxReceiveCount").GetInt32().Should().Be(5, "the default");
            var fifo = source.Str("QueueName")!.EndsWith(".fifo", StringComparison.Ordinal);
            DeadLetterQueue(queues, source).Str("QueueName").Should().Be(fifo ? source.Str("QueueName")![..^5] + "-dlq.fifo" : source.Str("QueueName") + "-dlq");
        }
    }

    [Fact]
    public void Each_dead_letter_queue_accepts_messages_only_from_its_own_queue()
    {
        var queues = Queues();

        foreach (var source in queues.Where(q => q.Prop("RedrivePolicy") is not null))
        {
            var allow = DeadLetterQueue(queues, source).Prop("RedriveAllowPolicy")!.Value;
            allow.GetProperty("redrivePermission").GetString().Should().Be("byQueue");
            allow.GetProperty("sourceQueueArns").EnumerateArray().Select(a => a.GetString()).Should()
                .Equal($"arn:aws:sqs:{BlockHarness.Region}:{BlockHarness.Account}:{source.Str("QueueName")}");
        }
    }

    [Fact]
    public void Queues_are_encrypted_long_polled_and_refuse_requests_without_tls()
    {
        var queues = Queues();
        var policies = cases.OfType("Standard", "AWS::SQS::QueuePolicy").ToList();

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

    [Fact]
    public void Retention_and_visibility_follow_the_spec_and_dead_letter_queues_keep_messages_longest()
    {
        var queues = Queues();
        var byName = queues.ToDictionary(q => q.Str("QueueName")!);

        Seconds(byName["test-standard-emails"], "VisibilityTimeout").Should().Be(300);
        Seconds(byName["test-standard-images"], "VisibilityTimeout").Should().Be(900);
        foreach (var name in StandardQueues)
        {
            var source = byName[$"test-standard-{name}"];
            Seconds(source, "MessageRetentionPeriod").Should().Be(4 * 86400);
            Seconds(DeadLetterQueue(queues, source), "MessageRetentionPeriod").Should().Be(14 * 86400).And.BeGreaterThan(Seconds(source, "MessageRetentionPeriod"));
        }
    }

    [Fact]
    public void A_fifo_queue_and_its_dead_letter_queue_are_both_fifo()
    {
        Queues().Where(q => q.Prop("FifoQueue") is { } f && f.GetBoolean()).Select(q => q.Str("QueueName"))
            .Should().BeEquivalentTo("test-standard-orders.fifo", "test-standard-orders-dlq.fifo");
    }

    [Fact]
    public void Urls_and_arns_are_published_under_the_parameter_prefix()
    {
        var t = cases.Template("Standard");
        var queues = Queues().Where(q => q.Prop("RedrivePolicy") is not null).ToDictionary(q => q.Str("QueueName")!);

        foreach (var name in StandardQueues)
        {
            var logicalId = queues[$"test-standard-{name}"].LogicalId;
            t.HasResourceProperties("AWS::SSM::Parameter", new Dictionary<string, object>
            {
                ["Name"] = $"/headroom/standard/queues/{name}/url",
                ["Value"] = new Dictionary<string, object> { ["Ref"] = logicalId },
            });
            t.HasResourceProperties("AWS::SSM::Parameter", new Dictionary<string, object>
            {
                ["Name"] = $"/headroom/standard/queues/{name}/arn",
                ["Value"] = new Dictionary<string, object> { ["Fn::GetAtt"] = new[] { logicalId, "Arn" } },
            });
        }
    }

    [Fact]
    public void Queues_keep_logical_ids_named_after_them_and_are_retained()
    {
        QueuesPins.ShouldHold(Queues());
    }

    [Fact]
    public void Senders_may_only_send_and_consumers_only_receive_delete_and_extend_to_the_work_queues()
    {
        var sources = Queues().Where(q => q.Prop("RedrivePolicy") is not null).Select(q => q.LogicalId).ToList();
        JsonElement Statement(string role) => cases.OfType("Standard", "AWS::IAM::Policy")
            .Single(p => (Ref(p.Prop("Roles")!.Value[0]) ?? "").StartsWith(role, StringComparison.Ordinal))
            .Prop("PolicyDocument")!.Value.GetProperty("Statement").EnumerateArray().Should().ContainSingle().Subject;

        Actions(Statement("Sender")).Should().Equal(Headroom.Blocks.Queues.Queues.SendActions);
        Actions(Statement("Consumer")).Should().BeEquivalentTo(["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility", "sqs:GetQueueAttributes"]);
        foreach (var statement in new[] { Statement("Sender"), Statement("Consumer") })
            statement.GetProperty("Resource").EnumerateArray().Select(r => GetAtt(r)).Should().BeEquivalentTo(sources,
                "the work queues only: nobody reads the dead-letter queues but an operator");
    }

    [Fact]
    public void Every_knob_of_a_queue_reaches_the_template()
    {
        var queues = Queues("Knobs").ToDictionary(q => q.Str("QueueName")!);

        queues.Keys.Should().BeEquivalentTo(["test-knobs-jobs.fifo", "test-knobs-jobs-dlq.fifo", "test-knobs-thumbnails", "test-knobs-thumbnails-dlq"]);
        var jobs = queues["test-knobs-jobs.fifo"];
        jobs.Prop("ContentBasedDeduplication")!.Value.GetBoolean().Should().BeTrue();
        jobs.Prop("RedrivePolicy")!.Value.GetProperty("maxReceiveCount").GetInt32().Should().Be(3);
        Seconds(jobs, "VisibilityTimeout").Should().Be(120);
        Seconds(jobs, "MessageRetentionPeriod").Should().Be(2 * 86400);
        queues["test-knobs-thumbnails"].Prop("RedrivePolicy")!.Value.GetProperty("maxReceiveCount").GetInt32().Should().Be(5);
        cases.OfType("Knobs", "AWS::SSM::Parameter").Select(p => p.Str("Name")).Should()
            .Contain(["/headroom/knobs/queues/jobs.fifo/url", "/headroom/knobs/queues/thumbnails/arn"]);
    }

    [Fact]
    public void No_queues_make_no_queues_no_parameters_and_grant_nothing()
    {
        cases.Resources("Empty").Select(r => r.Type).Should().Equal("AWS::IAM::Role");
    }

    [Fact]
    public void The_preview_lists_each_queue_with_its_dead_letter_queue()
    {
        IPreviewSection.All.Single(s => s.Title == "Queues").Describe(cases.Environment("Knobs"))
            .Should().Contain(l => l.Contains("jobs.fifo", StringComparison.Ordinal)).And.Contain(l => l.Contains("thumbnails", StringComparison.Ordinal));
    }

    public static TheoryData<string, QueueSettings[]> Refused => new()
    {
        { "*a FIFO queue's name must end in .fifo*", [new QueueSettings { Name = "orders", Fifo = true }] },
        { "*only a FIFO queue's name ends in .fifo*", [new QueueSettings { Name = "orders.fifo" }] },
        { "*MaxReceiveCount must be from 1 to 1000*", [new QueueSettings { Name = "emails", MaxReceiveCount = 0 }] },
        { "*must keep them longer than the queue*", [new QueueSettings { Name = "emails", RetentionDays = 14 }] },
        { "*must not repeat a queue named before*", [new QueueSettings { Name = "emails" }, new QueueSettings { Name = "emails.fifo", Fifo = true }] },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void The_block_refuses_queue_lists_sqs_would_refuse(string message, QueueSettings[] queues)
    {
        BlockHarness.ShouldRefuse(message, (stack, vpc) => _ = new Queues(stack, "Queues", new QueuesProps { NamePrefix = "t", ParameterPrefix = "/t", Queues = queues }));
    }

    private static int Seconds(TemplateResource r, string property) => r.Prop(property)!.Value.GetInt32();

    public sealed class Cases : BlockHarness
    {
        public Cases()
        {
            var standard = Build("Standard",
                new QueueSettings { Name = "orders.fifo", Fifo = true }, new QueueSettings { Name = "emails" }, new QueueSettings { Name = "images", VisibilityTimeoutSeconds = 900 });
            standard.GrantSend(Role("Sender"));
            standard.GrantConsume(Role("Consumer"));
            Build("Knobs",
                new QueueSettings
                {
                    Name = "jobs.fifo", Fifo = true, ContentBasedDeduplication = true, MaxReceiveCount = 3, VisibilityTimeoutSeconds = 120,
                    RetentionDays = 2, ProcessingTimeSeconds = 100,
                },
                new QueueSettings { Name = "thumbnails" });
            Build("Empty").GrantSend(Role("Nobody", "Empty"));
            Synthesize();
        }

        private Queues Build(string name, params QueueSettings[] queues) =>
            Block("Queues", "queues", new Queues(Case(name), "Queues", new QueuesProps
            {
                NamePrefix = $"test-{name.ToLowerInvariant()}", ParameterPrefix = $"/headroom/{name.ToLowerInvariant()}/queues", Queues = queues,
            }));

        private Role Role(string id, string stack = "Standard") =>
            new(StackOf(stack), id, new RoleProps { AssumedBy = new ServicePrincipal("ec2.amazonaws.com") });
    }
}
