using Headroom.App.Checks;
using Headroom.App.Checks.Rules;
using Headroom.Tests.Support;
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

        // Today's debt, for the lead to fix or acknowledge (then remove the line): read replicas, the cache's
        // AUTH token and the ops topics' keys are deleted with their stack, and so is staging's access-log bucket.
        findings.Select(f => $"{f.Rule} {f.Stack}/{f.LogicalId}").Should().BeEquivalentTo(
        [
            "Headroom-StatefulRetained Headroom-staging-Data/DatabaseReplica1ED560A1F",
            "Headroom-StatefulRetained Headroom-staging-Data/CacheAuthToken04672416",
            "Headroom-StatefulRetained Headroom-staging-App/WebLoadBalancerAccessLogs5433FA48",
            "Headroom-StatefulRetained Headroom-staging-App/MonitoringOpsTopicKey5A24C5C6",
            "Headroom-StatefulRetained Headroom-staging-Edge/MonitoringOpsTopicKey5A24C5C6",
            "Headroom-StatefulRetained Headroom-prod-Data/DatabaseReplica1ED560A1F",
            "Headroom-StatefulRetained Headroom-prod-Data/DatabaseReplica2035311FF",
            "Headroom-StatefulRetained Headroom-prod-Data/CacheAuthToken04672416",
            "Headroom-StatefulRetained Headroom-prod-App/MonitoringOpsTopicKey5A24C5C6",
            "Headroom-StatefulRetained Headroom-prod-Edge/MonitoringOpsTopicKey5A24C5C6",
        ]);
        findings.Should().OnlyContain(f => f.Check == "headroom" && f.Fix.Length > 0);
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
}
