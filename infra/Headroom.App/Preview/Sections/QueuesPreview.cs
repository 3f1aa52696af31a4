namespace Headroom.App.Preview.Sections;

internal sealed class QueuesPreview() : BlockPreview("Queues", 50, "Queues")
{
    protected override IEnumerable<string> Describe(SynthesizedEnvironment env, BlockResources block)
    {
        var queues = block.OfType("AWS::SQS::Queue").ToList();
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
    }

    private static int Int(TemplateResource r, string property) => r.Prop(property) is { ValueKind: JsonValueKind.Number } v ? v.GetInt32() : 0;
}
