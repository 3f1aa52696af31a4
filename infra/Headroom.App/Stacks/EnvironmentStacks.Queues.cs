using Headroom.App.Config.Sections;
using Headroom.Blocks.Queues;

namespace Headroom.App.Stacks;

public sealed partial class EnvironmentStacks
{
    /// <summary>The work queues; in the Data stack because they hold messages not yet processed.</summary>
    public Queues QueuesBlock { get; private set; } = null!;

    private void AddQueues()
    {
        QueuesBlock = new Queues(Data, "Queues", new QueuesProps
        {
            NamePrefix = NamePrefix,
            ParameterPrefix = $"{ParameterPath}/queues",
            DeadLetterRetentionDays = QueuesConfig.DeadLetterRetentionDays,
            Queues = Config.Queues.List.Select(q => new QueueSpec
            {
                Name = q.Name,
                Fifo = q.Fifo,
                ContentBasedDeduplication = q.ContentBasedDeduplication,
                MaxReceiveCount = q.MaxReceiveCount,
                VisibilityTimeoutSeconds = q.VisibilityTimeoutSeconds,
                RetentionDays = q.RetentionDays,
            }).ToList(),
        });
    }
}
