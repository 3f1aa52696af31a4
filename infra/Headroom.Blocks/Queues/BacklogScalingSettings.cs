namespace Headroom.Blocks.Queues;

/// <summary>How a worker group scales on its queues' backlog, as plain values: each default stated here once, each rule in <see cref="Check"/>.</summary>
public record BacklogScalingSettings
{
    /// <summary>Messages one instance can have waiting and still meet the latency the shop accepts: the acceptable
    /// latency divided by the time one message takes (10 minutes' latency at 6 s a message: 100). Target tracking
    /// keeps the backlog per in-service instance near it.</summary>
    [Field("1 to 100,000 messages: the latency the shop accepts divided by the time one message takes")] public int BacklogPerInstance { get; init; } = 100;

    public void Check(ISettingsReport r) =>
        r.Range(nameof(BacklogPerInstance), BacklogPerInstance, 1, 100_000, "messages one worker may have waiting; 0 would never stop scaling out");
}
