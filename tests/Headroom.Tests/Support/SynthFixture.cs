using Amazon.CDK.CXAPI;

namespace Headroom.Tests.Support;

/// <summary>
/// The real environments (environments/*.yaml), synthesized once for the whole test run, and `headroom check`'s
/// verdicts on them.
/// </summary>
public sealed class SynthFixture : SynthesizedApp
{
    public SynthFixture() : base(ConfigLoader.LoadDirectory(Repo.Environments))
    {
        // The templates are read here, through jsii; the checks then read only JSON and run Node, so they run beside
        // the jsii tests from the start instead of holding them up when a test first asks.
        var environments = Environments.Keys.Order(StringComparer.Ordinal).Select(Json).ToList();
        Checks = Task.Run(() => CheckCommand.Judge(environments, Repo.Root));
    }

    /// <summary>Every real environment's check report, in name order.</summary>
    public Task<IReadOnlyList<CheckCommand.EnvironmentReport>> Checks { get; }

    /// <summary>The checks read the templates from the cloud assembly: a run that never asked for them (a filter) waits
    /// for them to finish before the assembly is deleted.</summary>
    protected override void Dispose(bool disposing)
    {
        if (disposing) Task.WhenAny(Checks).Wait();
        base.Dispose(disposing);
    }
}

/// <summary>
/// Environments synthesized once into a temporary cloud assembly. Tests read the templates through
/// Amazon.CDK.Assertions (<see cref="Template"/>) or as JSON (<see cref="Json"/>).
/// </summary>
public class SynthesizedApp : IDisposable
{
    private readonly Dictionary<(string, string), Template> _templates = [];
    private readonly Dictionary<string, SynthesizedEnvironment> _json = [];
    private readonly string _outdir = Directory.CreateTempSubdirectory("headroom-synth-").FullName;

    public SynthesizedApp(IEnumerable<EnvironmentConfig> configs)
    {
        App = HeadroomApp.Create(_outdir);
        Environments = HeadroomApp.Compose(App, configs).ToDictionary(e => e.Config.Name);
        Assembly = App.Synth();
    }

    public Amazon.CDK.App App { get; }
    /// <summary>The cloud assembly's folder (what `--assembly` takes).</summary>
    public string Outdir => _outdir;
    public IReadOnlyDictionary<string, EnvironmentStacks> Environments { get; }
    public CloudAssembly Assembly { get; }

    public Template Template(string environment, string part)
    {
        if (!_templates.TryGetValue((environment, part), out var template))
        {
            var stack = Environments[environment].Stacks.Single(s => s.Part == part);
            _templates[(environment, part)] = template = Amazon.CDK.Assertions.Template.FromStack(stack);
        }
        return template;
    }

    /// <summary>All stacks of one environment as parsed JSON, for checks that walk every resource.</summary>
    public SynthesizedEnvironment Json(string environment)
    {
        if (!_json.TryGetValue(environment, out var env))
        {
            _json[environment] = env = SynthesizedEnvironment.Read(Environments[environment], Assembly);
        }
        return env;
    }

    /// <summary>One stack of an environment by its part ("Data"), as JSON.</summary>
    public SynthesizedStack Stack(string environment, string part) =>
        Json(environment).Stacks.Single(s => s.Name == $"Headroom-{environment}-{part}");

    public SynthesizedStack DataStack(string environment) => Stack(environment, "Data");

    public TemplateResource DataResource(string environment, string logicalId) =>
        DataStack(environment).Resources.Single(r => r.LogicalId == logicalId);

    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (!disposing) return;
        try { Directory.Delete(_outdir, recursive: true); } catch (IOException) { }
    }
}

/// <summary>
/// The jsii collection: every test class that names no collection of its own (see <see cref="Beside"/>), and those that
/// name this one to take its fixtures. Its tests run one at a time, and its fixtures, the real environments and the web-tier variants, are synthesized once for all of them.
/// </summary>
[CollectionDefinition(Name)]
public sealed class SynthCollection : ICollectionFixture<SynthFixture>, ICollectionFixture<WebVariants>
{
    public const string Name = "jsii, one test at a time";
}
