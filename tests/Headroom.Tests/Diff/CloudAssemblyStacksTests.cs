using Headroom.App.Diff;

namespace Headroom.Tests.Diff;

/// <summary>Both sides of a diff are read from manifest.json, whichever code (and process) wrote them.</summary>
public sealed class CloudAssemblyStacksTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("headroom-assembly-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Stacks_come_with_their_template_and_aws_environment_including_those_of_nested_assemblies()
    {
        File.WriteAllText(Path.Combine(_dir, "manifest.json"), """
            {"version": "36.0.0", "artifacts": {
              "Headroom-prod-Network.assets": {"type": "cdk:asset-manifest", "properties": {"file": "x.assets.json"}},
              "Headroom-prod-Network": {"type": "aws:cloudformation:stack", "environment": "aws://222222222222/eu-west-1",
                                        "properties": {"templateFile": "Headroom-prod-Network.template.json"}},
              "EdgeArtifact": {"type": "aws:cloudformation:stack", "environment": "aws://222222222222/us-east-1",
                               "properties": {"templateFile": "edge.template.json", "stackName": "Headroom-prod-Edge"}},
              "assembly-Stage": {"type": "cdk:cloud-assembly", "properties": {"directoryName": "assembly-Stage"}}}}
            """);
        Directory.CreateDirectory(Path.Combine(_dir, "assembly-Stage"));
        File.WriteAllText(Path.Combine(_dir, "assembly-Stage", "manifest.json"), """
            {"version": "36.0.0", "artifacts": {"Headroom-qa-Data": {"type": "aws:cloudformation:stack",
              "environment": "aws://333333333333/eu-central-1", "properties": {"templateFile": "qa.template.json"}}}}
            """);

        var contents = CloudAssemblyStacks.Read(_dir);

        contents.MissingContext.Should().BeEmpty();
        contents.Stacks.Should().Equal(
            new AssemblyStack("Headroom-prod-Network", Path.Combine(_dir, "Headroom-prod-Network.template.json"), "aws://222222222222/eu-west-1"),
            new AssemblyStack("Headroom-prod-Edge", Path.Combine(_dir, "edge.template.json"), "aws://222222222222/us-east-1"),
            new AssemblyStack("Headroom-qa-Data", Path.Combine(_dir, "assembly-Stage", "qa.template.json"), "aws://333333333333/eu-central-1"));
    }

    [Fact]
    public void A_synthesis_that_wanted_an_aws_lookup_is_seen()
    {
        File.WriteAllText(Path.Combine(_dir, "manifest.json"), """
            {"version": "36.0.0", "artifacts": {},
             "missing": [{"key": "availability-zones:account=222222222222:region=eu-west-1", "provider": "availability-zones", "props": {}}]}
            """);

        CloudAssemblyStacks.Read(_dir).MissingContext.Should().Equal("availability-zones:account=222222222222:region=eu-west-1");
    }

    [Fact]
    public void A_folder_without_a_manifest_is_a_diff_failure()
    {
        var act = () => CloudAssemblyStacks.Read(_dir);
        act.Should().Throw<DiffException>().WithMessage("*manifest.json*");
    }
}
