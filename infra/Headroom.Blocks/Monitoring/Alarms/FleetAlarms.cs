using Amazon.CDK;
using Amazon.CDK.AWS.CloudWatch;
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
    /// Estimated wait: the deepest backlog among the fleet's queues, per in-service worker, times the
    /// seconds one message takes. With no worker in service (min 0) the whole backlog counts as one worker's.
    /// </summary>
    public static void CreateBacklog(AlarmFactory f, FleetMetrics fleet, IReadOnlyList<SqsMetrics> queues, double secondsPerMessage, string resource)
    {
        if (queues.Count is 0 or > 9) throw new ArgumentException("a worker fleet's backlog alarm watches 1 to 9 queues (CloudWatch takes 10 metrics per alarm)", nameof(queues));
        f.Create(AlarmKinds.WorkerBacklogAge, resource, period => BacklogWait(fleet, queues, secondsPerMessage, period, resource));
    }

    internal static MathExpression BacklogWait(FleetMetrics fleet, IReadOnlyList<SqsMetrics> queues, double secondsPerMessage, Duration period, string label)
    {
        var metrics = new Dictionary<string, IMetric> { ["inService"] = fleet.InService(period) };
        for (var i = 0; i < queues.Count; i++) metrics[$"visible{i}"] = queues[i].Visible(period);
        var backlog = queues.Count == 1 ? "FILL(visible0, 0)" : $"MAX([{string.Join(", ", queues.Select((_, i) => $"FILL(visible{i}, 0)"))}])";
        var seconds = secondsPerMessage.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture);
        return MetricFactory.Math($"{backlog} / MAX([FILL(inService, 0), 1]) * {seconds}", period, $"{label} estimated wait (s)", label, metrics);
    }
}
