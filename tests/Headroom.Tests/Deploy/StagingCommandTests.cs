using System.Text.Json.Nodes;
using Spectre.Console.Testing;

namespace Headroom.Tests.Deploy;

/// <summary>
/// What the deploy and destroy command tests share: a fake `aws` and `cdk` (<see cref="FakeAws"/>) for each test, and
/// the real environments' cloud assembly synthesized once for the run (<see cref="SynthFixture"/>, `--assembly`).
/// </summary>
public abstract class StagingCommandTests(SynthFixture synth) : IDisposable
{
    /// <summary>staging's stacks, in the order they deploy.</summary>
    protected static readonly string[] StagingStacks = ["Headroom-staging-Network", "Headroom-staging-Data", "Headroom-staging-App", "Headroom-staging-Edge"];

    protected SynthFixture Synth => synth;

    protected FakeAws Fake { get; } = new();

    public void Dispose()
    {
        Fake.Dispose();
        GC.SuppressFinalize(this);
    }

    protected JsonNode Synthesized(string stack) => JsonNode.Parse(File.ReadAllText(Path.Combine(synth.Outdir, stack + ".template.json")))!;

    /// <summary>Every staging stack deployed as synthesized: nothing to change.</summary>
    protected void AllDeployedAsSynthesized()
    {
        foreach (var stack in StagingStacks) Fake.Deployed(stack, Synthesized(stack));
    }

    /// <summary>An interactive terminal, 200 columns wide, where <paramref name="typed"/> and Enter are typed.</summary>
    protected static TestConsole TerminalTyping(string typed)
    {
        var terminal = new TestConsole().Interactive();
        terminal.Profile.Width = 200;
        terminal.Input.PushTextWithEnter(typed);
        return terminal;
    }
}
