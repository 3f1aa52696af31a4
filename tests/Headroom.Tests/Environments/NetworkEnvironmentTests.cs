using System.Text.Json;
using Amazon.CDK.Assertions;
using Headroom.App.Preview;
using Headroom.Blocks.Network;
using Headroom.Tests.Support;
using static Headroom.Tests.Support.TemplateRefs;

namespace Headroom.Tests.Blocks;

[Collection(SynthCollection.Name)]
public sealed class NetworkTests(SynthFixture synth, NetworkTests.ZoneGrowth growth) : IClassFixture<NetworkTests.ZoneGrowth>
{
    [Theory]
    [InlineData("prod", 3, 3)]
    [InlineData("staging", 2, 1)]
    public void Each_zone_gets_three_subnet_tiers_and_nat_gateways_follow_the_environment(string env, int zones, int nats)
    {
        var t = synth.Template(env, "Network");

        t.ResourceCountIs("AWS::EC2::VPC", 1);
        t.ResourceCountIs("AWS::EC2::Subnet", zones * 3);
        t.ResourceCountIs("AWS::EC2::NatGateway", nats);
        t.ResourceCountIs("AWS::EC2::EIP", nats);
        t.ResourceCountIs("AWS::EC2::InternetGateway", 1);
        synth.Json(env).OfType("AWS::EC2::Subnet").Should().OnlyContain(s => s.Prop("MapPublicIpOnLaunch")!.Value.GetBoolean() == false);
    }

    [Fact]
    public void Subnets_take_their_ranges_from_the_pinned_plan()
    {
        var subnets = synth.Json("prod").OfType("AWS::EC2::Subnet").ToList();

        subnets.Select(s => s.Str("CidrBlock")).Should().BeEquivalentTo(
            "10.20.0.0/21", "10.20.8.0/21", "10.20.16.0/21",       // private a b c
            "10.20.64.0/21", "10.20.72.0/21", "10.20.80.0/21",     // public
            "10.20.128.0/21", "10.20.136.0/21", "10.20.144.0/21"); // isolated
        subnets.Should().ContainSingle(s => s.LogicalId.StartsWith("NetworkPublicSubnetC", StringComparison.Ordinal)
                                            && s.Str("AvailabilityZone") == "eu-west-1c" && s.Str("CidrBlock") == "10.20.80.0/21");
    }

    [Fact]
    public void Public_subnets_route_to_the_internet_private_ones_to_nat_and_isolated_ones_nowhere()
    {
        var env = synth.Json("prod");
        var routes = env.OfType("AWS::EC2::Route").ToList();
        var tables = env.OfType("AWS::EC2::RouteTable").ToList();
        string TableOf(string tier, char zone) => tables.Single(t => t.LogicalId.StartsWith($"Network{tier}RouteTable{zone}", StringComparison.Ordinal)).LogicalId;
        JsonElement? RouteFrom(string table) => routes.SingleOrDefault(r => Ref(r.Prop("RouteTableId")) == table)?.Properties;

        foreach (var zone in "ABC")
        {
            RouteFrom(TableOf("Public", zone))!.Value.GetProperty("GatewayId").GetProperty("Ref").GetString().Should().StartWith("NetworkInternetGateway");
            // Production: each zone's private subnets leave through that zone's own NAT gateway.
            RouteFrom(TableOf("Private", zone))!.Value.GetProperty("NatGatewayId").GetProperty("Ref").GetString().Should().StartWith($"NetworkNatGateway{zone}");
            RouteFrom(TableOf("Isolated", zone)).Should().BeNull();
        }
    }

    [Fact]
    public void Staging_zones_share_its_single_nat_gateway()
    {
        var routes = synth.Json("staging").OfType("AWS::EC2::Route").Where(r => r.LogicalId.StartsWith("NetworkPrivate", StringComparison.Ordinal)).ToList();

        routes.Should().HaveCount(2);
        routes.Select(r => r.Prop("NatGatewayId")!.Value.GetProperty("Ref").GetString()).Distinct().Should().ContainSingle()
            .Which.Should().StartWith("NetworkNatGatewayA");
    }

    [Theory]
    [InlineData("prod", 365)]
    [InlineData("staging", 30)]
    public void Flow_logs_capture_all_traffic_into_a_retained_log_group(string env, int days)
    {
        var t = synth.Template(env, "Network");

        t.HasResourceProperties("AWS::EC2::FlowLog", Match.ObjectLike(new Dictionary<string, object>
        {
            ["ResourceType"] = "VPC",
            ["TrafficType"] = "ALL",
            ["LogDestinationType"] = "cloud-watch-logs",
        }));
        t.HasResource("AWS::Logs::LogGroup", Match.ObjectLike(new Dictionary<string, object>
        {
            ["Properties"] = new Dictionary<string, object> { ["RetentionInDays"] = days },
            ["DeletionPolicy"] = "Retain",
        }));
    }

    [Fact]
    public void An_s3_gateway_endpoint_serves_private_and_isolated_subnets()
    {
        var endpoint = synth.Json("prod").OfType("AWS::EC2::VPCEndpoint").Should().ContainSingle().Subject;

        endpoint.Str("VpcEndpointType").Should().Be("Gateway");
        endpoint.Str("ServiceName").Should().Be("com.amazonaws.eu-west-1.s3");
        endpoint.Prop("RouteTableIds")!.Value.EnumerateArray().Select(r => r.GetProperty("Ref").GetString())
            .Should().HaveCount(6).And.OnlyContain(id => id!.StartsWith("NetworkPrivate", StringComparison.Ordinal) || id.StartsWith("NetworkIsolated", StringComparison.Ordinal));
    }

    [Fact]
    public void The_default_security_group_has_its_rules_revoked()
    {
        var calls = synth.Json("prod").OfType("Custom::AWS").Select(r => r.Str("Create") ?? r.Prop("Create")!.Value.ToString()).ToList();

        calls.Should().HaveCount(2);
        calls.Should().Contain(c => c.Contains("revokeSecurityGroupIngress", StringComparison.Ordinal));
        calls.Should().Contain(c => c.Contains("revokeSecurityGroupEgress", StringComparison.Ordinal) && c.Contains("0.0.0.0/0", StringComparison.Ordinal));
    }

    [Fact]
    public void Growing_from_two_to_three_zones_leaves_the_first_two_zones_untouched()
    {
        string[] kept = ["AWS::EC2::VPC", "AWS::EC2::Subnet", "AWS::EC2::RouteTable", "AWS::EC2::SubnetRouteTableAssociation",
                         "AWS::EC2::Route", "AWS::EC2::NatGateway", "AWS::EC2::EIP", "AWS::EC2::InternetGateway"];
        var before = growth.Before.Stacks.Single(s => s.Name.EndsWith("-Network", StringComparison.Ordinal)).Resources
            .Where(r => kept.Contains(r.Type)).ToList();
        var after = growth.After.Stacks.Single(s => s.Name.EndsWith("-Network", StringComparison.Ordinal)).Resources
            .ToDictionary(r => r.LogicalId);

        before.Should().HaveCountGreaterThan(15);
        foreach (var resource in before)
        {
            after.Should().ContainKey(resource.LogicalId, "a resource of zones a and b keeps its logical ID");
            after[resource.LogicalId].Raw.ToString().Should().Be(resource.Raw.ToString(), $"{resource.LogicalId} must not change");
        }
        after.Values.Count(r => r.Type == "AWS::EC2::Subnet").Should().Be(9);
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

    /// <summary>The same environment synthesized with zones a, b and then a, b, c.</summary>
    public sealed class ZoneGrowth
    {
        public ZoneGrowth()
        {
            Before = Synthesize("[eu-west-1a, eu-west-1b]");
            After = Synthesize("[eu-west-1a, eu-west-1b, eu-west-1c]");
        }

        public SynthesizedEnvironment Before { get; }
        public SynthesizedEnvironment After { get; }

        private static SynthesizedEnvironment Synthesize(string zones)
        {
            var config = TestConfig.Parse(TestConfig.With(TestConfig.Staging, $"availabilityZones: {zones}"), "grow");
            var fixture = new SynthesizedApp([config]);
            var env = fixture.Json("grow");
            fixture.Dispose();
            return env;
        }
    }
}
