using System.Diagnostics;
using System.Text.Json.Nodes;
using Headroom.App.Deploy;
using Headroom.Tests.Support;
using Spectre.Console.Testing;

namespace Headroom.Tests.Deploy;

/// <summary>`headroom destroy` against the fake `aws` and `cdk`, and the command line's wiring of both commands.</summary>
[Collection(SynthCollection.Name)]
public sealed class DestroyCommandTests(SynthFixture synth) : IDisposable
{
    private static readonly string[] Staging = ["Headroom-staging-Network", "Headroom-staging-Data", "Headroom-staging-App", "Headroom-staging-Edge"];
    private readonly FakeAws _fake = new();

    public void Dispose() => _fake.Dispose();

    private (int Code, string Console) Destroy(string environment, string? confirm = null)
    {
        var console = new StringWriter();
        var code = DestroyCommand.Run(new DestroyOptions
        {
            Environment = environment,
            WorkingDirectory = Repo.Root,
            EnvironmentsDirectory = Repo.Environments,
            Assembly = synth.Outdir,
            Confirm = confirm,
        }, _fake.Context(console));
        return (code, console.ToString());
    }

    private void AllDeployed()
    {
        foreach (var stack in Staging)
            _fake.Deployed(stack, JsonNode.Parse(File.ReadAllText(Path.Combine(synth.Outdir, stack + ".template.json")))!);
    }

    [Fact]
    public void Production_is_refused_before_anything_is_asked_of_AWS()
    {
        var (code, console) = Destroy("prod", confirm: "prod");

        code.Should().Be(DestroyCommand.Refused);
        console.Should().Contain("refusing to destroy prod: it is a production environment");
        _fake.Calls.Should().BeEmpty();
    }

    [Fact]
    public void It_lists_what_is_retained_and_lost_and_needs_the_name_back()
    {
        AllDeployed();

        var (code, console) = Destroy("staging");

        code.Should().Be(DestroyCommand.Refused);
        console.Should().Contain("Deletes, in this order: Headroom-staging-Edge, Headroom-staging-App, Headroom-staging-Data, Headroom-staging-Network.")
            .And.Contain("DatabasePrimaryEDE0B3D0").And.Contain("a final snapshot (the resource is deleted)")
            .And.Contain("QueuesOrdersQueue1A584920").And.Contain("the resource, left in the account")
            .And.Contain("AWS::RDS::DBInstance x1 (holds data: DatabaseReplica1ED560A1")
            .And.Contain("pass --confirm staging");
        _fake.Cdk("destroy").Should().BeEmpty();

        Destroy("staging", confirm: "prod").Code.Should().Be(DestroyCommand.Refused);
        _fake.Cdk("destroy").Should().BeEmpty();
    }

    [Fact]
    public void Confirmed_it_destroys_the_deployed_stacks_in_reverse_dependency_order()
    {
        AllDeployed();
        File.Delete(Path.Combine(_fake.Fixtures, "cloudformation.get-template.Headroom-staging-Edge.json")); // never deployed

        var (code, console) = Destroy("staging", confirm: "staging");

        code.Should().Be(DestroyCommand.Destroyed, console);
        _fake.Cdk("destroy").Should().Equal("Headroom-staging-App", "Headroom-staging-Data", "Headroom-staging-Network");
        _fake.Calls.Where(c => c.StartsWith("cdk destroy", StringComparison.Ordinal)).Should().AllSatisfy(c => c.Should().Contain("--force").And.Contain("--exclusively"));
    }

    [Theory]
    [InlineData("staging", DestroyCommand.Destroyed)]
    [InlineData("stagin", DestroyCommand.Refused)]
    public void On_a_terminal_the_name_must_be_typed_back(string typed, int expected)
    {
        AllDeployed();
        var terminal = new TestConsole().Interactive();
        terminal.Profile.Width = 200;
        terminal.Input.PushTextWithEnter(typed);
        var progress = new StringWriter();

        var code = DestroyCommand.Run(new DestroyOptions
        {
            Environment = "staging", WorkingDirectory = Repo.Root, EnvironmentsDirectory = Repo.Environments, Assembly = synth.Outdir,
        }, _fake.Terminal(terminal, progress));

        code.Should().Be(expected, progress.ToString());
        terminal.Output.Should().Contain("Type staging to delete its stacks:");
        _fake.Cdk("destroy").Should().HaveCount(expected == DestroyCommand.Destroyed ? 4 : 0);
    }

    /// <summary>Program.cs's wiring, as a process whose input is not a terminal: the plan, then a refusal without --yes.</summary>
    [Fact]
    public async Task The_command_line_refuses_a_deploy_without_yes_when_not_on_a_terminal()
    {
        AllDeployed();
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Repo.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "Headroom.App.dll"), "deploy", "staging", "--assembly", synth.Outdir, "--skip-checks", "--stacks", "App", "Edge" })
            info.ArgumentList.Add(a);
        foreach (var (key, value) in _fake.Tools.Environment) info.Environment[key] = value;
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
        _fake.Calls.Should().Contain("aws sts get-caller-identity --output json").And.NotContain(c => c.StartsWith("cdk ", StringComparison.Ordinal));
    }
}
