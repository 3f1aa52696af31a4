using Headroom.Blocks.Fleet;
using Headroom.Blocks.Queues;

namespace Headroom.App.Stacks;

public sealed partial class EnvironmentStacks
{
    public const string DefaultWorkerUserDataResource = "Headroom.App.UserData.worker-default.sh";

    /// <summary>Null when no queues are configured.</summary>
    public Fleet? WorkerFleet { get; private set; }

    /// <summary>Null when no queues are configured.</summary>
    public BacklogScaling? WorkerScaling { get; private set; }

    /// <summary>
    /// The worker fleet (App stack, private subnets, <see cref="WorkerSecurityGroup"/>) that drains the
    /// queues, scaled on their backlog per instance; and the queue permissions of both fleets: the web
    /// fleet may only send, the workers may only receive, delete and extend visibility. Workers read the
    /// database and cache secrets as the web fleet does.
    /// </summary>
    private void AddWorkers()
    {
        if (QueuesBlock.All.Count == 0) return;
        QueuesBlock.GrantSend(WebFleet.Role);

        var workers = Config.Queues.Workers;
        var variables = new Dictionary<string, string>
        {
            ["ENVIRONMENT"] = Config.Name,
            ["PARAMETER_PATH"] = ParameterPath,
        };
        WorkerFleet = new Fleet(App, "WorkerFleet", FleetPropsFrom(workers.Fleet, WorkerSecurityGroup,
            ReadUserData(workers.Fleet, DefaultWorkerUserDataResource), variables));
        QueuesBlock.GrantConsume(WorkerFleet.Role);
        // Workers process orders against the same database and cache as the web tier; no other secret.
        DatabaseBlock.GrantSecretRead(WorkerFleet.Role);
        CacheBlock.GrantAuthTokenRead(WorkerFleet.Role);

        var min = workers.Fleet.EffectiveMinCapacity(Config);
        WorkerScaling = new BacklogScaling(App, "WorkerScaling", new BacklogScalingProps
        {
            Group = WorkerFleet.Group,
            GroupName = WorkerFleet.Group.AutoScalingGroupName,
            Queues = QueuesBlock.All,
            BacklogPerInstance = workers.BacklogPerInstance,
            ScaleFromZero = min == 0,
        });
    }
}
