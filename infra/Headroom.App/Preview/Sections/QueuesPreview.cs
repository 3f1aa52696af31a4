using System.Text.Json;

namespace Headroom.App.Preview.Sections;

internal sealed class QueuesPreview : IPreviewSection
{
    public int Order => 50;
    public string Title => "Queues";

    public IEnumerable<string> Describe(SynthesizedEnvironment env)
    {
        var queues = env.OfType("AWS::SQS::Queue").ToList();
        var byId = queues.ToDictionary(q => q.LogicalId);
        foreach (var queue in queues.Where(q => q.Prop("RedrivePolicy") is not null))
        {
            var redrive = queue.Prop("RedrivePolicy")!.Value;
            var dlq = byId.GetValueOrDefault(redrive.GetProperty("deadLetterTargetArn").GetProperty("Fn::GetAtt")[0].GetString() ?? "");
            var fifo = queue.Prop("FifoQueue") is { ValueKind: JsonValueKind.True };
            yield return $"{queue.Str("QueueName")}{(fifo ? " (FIFO)" : "")}: visibility {Int(queue, "VisibilityTimeout")} s, " +
                         $"kept {Int(queue, "MessageRetentionPeriod") / 86400} days, " +
                         $"dead-letter after {redrive.GetProperty("maxReceiveCount").GetInt32()} receives to {dlq?.Str("QueueName")} " +
                         $"(kept {(dlq is null ? 0 : Int(dlq, "MessageRetentionPeriod") / 86400)} days)";
        }
        foreach (var line in Workers(env)) yield return line;
    }

    private static IEnumerable<string> Workers(SynthesizedEnvironment env)
    {
        var group = env.OfType("AWS::AutoScaling::AutoScalingGroup").FirstOrDefault(g => g.LogicalId == "WorkerFleetGroup");
        if (group is null) yield break;
        var policies = env.OfType("AWS::AutoScaling::ScalingPolicy").Where(p => TemplateJson.Ref(p.Prop("AutoScalingGroupName")) == group.LogicalId).ToList();
        var line = $"workers: min {group.Str("MinSize")}, max {group.Str("MaxSize")}";
        foreach (var tracking in policies.Select(p => p.Prop("TargetTrackingConfiguration")).OfType<JsonElement>())
        {
            if (!tracking.TryGetProperty("CustomizedMetricSpecification", out var custom) || !custom.TryGetProperty("Metrics", out var metrics)) continue;
            var queues = metrics.EnumerateArray().Count(m => m.TryGetProperty("MetricStat", out var stat)
                                                             && stat.GetProperty("Metric").GetProperty("Namespace").GetString() == "AWS/SQS");
            line += $", scale on backlog per instance (visible messages of {queues} queues / in-service instances): target {tracking.GetProperty("TargetValue")}";
        }
        yield return line;
        if (policies.Any(p => p.Str("PolicyType") == "StepScaling"))
            yield return "  an empty group starts one worker when messages wait";
    }

    private static int Int(TemplateResource r, string property) => r.Prop(property) is { ValueKind: JsonValueKind.Number } v ? v.GetInt32() : 0;
}
