using Headroom.Blocks.Monitoring.Metrics;

namespace Headroom.Blocks.Monitoring.Alarms;

/// <summary>
/// The alarms a queue asks for. A work queue: its oldest message's age. A dead-letter queue: any message
/// at all, and its oldest message nearing the end of retention (when SQS deletes it for good).
/// </summary>
internal static class QueueAlarms
{
    public static void Create(AlarmFactory f, SqsMetrics m, QueueTarget t)
    {
        if (!t.IsDeadLetter)
        {
            f.Create(AlarmKinds.SqsOldestMessageAge, t.Label, m.OldestMessageAge);
            return;
        }
        f.Create(AlarmKinds.SqsDlqMessages, t.Label, m.Visible);
        f.Create(AlarmKinds.SqsDlqOldestMessageAge, t.Label, m.OldestMessageAge,
            pct => Math.Round(t.RetentionSeconds * pct / 100), s => $"{s / 86_400:0.#} days");
    }
}
