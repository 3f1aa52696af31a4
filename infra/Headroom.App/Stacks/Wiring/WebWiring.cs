using Amazon.CDK.AWS.EC2;
using Amazon.CDK.AWS.SecretsManager;
using Amazon.CDK.AWS.SNS;
using Amazon.CDK.AWS.SSM;
using Headroom.Blocks.LoadBalancer;

namespace Headroom.App.Stacks.Wiring;

public static class WebWiring
{
    /// <summary>The web load balancer (App stack). The origin-verify secret lives in the Data stack, so the
    /// App stack stays replaceable.</summary>
    public static LoadBalancer BuildLoadBalancer(HeadroomStack stack, EnvironmentConfig config, NetworkTier network, Secret? originVerifySecret) =>
        new(stack, "WebLoadBalancer", new LoadBalancerProps(config.Web.LoadBalancerSettings(config))
        {
            Vpc = network.Network.Vpc,
            // In the Data stack, so the App stack stays replaceable (DataWiring).
            OriginVerifySecret = originVerifySecret,
            // Production keeps its logs when the App stack is replaced; elsewhere they go with it.
            AccessLogRemovalPolicy = config.Production ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
        });

    /// <summary>The web fleet behind the load balancer. Its instances use the Network stack's web security group;
    /// the rule admitting the load balancer to it is made here, in the App stack, so neither the Network nor the
    /// Data stack depends on the App stack. The fleet reads the database and cache secrets, and no other.</summary>
    public static WebTier BuildFleet(HeadroomStack stack, EnvironmentConfig config, EnvironmentNames names, NetworkTier network, DataTier data,
        LoadBalancer loadBalancer, ITopic notifications)
    {
        var web = config.Web;
        var webFleet = new Fleet(stack, "WebFleet", FleetWiring.PropsFrom(config, names, network, web.Fleet, network.WebSecurityGroup,
            FleetWiring.ReadUserData(config, web.Fleet, FleetWiring.DefaultWebUserDataResource), UserDataVariables(config.Name, names.ParameterPath, loadBalancer.Targets), notifications) with
        {
            TargetGroup = loadBalancer.TargetGroup,
            TargetTracking = web.Scaling.Settings(config),
        });

        // The app connects to the database and the cache with these; it may read no other secret.
        data.Database.GrantSecretRead(webFleet.Role);
        data.Cache.GrantAuthTokenRead(webFleet.Role);

        // The load balancer may reach the web instances on the application port. Made here, in the App
        // stack, so the Network stack (which owns the group) never refers to the App stack.
        new CfnSecurityGroupIngress(stack, "WebFleetFromLoadBalancer", new CfnSecurityGroupIngressProps
        {
            GroupId = network.WebSecurityGroup.SecurityGroupId,
            SourceSecurityGroupId = loadBalancer.SecurityGroup.SecurityGroupId,
            IpProtocol = "tcp",
            FromPort = loadBalancer.Targets.Port,
            ToPort = loadBalancer.Targets.Port,
            Description = "Web load balancer to the application port",
        });

        Parameter("WebLoadBalancerDnsName", "web/load-balancer-dns-name", loadBalancer.DnsName,
            "DNS name of the web load balancer (the CloudFront origin)");
        if (loadBalancer.OriginVerifySecret is { } secret)
        {
            Parameter("WebOriginVerifySecretArn", "web/origin-verify-secret-arn", secret.SecretArn,
                "ARN of the secret CloudFront sends in the origin-verify header");
            Parameter("WebOriginVerifyHeader", "web/origin-verify-header", loadBalancer.OriginVerifyHeaderName!,
                "Name of the origin-verify header");
        }
        return new WebTier(loadBalancer, [new WebFacingFleet("web", webFleet, loadBalancer.TargetGroup)]);

        void Parameter(string id, string name, string value, string description) =>
            AppSettings.Publish(stack, id, $"{names.ParameterPath}/{name}", value, description, ParameterTier.STANDARD);
    }

    /// <summary>What web user data gets (<see cref="Config.Sections.WebConfig.UserDataVariables"/>): the web fleet's and
    /// every service's, each with its own port, health path and parameter path.</summary>
    public static IReadOnlyDictionary<string, string> UserDataVariables(string environment, string parameterPath, TargetGroupSettings targets) => new Dictionary<string, string>
    {
        ["APP_PORT"] = targets.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["HEALTH_PATH"] = targets.HealthCheck.Path,
        ["ENVIRONMENT"] = environment,
        ["PARAMETER_PATH"] = parameterPath,
    };
}
