namespace Headroom.Blocks.Monitoring.Metrics;

/// <summary>AWS/SQS metrics of one queue (a work queue or a dead-letter queue).</summary>
public sealed class SqsMetrics(string queueName, string label)
{
    private readonly Dictionary<string, string> _dimensions = new() { ["QueueName"] = queueName };

    public Metric OldestMessageAge(Duration period) => Create("ApproximateAgeOfOldestMessage", "Maximum", period, $"{label} oldest message age (s)");
    public Metric Visible(Duration period) => Create("ApproximateNumberOfMessagesVisible", "Maximum", period, $"{label} visible");
    public Metric InFlight(Duration period) => Create("ApproximateNumberOfMessagesNotVisible", "Maximum", period, $"{label} in flight");
    public Metric Sent(Duration period) => Create("NumberOfMessagesSent", "Sum", period, $"{label} sent");
    public Metric Deleted(Duration period) => Create("NumberOfMessagesDeleted", "Sum", period, $"{label} processed");

    private Metric Create(string name, string statistic, Duration period, string text) =>
        MetricFactory.Create("AWS/SQS", name, statistic, period, _dimensions, text);
}
