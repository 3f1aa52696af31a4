namespace Headroom.Tests.Checks.Rules;

public sealed class PlainHttpOriginStacks() : BareStacks("App")
{
    protected override void Build(IReadOnlyDictionary<string, Stack> stacks)
    {
        var app = stacks["App"];
        Raw(app, "HttpsListener", "AWS::ElasticLoadBalancingV2::Listener", new Dictionary<string, object>
        {
            ["LoadBalancerArn"] = "arn:aws:elasticloadbalancing:eu-west-1:111111111111:loadbalancer/app/shop/1", ["Port"] = 443, ["Protocol"] = "HTTPS",
            ["DefaultActions"] = new object[] { new Dictionary<string, object> { ["Type"] = "fixed-response", ["FixedResponseConfig"] = new Dictionary<string, object> { ["StatusCode"] = "403" } } },
        });
        Raw(app, "RedirectListener", "AWS::ElasticLoadBalancingV2::Listener", new Dictionary<string, object>
        {
            ["LoadBalancerArn"] = "arn:aws:elasticloadbalancing:eu-west-1:111111111111:loadbalancer/app/shop/1", ["Port"] = 80, ["Protocol"] = "HTTP",
            ["DefaultActions"] = new object[] { new Dictionary<string, object> { ["Type"] = "redirect", ["RedirectConfig"] = new Dictionary<string, object> { ["Protocol"] = "HTTPS", ["StatusCode"] = "HTTP_301" } } },
        });
        Raw(app, "PlainListener", "AWS::ElasticLoadBalancingV2::Listener", new Dictionary<string, object>
        {
            ["LoadBalancerArn"] = "arn:aws:elasticloadbalancing:eu-west-1:111111111111:loadbalancer/app/shop/1", ["Port"] = 80, ["Protocol"] = "HTTP",
            ["DefaultActions"] = new object[] { new Dictionary<string, object> { ["Type"] = "fixed-response", ["FixedResponseConfig"] = new Dictionary<string, object> { ["StatusCode"] = "403" } } },
        });
        Raw(app, "HttpsOrigin", "AWS::CloudFront::Distribution", Distribution("https-only"));
        Raw(app, "PlainOrigin", "AWS::CloudFront::Distribution", Distribution("http-only"));
        Raw(app, "ViewerOrigin", "AWS::CloudFront::Distribution", Distribution("match-viewer"));
    }

    private static Dictionary<string, object> Distribution(string protocol) => new()
    {
        ["DistributionConfig"] = new Dictionary<string, object>
        {
            ["Enabled"] = true,
            ["DefaultCacheBehavior"] = new Dictionary<string, object> { ["TargetOriginId"] = "alb", ["ViewerProtocolPolicy"] = "redirect-to-https" },
            ["Origins"] = new object[]
            {
                new Dictionary<string, object>
                {
                    ["Id"] = "alb", ["DomainName"] = "shop.eu-west-1.elb.amazonaws.com",
                    ["CustomOriginConfig"] = new Dictionary<string, object> { ["OriginProtocolPolicy"] = protocol },
                },
            },
        },
    };
}

public sealed class PlainHttpOriginRuleTests(PlainHttpOriginStacks stacks) : IClassFixture<PlainHttpOriginStacks>
{
    [Fact]
    public void Https_origins_and_redirecting_listeners_pass_plain_http_origins_and_serving_http_listeners_are_flagged()
    {
        stacks.Flagged(new PlainHttpOriginRule()).Should().Equal("PlainListener", "PlainOrigin", "ViewerOrigin");
    }
}
