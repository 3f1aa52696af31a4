using Headroom.Blocks.Network;

namespace Headroom.Tests.Blocks;

/// <summary>The Network block on bare stacks: three zones with a NAT each, two zones sharing one, the same grown to
/// three zones, and the props it refuses.</summary>
public sealed class NetworkTests(NetworkTests.Cases cases) : IClassFixture<NetworkTests.Cases>
{
    public const string Cidr = "10.20.0.0/16";

    public static NetworkProps Props(IReadOnlyList<string> zones, int nats, int retention = 90, FlowLogTraffic traffic = FlowLogTraffic.All, string cidr = Cidr) => new()
    {
        NamePrefix = "test", VpcCidr = cidr, AvailabilityZones = zones, NatGateways = nats, FlowLogRetentionDays = retention, FlowLogTraffic = traffic,
    };

    [Theory]
    [InlineData("Full", 3, 3)]
    [InlineData("Shared", 2, 1)]
    [InlineData("Grown", 3, 1)]
    public void Each_zone_gets_three_subnet_tiers_and_as_many_nat_gateways_as_asked(string name, int zones, int nats) =>
        NetworkShould.ShouldHaveTiersAndNats(cases.Template(name), cases.OfType(name, "AWS::EC2::Subnet"), zones, nats);

    [Fact]
    public void Subnets_take_their_ranges_from_the_pinned_plan() => NetworkShould.ShouldFollowThePlan(cases.OfType("Full", "AWS::EC2::Subnet").ToList());

    [Fact]
    public void Public_subnets_route_to_the_internet_private_ones_to_their_zones_nat_and_isolated_ones_nowhere()
    {
        var routes = cases.OfType("Full", "AWS::EC2::Route").ToList();
        var tables = cases.OfType("Full", "AWS::EC2::RouteTable").ToList();
        string TableOf(string tier, char zone) => tables.Single(t => t.LogicalId.StartsWith($"Network{tier}RouteTable{zone}", StringComparison.Ordinal)).LogicalId;
        JsonElement? RouteFrom(string table) => routes.SingleOrDefault(r => Ref(r.Prop("RouteTableId")) == table)?.Properties;

        foreach (var zone in "ABC")
        {
            Ref(RouteFrom(TableOf("Public", zone))!.Value.GetProperty("GatewayId")).Should().StartWith("NetworkInternetGateway");
            // A NAT per zone: each zone's private subnets leave through that zone's own NAT gateway.
            Ref(RouteFrom(TableOf("Private", zone))!.Value.GetProperty("NatGatewayId")).Should().StartWith($"NetworkNatGateway{zone}");
            RouteFrom(TableOf("Isolated", zone)).Should().BeNull();
        }
    }

    [Theory]
    [InlineData("Shared", 2)]
    [InlineData("Grown", 3)]
    public void With_one_nat_gateway_every_zone_shares_the_first_zones(string name, int zones) =>
        NetworkShould.ShouldShareOneNat(cases.OfType(name, "AWS::EC2::Route"), zones);

    [Theory]
    [InlineData("Full", "ALL", 365)]
    [InlineData("Shared", "ALL", 90)]
    [InlineData("Grown", "REJECT", 90)]
    public void Flow_logs_capture_the_asked_traffic_into_a_retained_log_group(string name, string traffic, int days) =>
        NetworkShould.ShouldLogFlows(cases.Template(name), traffic, days);

    [Fact]
    public void An_s3_gateway_endpoint_of_the_region_serves_private_and_isolated_subnets()
    {
        var endpoint = cases.Single("Full", "AWS::EC2::VPCEndpoint");

        endpoint.Str("VpcEndpointType").Should().Be("Gateway");
        endpoint.Str("ServiceName").Should().Be("com.amazonaws.eu-west-1.s3");
        endpoint.Prop("RouteTableIds")!.Value.EnumerateArray().Select(r => Ref(r))
            .Should().HaveCount(6).And.OnlyContain(id => id!.StartsWith("NetworkPrivate", StringComparison.Ordinal) || id.StartsWith("NetworkIsolated", StringComparison.Ordinal));
    }

    [Fact]
    public void The_default_security_group_has_its_rules_revoked()
    {
        var calls = cases.OfType("Full", "Custom::AWS").Select(r => r.Str("Create") ?? r.Prop("Create")!.Value.ToString()).ToList();

        calls.Should().HaveCount(2);
        calls.Should().Contain(c => c.Contains("revokeSecurityGroupIngress", StringComparison.Ordinal));
        calls.Should().Contain(c => c.Contains("revokeSecurityGroupEgress", StringComparison.Ordinal) && c.Contains("0.0.0.0/0", StringComparison.Ordinal));
    }

    [Fact]
    public void Growing_from_two_to_three_zones_leaves_the_first_two_zones_untouched()
    {
        string[] kept = ["AWS::EC2::VPC", "AWS::EC2::Subnet", "AWS::EC2::RouteTable", "AWS::EC2::SubnetRouteTableAssociation",
                         "AWS::EC2::Route", "AWS::EC2::NatGateway", "AWS::EC2::EIP", "AWS::EC2::InternetGateway"];
        var before = cases.Resources("Shared").Where(r => kept.Contains(r.Type)).ToList();
        var after = cases.Resources("Grown").ToDictionary(r => r.LogicalId);

        before.Should().HaveCountGreaterThan(15);
        foreach (var resource in before)
        {
            after.Should().ContainKey(resource.LogicalId, "a resource of zones a and b keeps its logical ID");
            after[resource.LogicalId].Raw.ToString().Should().Be(resource.Raw.ToString(), $"{resource.LogicalId} must not change");
        }
        after.Values.Count(r => r.Type == "AWS::EC2::Subnet").Should().Be(9);
    }

    [Fact]
    public void The_preview_shows_the_zones_and_their_nat_gateways()
    {
        IPreviewSection.All.Single(s => s.Title == "Network").Describe(cases.Environment("Shared")).Should().NotBeEmpty()
            .And.Contain(l => l.Contains(Cidr, StringComparison.Ordinal));
    }

    [Fact]
    public void The_plan_gives_disjoint_ranges_inside_the_vpc_for_every_zone_and_tier()
    {
        var ranges = (from letter in "abcdefgh"
                      from tier in Enum.GetValues<SubnetTier>()
                      select SubnetPlan.CidrFor("10.0.0.0/16", letter, tier)).ToList();

        ranges.Should().OnlyHaveUniqueItems().And.OnlyContain(r => r.StartsWith("10.0.", StringComparison.Ordinal) && r.EndsWith("/21", StringComparison.Ordinal));
        SubnetPlan.CidrFor("10.0.0.0/20", 'h', SubnetTier.Isolated).Should().Be("10.0.11.128/25");
        var outside = () => SubnetPlan.CidrFor("10.0.0.0/16", 'i', SubnetTier.Public);
        outside.Should().Throw<ArgumentOutOfRangeException>();
    }

    public static TheoryData<string, NetworkProps> Refused => new()
    {
        { "*NatGateways must be from 1 to 2*", Props(["eu-west-1a", "eu-west-1b"], nats: 0) },
        { "*NatGateways must be from 1 to 2*", Props(["eu-west-1a", "eu-west-1b"], nats: 3) },
        { "*VpcCidr must be from 16 to 20*", Props(["eu-west-1a"], nats: 1, cidr: "10.0.0.0/24") },
        { "*zone letters a to h*", Props(["eu-west-1i"], nats: 1) },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void The_block_refuses_a_network_the_plan_cannot_lay_out(string message, NetworkProps props)
    {
        BlockHarness.ShouldRefuse(message, (stack, vpc) => _ = new Network(stack, "Network", props));
    }

    public sealed class Cases : BlockHarness
    {
        public Cases()
        {
            Build("Full", Props(["eu-west-1a", "eu-west-1b", "eu-west-1c"], nats: 3, retention: 365));
            Build("Shared", Props(["eu-west-1a", "eu-west-1b"], nats: 1));
            // The same network as "Shared" with a third zone (listed first: placement goes by letter).
            Build("Grown", Props(["eu-west-1c", "eu-west-1a", "eu-west-1b"], nats: 1, traffic: FlowLogTraffic.Reject));
            Synthesize();
        }

        private void Build(string name, NetworkProps props) => Block("Network", "network", new Network(Case(name), "Network", props));
    }
}

/// <summary>What a network looks like, shared by the block's cases and the environments' networks.</summary>
public static class NetworkShould
{
    /// <summary>One VPC and internet gateway, three subnets per zone (none mapping public IPs), a NAT and an EIP each.</summary>
    public static void ShouldHaveTiersAndNats(Template t, IEnumerable<TemplateResource> subnets, int zones, int nats)
    {
        t.ResourceCountIs("AWS::EC2::VPC", 1);
        t.ResourceCountIs("AWS::EC2::Subnet", zones * 3);
        t.ResourceCountIs("AWS::EC2::NatGateway", nats);
        t.ResourceCountIs("AWS::EC2::EIP", nats);
        t.ResourceCountIs("AWS::EC2::InternetGateway", 1);
        subnets.Should().OnlyContain(s => s.Prop("MapPublicIpOnLaunch")!.Value.GetBoolean() == false);
    }

    /// <summary>The ranges of 10.20.0.0/16 over zones a, b and c, by tier.</summary>
    public static void ShouldFollowThePlan(IReadOnlyList<TemplateResource> subnets)
    {
        subnets.Select(s => s.Str("CidrBlock")).Should().BeEquivalentTo(
            "10.20.0.0/21", "10.20.8.0/21", "10.20.16.0/21",       // private a b c
            "10.20.64.0/21", "10.20.72.0/21", "10.20.80.0/21",     // public
            "10.20.128.0/21", "10.20.136.0/21", "10.20.144.0/21"); // isolated
        subnets.Should().ContainSingle(s => s.LogicalId.StartsWith("NetworkPublicSubnetC", StringComparison.Ordinal)
                                            && s.Str("AvailabilityZone") == "eu-west-1c" && s.Str("CidrBlock") == "10.20.80.0/21");
    }

    public static void ShouldShareOneNat(IEnumerable<TemplateResource> routes, int zones)
    {
        var privateRoutes = routes.Where(r => r.LogicalId.StartsWith("NetworkPrivate", StringComparison.Ordinal)).ToList();

        privateRoutes.Should().HaveCount(zones);
        privateRoutes.Select(r => Ref(r.Prop("NatGatewayId"))).Distinct().Should().ContainSingle().Which.Should().StartWith("NetworkNatGatewayA");
    }

    public static void ShouldLogFlows(Template t, string traffic, int days)
    {
        t.HasResourceProperties("AWS::EC2::FlowLog", Match.ObjectLike(new Dictionary<string, object>
        {
            ["ResourceType"] = "VPC",
            ["TrafficType"] = traffic,
            ["LogDestinationType"] = "cloud-watch-logs",
        }));
        t.HasResource("AWS::Logs::LogGroup", Match.ObjectLike(new Dictionary<string, object>
        {
            ["Properties"] = new Dictionary<string, object> { ["RetentionInDays"] = days },
            ["DeletionPolicy"] = "Retain",
        }));
    }
}
