using Amazon.CDK.AWS.ElasticLoadBalancingV2;

namespace Headroom.Tests.Checks.Rules;

public sealed class OpenIngressStacks() : BareStacks("App", "Edge")
{
    protected override void Build(IReadOnlyDictionary<string, Stack> stacks)
    {
        var app = stacks["App"];
        // A load balancer open to the internet on its listener's port: allowed only without CloudFront.
        var albGroup = new CfnSecurityGroup(app, "AlbGroup", new CfnSecurityGroupProps
        {
            GroupDescription = "load balancer", VpcId = "vpc-12345678",
            SecurityGroupIngress = new object[] { new CfnSecurityGroup.IngressProperty { CidrIp = "0.0.0.0/0", IpProtocol = "tcp", FromPort = 443, ToPort = 443 } },
        });
        var alb = new CfnLoadBalancer(app, "Alb", new CfnLoadBalancerProps
        {
            Type = "application", Subnets = ["subnet-1", "subnet-2"], SecurityGroups = [albGroup.AttrGroupId],
        });
        new CfnListener(app, "Https", new CfnListenerProps
        {
            LoadBalancerArn = alb.Ref, Port = 443, Protocol = "HTTPS",
            DefaultActions = new object[] { new CfnListener.ActionProperty { Type = "fixed-response", FixedResponseConfig = new CfnListener.FixedResponseConfigProperty { StatusCode = "404" } } },
        });
        // The same load balancer's group, open on a port no listener serves.
        new CfnSecurityGroupIngress(app, "AlbSsh", new CfnSecurityGroupIngressProps
        {
            GroupId = albGroup.AttrGroupId, IpProtocol = "tcp", CidrIp = "0.0.0.0/0", FromPort = 22, ToPort = 22,
        });
        // An instance group open over IPv6: never allowed.
        new CfnSecurityGroup(app, "AppGroup", new CfnSecurityGroupProps
        {
            GroupDescription = "application", VpcId = "vpc-12345678",
            SecurityGroupIngress = new object[] { new CfnSecurityGroup.IngressProperty { CidrIpv6 = "::/0", IpProtocol = "tcp", FromPort = 8080, ToPort = 8080 } },
        });
        // Ingress from the VPC only: fine.
        new CfnSecurityGroup(app, "PrivateGroup", new CfnSecurityGroupProps
        {
            GroupDescription = "private", VpcId = "vpc-12345678",
            SecurityGroupIngress = new object[] { new CfnSecurityGroup.IngressProperty { CidrIp = "10.0.0.0/16", IpProtocol = "tcp", FromPort = 443, ToPort = 443 } },
        });
        Raw(stacks["Edge"], "Cdn", "AWS::CloudFront::Distribution");
    }
}

public sealed class OpenIngressRuleTests(OpenIngressStacks stacks) : IClassFixture<OpenIngressStacks>
{
    private readonly OpenIngressRule _rule = new();

    [Fact]
    public void Without_cloudfront_only_the_load_balancer_s_listener_port_may_be_open_to_the_internet()
    {
        stacks.Flagged(_rule, "App").Should().Equal("AlbSsh", "AppGroup");
    }

    [Fact]
    public void With_cloudfront_in_the_environment_the_load_balancer_s_open_listener_port_is_flagged_too()
    {
        stacks.Flagged(_rule, "App", "Edge").Should().Equal("AlbGroup", "AlbSsh", "AppGroup");
        _rule.Evaluate(stacks.Environment("App", "Edge")).Single(v => v.LogicalId == "AlbGroup").Message
            .Should().Contain("0.0.0.0/0 on tcp port 443").And.Contain("CloudFront");
    }

    [Fact]
    public void Each_open_rule_is_its_own_finding_named_by_cidr_protocol_and_ports()
    {
        _rule.Evaluate(stacks.Environment("App")).Select(v => v.AppliesTo).Should().BeEquivalentTo(["0.0.0.0/0 tcp port 22", "::/0 tcp port 8080"]);
    }
}
