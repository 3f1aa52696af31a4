using Amazon.CDK.CXAPI;
using Constructs;

namespace Headroom.Tests.Support;

/// <summary>
/// A block's test cases on bare stacks, in the style of cdk-nag's rule tests: one CDK app (Headroom's feature
/// flags, none of the environment wiring), one bare stack per case with a fixed account and region and an
/// imported VPC, the block constructed directly with its props. A derived fixture adds its cases in its
/// constructor and calls <see cref="Synthesize"/> once; tests then read each stack's template, parsed once and
/// cached, as an Amazon.CDK.Assertions <see cref="Amazon.CDK.Assertions.Template"/> or as JSON.
/// </summary>
public abstract class BlockHarness : IDisposable
{
    public const string Account = "111111111111";
    public const string Region = "eu-west-1";
    public const string VpcId = "vpc-0123456789abcdef0";
    public const string VpcCidr = "10.0.0.0/16";

    /// <summary>The imported VPC's zones and, per zone in the same order, its subnets of each tier.</summary>
    public static readonly IReadOnlyList<string> Zones = ["eu-west-1a", "eu-west-1b", "eu-west-1c"];
    public static readonly IReadOnlyList<string> PublicSubnets = Subnets('1');
    public static readonly IReadOnlyList<string> PrivateSubnets = Subnets('2');
    public static readonly IReadOnlyList<string> IsolatedSubnets = Subnets('3');

    private readonly string _outdir = Directory.CreateTempSubdirectory("headroom-blocks-").FullName;
    private readonly Dictionary<string, Stack> _stacks = [];
    private readonly Dictionary<string, Template> _templates = [];
    private readonly Dictionary<string, SynthesizedStack> _json = [];
    private readonly List<ComposedBlock> _blocks = [];
    private IReadOnlyList<(ComposedBlock Block, IReadOnlyList<(string Stack, string LogicalId)> Ids)> _map = [];
    private CloudAssembly? _assembly;

    protected BlockHarness() => App = HeadroomApp.Create(_outdir);

    protected Amazon.CDK.App App { get; }

    /// <summary>The synthesized cloud assembly (after <see cref="Synthesize"/>).</summary>
    public CloudAssembly Assembly => _assembly ?? throw new InvalidOperationException("Synthesize() the cases first");

    /// <summary>A bare stack named after the case, in <see cref="Region"/> unless told.</summary>
    protected Stack Case(string name, string region = Region) =>
        _stacks[name] = new Stack(App, name, new StackProps { Env = new Amazon.CDK.Environment { Account = Account, Region = region } });

    /// <summary>Registers a block as the environments compose it (kind "Cache", name "cache"), for the previews.</summary>
    protected T Block<T>(string kind, string name, T construct) where T : IConstruct
    {
        _blocks.Add(new ComposedBlock(kind, name, [construct]));
        return construct;
    }

    /// <summary>A case whose block admits clients: made in its own stack, on the VPC, with two client groups ("Web" and "Worker").</summary>
    protected T CaseWithClients<T>(string kind, string name, Func<Stack, IVpc, IReadOnlyList<ISecurityGroup>, T> make) where T : IConstruct
    {
        var stack = Case(name);
        var vpc = Vpc(stack);
        return Block(kind, kind.ToLowerInvariant(), make(stack, vpc, [Group(stack, "Web", vpc), Group(stack, "Worker", vpc)]));
    }

    /// <summary>Synthesizes every case once, the only synthesis of the fixture.</summary>
    protected void Synthesize()
    {
        _map = BlockMap.Of(_stacks.Values, _blocks);
        _assembly = App.Synth();
    }

    public Stack StackOf(string name) => _stacks[name];

    public Template Template(string name)
    {
        _ = Assembly;
        if (!_templates.TryGetValue(name, out var template))
            _templates[name] = template = Amazon.CDK.Assertions.Template.FromStack(_stacks[name]);
        return template;
    }

    public SynthesizedStack Json(string name)
    {
        if (!_json.TryGetValue(name, out var stack))
            _json[name] = stack = new SynthesizedStack(name, Assembly.GetStackByName(name).TemplateFullPath, Account, _stacks[name].Region);
        return stack;
    }

    public IReadOnlyList<TemplateResource> Resources(string name) => Json(name).Resources;

    public IEnumerable<TemplateResource> OfType(string name, string type) => Resources(name).Where(r => r.Type == type);

    public TemplateResource Single(string name, string type) => OfType(name, type).Should().ContainSingle(type).Subject;

    public TemplateResource Resource(string name, string logicalId) => Resources(name).Single(r => r.LogicalId == logicalId);

    /// <summary>Some cases read as one environment "test" (for the walkers and preview sections that take one).</summary>
    public SynthesizedEnvironment Environment(params string[] names)
    {
        var stacks = names.Select(Json).ToList();
        var blocks = _map.Where(m => m.Ids.Any(id => names.Contains(id.Stack))).ToList();
        return new(TestConfig.Parse(TestConfig.Staging), stacks, BlockMap.Resolve(blocks, stacks));
    }

    /// <summary>The logical ID a construct's default resource got in its stack.</summary>
    public static string LogicalId(IConstruct construct) =>
        Stack.Of(construct).GetLogicalId((CfnElement)(construct as CfnElement ?? construct.Node.DefaultChild!));

    /// <summary>A VPC of <paramref name="zones"/> zones with public, private and isolated subnets, imported by id.</summary>
    public static IVpc Vpc(Construct scope, int zones = 3, string id = "Vpc") =>
        Amazon.CDK.AWS.EC2.Vpc.FromVpcAttributes(scope, id, new VpcAttributes
        {
            VpcId = VpcId,
            VpcCidrBlock = VpcCidr,
            AvailabilityZones = [.. Zones.Take(zones)],
            PublicSubnetIds = [.. PublicSubnets.Take(zones)],
            PublicSubnetRouteTableIds = [.. RouteTables(PublicSubnets, zones)],
            PrivateSubnetIds = [.. PrivateSubnets.Take(zones)],
            PrivateSubnetRouteTableIds = [.. RouteTables(PrivateSubnets, zones)],
            IsolatedSubnetIds = [.. IsolatedSubnets.Take(zones)],
            IsolatedSubnetRouteTableIds = [.. RouteTables(IsolatedSubnets, zones)],
        });

    /// <summary>A client's security group (a fleet's, say), made in the case's stack.</summary>
    public static SecurityGroup Group(Construct scope, string id, IVpc vpc) =>
        new(scope, id, new SecurityGroupProps { Vpc = vpc, Description = id, AllowAllOutbound = false });

    /// <summary>A non-compliant case: what building it in a throwaway stack throws (nothing is synthesized).</summary>
    public static System.Action Building(System.Action<Stack, IVpc> build) => () =>
    {
        var stack = new Stack(HeadroomApp.Create(), "Refused", new StackProps { Env = new Amazon.CDK.Environment { Account = Account, Region = Region } });
        build(stack, Vpc(stack));
    };

    /// <summary>A non-compliant case: building it throws an <see cref="ArgumentException"/> whose message matches the pattern.</summary>
    public static void ShouldRefuse(string messagePattern, System.Action<Stack, IVpc> build) =>
        Building(build).Should().Throw<ArgumentException>().WithMessage(messagePattern);

    private static IEnumerable<string> RouteTables(IEnumerable<string> subnets, int zones) =>
        subnets.Take(zones).Select(s => s.Replace("subnet-", "rtb-", StringComparison.Ordinal));

    private static IReadOnlyList<string> Subnets(char tier) => Zones.Select(z => $"subnet-0{tier}{z[^1]}{new string('0', 13)}").ToList();

    public void Dispose()
    {
        GC.SuppressFinalize(this);
        try { Directory.Delete(_outdir, recursive: true); } catch (IOException) { }
    }
}
