using Amazon.CDK;
using Amazon.CDK.Assertions;
using Amazon.CDK.AWS.EC2;
using Amazon.CDK.AWS.SecretsManager;
using Headroom.Blocks.LoadBalancer;

namespace Headroom.Tests.Services;

/// <summary>LoadBalancer.AddTargetGroup on a bare stack: the rule it makes, and the input it refuses.</summary>
public sealed class LoadBalancerTargetGroupsTests
{
    private static (Stack Stack, LoadBalancer Lb) Bare(bool behindCloudFront)
    {
        var stack = new Stack(Headroom.App.Stacks.HeadroomApp.Create(), "Bare", new StackProps { Env = new Amazon.CDK.Environment { Account = "111111111111", Region = "eu-west-1" } });
        var vpc = new Vpc(stack, "Vpc", new VpcProps { MaxAzs = 2, NatGateways = 0 });
        var lb = new LoadBalancer(stack, "Lb", new LoadBalancerProps
        {
            Vpc = vpc,
            DeletionProtection = false,
            BehindCloudFront = behindCloudFront,
            AllowPlainHttpOrigin = true,
            CloudFrontPrefixListId = behindCloudFront ? "pl-4fa04526" : null,
            OriginVerifySecret = behindCloudFront ? new Secret(stack, "OriginVerify") : null,
        });
        return (stack, lb);
    }

    [Fact]
    public void Without_CloudFront_the_rule_has_only_the_path_condition_and_the_default_action_still_forwards()
    {
        var (stack, lb) = Bare(behindCloudFront: false);

        var added = lb.AddTargetGroup("Extra", ["/extra/*", "/more"], 10);

        lb.TargetGroups.Should().Equal(lb.TargetGroup, added);
        var template = Template.FromStack(stack);
        template.ResourceCountIs("AWS::ElasticLoadBalancingV2::TargetGroup", 2);
        template.HasResourceProperties("AWS::ElasticLoadBalancingV2::ListenerRule", new Dictionary<string, object>
        {
            ["Priority"] = 10,
            ["Conditions"] = new object[] { new Dictionary<string, object> { ["Field"] = "path-pattern", ["PathPatternConfig"] = new Dictionary<string, object> { ["Values"] = new[] { "/extra/*", "/more" } } } },
        });
        template.HasResourceProperties("AWS::ElasticLoadBalancingV2::Listener", new Dictionary<string, object>
        {
            ["DefaultActions"] = Match.ArrayWith([Match.ObjectLike(new Dictionary<string, object> { ["Type"] = "forward" })]),
        });
    }

    [Theory]
    [InlineData(new[] { "extra/*" }, 20, "not an ALB path pattern")]
    [InlineData(new[] { "/a b" }, 20, "not an ALB path pattern")]
    [InlineData(new[] { "/a", "/b", "/c", "/d" }, 20, "1 to 3 path patterns")]
    [InlineData(new string[0], 20, "1 to 3 path patterns")]
    [InlineData(new[] { "/*/*/*/*/*/*" }, 20, "at most 5 wildcards")]
    [InlineData(new[] { "/extra/*" }, 0, "priority must be 1 to 49999")]
    [InlineData(new[] { "/extra/*" }, 50000, "priority must be 1 to 49999")]
    [InlineData(new[] { "/extra/*" }, 10, "priority 10 is the verified-request rule's")]
    [InlineData(new[] { "/extra/*" }, 30, "priority 30 is already taken")]
    public void Behind_CloudFront_it_refuses_what_ALB_or_the_verified_request_rule_would_refuse(string[] patterns, int priority, string message)
    {
        var (_, lb) = Bare(behindCloudFront: true);
        lb.AddTargetGroup("First", ["/first/*"], 30);

        var add = () => lb.AddTargetGroup("Extra", patterns, priority);

        add.Should().Throw<ArgumentException>().WithMessage($"*{message}*");
        lb.TargetGroups.Should().HaveCount(2, "a refused target group is not made");
    }

    [Fact]
    public void A_target_group_takes_its_own_port_and_health_check_and_the_rule_its_host_headers()
    {
        var (stack, lb) = Bare(behindCloudFront: true);

        lb.AddTargetGroup("Cart", ["/cart/*"], 30, ["shop.example.com", "*.shop.example.com"],
            new TargetGroupSettings { Port = 8080, HealthCheck = new HealthCheckSettings { Path = "/cart/healthz" } });

        var template = Template.FromStack(stack);
        template.HasResourceProperties("AWS::ElasticLoadBalancingV2::TargetGroup", new Dictionary<string, object> { ["Port"] = 8080, ["HealthCheckPath"] = "/cart/healthz" });
        template.HasResourceProperties("AWS::ElasticLoadBalancingV2::TargetGroup", new Dictionary<string, object> { ["Port"] = 80, ["HealthCheckPath"] = "/healthz" });
        template.HasResourceProperties("AWS::ElasticLoadBalancingV2::ListenerRule", new Dictionary<string, object>
        {
            ["Priority"] = 30,
            ["Conditions"] = Match.ArrayWith([Match.ObjectLike(new Dictionary<string, object>
            {
                ["Field"] = "host-header",
                ["HostHeaderConfig"] = new Dictionary<string, object> { ["Values"] = new[] { "shop.example.com", "*.shop.example.com" } },
            })]),
        });
    }

    [Theory]
    [InlineData(new[] { "/a/*", "/b/*", "/c/*" }, new[] { "a.example.com", "b.example.com" }, "at most 5 condition values")]
    [InlineData(new[] { "/a/*" }, new[] { "a.example.com", "b.example.com", "c.example.com", "d.example.com" }, "at most 3 host headers")]
    [InlineData(new[] { "/a/*" }, new[] { "shop example.com" }, "not an ALB host header")]
    [InlineData(new[] { "/*/*/*" }, new[] { "*.*.*.example.com" }, "at most 5 wildcards")]
    public void It_refuses_hosts_beyond_what_an_ALB_rule_takes(string[] patterns, string[] hosts, string message)
    {
        var (_, lb) = Bare(behindCloudFront: true);

        var add = () => lb.AddTargetGroup("Extra", patterns, 20, hosts);

        add.Should().Throw<ArgumentException>().WithMessage($"*{message}*");
    }

    [Fact]
    public void It_refuses_a_target_group_port_the_settings_refuse()
    {
        var (_, lb) = Bare(behindCloudFront: false);

        var add = () => lb.AddTargetGroup("Extra", ["/extra/*"], 20, null, new TargetGroupSettings { Port = 22 });

        add.Should().Throw<ArgumentException>().WithMessage("*must not be 22*");
        lb.TargetGroups.Should().ContainSingle();
    }
}
