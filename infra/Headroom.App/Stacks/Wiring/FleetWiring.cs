using System.Reflection;
using Amazon.CDK.AWS.EC2;
using Amazon.CDK.AWS.SNS;
using Headroom.App.Config.Sections;

namespace Headroom.App.Stacks.Wiring;

/// <summary>What every fleet (web, workers) takes from its `fleet:` settings.</summary>
public static class FleetWiring
{
    public const string DefaultWebUserDataResource = "Headroom.App.UserData.web-default.sh";
    public const string DefaultWorkerUserDataResource = "Headroom.App.UserData.worker-default.sh";

    /// <summary>Fleet props from the reusable fleet settings; a tier adds its own (load balancer, scaling). A null
    /// security group: the fleet makes one of its own.</summary>
    public static FleetProps PropsFrom(EnvironmentConfig config, EnvironmentNames names, NetworkTier network, FleetConfig fleet, ISecurityGroup? securityGroup,
        string userData, IReadOnlyDictionary<string, string> variables, ITopic notifications) => new(fleet.Settings(config))
    {
        Vpc = network.Network.Vpc,
        SecurityGroup = securityGroup,
        UserData = userData,
        UserDataVariables = variables,
        ParameterPath = names.ParameterPath,
        Notifications = notifications,
    };

    /// <summary>The configured user-data file (validated to exist), or the default shipped in the app.</summary>
    public static string ReadUserData(EnvironmentConfig config, FleetConfig fleet, string defaultResource)
    {
        if (fleet.UserDataFullPath(config) is { } file) return File.ReadAllText(file);
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(defaultResource)
            ?? throw new InvalidOperationException($"embedded resource {defaultResource} is missing");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
