namespace Headroom.Tests.Checks;

/// <summary>`headroom check` over the real environments: every finding is either fixed or acknowledged with a reason.</summary>
[Collection(SynthCollection.Name)]
public sealed class CheckCommandTests(SynthFixture synth)
{
    // Every environment in environments/, as the fixture synthesized them; the external tools ran once (one Node process).
    private IReadOnlyList<CheckCommand.EnvironmentReport> Reports => synth.Checks.GetAwaiter().GetResult();

    [Fact]
    public void Every_finding_of_every_check_in_every_environment_is_fixed_or_acknowledged_with_a_reason()
    {
        Reports.Select(r => r.Environment).Should().Contain(["staging", "prod"]);
        foreach (var report in Reports)
        {
            report.Failing.Should().BeEmpty("every finding in {0} is fixed or acknowledged: {1}", report.Environment,
                string.Join("\n", report.Failing.Select(f => $"{f.Check} {f.Rule} {f.Stack} {f.LogicalId}: {f.Message}")));
            report.Acknowledged.Should().NotBeEmpty().And.OnlyContain(f => f.Reason!.Length >= Acknowledgements.MinimumReasonLength);
        }
    }

    [Fact]
    public void Both_tools_from_npm_ran_their_rules()
    {
        var counts = Reports[0].RuleCounts;
        counts["cdk-nag"].Should().BeGreaterThan(100, "the AwsSolutions pack has over a hundred rules");
        counts["cloudformation"].Should().BeGreaterThan(0);
    }

    [Fact]
    public void The_acknowledged_cdk_nag_findings_are_the_ones_written_in_the_templates()
    {
        var prod = Reports.Single(r => r.Environment == "prod");

        // CDK's helper roles, the fleet roles' Session Manager wildcards, the replicas: each with its reason.
        prod.Acknowledged.Should().Contain(f => f.Rule == "AwsSolutions-IAM5" && f.LogicalId.StartsWith("WebFleetInstanceRoleDefaultPolicy", StringComparison.Ordinal)
            && f.Message.Contains("Resource::*", StringComparison.Ordinal));
        prod.Acknowledged.Should().Contain(f => f.Rule == "AwsSolutions-RDS10" && f.LogicalId.StartsWith("DatabaseReplica1", StringComparison.Ordinal));
        prod.Acknowledged.Should().NotContain(f => f.Rule == "AwsSolutions-RDS3" && f.LogicalId.StartsWith("DatabasePrimary", StringComparison.Ordinal),
            "production's primary is Multi-AZ: nothing to acknowledge");
        var staging = Reports.Single(r => r.Environment == "staging");
        staging.Acknowledged.Should().Contain(f => f.Rule == "AwsSolutions-RDS3" && f.LogicalId.StartsWith("DatabasePrimary", StringComparison.Ordinal),
            "staging runs a single-AZ primary by configuration");
    }

    [Fact]
    public void CDK_helper_functions_run_on_a_supported_Node_runtime()
    {
        var functions = new[] { "staging", "prod" }.SelectMany(e => synth.Json(e).OfType("AWS::Lambda::Function")).ToList();

        functions.Should().NotBeEmpty();
        functions.Where(f => f.Str("Runtime")!.StartsWith("nodejs", StringComparison.Ordinal))
            .Should().NotBeEmpty().And.OnlyContain(f => f.Str("Runtime") == "nodejs24.x");
    }

    [Fact]
    public void Check_of_an_existing_cloud_assembly_exits_0_and_says_what_ran()
    {
        var (code, output, _) = CheckRun.Run(Repo.Environments, ["staging"], synth.Outdir);

        code.Should().Be(0, output);
        output.Should().MatchRegex(@"staging: \d+ checks ran \(.*cdk-nag \d+.*\); 0 findings without a reason; \d+ acknowledged with a reason");
    }
}
