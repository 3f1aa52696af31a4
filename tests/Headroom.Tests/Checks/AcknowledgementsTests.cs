using System.Text.RegularExpressions;

namespace Headroom.Tests.Checks;

[Collection(SynthCollection.Name)]
public sealed class AcknowledgementsTests(SynthFixture synth)
{
    [Fact]
    public void The_README_lists_every_acknowledgement_with_its_reason()
    {
        var readme = File.ReadAllText(Path.Combine(Repo.Root, "README.md"));
        var block = Regex.Match(readme, "<!-- acknowledgements -->\n(.*?)\n<!-- /acknowledgements -->", RegexOptions.Singleline);

        block.Success.Should().BeTrue("README.md has the acknowledgements block");
        block.Groups[1].Value.Should().Be(Acknowledgements.MarkdownTable(), "the README's table is generated from Checks/Acknowledged.cs; paste the expected text");
    }

    [Fact]
    public void Every_reason_is_long_enough_for_cdk_nag_and_says_something()
    {
        Acknowledgements.All.Should().OnlyContain(e => e.Reason.Length >= 40, "a reason explains, it does not just exist");
    }

    [Fact]
    public void Every_acknowledgement_that_applies_to_a_real_environment_matches_a_resource_there()
    {
        // A stale entry (a renamed construct) would silently acknowledge nothing, or later something else.
        // Each environment's paths are read once: every construct-tree read is a call into jsii.
        var paths = synth.Environments.Values.ToDictionary(e => e, e => ResourcePaths(e).ToList());
        foreach (var entry in Acknowledgements.All)
        {
            var environments = paths.Keys.Where(e => entry.When?.Test(e.Config) ?? true).ToList();
            if (environments.Count == 0) continue;
            environments.SelectMany(e => paths[e]).Should().Contain(p => entry.Covers(p), $"{entry.Rule} at {entry.Path} acknowledges something that exists");
        }
    }

    [Fact]
    public void Acknowledgements_are_written_into_the_templates_in_cdk_nag_s_format()
    {
        var replica = synth.Json("prod").Stacks.Single(s => s.Name == "Headroom-prod-Data").Resources.Single(r => r.Type == "AWS::RDS::DBInstance" && r.LogicalId.StartsWith("DatabaseReplica1", StringComparison.Ordinal));

        Acknowledgements.Suppressions(replica).Select(s => s.Id).Should().Contain(["AwsSolutions-RDS10", "AwsSolutions-RDS3", "CloudFormation-Validate::W3010"]);
        Acknowledgements.ReasonFor(replica, "AwsSolutions-RDS10").Should().Contain("expendable");
        Acknowledgements.ReasonFor(replica, "AwsSolutions-S1").Should().BeNull("nothing acknowledges what is not listed");
    }

    /// <summary>"Data/Database/Primary/Resource": each CloudFormation resource's construct path below its stack, with the stack part.</summary>
    private static IEnumerable<string> ResourcePaths(Headroom.App.Stacks.EnvironmentStacks environment) =>
        environment.Stacks.SelectMany(stack => stack.Node.FindAll().OfType<Amazon.CDK.CfnResource>()
            .Select(r => stack.Part + "/" + r.Node.Path[(stack.StackName.Length + 1)..]));
}
