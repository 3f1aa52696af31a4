using Xunit.Abstractions;

namespace Headroom.Tests.Checks.Rules;

/// <summary>The whole pack over the real environments: what it reports today that nobody has acknowledged.</summary>
[Collection(SynthCollection.Name)]
public sealed class HeadroomRulePackTests(SynthFixture synth, WebVariants variants, ITestOutputHelper output)
{
    [Fact]
    public void The_pack_reports_exactly_these_unacknowledged_findings_on_the_real_environments()
    {
        var pack = new HeadroomRulePack();
        var findings = new[] { "staging", "prod" }
            .SelectMany(env => pack.Run(synth.Json(env)).Where(f => !f.Acknowledged))
            .ToList();
        foreach (var f in findings) output.WriteLine($"{f.Rule} {f.Stack}/{f.LogicalId}: {f.Message}");

        // Everything is fixed or acknowledged with a reason (Checks/Acknowledged.cs).
        findings.Should().BeEmpty();
    }

    [Fact]
    public void A_load_balancer_without_cloudfront_may_be_open_on_its_listener_ports_and_only_there()
    {
        var open = variants.App.Json("open");
        var albGroup = open.OfType("AWS::EC2::SecurityGroup").Single(g => g.LogicalId.StartsWith("WebLoadBalancerSecurityGroup", StringComparison.Ordinal));

        // The exception is exercised: the variant does admit the internet to the load balancer ...
        open.Stacks.SelectMany(s => s.Resources)
            .Where(r => r.Type == "AWS::EC2::SecurityGroupIngress" && r.Prop("GroupId")?.ToString().Contains(albGroup.LogicalId, StringComparison.Ordinal) == true
                        || r.LogicalId == albGroup.LogicalId)
            .Select(r => r.Raw.ToString()).Should().Contain(json => json.Contains("0.0.0.0/0", StringComparison.Ordinal));
        // ... on its listeners' ports only, so the rule is satisfied; behind CloudFront nothing is open.
        new OpenIngressRule().Evaluate(open).Should().BeEmpty();
        new OpenIngressRule().Evaluate(synth.Json("prod")).Should().BeEmpty();
    }

    [Fact]
    public void Plain_http_to_the_origin_is_acknowledged_only_where_the_environment_says_so_and_stays_a_warning()
    {
        var rule = new PlainHttpOriginRule();
        var use1 = new HeadroomRulePack().Run(variants.App.Json("use1")).Where(f => f.Rule == rule.Id).ToList();

        // use1 has no certificate and says allowPlainHttpOrigin: true: CloudFront's origin and the HTTP listener.
        use1.Should().HaveCount(2).And.OnlyContain(f => f.Acknowledged && f.Reason!.Contains("allowPlainHttpOrigin", StringComparison.Ordinal));
        CheckCommand.WarnWhenAcknowledged.Should().Contain(rule.Id);
        foreach (var env in new[] { "staging", "prod" })
            rule.Evaluate(synth.Json(env)).Should().BeEmpty($"{env} reaches its load balancer over HTTPS");
    }
}
