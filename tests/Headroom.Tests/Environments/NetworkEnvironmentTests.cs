namespace Headroom.Tests.Environments;

/// <summary>The example environments' networks: prod a NAT per zone over three zones, staging one NAT over two.</summary>
[Collection(SynthCollection.Name)]
public sealed class NetworkEnvironmentTests(SynthFixture synth)
{
    [Theory]
    [InlineData("prod", 3, 3)]
    [InlineData("staging", 2, 1)]
    public void Each_environment_has_its_zones_and_nat_gateways(string env, int zones, int nats) =>
        NetworkShould.ShouldHaveTiersAndNats(synth.Template(env, "Network"), synth.Json(env).OfType("AWS::EC2::Subnet"), zones, nats);

    [Fact]
    public void Production_lays_out_10_20_0_0_over_three_zones_by_the_pinned_plan() =>
        NetworkShould.ShouldFollowThePlan(synth.Json("prod").OfType("AWS::EC2::Subnet").ToList());

    [Fact]
    public void Staging_zones_share_its_single_nat_gateway() =>
        NetworkShould.ShouldShareOneNat(synth.Json("staging").OfType("AWS::EC2::Route"), 2);

    [Theory]
    [InlineData("prod", 365)]
    [InlineData("staging", 30)]
    public void Flow_logs_are_kept_as_long_as_the_environment_says(string env, int days) =>
        NetworkShould.ShouldLogFlows(synth.Template(env, "Network"), "ALL", days);
}
