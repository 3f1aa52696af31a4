namespace Headroom.Tests.Stacks;

[Collection(SynthCollection.Name)]
public sealed class EnvironmentStacksTests(SynthFixture synth)
{
    private static readonly string[] RequiredTags = ["project", "environment", "cost-centre", "owner"];

    [Fact]
    public void Every_environment_gets_network_data_and_app_stacks_named_after_it()
    {
        synth.Assembly.Stacks.Select(s => s.StackName).Should().Contain([
            "Headroom-prod-Network", "Headroom-prod-Data", "Headroom-prod-App",
            "Headroom-staging-Network", "Headroom-staging-Data", "Headroom-staging-App"]);
    }

    [Theory]
    [InlineData("prod", "222222222222")]
    [InlineData("staging", "111111111111")]
    public void Stacks_deploy_to_the_configured_account_and_region(string env, string account)
    {
        foreach (var stack in synth.Environments[env].Stacks)
        {
            var artifact = synth.Assembly.GetStackByName(stack.StackName);
            artifact.Environment.Account.Should().Be(account);
            // CloudFront's certificates and CLOUDFRONT-scope web ACLs exist only in us-east-1.
            artifact.Environment.Region.Should().Be(stack.Part == "Edge" ? "us-east-1" : "eu-west-1", stack.StackName);
        }
        synth.Environments[env].Stacks.Select(s => s.Part).Should().Equal("Network", "Data", "App", "Edge");
    }

    [Fact]
    public void Stateful_stacks_are_termination_protected_in_production_only()
    {
        bool Protected(string name) => synth.Assembly.GetStackByName(name).TerminationProtection == true;

        Protected("Headroom-prod-Data").Should().BeTrue();
        Protected("Headroom-prod-Network").Should().BeTrue();
        Protected("Headroom-prod-App").Should().BeFalse("the stateless side is meant to be replaceable");
        Protected("Headroom-prod-Edge").Should().BeTrue("the edge stack holds the static-assets bucket");
        Protected("Headroom-staging-Edge").Should().BeFalse();
        Protected("Headroom-staging-Data").Should().BeFalse();
    }

    [Fact]
    public void Synthesis_makes_no_aws_lookup()
    {
        // A context lookup (zones, AMIs, VPCs) shows up as "missing" context in the manifest.
        (synth.Assembly.Manifest.Missing ?? []).Should().BeEmpty();
    }

    [Theory]
    [InlineData("prod")]
    [InlineData("staging")]
    public void Every_taggable_resource_carries_the_environment_tags(string env)
    {
        var config = synth.Environments[env].Config;
        // An experiment template is replaced when its tags change: it carries fixed tags of its own (ChaosTests).
        var tagged = synth.Json(env).Stacks.SelectMany(s => s.Resources).Where(r => r.Prop("Tags") is not null && r.Type != "AWS::FIS::ExperimentTemplate").ToList();

        tagged.Select(r => r.Type).Should().Contain(["AWS::EC2::VPC", "AWS::EC2::Subnet", "AWS::EC2::NatGateway", "AWS::IAM::Role", "AWS::Logs::LogGroup",
            "AWS::ElasticLoadBalancingV2::LoadBalancer", "AWS::AutoScaling::AutoScalingGroup", "AWS::S3::Bucket", "AWS::SSM::Parameter",
            "AWS::RDS::DBInstance", "AWS::ElastiCache::ReplicationGroup"]);
        foreach (var resource in tagged)
        {
            // Most types take a list of {Key, Value}; a few (AWS::SSM::Parameter) take a map.
            var raw = resource.Prop("Tags")!.Value;
            var tags = raw.ValueKind == System.Text.Json.JsonValueKind.Object
                ? raw.EnumerateObject().ToDictionary(t => t.Name, t => t.Value.GetString())
                : raw.EnumerateArray().ToDictionary(t => t.GetProperty("Key").GetString()!, t => t.GetProperty("Value").GetString());
            tags.Keys.Should().Contain(RequiredTags, $"{resource.Stack}/{resource.LogicalId} ({resource.Type})");
            tags["environment"].Should().Be(env);
            tags["cost-centre"].Should().Be(config.Tags.CostCentre);
        }
    }
}
