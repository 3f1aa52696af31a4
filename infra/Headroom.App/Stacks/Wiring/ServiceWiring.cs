using Amazon.CDK.AWS.EC2;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.SNS;
using Headroom.App.Config.Sections;

namespace Headroom.App.Stacks.Wiring;

public static class ServiceWiring
{
    /// <summary>"cart-api" becomes "ServiceCartApi": the prefix of the service's construct ids in every stack.</summary>
    public static string ConstructId(string service) => "Service" + ServicesConfig.Pascal(service);

    /// <summary>"/headroom/prod/services/checkout": the only SSM path the service's instances may read.</summary>
    public static string ParameterPath(EnvironmentNames names, string service) => $"{names.ParameterPath}/services/{service}";

    /// <summary>"headroom/prod/services/checkout/": the prefix of the Secrets Manager names the service's instances may read.</summary>
    public static string SecretPrefix(EnvironmentNames names, string service) => $"{ParameterPath(names, service).TrimStart('/')}/";

    /// <summary>
    /// What each service reads from the data tier, as SSM parameters under its own path, made in the Data stack next
    /// to what they describe (so no value crosses stacks): the database and cache endpoints and secret ARNs, and the
    /// URLs of the queues it may send to. And, with or without services, the exports of the data tier's client-facing
    /// security groups, which the App stack's rules admitting each service refer to: kept whether a service uses them
    /// or not, so removing the last service is one App-stack update (CloudFormation refuses to drop an export that is
    /// still imported, and the Data stack deploys before the App stack).
    /// </summary>
    /// <returns>Each service's construct holding them, by service name (its block includes it).</returns>
    public static IReadOnlyDictionary<string, IConstruct> PublishDataSettings(HeadroomStack stack, EnvironmentConfig config, EnvironmentNames names, DataTier data)
    {
        foreach (var (group, _, _) in DataClients(data)) stack.ExportValue(group.SecurityGroupId);
        var made = new Dictionary<string, IConstruct>(StringComparer.Ordinal);
        foreach (var service in config.Services)
        {
            var scope = new Construct(stack, ConstructId(service.Name) + "Settings");
            made[service.Name] = scope;
            var path = ParameterPath(names, service.Name);
            Publish(scope, "DbWriteEndpoint", $"{path}/db/write-endpoint", data.Database.WriteEndpoint, "RDS Proxy endpoint: writes and reads that must see them");
            Publish(scope, "DbSecretArn", $"{path}/db/secret-arn", data.Database.Secret.SecretArn, "ARN of the database credentials secret");
            Publish(scope, "CacheEndpoint", $"{path}/cache/primary-endpoint", data.Cache.PrimaryEndpoint, "Redis primary (or configuration) endpoint");
            Publish(scope, "CacheAuthTokenArn", $"{path}/cache/auth-token-secret-arn", data.Cache.AuthToken.SecretArn, "ARN of the Redis AUTH token secret");
            foreach (var queue in data.Queues.All.Where(q => service.Queues.Contains(q.Name)))
                Publish(scope, $"Queue{Blocks.Queues.Queues.ConstructIdFor(queue.Name.Replace(".fifo", "Fifo", StringComparison.Ordinal))}Url",
                    $"{path}/queues/{queue.Name}/url", queue.Queue.QueueUrl, $"URL of the {queue.Name} queue, which the service may send to");
        }
        return made;
    }

    /// <summary>The data tier's security groups a fleet connects to, with the port and what it is.</summary>
    private static IEnumerable<(ISecurityGroup Group, int Port, string What)> DataClients(DataTier data)
    {
        yield return (data.Database.ProxySecurityGroup, Blocks.Database.Database.ProxyPort, "database proxy");
        if (data.Database.ReplicaSecurityGroup is { } replicas) yield return (replicas, data.Database.Port, "read replicas");
        yield return (data.Cache.SecurityGroup, data.Cache.Port, "cache");
    }

    /// <summary>
    /// A fleet per configured service (App stack), each behind a target group of its own on the web load balancer
    /// (its port, its health check), reached by its rule's paths and hosts, and scaled on its own target group's
    /// requests per target and CPU. Its instances use a security group of their own, made by the fleet in the App
    /// stack, which admits only the load balancer on the service's port (CDK adds that rule when the fleet registers);
    /// the rules admitting it to the database proxy, the read replicas and the cache are made here too, so adding or
    /// removing a service changes the App stack alone. Its instance role reads only the service's SSM path and
    /// secrets, the database and cache secrets, and sends only to the queues it names. The web tier, with the
    /// services' fleets after the web fleet.
    /// </summary>
    /// <param name="dataSettings">what <see cref="PublishDataSettings"/> made, by service name: part of each service's block</param>
    public static WebTier Build(HeadroomStack stack, EnvironmentConfig config, EnvironmentNames names, NetworkTier network, DataTier data,
        IReadOnlyDictionary<string, IConstruct> dataSettings, WebTier web, ITopic notifications)
    {
        var fleets = web.Fleets.ToList();
        var loadBalancer = web.LoadBalancer;
        foreach (var service in config.Services)
        {
            var id = ConstructId(service.Name);
            var targets = service.Targets(config);
            var path = ParameterPath(names, service.Name);
            // The service's own App-stack resources besides the fleet: its ingress rule and parameters.
            var own = new Construct(stack, id);
            var targetGroup = loadBalancer.AddTargetGroup(id, service.PathPatterns, service.Priority, service.HostHeaders, targets);
            var fleet = new Fleet(stack, id + "Fleet", FleetWiring.PropsFrom(config, names, network, service.Fleet, null,
                FleetWiring.ReadUserData(config, service.Fleet, FleetWiring.DefaultWebUserDataResource),
                WebWiring.UserDataVariables(config.Name, path, targets), notifications) with
            {
                TargetGroup = targetGroup,
                TargetTracking = service.FleetSettings(config).TargetTracking,
                ParameterPath = path,
            });
            data.Database.GrantSecretRead(fleet.Role);
            data.Cache.GrantAuthTokenRead(fleet.Role);
            data.Queues.GrantSend(fleet.Role, service.Queues);
            // Its own secrets: those named under its prefix (headroom/<env>/services/<name>/...), and no other service's.
            fleet.Role.AddToPolicy(new PolicyStatement(new PolicyStatementProps
            {
                Sid = "ReadOwnSecrets",
                Actions = ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"],
                Resources = [stack.FormatArn(new ArnComponents
                {
                    Service = "secretsmanager", Resource = "secret", ResourceName = SecretPrefix(names, service.Name) + "*", ArnFormat = ArnFormat.COLON_RESOURCE_NAME,
                })],
            }));

            // Its instances reach the data tier as the web fleet's do; the rules live here, with the service.
            foreach (var (group, port, what) in DataClients(data))
                new CfnSecurityGroupIngress(own, "To" + string.Concat(what.Split(' ').Select(w => char.ToUpperInvariant(w[0]) + w[1..])), new CfnSecurityGroupIngressProps
                {
                    GroupId = group.SecurityGroupId,
                    SourceSecurityGroupId = fleet.SecurityGroup.SecurityGroupId,
                    IpProtocol = "tcp",
                    FromPort = port,
                    ToPort = port,
                    Description = $"{service.Name} service to the {what}",
                });

            Publish(own, "InstancePortParameter", $"{path}/instance-port", targets.Port.ToString(CultureInfo.InvariantCulture),
                $"Port the {service.Name} service listens on");
            Publish(own, "HealthCheckPathParameter", $"{path}/health-check-path", targets.HealthCheck.Path,
                $"Path the load balancer checks the {service.Name} service's health on");
            fleets.Add(new WebFacingFleet(service.Name, fleet, targetGroup) { Parts = [own, dataSettings[service.Name]] });
        }
        return web with { Fleets = fleets };
    }

    private static void Publish(Construct scope, string id, string name, string value, string description) =>
        AppSettings.Publish(scope, id, name, value, description);
}
