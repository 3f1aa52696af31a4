using Headroom.App.Diff;
using Spectre.Console;

namespace Headroom.App.Checks;

/// <summary>
/// `headroom check [ENV...]`: judges every template of each environment with CloudFormation's validation,
/// cdk-nag's AwsSolutions pack, Headroom's rule pack and the metric catalog. Prints one table per
/// environment of the findings that have no written reason; exit 0 when there are none, 1 when there are
/// (or the configuration is broken), 2 when a check could not run.
/// </summary>
public static class CheckCommand
{
    /// <summary>The checks that run in this process, over one environment at a time.</summary>
    public static IReadOnlyList<ITemplateCheck> InProcessChecks { get; } = [new Rules.HeadroomRulePack(), new MetricCatalog.MetricCatalogCheck()];

    /// <summary>Acknowledged findings printed anyway, as warnings: a deliberate weakness stays visible.</summary>
    public static IReadOnlySet<string> WarnWhenAcknowledged { get; } = new HashSet<string>(StringComparer.Ordinal) { "Headroom-PlainHttpOrigin" };

    public sealed record Options(string EnvironmentsDirectory, IReadOnlyCollection<string> Names, string? Assembly, string Outdir, bool ShowAcknowledged, string ModulesDirectory);

    /// <summary>One environment's verdict.</summary>
    public sealed record EnvironmentReport(string Environment, IReadOnlyList<Finding> Findings, IReadOnlyDictionary<string, int> RuleCounts)
    {
        public IEnumerable<Finding> Failing => Findings.Where(f => !f.Acknowledged);
        public IEnumerable<Finding> Acknowledged => Findings.Where(f => f.Acknowledged);
    }

    public static int Run(Options options, IAnsiConsole console, TextWriter progress)
    {
        IReadOnlyList<SynthesizedEnvironment> environments;
        try
        {
            environments = options.Assembly is { } dir
                ? FromAssembly(dir, options.EnvironmentsDirectory, options.Names, progress)
                : SynthesizedEnvironment.Synthesize(Load(options.EnvironmentsDirectory, options.Names, progress), options.Outdir, progress);
        }
        catch (ConfigValidationException e)
        {
            Cli.Output.PrintErrors(e, progress);
            return 1;
        }
        catch (CheckException e)
        {
            progress.WriteLine($"headroom: check: {e.Message}");
            return 2;
        }

        IReadOnlyList<EnvironmentReport> reports;
        try
        {
            progress.WriteLine($"headroom: checking {environments.Sum(e => e.Stacks.Count)} template(s): CloudFormation validation and cdk-nag (node) ...");
            reports = Judge(environments, options.ModulesDirectory);
        }
        catch (CheckException e)
        {
            progress.WriteLine($"headroom: check: {e.Message}");
            return 2;
        }

        foreach (var report in reports) Render(console, report, options.ShowAcknowledged);
        return reports.Any(r => r.Failing.Any()) ? 1 : 0;
    }

    /// <summary>Runs every check over the environments: the external tools once for all stacks, ours per environment.</summary>
    public static IReadOnlyList<EnvironmentReport> Judge(IReadOnlyList<SynthesizedEnvironment> environments, string modulesDirectory)
    {
        var external = ExternalChecks.Run(environments.SelectMany(e => e.Stacks).ToList(), modulesDirectory);
        return environments.Select(env =>
        {
            var names = env.Stacks.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
            var findings = external.Findings.Where(f => names.Contains(f.Stack)).ToList();
            var counts = new Dictionary<string, int>(external.RuleCounts, StringComparer.Ordinal);
            foreach (var check in InProcessChecks)
            {
                findings.AddRange(check.Run(env));
                counts[check.Name] = check.RuleCount;
            }
            return new EnvironmentReport(env.Name, findings, counts);
        }).ToList();
    }

    private static IReadOnlyList<EnvironmentConfig> Load(string directory, IReadOnlyCollection<string> names, TextWriter progress)
    {
        progress.WriteLine($"headroom: reading {directory}/ ...");
        return ConfigLoader.LoadDirectory(directory, names);
    }

    /// <summary>An existing cloud assembly (`cdk synth`'s cdk.out): its Headroom-&lt;env&gt;-&lt;part&gt; stacks, grouped by environment.</summary>
    private static IReadOnlyList<SynthesizedEnvironment> FromAssembly(string directory, string environmentsDirectory, IReadOnlyCollection<string> names, TextWriter progress)
    {
        CloudAssemblyStacks.Contents contents;
        try
        {
            contents = CloudAssemblyStacks.Read(directory);
        }
        catch (DiffException e)
        {
            throw new CheckException(e.Message);
        }
        var byEnvironment = contents.Stacks
            .Select(s => (Stack: s, Env: EnvironmentOf(s.Name)))
            .Where(x => x.Env is not null && (names.Count == 0 || names.Contains(x.Env)))
            .GroupBy(x => x.Env!, StringComparer.Ordinal)
            .ToList();
        if (byEnvironment.Count == 0) throw new CheckException($"no Headroom stacks{(names.Count > 0 ? " of " + string.Join(", ", names) : "")} in {directory}");
        var configs = Load(environmentsDirectory, byEnvironment.Select(g => g.Key).ToList(), progress).ToDictionary(c => c.Name);
        return byEnvironment.Select(g => new SynthesizedEnvironment(configs[g.Key], g.Select(x =>
        {
            var (account, region) = AccountAndRegion(x.Stack.Environment);
            return new SynthesizedStack(x.Stack.Name, x.Stack.TemplatePath, account, region);
        }).ToList())).ToList();
    }

    private static string? EnvironmentOf(string stackName)
    {
        var parts = stackName.Split('-');
        return parts.Length >= 3 && parts[0] == "Headroom" ? string.Join('-', parts[1..^1]) : null;
    }

    /// <summary>"aws://111111111111/eu-west-1" -> its account and region.</summary>
    private static (string?, string?) AccountAndRegion(string? environment)
    {
        var parts = environment?.Replace("aws://", "", StringComparison.Ordinal).Split('/');
        return parts is { Length: 2 } ? (parts[0], parts[1]) : (null, null);
    }

    private static void Render(IAnsiConsole console, EnvironmentReport report, bool showAcknowledged)
    {
        var failing = report.Failing.OrderBy(f => f.Check).ThenBy(f => f.Stack).ThenBy(f => f.Rule).ThenBy(f => f.LogicalId).ToList();
        var acknowledged = report.Acknowledged.ToList();
        console.Write(new Rule($"[bold]{Markup.Escape(report.Environment)}[/]").LeftJustified());
        if (failing.Count > 0)
        {
            var table = new Table().Border(TableBorder.Simple)
                .AddColumn("check").AddColumn("rule").AddColumn("stack").AddColumn("logical ID").AddColumn("finding").AddColumn("how to fix");
            foreach (var f in failing)
                table.AddRow(Cell(f.Check), Cell(f.Rule), Cell(f.Stack), Cell(f.LogicalId), Cell(f.Message), Cell(f.Fix));
            console.Write(table);
        }
        foreach (var f in acknowledged.Where(f => WarnWhenAcknowledged.Contains(f.Rule)))
            console.MarkupLine($"[yellow]warning[/]: {Markup.Escape($"{f.Rule} {f.Stack} {f.LogicalId}: {f.Message} ({f.Reason})")}");
        if (showAcknowledged && acknowledged.Count > 0)
        {
            var table = new Table().Border(TableBorder.Simple).Title("acknowledged, with their reasons")
                .AddColumn("check").AddColumn("rule").AddColumn("stack").AddColumn("logical ID").AddColumn("reason");
            foreach (var f in acknowledged.OrderBy(f => f.Check).ThenBy(f => f.Rule).ThenBy(f => f.Stack))
                table.AddRow(Cell(f.Check), Cell(f.Rule), Cell(f.Stack), Cell(f.LogicalId), Cell(f.Reason!));
            console.Write(table);
        }
        var ran = string.Join(", ", report.RuleCounts.OrderBy(kv => kv.Key).Select(kv => $"{kv.Key} {kv.Value.ToString(CultureInfo.InvariantCulture)}"));
        var verdict = failing.Count == 0 ? "[green]0 findings without a reason[/]" : $"[red]{failing.Count} finding(s) without a reason[/]";
        console.MarkupLine($"{Markup.Escape(report.Environment)}: {report.RuleCounts.Count} checks ran ({Markup.Escape(ran)} rules); {verdict}; "
            + $"{acknowledged.Count} acknowledged with a reason{(showAcknowledged || acknowledged.Count == 0 ? "" : " (--acknowledged lists them)")}");
        console.WriteLine();
    }

    private static Markup Cell(string text) => new(Markup.Escape(text));
}
