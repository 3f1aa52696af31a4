using System.Text.RegularExpressions;

namespace Headroom.App.Config.Sections;

/// <summary>One work queue; its dead-letter queue comes with it.</summary>
public sealed class QueueConfig
{
    /// <summary>Letters, digits, '-' and '_'; a FIFO queue's name ends in ".fifo". It becomes the SQS
    /// name "&lt;project&gt;-&lt;env&gt;-&lt;name&gt;" and the SSM path /headroom/&lt;env&gt;/queues/&lt;name&gt;/.</summary>
    [Field("letters, digits, `-`, `_`; ends in `.fifo` exactly when `fifo`; not repeated (ignoring case, `-`, `_`, `.fifo`); fits 80 characters with the prefix and `-dlq`", Default = "required")]
    public string Name { get; set; } = "";

    [Field("`true`, `false`")]
    public bool Fifo { get; set; }

    /// <summary>FIFO only: SQS derives the deduplication id from the body instead of the producer sending one.</summary>
    [Field("`true` only for FIFO queues")]
    public bool ContentBasedDeduplication { get; set; }

    /// <summary>Receives before a message moves to the dead-letter queue.</summary>
    [Field("1 to 1000")]
    public int MaxReceiveCount { get; set; } = 5;

    /// <summary>How long a received message stays hidden from other workers.</summary>
    [Field("0 to 43200, and at least `processingTimeSeconds`")]
    public int VisibilityTimeoutSeconds { get; set; } = 300;

    /// <summary>The longest a worker takes over one message; the visibility timeout must cover it.</summary>
    [Field("1 to 43200: the longest a worker takes over one message")]
    public int ProcessingTimeSeconds { get; set; } = 60;

    /// <summary>How long an unprocessed message is kept. The dead-letter queue keeps 14 days, the SQS maximum.</summary>
    [Field("1 to 13 (the DLQ keeps 14)")]
    public int RetentionDays { get; set; } = 4;

    public string BaseName => Name.EndsWith(FifoSuffix, StringComparison.Ordinal) ? Name[..^FifoSuffix.Length] : Name;

    public const string FifoSuffix = ".fifo";
}

public sealed partial class QueuesConfig : IConfigSection
{
    /// <summary>The checkout-side work that leaves the request path. Orders are FIFO so that one order's
    /// steps run in sequence.</summary>
    [Field("at most 9 queues; a list replaces the default one", Default = "`orders.fifo` (FIFO), `emails`, `images` (900 s / 300 s)")]
    public List<QueueConfig> List { get; set; } =
    [
        new() { Name = "orders.fifo", Fifo = true },
        new() { Name = "emails" },
        new() { Name = "images", VisibilityTimeoutSeconds = 900, ProcessingTimeSeconds = 300 },
    ];

    /// <summary>The worker fleet that drains the queues; made only when there are queues.</summary>
    public WorkersConfig Workers { get; set; } = new();

    /// <summary>The dead-letter queues keep messages this long (the SQS maximum), longer than any queue may.</summary>
    public const int DeadLetterRetentionDays = 14;

    /// <summary>The worker fleet's scaling metric sums every queue's backlog in one CloudWatch alarm, which
    /// takes at most 10 metrics: one is the fleet's instance count, so at most 9 queues.</summary>
    public const int MaxQueues = Headroom.Blocks.Queues.BacklogScaling.MaxQueues;

    /// <summary>SQS names: 80 characters at most.</summary>
    private const int MaxSqsName = 80;

    [GeneratedRegex(@"^[A-Za-z0-9_-]+(\.fifo)?\z")] private static partial Regex NamePattern();

    /// <summary>Names that differ only in case or punctuation would make the same construct id.</summary>
    public static string Key(string name) =>
        new(name.Where(char.IsAsciiLetterOrDigit).Select(char.ToLowerInvariant).ToArray());

    public void Validate(ConfigValidator v, string path)
    {
        Workers.Validate(v, $"{path}.workers");
        v.Check(List.Count <= MaxQueues, $"{path}.list", $"{List.Count} queues",
            $"must list at most {MaxQueues} queues (the workers' scaling alarm sums every queue's backlog, and an alarm takes 10 metrics)");
        // "<project>-<env>-" before the name and "-dlq" after it must fit SQS's 80 characters.
        var room = MaxSqsName - $"{v.Root.Tags.Project}-{v.Root.Name}-".Length - "-dlq".Length;
        var seen = new Dictionary<string, int>();
        for (var i = 0; i < List.Count; i++)
        {
            var q = List[i];
            var at = $"{path}.list[{i}]";
            if (v.Required($"{at}.name", q.Name, "the queue's name: letters, digits, '-' and '_' (a FIFO queue's ends in .fifo)"))
            {
                v.Check(!TagsConfig.LooksLikeSecret(q.Name), $"{at}.name", q.Name,
                    "looks like a secret (an access key): queue names are visible to anyone who can list queues; keep secrets in Secrets Manager");
                v.Matches($"{at}.name", q.Name, NamePattern(),
                    "must be letters, digits, '-' and '_', and end in .fifo for a FIFO queue");
                v.Check(q.Name.Length <= room, $"{at}.name", q.Name,
                    $"must be at most {room} characters: the SQS name '{v.Root.Tags.Project}-{v.Root.Name}-<name>-dlq' has at most {MaxSqsName}");
                if (q.Fifo)
                    v.Check(q.Name.EndsWith(QueueConfig.FifoSuffix, StringComparison.Ordinal), $"{at}.name", q.Name,
                        "a FIFO queue's name must end in .fifo (SQS requires it)");
                else
                    v.Check(!q.Name.EndsWith(QueueConfig.FifoSuffix, StringComparison.Ordinal), $"{at}.name", q.Name,
                        "only a FIFO queue's name ends in .fifo: set fifo: true or rename it");
                var key = Key(q.BaseName);
                if (seen.TryGetValue(key, out var first))
                    v.Error($"{at}.name", q.Name,
                        $"must not repeat a queue named before (queues.list[{first}]; names are compared ignoring case, '-', '_' and '.fifo')");
                else
                    seen[key] = i;
            }
            v.Check(!q.ContentBasedDeduplication || q.Fifo, $"{at}.contentBasedDeduplication", q.ContentBasedDeduplication,
                "only FIFO queues deduplicate: set fifo: true or leave it out");
            v.Range($"{at}.maxReceiveCount", q.MaxReceiveCount, 1, 1000,
                "receives before a message moves to the dead-letter queue; 0 would never deliver it");
            v.Range($"{at}.retentionDays", q.RetentionDays, 1, DeadLetterRetentionDays - 1,
                $"the dead-letter queue keeps messages {DeadLetterRetentionDays} days, the SQS maximum, and must keep them longer than the queue: a message keeps its age when it moves there");
            var timingOk = v.Range($"{at}.processingTimeSeconds", q.ProcessingTimeSeconds, 1, 43200,
                "the longest a worker takes over one message, up to the 12-hour visibility limit");
            if (v.Range($"{at}.visibilityTimeoutSeconds", q.VisibilityTimeoutSeconds, 0, 43200, "SQS allows 0 seconds to 12 hours") && timingOk)
                v.Check(q.VisibilityTimeoutSeconds >= q.ProcessingTimeSeconds, $"{at}.visibilityTimeoutSeconds", q.VisibilityTimeoutSeconds,
                    $"must be at least the processing time ({q.ProcessingTimeSeconds} s), or a second worker receives the message while the first still works on it");
        }
    }
}

/// <summary>The worker fleet: a second use of the fleet settings, scaled on the queues' backlog per instance.</summary>
public sealed class WorkersConfig : IConfigSection
{
    [Field("as `web.fleet`; `minCapacity` may be 0 outside production, at least one per zone in production", Default = "as `web.fleet` (instance type, min/max/desired, image, user data, warm pool, Spot, schedules, rolling update)")]
    public FleetConfig Fleet { get; set; } = new();

    /// <summary>Messages one worker may have waiting: the latency the shop accepts divided by the time one
    /// message takes (10 minutes' latency at 6 s a message: 100). Target tracking keeps the backlog per
    /// in-service instance near it.</summary>
    [Field("1 to 100,000 messages: the latency the shop accepts divided by the time one message takes")]
    public int BacklogPerInstance { get; set; } = 100;

    /// <summary>What the app substitutes in worker user data (@@NAME@@); the Fleet block adds its own.</summary>
    public static readonly IReadOnlyList<string> UserDataVariables = ["ENVIRONMENT", "PARAMETER_PATH"];

    public void Validate(ConfigValidator v, string path)
    {
        // In production the fleet settings keep at least one worker per zone; elsewhere the group may
        // shrink to no instances and start one when messages arrive.
        Fleet.Validate(v, $"{path}.fleet");
        Fleet.ValidateUserData(v, $"{path}.fleet", UserDataVariables);
        v.Range($"{path}.backlogPerInstance", BacklogPerInstance, 1, 100_000,
            "messages one worker may have waiting; 0 would never stop scaling out");
    }
}
