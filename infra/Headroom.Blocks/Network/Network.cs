using Amazon.CDK.AWS.Logs;
using Amazon.CDK.CustomResources;

namespace Headroom.Blocks.Network;

/// <summary>A network's settings and what it is wired to.</summary>
public sealed record NetworkProps : NetworkSettings
{
    /// <summary>Wiring on top of settings made elsewhere (an environment file's), or on top of the defaults.</summary>
    public NetworkProps(NetworkSettings? settings = null) : base(settings ?? new()) { }

    /// <summary>Prefix for Name tags, such as "headroom-prod".</summary>
    public required string NamePrefix { get; init; }
}

/// <summary>
/// The VPC: public, private-with-egress and isolated subnets in every zone, on a pinned CIDR plan
/// (<see cref="SubnetPlan"/>) and with logical IDs named by zone letter, so that adding a zone or a
/// tier changes nothing that exists. Built from L1 resources because the L2 Vpc numbers subnets by
/// position and computes their ranges itself; other blocks use it through <see cref="Vpc"/>.
/// </summary>
public sealed class Network : Construct
{
    public IVpc Vpc { get; }
    public IReadOnlyList<CfnNatGateway> NatGateways { get; }
    /// <summary>The zone each of <see cref="NatGateways"/> stands in, in the same order (for alarm names).</summary>
    public IReadOnlyList<string> NatGatewayZones { get; }
    public CfnVPC Resource { get; }
    public LogGroup FlowLogGroup { get; }

    public Network(Construct scope, string id, NetworkProps props) : base(scope, id)
    {
        Settings.Enforce(nameof(Network), props.Check);

        var stack = Stack.Of(this);
        Resource = new CfnVPC(this, "Vpc", new CfnVPCProps
        {
            CidrBlock = props.VpcCidr,
            EnableDnsHostnames = true,
            EnableDnsSupport = true,
            Tags = [Name(props.NamePrefix)],
        });
        var vpcId = Resource.Ref;

        var igw = new CfnInternetGateway(this, "InternetGateway", new CfnInternetGatewayProps { Tags = [Name(props.NamePrefix)] });
        var attachment = new CfnVPCGatewayAttachment(this, "InternetGatewayAttachment", new CfnVPCGatewayAttachmentProps
        {
            VpcId = vpcId,
            InternetGatewayId = igw.Ref,
        });

        // Zones in letter order, so NAT placement does not depend on the order config lists them in.
        var zones = props.AvailabilityZones.OrderBy(z => z[^1]).ToList();
        var publicSubnets = new Dictionary<string, CfnSubnet>();
        var nats = new List<CfnNatGateway>();
        var routeTables = new Dictionary<SubnetTier, List<string>>
        {
            [SubnetTier.Public] = [], [SubnetTier.Private] = [], [SubnetTier.Isolated] = [],
        };
        var subnetIds = new Dictionary<SubnetTier, List<string>>
        {
            [SubnetTier.Public] = [], [SubnetTier.Private] = [], [SubnetTier.Isolated] = [],
        };

        foreach (var zone in zones)
        {
            var letter = char.ToUpperInvariant(zone[^1]);
            var (subnet, table) = Subnet(props, zone, SubnetTier.Public);
            var route = new CfnRoute(this, $"PublicDefaultRoute{letter}", new CfnRouteProps
            {
                RouteTableId = table.Ref,
                DestinationCidrBlock = "0.0.0.0/0",
                GatewayId = igw.Ref,
            });
            route.AddDependency(attachment);
            publicSubnets[zone] = subnet;
            Record(SubnetTier.Public, subnet, table);
        }

        foreach (var zone in zones.Take(props.NatGateways))
        {
            var letter = char.ToUpperInvariant(zone[^1]);
            var eip = new CfnEIP(this, $"NatEip{letter}", new CfnEIPProps { Domain = "vpc", Tags = [Name($"{props.NamePrefix}-nat-{zone[^1]}")] });
            eip.AddDependency(attachment);
            nats.Add(new CfnNatGateway(this, $"NatGateway{letter}", new CfnNatGatewayProps
            {
                SubnetId = publicSubnets[zone].Ref,
                AllocationId = eip.AttrAllocationId,
                Tags = [Name($"{props.NamePrefix}-nat-{zone[^1]}")],
            }));
        }
        NatGateways = nats;
        NatGatewayZones = zones.Take(props.NatGateways).ToList();

        for (var i = 0; i < zones.Count; i++)
        {
            var zone = zones[i];
            var letter = char.ToUpperInvariant(zone[^1]);
            var (subnet, table) = Subnet(props, zone, SubnetTier.Private);
            // A zone's own NAT when it has one; otherwise share, spreading zones over the NATs there are.
            new CfnRoute(this, $"PrivateDefaultRoute{letter}", new CfnRouteProps
            {
                RouteTableId = table.Ref,
                DestinationCidrBlock = "0.0.0.0/0",
                NatGatewayId = nats[i % nats.Count].Ref,
            });
            Record(SubnetTier.Private, subnet, table);
        }

        foreach (var zone in zones)
        {
            var (subnet, table) = Subnet(props, zone, SubnetTier.Isolated);
            Record(SubnetTier.Isolated, subnet, table);
        }

        new CfnVPCEndpoint(this, "S3GatewayEndpoint", new CfnVPCEndpointProps
        {
            VpcId = vpcId,
            ServiceName = $"com.amazonaws.{stack.Region}.s3",
            VpcEndpointType = "Gateway",
            RouteTableIds = [.. routeTables[SubnetTier.Private], .. routeTables[SubnetTier.Isolated]],
        });

        Vpc = Amazon.CDK.AWS.EC2.Vpc.FromVpcAttributes(this, "VpcRef", new VpcAttributes
        {
            VpcId = vpcId,
            VpcCidrBlock = props.VpcCidr,
            AvailabilityZones = [.. zones],
            PublicSubnetIds = [.. subnetIds[SubnetTier.Public]],
            PublicSubnetRouteTableIds = [.. routeTables[SubnetTier.Public]],
            PrivateSubnetIds = [.. subnetIds[SubnetTier.Private]],
            PrivateSubnetRouteTableIds = [.. routeTables[SubnetTier.Private]],
            IsolatedSubnetIds = [.. subnetIds[SubnetTier.Isolated]],
            IsolatedSubnetRouteTableIds = [.. routeTables[SubnetTier.Isolated]],
        });

        FlowLogGroup = new LogGroup(this, "FlowLogGroup", new LogGroupProps { RemovalPolicy = RemovalPolicy.RETAIN });
        // CloudWatch accepts a fixed list of retentions (Check keeps to it); the L1 takes the number.
        ((CfnLogGroup)FlowLogGroup.Node.DefaultChild!).RetentionInDays = props.FlowLogRetentionDays;
        new FlowLog(this, "FlowLog", new FlowLogProps
        {
            ResourceType = FlowLogResourceType.FromVpc(Vpc),
            Destination = FlowLogDestination.ToCloudWatchLogs(FlowLogGroup),
            TrafficType = props.FlowLogTraffic switch
            {
                FlowLogTraffic.All => FlowLogTrafficType.ALL,
                FlowLogTraffic.Reject => FlowLogTrafficType.REJECT,
                FlowLogTraffic.Accept => FlowLogTrafficType.ACCEPT,
                _ => throw new ArgumentOutOfRangeException(nameof(props), props.FlowLogTraffic, "not a flow log traffic type"),
            },
        });

        CloseDefaultSecurityGroup(stack);

        void Record(SubnetTier tier, CfnSubnet subnet, CfnRouteTable table)
        {
            subnetIds[tier].Add(subnet.Ref);
            routeTables[tier].Add(table.Ref);
        }

        (CfnSubnet, CfnRouteTable) Subnet(NetworkProps p, string zone, SubnetTier tier)
        {
            var letter = char.ToUpperInvariant(zone[^1]);
            var name = $"{p.NamePrefix}-{tier.ToString().ToLowerInvariant()}-{zone[^1]}";
            var subnet = new CfnSubnet(this, $"{tier}Subnet{letter}", new CfnSubnetProps
            {
                VpcId = vpcId,
                AvailabilityZone = zone,
                CidrBlock = SubnetPlan.CidrFor(p.VpcCidr, zone[^1], tier),
                MapPublicIpOnLaunch = false,
                Tags = [Name(name), new CfnTag { Key = "headroom:tier", Value = tier.ToString().ToLowerInvariant() }],
            });
            var table = new CfnRouteTable(this, $"{tier}RouteTable{letter}", new CfnRouteTableProps { VpcId = vpcId, Tags = [Name(name)] });
            new CfnSubnetRouteTableAssociation(this, $"{tier}RouteTableAssociation{letter}", new CfnSubnetRouteTableAssociationProps
            {
                SubnetId = subnet.Ref,
                RouteTableId = table.Ref,
            });
            return (subnet, table);
        }
    }

    /// <summary>
    /// The default security group admits its own members and allows all egress; nothing should use it,
    /// so its rules are revoked (what the L2 Vpc's restrictDefaultSecurityGroup does).
    /// </summary>
    private void CloseDefaultSecurityGroup(Stack stack)
    {
        var groupId = Resource.AttrDefaultSecurityGroup;
        var groupArn = stack.FormatArn(new ArnComponents { Service = "ec2", Resource = "security-group", ResourceName = groupId });
        var policy = AwsCustomResourcePolicy.FromStatements([
            new PolicyStatement(new PolicyStatementProps
            {
                Actions = ["ec2:RevokeSecurityGroupIngress", "ec2:RevokeSecurityGroupEgress"],
                Resources = [groupArn],
            }),
        ]);
        Revoke("RevokeDefaultIngress", "revokeSecurityGroupIngress", new Dictionary<string, object>
        {
            ["IpProtocol"] = "-1",
            ["UserIdGroupPairs"] = new object[] { new Dictionary<string, object> { ["GroupId"] = groupId, ["UserId"] = stack.Account } },
        });
        Revoke("RevokeDefaultEgress", "revokeSecurityGroupEgress", new Dictionary<string, object>
        {
            ["IpProtocol"] = "-1",
            ["IpRanges"] = new object[] { new Dictionary<string, object> { ["CidrIp"] = "0.0.0.0/0" } },
        });

        void Revoke(string id, string action, Dictionary<string, object> permission) =>
            new AwsCustomResource(this, id, new AwsCustomResourceProps
            {
                OnCreate = new AwsSdkCall
                {
                    Service = "EC2",
                    Action = action,
                    Parameters = new Dictionary<string, object> { ["GroupId"] = groupId, ["IpPermissions"] = new object[] { permission } },
                    PhysicalResourceId = PhysicalResourceId.Of($"{id}-closed"),
                    // Already revoked (a re-run, or an account that never had the rule) is fine.
                    IgnoreErrorCodesMatching = "InvalidPermission.NotFound",
                },
                Policy = policy,
                InstallLatestAwsSdk = false,
            });
    }

    private static CfnTag Name(string value) => new() { Key = "Name", Value = value };
}
