using Headroom.App.Stacks;
using Spectre.Console;

namespace Headroom.App.Preview;

/// <summary>
/// `headroom preview`: synthesizes the chosen environments offline (the same code `cdk synth` runs)
/// and prints, per environment and stack, what would be created and the key settings of each block.
/// </summary>
public static class PreviewCommand
{
    public static int Run(string environmentsDirectory, IReadOnlyCollection<string> names, string outdir, IAnsiConsole console, TextWriter progress)
    {
        progress.WriteLine($"headroom: reading {environmentsDirectory}/ ...");
        if (Cli.Output.LoadOrReport(environmentsDirectory, names, progress) is not { } configs) return 1;

        foreach (var synthesized in SynthesizedEnvironment.Synthesize(configs, outdir, progress)) Render(console, synthesized);
        return 0;
    }

    private static void Render(IAnsiConsole console, SynthesizedEnvironment env)
    {
        var c = env.Config;
        console.Write(new Rule($"[bold]{Markup.Escape(c.Name)}[/]  account {c.Account}, {c.Region}, {c.AvailabilityZones.Count} zones{(c.Production ? ", production" : "")}").LeftJustified());
        foreach (var stack in env.Stacks)
        {
            console.MarkupLine($"[bold]{Markup.Escape(stack.Name)}[/]: {stack.Resources.Count} resource(s) to create");
            if (stack.Resources.Count == 0) continue;
            var table = new Table().Border(TableBorder.Simple)
                .AddColumn("resource type").AddColumn(new TableColumn("count").RightAligned());
            foreach (var group in stack.Resources.GroupBy(r => r.Type).OrderBy(g => g.Key, StringComparer.Ordinal))
                table.AddRow(Markup.Escape(group.Key), group.Count().ToString(System.Globalization.CultureInfo.InvariantCulture));
            console.Write(table);
        }
        foreach (var section in IPreviewSection.All)
        {
            var lines = section.Describe(env).ToList();
            if (lines.Count == 0) continue;
            console.MarkupLine($"[bold]{Markup.Escape(section.Title)}[/]");
            foreach (var line in lines) console.WriteLine("  " + line);
        }
        console.WriteLine();
    }
}
