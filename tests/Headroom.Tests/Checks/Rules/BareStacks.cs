namespace Headroom.Tests.Checks.Rules;

/// <summary>
/// A bare CDK app (Headroom's feature flags, none of its blocks) with the stacks a rule test builds,
/// synthesized once per test class (an xunit class fixture), then read back as the rule pack reads a real
/// environment. Stacks are named Headroom-test-&lt;Part&gt;, as an environment "test" would name them.
/// </summary>
public abstract class BareStacks : IDisposable
{
    private readonly string _outdir = Directory.CreateTempSubdirectory("headroom-rules-").FullName;
    private readonly Dictionary<string, SynthesizedStack> _stacks = [];

    protected BareStacks(params string[] parts)
    {
        var app = HeadroomApp.Create(_outdir);
        var stacks = parts.Select(part => new Stack(app, $"Headroom-test-{part}", new StackProps
        {
            Env = new Amazon.CDK.Environment { Account = "111111111111", Region = "eu-west-1" },
        })).ToList();
        Build(stacks.ToDictionary(s => s.StackName[("Headroom-test-".Length)..]));
        var assembly = app.Synth();
        foreach (var stack in stacks)
            _stacks[stack.StackName] = new SynthesizedStack(stack.StackName, assembly.GetStackByName(stack.StackName).TemplateFullPath);
    }

    /// <summary>Adds the compliant and non-compliant resources to the stacks, by part.</summary>
    protected abstract void Build(IReadOnlyDictionary<string, Stack> stacks);

    /// <summary>Logical IDs of the higher-level constructs a test made, by the name it gave them.</summary>
    public Dictionary<string, string> Ids { get; } = [];

    /// <summary>Notes the logical ID of an L2 construct's resource under its construct ID.</summary>
    protected T Named<T>(T construct) where T : Constructs.Construct
    {
        Ids[construct.Node.Id] = Stack.Of(construct).GetLogicalId((CfnElement)construct.Node.DefaultChild!);
        return construct;
    }

    /// <summary>A raw CloudFormation resource whose logical ID is its construct ID (top level in the stack).</summary>
    protected static CfnResource Raw(Stack stack, string id, string type, IDictionary<string, object>? properties = null) =>
        new(stack, id, new CfnResourceProps { Type = type, Properties = properties ?? new Dictionary<string, object>() });

    /// <summary>An environment "test" made of some of the stacks (all by default).</summary>
    public SynthesizedEnvironment Environment(params string[] parts) =>
        new(TestConfig.Parse(TestConfig.Staging), parts.Length == 0
            ? _stacks.Values.ToList()
            : parts.Select(p => _stacks[$"Headroom-test-{p}"]).ToList());

    /// <summary>The logical IDs a rule flags in the environment, each once.</summary>
    public IReadOnlyList<string> Flagged(IRule rule, params string[] parts) =>
        rule.Evaluate(Environment(parts)).Select(v => v.LogicalId).Distinct().Order(StringComparer.Ordinal).ToList();

    public void Dispose()
    {
        GC.SuppressFinalize(this);
        try { Directory.Delete(_outdir, recursive: true); } catch (IOException) { }
    }
}
