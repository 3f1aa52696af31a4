using Amazon.CDK.AWS.SNS;
using Headroom.App.Config.Sections;
using Headroom.Blocks.Fleet;

namespace Headroom.App.Stacks.Wiring;

public static class ServiceWiring
{
    /// <summary>
    /// A fleet per configured service (App stack), each behind a target group of its own on the web load balancer,
    /// reached by the service's path patterns and scaled on its own target group's requests per target. For now a
    /// service is a slice of the web application: the web tier's port, health check, scaling targets, user-data
    /// variables, security group (which already admits the load balancer on that port) and secrets. Issue 16 gives
    /// each its own port, host headers, security group and role. The web tier, with the services' fleets after the web fleet.
    /// </summary>
    public static WebTier Build(HeadroomStack stack, EnvironmentConfig config, EnvironmentNames names, NetworkTier network, DataTier data,
        WebTier web, ITopic notifications)
    {
        var fleets = web.Fleets.ToList();
        foreach (var service in config.Services)
        {
            var id = "Service" + ServicesConfig.Pascal(service.Name);
            var targetGroup = web.LoadBalancer.AddTargetGroup(id, service.PathPatterns, service.Priority);
            var fleet = new Fleet(stack, id + "Fleet", FleetWiring.PropsFrom(config, names, network, service.Fleet, network.WebSecurityGroup,
                FleetWiring.ReadUserData(config, service.Fleet, FleetWiring.DefaultWebUserDataResource), WebWiring.UserDataVariables(config.Name, names, web.LoadBalancer), notifications) with
            {
                TargetGroup = targetGroup,
                TargetTracking = config.Web.Scaling.Settings(config),
            });
            data.Database.GrantSecretRead(fleet.Role);
            data.Cache.GrantAuthTokenRead(fleet.Role);
            fleets.Add(new WebFacingFleet(service.Name, fleet, targetGroup));
        }
        return web with { Fleets = fleets };
    }
}
