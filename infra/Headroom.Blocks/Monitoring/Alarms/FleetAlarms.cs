using Headroom.Blocks.Monitoring.Metrics;

namespace Headroom.Blocks.Monitoring.Alarms;

/// <summary>The alarms an Auto Scaling fleet asks for, and a worker fleet's backlog alarm.</summary>
internal static class FleetAlarms
{
    public static void Create(AlarmFactory f, FleetMetrics m, string resource)
    {
        f.Create(AlarmKinds.FleetInServiceBelowMin, resource, m.BelowMin);
        f.Create(AlarmKinds.FleetAtMax, resource, m.AtMax);
    }

    /// <summary>
    /// Estimated wait: the work queued (each queue's visible messages times the seconds one takes) per
    /// in-service worker. With no worker in service (min 0) the whole backlog counts as one worker's.
    /// </summary>
    public static void CreateBacklog(AlarmFactory f, FleetMetrics fleet, IReadOnlyList<(SqsMetrics Queue, double Seconds)> queues, string resource)
    {
        if (queues.Count is 0 or > 9) throw new ArgumentException("a worker fleet's backlog alarm watches 1 to 9 queues (CloudWatch takes 10 metrics per alarm)", nameof(queues));
        f.Create(AlarmKinds.WorkerBacklogAge, resource, period => BacklogWait(fleet, queues, period, resource));
    }

    internal static MathExpression BacklogWait(FleetMetrics fleet, IReadOnlyList<(SqsMetrics Queue, double Seconds)> queues, Duration period, string label)
    {
        var metrics = new Dictionary<string, IMetric> { ["inService"] = fleet.InService(period) };
        for (var i = 0; i < queues.Count; i++) metrics[$"visible{i}"] = queues[i].Queue.Visible(period);
        var work = string.Join(" + ", queues.Select((q, i) => $"FILL(visible{i}, 0) * {q.Seconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)}"));
        return MetricFactory.Math($"({work}) / MAX([FILL(inService, 0), 1])", period, $"{label} estimated wait (s)", label, metrics);
    }
}
