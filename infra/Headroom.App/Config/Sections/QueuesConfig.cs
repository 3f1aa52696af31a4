using Headroom.Blocks.Queues;

namespace Headroom.App.Config.Sections;

/// <summary>One item of `queues.list`: overrides of one work queue's settings (<see cref="QueueSettings"/>).</summary>
[SectionFields] public sealed partial class QueueConfig : IOverrides<QueueSettings>;

/// <summary>The `queues:` section: overrides of the queues block's settings (<see cref="QueuesSettings"/>), the
/// workers' (<see cref="WorkersConfig"/>), and what the environment adds to the rules.</summary>
[SectionFields] public sealed partial class QueuesConfig : IConfigSection, IOverrides<QueuesSettings>
{
    /// <summary>The worker fleet that drains the queues; made only when there are queues.</summary>
    public WorkersConfig Workers { get; set; } = new();

    /// <summary>SQS names: 80 characters at most.</summary>
    private const int MaxSqsName = 80;

    public void Validate(ConfigValidator v, string path)
    {
        Workers.Validate(v, $"{path}.workers");
        var settings = Settings(v.Root);
        settings.Check(v.Report(path, GetType()));
        // What this environment adds: the names carry its prefix, and anyone who can list queues reads them.
        var room = MaxSqsName - $"{v.Root.Tags.Project}-{v.Root.Name}-".Length - "-dlq".Length;
        for (var i = 0; i < settings.Queues.Count; i++)
        {
            var name = settings.Queues[i].Name;
            var at = $"{path}.list[{i}].name";
            if (name.Length == 0) continue;
            v.Check(!TagsConfig.LooksLikeSecret(name), at, name,
                "looks like a secret (an access key): queue names are visible to anyone who can list queues; keep secrets in Secrets Manager");
            v.Check(name.Length <= room, at, name,
                $"must be at most {room} characters: the SQS name '{v.Root.Tags.Project}-{v.Root.Name}-<name>-dlq' has at most {MaxSqsName}");
        }
    }
}

/// <summary>The worker fleet: a second use of the fleet settings, scaled on the queues' backlog per instance
/// (overrides of <see cref="BacklogScalingSettings"/>).</summary>
[SectionFields] public sealed partial class WorkersConfig : IConfigSection, IOverrides<BacklogScalingSettings>
{
    [Field("as `web.fleet`; `minCapacity` may be 0 outside production, at least one per zone in production", Default = "as `web.fleet` (instance type, min/max/desired, image, user data, warm pool, Spot, schedules, rolling update)")]
    public FleetConfig Fleet { get; set; } = new();

    /// <summary>What the app substitutes in worker user data (@@NAME@@); the Fleet block adds its own.</summary>
    public static readonly IReadOnlyList<string> UserDataVariables = ["ENVIRONMENT", "PARAMETER_PATH"];

    public void Validate(ConfigValidator v, string path)
    {
        // In production the fleet settings keep at least one worker per zone; elsewhere the group may
        // shrink to no instances and start one when messages arrive.
        Fleet.Validate(v, $"{path}.fleet");
        Fleet.ValidateUserData(v, $"{path}.fleet", UserDataVariables);
        Settings(v.Root).Check(v.Report(path, GetType()));
    }
}
