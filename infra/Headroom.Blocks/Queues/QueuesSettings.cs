namespace Headroom.Blocks.Queues;

/// <summary>One work queue, as plain values; its dead-letter queue comes with it.</summary>
public sealed partial record QueueSettings
{
    public const string FifoSuffix = ".fifo";

    /// <summary>Letters, digits, '-' and '_'; a FIFO queue's name ends in ".fifo". Required: the default is none.</summary>
    [Field("letters, digits, `-`, `_`; ends in `.fifo` exactly when `fifo`; not repeated (ignoring case, `-`, `_`, `.fifo`); fits 80 characters with the prefix and `-dlq`", Default = "required")] public string Name { get; init; } = "";
    [Field("`true`, `false`")] public bool Fifo { get; init; }
    /// <summary>FIFO only: SQS derives the deduplication id from the body instead of the producer sending one.</summary>
    [Field("`true` only for FIFO queues")] public bool ContentBasedDeduplication { get; init; }
    /// <summary>Receives before a message moves to the dead-letter queue.</summary>
    [Field("1 to 1000")] public int MaxReceiveCount { get; init; } = 5;
    /// <summary>How long a received message stays hidden from other workers.</summary>
    [Field("0 to 43200, and at least `processingTimeSeconds`")] public int VisibilityTimeoutSeconds { get; init; } = 300;
    /// <summary>The longest a worker takes over one message; the visibility timeout must cover it (and the worker backlog alarm weighs messages by it).</summary>
    [Field("1 to 43200: the longest a worker takes over one message")] public int ProcessingTimeSeconds { get; init; } = 60;
    /// <summary>How long an unprocessed message is kept; the dead-letter queue keeps <see cref="Queues.DeadLetterRetentionDays"/>.</summary>
    [Field("1 to 13 (the DLQ keeps 14)")] public int RetentionDays { get; init; } = 4;

    /// <summary>The name without ".fifo".</summary>
    public string BaseName => Name.EndsWith(FifoSuffix, StringComparison.Ordinal) ? Name[..^FifoSuffix.Length] : Name;

    [GeneratedRegex(@"^[A-Za-z0-9_-]+(\.fifo)?\z")] private static partial Regex NamePattern();

    /// <summary>What SQS accepts for one queue and its dead-letter queue.</summary>
    public void Check(ISettingsReport r)
    {
        if (r.Check(Name.Length > 0, nameof(Name), null, "is required: the queue's name: letters, digits, '-' and '_' (a FIFO queue's ends in .fifo)"))
        {
            r.Matches(nameof(Name), Name, NamePattern(), "must be letters, digits, '-' and '_', and end in .fifo for a FIFO queue");
            if (Fifo)
                r.Check(Name.EndsWith(FifoSuffix, StringComparison.Ordinal), nameof(Name), Name, "a FIFO queue's name must end in .fifo (SQS requires it)");
            else
                r.Check(!Name.EndsWith(FifoSuffix, StringComparison.Ordinal), nameof(Name), Name, "only a FIFO queue's name ends in .fifo: set fifo: true or rename it");
        }
        r.Check(!ContentBasedDeduplication || Fifo, nameof(ContentBasedDeduplication), ContentBasedDeduplication,
            "only FIFO queues deduplicate: set fifo: true or leave it out");
        r.Range(nameof(MaxReceiveCount), MaxReceiveCount, 1, 1000,
            "receives before a message moves to the dead-letter queue; 0 would never deliver it");
        r.Range(nameof(RetentionDays), RetentionDays, 1, Queues.DeadLetterRetentionDays - 1,
            $"the dead-letter queue keeps messages {Queues.DeadLetterRetentionDays} days, the SQS maximum, and must keep them longer than the queue: a message keeps its age when it moves there");
        var timingOk = r.Range(nameof(ProcessingTimeSeconds), ProcessingTimeSeconds, 1, 43200,
            "the longest a worker takes over one message, up to the 12-hour visibility limit");
        if (r.Range(nameof(VisibilityTimeoutSeconds), VisibilityTimeoutSeconds, 0, 43200, "SQS allows 0 seconds to 12 hours") && timingOk)
            r.Check(VisibilityTimeoutSeconds >= ProcessingTimeSeconds, nameof(VisibilityTimeoutSeconds), VisibilityTimeoutSeconds,
                $"must be at least the processing time ({ProcessingTimeSeconds} s), or a second worker receives the message while the first still works on it");
    }
}

/// <summary>The work queues, as plain values: each default stated here once, each rule in <see cref="Check"/>.</summary>
public record QueuesSettings
{
    /// <summary>The checkout-side work that leaves the request path. Orders are FIFO so that one order's steps run in sequence.</summary>
    [Field("at most 9 queues; a list replaces the default one", Default = "`orders.fifo` (FIFO), `emails`, `images` (900 s / 300 s)", Name = "List")] public IReadOnlyList<QueueSettings> Queues { get; init; } =
    [
        new() { Name = "orders.fifo", Fifo = true },
        new() { Name = "emails" },
        new() { Name = "images", VisibilityTimeoutSeconds = 900, ProcessingTimeSeconds = 300 },
    ];

    /// <summary>Names that differ only in case or punctuation would make the same construct id (or SQS name).</summary>
    public static string Key(string name) =>
        new(name.Where(char.IsAsciiLetterOrDigit).Select(char.ToLowerInvariant).ToArray());

    /// <summary>Each queue's rules, at most <see cref="BacklogScaling.MaxQueues"/> queues (the workers scale on their summed backlog), no name twice.</summary>
    public void Check(ISettingsReport r)
    {
        r.Check(Queues.Count <= BacklogScaling.MaxQueues, nameof(Queues), $"{Queues.Count} queues",
            $"must list at most {BacklogScaling.MaxQueues} queues (the workers' scaling alarm sums every queue's backlog, and an alarm takes 10 metrics)");
        var seen = new Dictionary<string, int>();
        for (var i = 0; i < Queues.Count; i++)
        {
            var q = Queues[i];
            var item = $"{nameof(Queues)}[{i}]";
            q.Check(r.Under(item));
            if (q.Name.Length == 0) continue;
            if (seen.TryGetValue(Key(q.BaseName), out var first))
                r.Under(item).Problem(nameof(QueueSettings.Name), q.Name,
                    $"must not repeat a queue named before (queues.list[{first}]; names are compared ignoring case, '-', '_' and '.fifo')");
            else
                seen[Key(q.BaseName)] = i;
        }
    }
}
