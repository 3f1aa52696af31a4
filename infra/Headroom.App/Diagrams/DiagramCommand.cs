using Headroom.App.Stacks;

namespace Headroom.App.Diagrams;

/// <summary>
/// `headroom diagram [ENV...] [--out DIR]`: synthesizes the environments offline (as `preview` does) and
/// writes, per environment, the picture drawn from the synthesized templates: ENV.mmd (Mermaid),
/// ENV.dot (Graphviz's input, the stable text the README's picture is checked by) and ENV.svg (drawn
/// by Graphviz's `dot`). Exit codes: 0 all written; 1 invalid config or a failed drawing;
/// <see cref="NoGraphviz"/> when `dot` is not installed (the .mmd and .dot are still written).
/// </summary>
public static class DiagramCommand
{
    public const string DefaultOut = "cdk.out/diagrams";
    public const int NoGraphviz = 3;

    public sealed record Options(string EnvironmentsDirectory, IReadOnlyCollection<string> Names, string OutDirectory, string AssemblyDirectory = "cdk.out")
    {
        /// <summary>The capacity model's text per environment and fleet; null: none (see <see cref="DiagramOptions.Capacity"/>).</summary>
        public Func<EnvironmentConfig, Func<string, string?>?>? Capacity { get; init; }
        /// <summary>The `dot` to run; null: the one on the PATH.</summary>
        public string? DotExecutable { get; init; }
    }

    /// <summary>The files written for one environment; <see cref="Svg"/> is null when `dot` was not run.</summary>
    public sealed record Written(string Environment, string Mermaid, string Dot, string? Svg);

    public static int Run(Options options, TextWriter output, TextWriter progress)
    {
        progress.WriteLine($"headroom: reading {options.EnvironmentsDirectory}/ ...");
        if (Cli.Output.LoadOrReport(options.EnvironmentsDirectory, options.Names, progress) is not { } configs) return 1;

        var app = HeadroomApp.Create(options.AssemblyDirectory);
        var composed = new List<EnvironmentStacks>();
        foreach (var config in configs)
        {
            progress.WriteLine($"headroom: [{config.Name}] building constructs ...");
            composed.Add(new EnvironmentStacks(app, config));
        }
        progress.WriteLine($"headroom: synthesizing {composed.Sum(c => c.Stacks.Count())} stack(s) into {options.AssemblyDirectory}/ ...");
        var assembly = app.Synth();

        Directory.CreateDirectory(options.OutDirectory);
        var code = 0;
        foreach (var env in composed)
        {
            var diagram = Draw(env, SynthesizedEnvironment.Read(env, assembly), options.Capacity?.Invoke(env.Config));
            var written = Write(diagram, options.OutDirectory, options.DotExecutable, progress, out var result);
            output.WriteLine($"{env.Config.Name}: {string.Join(", ", new[] { written.Mermaid, written.Dot, written.Svg }.OfType<string>())}");
            if (!result.Found) code = Math.Max(code, NoGraphviz);
            else if (result.ExitCode != 0) code = 1;
        }
        if (code == NoGraphviz) progress.WriteLine($"headroom: {Graphviz.InstallHint}");
        return code == NoGraphviz ? NoGraphviz : code;
    }

    /// <summary>One composed and synthesized environment as a diagram, with its schedules' names from the construct tree.</summary>
    public static ArchitectureDiagram Draw(EnvironmentStacks env, SynthesizedEnvironment synthesized, Func<string, string?>? capacity = null) =>
        ArchitectureBuilder.Build(synthesized, new DiagramOptions { ScheduleNames = ScheduleNames.Of(env), Capacity = capacity });

    /// <summary>Writes ENV.mmd and ENV.dot, then draws ENV.svg with `dot` when it is installed.</summary>
    public static Written Write(ArchitectureDiagram diagram, string outDirectory, string? dotExecutable, TextWriter progress, out Graphviz.Result result)
    {
        Directory.CreateDirectory(outDirectory);
        var mmd = Path.Combine(outDirectory, diagram.Environment + ".mmd");
        var dot = Path.Combine(outDirectory, diagram.Environment + ".dot");
        var svg = Path.Combine(outDirectory, diagram.Environment + ".svg");
        File.WriteAllText(mmd, MermaidWriter.Write(diagram));
        File.WriteAllText(dot, DotWriter.Write(diagram));
        result = Graphviz.RenderSvg(dot, svg, dotExecutable);
        if (result.Found && result.ExitCode != 0)
            progress.WriteLine($"headroom: [{diagram.Environment}] dot failed (exit {result.ExitCode}): {result.Error}");
        return new Written(diagram.Environment, mmd, dot, result is { Found: true, ExitCode: 0 } ? svg : null);
    }
}
