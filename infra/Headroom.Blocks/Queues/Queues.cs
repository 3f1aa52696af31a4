using Amazon.CDK.AWS.SQS;

namespace Headroom.Blocks.Queues;

/// <summary>The queues' settings and what they are wired to.</summary>
public sealed record QueuesProps : QueuesSettings
{
    /// <summary>Wiring on top of settings made elsewhere (an environment file's), or on top of the defaults.</summary>
    public QueuesProps(QueuesSettings? settings = null) : base(settings ?? new()) { }

    /// <summary>Prefix of every SQS name, such as "headroom-prod".</summary>
    public required string NamePrefix { get; init; }
    /// <summary>SSM path the URLs and ARNs go under, such as "/headroom/prod/queues".</summary>
    public required string ParameterPrefix { get; init; }
}

/// <summary>A queue with its dead-letter queue.</summary>
public sealed class WorkQueue(QueueSettings spec, Queue queue, Queue deadLetterQueue)
{
    /// <summary>The configured name, such as "orders.fifo".</summary>
    public string Name { get; } = spec.Name;
    public Queue Queue { get; } = queue;
    public Queue DeadLetterQueue { get; } = deadLetterQueue;
    /// <summary>How long the queue keeps a message; the DLQ's is <see cref="DeadLetterRetentionDays"/>.</summary>
    public int RetentionDays { get; } = spec.RetentionDays;
    public int DeadLetterRetentionDays => Queues.DeadLetterRetentionDays;
    public int ProcessingTimeSeconds { get; } = spec.ProcessingTimeSeconds;

    /// <summary>Messages waiting for a worker: what the worker fleet scales on.</summary>
    public IMetric BacklogMetric() => Queue.MetricApproximateNumberOfMessagesVisible(new MetricOptions
    {
        Statistic = "Sum",
        Period = Duration.Minutes(1),
    });
}

/// <summary>
/// SQS work queues, each with a dead-letter queue: SSE (SQS-managed keys), a policy denying non-TLS
/// access, long polling, retention and visibility from config, a redrive-allow policy on the DLQ
/// naming its one source queue. URLs and ARNs go to SSM Parameter Store for the app. Queues hold
/// messages not yet processed: they are retained on stack deletion and live in the Data stack.
/// </summary>
public sealed class Queues : Construct
{
    /// <summary>What the web fleet may do: send, and nothing else.</summary>
    public static readonly string[] SendActions = ["sqs:SendMessage"];

    /// <summary>What the worker fleet may do: receive, delete, extend the visibility while working,
    /// and read the attributes (queue depth) it needs. Never send, purge or change the queue.</summary>
    public static readonly string[] ConsumeActions =
        ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility", "sqs:GetQueueAttributes"];

    /// <summary>Dead-letter queues keep messages this long, the SQS maximum: longer than any source queue may.</summary>
    public const int DeadLetterRetentionDays = 14;

    public IReadOnlyList<WorkQueue> All { get; }

    public Queues(Construct scope, string id, QueuesProps props) : base(scope, id)
    {
        Settings.Enforce(nameof(Queues), props.Check);
        var stack = Stack.Of(this);
        var all = new List<WorkQueue>();
        foreach (var spec in props.Queues)
        {
            var fifo = spec.Fifo;
            var baseName = spec.BaseName;
            var constructId = ConstructIdFor(baseName);

            var sqsName = $"{props.NamePrefix}-{baseName}{(fifo ? ".fifo" : "")}";
            var dlqName = $"{props.NamePrefix}-{baseName}-dlq{(fifo ? ".fifo" : "")}";

            var dlq = new Queue(this, $"{constructId}DeadLetterQueue", new QueueProps
            {
                QueueName = dlqName,
                Fifo = fifo ? true : null,
                Encryption = QueueEncryption.SQS_MANAGED,
                EnforceSSL = true,
                RetentionPeriod = Duration.Days(DeadLetterRetentionDays),
                ReceiveMessageWaitTime = Duration.Seconds(20),
                RemovalPolicy = RemovalPolicy.RETAIN,
            });
            // Only the source queue may move messages here. Its ARN is built from its name rather than
            // referenced, because the source queue already references this one (its redrive policy).
            var sourceArn = stack.FormatArn(new ArnComponents { Service = "sqs", Resource = sqsName, ArnFormat = ArnFormat.NO_RESOURCE_NAME });
            ((CfnQueue)dlq.Node.DefaultChild!).RedriveAllowPolicy = new Dictionary<string, object>
            {
                ["redrivePermission"] = "byQueue",
                ["sourceQueueArns"] = new[] { sourceArn },
            };

            var queue = new Queue(this, $"{constructId}Queue", new QueueProps
            {
                QueueName = sqsName,
                Fifo = fifo ? true : null,
                ContentBasedDeduplication = fifo ? spec.ContentBasedDeduplication : null,
                Encryption = QueueEncryption.SQS_MANAGED,
                EnforceSSL = true,
                VisibilityTimeout = Duration.Seconds(spec.VisibilityTimeoutSeconds),
                RetentionPeriod = Duration.Days(spec.RetentionDays),
                // Long polling: fewer empty receives, lower cost, messages picked up as they arrive.
                ReceiveMessageWaitTime = Duration.Seconds(20),
                DeadLetterQueue = new DeadLetterQueue { Queue = dlq, MaxReceiveCount = spec.MaxReceiveCount },
                RemovalPolicy = RemovalPolicy.RETAIN,
            });

            var path = $"{props.ParameterPrefix}/{spec.Name}";
            AppSettings.Publish(this, $"{constructId}UrlParameter", $"{path}/url", queue.QueueUrl, $"URL of the {spec.Name} queue");
            AppSettings.Publish(this, $"{constructId}ArnParameter", $"{path}/arn", queue.QueueArn, $"ARN of the {spec.Name} queue");
            all.Add(new WorkQueue(spec, queue, dlq));
        }
        All = all;
    }

    /// <summary>Lets the grantee send to every queue, and nothing else.</summary>
    public void GrantSend(IGrantable grantee) => Grant(grantee, SendActions);

    /// <summary>Lets the grantee send to the named queues (as configured, "orders.fifo"), and nothing else; none: no grant.</summary>
    public void GrantSend(IGrantable grantee, IReadOnlyCollection<string> names) => Grant(grantee, SendActions, All.Where(q => names.Contains(q.Name)).ToList());

    /// <summary>Lets the grantee receive and delete messages of every queue, and nothing else.</summary>
    public void GrantConsume(IGrantable grantee) => Grant(grantee, ConsumeActions);

    private void Grant(IGrantable grantee, string[] actions, IReadOnlyList<WorkQueue>? queues = null)
    {
        queues ??= All;
        if (queues.Count == 0) return;
        grantee.GrantPrincipal.AddToPrincipalPolicy(new PolicyStatement(new PolicyStatementProps
        {
            Actions = actions,
            Resources = queues.Select(q => q.Queue.QueueArn).ToArray(),
        }));
    }

    /// <summary>"orders" → "Orders", "image-resize" → "ImageResize": readable, stable logical IDs.</summary>
    public static string ConstructIdFor(string baseName) =>
        string.Concat(baseName.Split(['-', '_'], StringSplitOptions.RemoveEmptyEntries)
            .Select(part => char.ToUpperInvariant(part[0]) + part[1..]));
}
