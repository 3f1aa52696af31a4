using System.Diagnostics;
using Headroom.App.Deploy;
using Headroom.Tests.Support;

namespace Headroom.Tests.Deploy;

/// <summary>`headroom destroy` against the fake `aws` and `cdk`, and the command line's wiring of both commands.</summary>
[Collection(SynthCollection.Name)]
public sealed class DestroyCommandTests(SynthFixture synth) : StagingCommandTests(synth)
{
    private (int Code, string Console) Destroy(string environment, string? confirm = null)
    {
        var console = new StringWriter();
        var code = DestroyCommand.Run(new DestroyOptions
        {
            Environment = environment,
            WorkingDirectory = Repo.Root,
            EnvironmentsDirectory = Repo.Environments,
            Assembly = Synth.Outdir,
            Confirm = confirm,
        }, Fake.Context(console));
        return (code, console.ToString());
    }

    [Fact]
    public void Production_is_refused_before_anything_is_asked_of_AWS()
    {
        var (code, console) = Destroy("prod", confirm: "prod");

        code.Should().Be(DestroyCommand.Refused);
        console.Should().Contain("refusing to destroy prod: it is a production environment");
        Fake.Calls.Should().BeEmpty();
    }

    [Fact]
    public void It_lists_what_is_retained_and_lost_and_needs_the_name_back()
    {
        AllDeployedAsSynthesized();

        var (code, console) = Destroy("staging");

        code.Should().Be(DestroyCommand.Refused);
        console.Should().Contain("Deletes, in this order: Headroom-staging-Edge, Headroom-staging-App, Headroom-staging-Data, Headroom-staging-Network.")
            .And.Contain("DatabasePrimaryEDE0B3D0").And.Contain("a final snapshot (the resource is deleted)")
            .And.Contain("QueuesOrdersQueue1A584920").And.Contain("the resource, left in the account")
            .And.Contain("AWS::RDS::DBInstance x1 (holds data: DatabaseReplica1ED560A1")
            .And.Contain("pass --confirm staging");
        Fake.Cdk("destroy").Should().BeEmpty();

        Destroy("staging", confirm: "prod").Code.Should().Be(DestroyCommand.Refused);
        Fake.Cdk("destroy").Should().BeEmpty();
    }

    [Fact]
    public void Confirmed_it_destroys_the_deployed_stacks_in_reverse_dependency_order()
    {
        AllDeployedAsSynthesized();
        File.Delete(Path.Combine(Fake.Fixtures, "cloudformation.get-template.Headroom-staging-Edge.json")); // never deployed

        var (code, console) = Destroy("staging", confirm: "staging");

        code.Should().Be(DestroyCommand.Destroyed, console);
        Fake.Cdk("destroy").Should().Equal("Headroom-staging-App", "Headroom-staging-Data", "Headroom-staging-Network");
        Fake.Calls.Where(c => c.StartsWith("cdk destroy", StringComparison.Ordinal)).Should().AllSatisfy(c => c.Should().Contain("--force").And.Contain("--exclusively"));
    }

    [Theory]
    [InlineData("staging", DestroyCommand.Destroyed)]
    [InlineData("stagin", DestroyCommand.Refused)]
    public void On_a_terminal_the_name_must_be_typed_back(string typed, int expected)
    {
        AllDeployedAsSynthesized();
        var terminal = TerminalTyping(typed);
        var progress = new StringWriter();

        var code = DestroyCommand.Run(new DestroyOptions
        {
            Environment = "staging", WorkingDirectory = Repo.Root, EnvironmentsDirectory = Repo.Environments, Assembly = Synth.Outdir,
        }, Fake.Terminal(terminal, progress));

        code.Should().Be(expected, progress.ToString());
        terminal.Output.Should().Contain("Type staging to delete its stacks:");
        Fake.Cdk("destroy").Should().HaveCount(expected == DestroyCommand.Destroyed ? 4 : 0);
    }

    /// <summary>Program.cs's wiring, as a process whose input is not a terminal: the plan, then a refusal without --yes.</summary>
    [Fact]
    public async Task The_command_line_refuses_a_deploy_without_yes_when_not_on_a_terminal()
    {
        AllDeployedAsSynthesized();
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Repo.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "Headroom.App.dll"), "deploy", "staging", "--assembly", Synth.Outdir, "--skip-checks", "--stacks", "App", "Edge" })
            info.ArgumentList.Add(a);
        foreach (var (key, value) in Fake.Tools.Environment) info.Environment[key] = value;
        info.Environment["HEADROOM_CDK"] = "cdk";
        using var process = Process.Start(info)!;
        process.StandardInput.Close();
        var stdoutTask = process.StandardOutput.ReadToEndAsync();
        var stderrTask = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        var (stdout, stderr) = (await stdoutTask, await stderrTask);

        process.ExitCode.Should().Be(DeployCommand.NotConfirmed, stderr);
        stdout.Should().Contain("<!-- headroom-deploy -->").And.Contain("No changes.");
        stderr.Should().Contain("App -> Edge (dependency order)").And.Contain("pass --yes");
        Fake.Calls.Should().Contain("aws sts get-caller-identity --output json").And.NotContain(c => c.StartsWith("cdk ", StringComparison.Ordinal));
    }
}
