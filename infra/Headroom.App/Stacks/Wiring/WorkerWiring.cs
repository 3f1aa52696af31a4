using Amazon.CDK.AWS.SNS;
using Headroom.Blocks.Queues;

namespace Headroom.App.Stacks.Wiring;

public static class WorkerWiring
{
    /// <summary>
    /// The worker fleet (App stack, private subnets, the Network stack's worker security group) that drains
    /// the queues, scaled on their backlog per instance; and the queue permissions of both fleets: the web
    /// fleet may only send, the workers may only receive, delete and extend visibility. Workers read the
    /// database and cache secrets as the web fleet does, and no other. Null when no queues are configured.
    /// </summary>
    public static WorkerTier? Build(HeadroomStack stack, EnvironmentConfig config, EnvironmentNames names, NetworkTier network, DataTier data,
        WebTier web, ITopic notifications)
    {
        if (data.Queues.All.Count == 0) return null;
        data.Queues.GrantSend(web.Fleet.Role);

        var workers = config.Queues.Workers;
        var variables = new Dictionary<string, string>
        {
            ["ENVIRONMENT"] = config.Name,
            ["PARAMETER_PATH"] = names.ParameterPath,
        };
        var fleet = new Fleet(stack, "WorkerFleet", FleetWiring.PropsFrom(config, names, network, workers.Fleet, network.WorkerSecurityGroup,
            FleetWiring.ReadUserData(config, workers.Fleet, FleetWiring.DefaultWorkerUserDataResource), variables, notifications));
        data.Queues.GrantConsume(fleet.Role);
        data.Database.GrantSecretRead(fleet.Role);
        data.Cache.GrantAuthTokenRead(fleet.Role);

        var scaling = new BacklogScaling(stack, "WorkerScaling", new BacklogScalingProps(workers.Settings(config))
        {
            Group = fleet.Group,
            GroupName = fleet.Group.AutoScalingGroupName,
            Queues = data.Queues.All,
            ScaleFromZero = fleet.MinCapacity == 0,
        });
        return new WorkerTier(fleet, scaling);
    }
}
