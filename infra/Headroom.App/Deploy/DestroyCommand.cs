using Headroom.App.Checks;
using Headroom.App.Diff;
using Spectre.Console;

namespace Headroom.App.Deploy;

public sealed record DestroyOptions : TargetOptions
{
    /// <summary>The environment's name, given up front instead of typed at the prompt (`--confirm ENV`).</summary>
    public string? Confirm { get; init; }
}

/// <summary>What deleting the stacks does to one resource: kept, kept as a final snapshot, or lost.</summary>
public enum Fate
{
    Retained,
    Snapshot,
    Lost,
}

public sealed record DestroyedResource(string Stack, string LogicalId, string Type, Fate Fate);

/// <summary>
/// `headroom destroy ENV`: refused for production. Elsewhere lists, from the DEPLOYED templates, what
/// survives the stacks' deletion (DeletionPolicy Retain or RetainExceptOnCreate: left in the account;
/// Snapshot: deleted after a final snapshot; <see cref="Stateful"/>) and what is lost, requires the
/// environment's name typed back (or `--confirm ENV`), then deletes the stacks in reverse dependency
/// order with `cdk destroy`, stopping at the first failure.
/// </summary>
public static class DestroyCommand
{
    public const int Destroyed = 0;
    public const int Failed = DeployCommand.Failed;
    /// <summary>Refused: production, or the name was not typed back (or given with --confirm).</summary>
    public const int Refused = DeployCommand.NotConfirmed;
    public const int StackFailed = DeployCommand.StackFailed;

    public static int Run(DestroyOptions options, DeployContext context)
    {
        var progress = context.Progress;
        return DeployTarget.Guarded("destroy", progress, temp =>
        {
            var environments = options.EnvironmentsPath;
            progress.WriteLine($"headroom: reading {environments}/{options.Environment}.yaml ...");
            var config = ConfigLoader.LoadDirectory(environments, [options.Environment]).Single();
            if (config.Production)
            {
                progress.WriteLine($"headroom: refusing to destroy {config.Name}: it is a production environment (production: true). "
                    + "Delete its stacks by hand in the AWS console if you really mean it; their termination protection must be turned off first.");
                return Refused;
            }

            var target = DeployTarget.Load(options, progress);
            target.CheckAccount(context.Aws, progress);
            var deployed = target.FetchDeployed(context.Aws, target.Stacks, temp, progress);
            var present = target.Stacks.Where(s => deployed[s.Name] is not null).Reverse().ToList();
            if (present.Count == 0)
            {
                progress.WriteLine($"headroom: nothing to destroy: no stack of {target.Name} is deployed");
                return Destroyed;
            }

            var resources = present.SelectMany(s => Resources(s.Name, deployed[s.Name]!)).ToList();
            Render(target, present, resources, context.Console);

            if (!Confirmed(options, target, context)) return Refused;

            for (var i = 0; i < present.Count; i++)
            {
                var stack = present[i];
                progress.WriteLine($"headroom: [{i + 1}/{present.Count}] destroying {stack.Name} ({stack.Region}) ...");
                var code = context.Cdk.Destroy(target.Assembly, stack.Name, line => progress.WriteLine("  " + line));
                if (code == 0) continue;
                var failure = FailureReport.Read(context.Aws, stack, progress);
                context.Console.WriteLine($"{stack.Name} could not be destroyed: cdk destroy exited {code}; the stacks after it were left alone ({string.Join(", ", present.Skip(i + 1).Select(s => s.Name))}).");
                foreach (var cause in failure.Causes) context.Console.WriteLine($"  {cause.LogicalId} ({cause.ResourceType}) {cause.Status}: {cause.Reason}");
                return StackFailed;
            }
            var kept = resources.Count(r => r.Fate != Fate.Lost);
            context.Console.WriteLine($"{target.Name} destroyed: {present.Count} stack(s) deleted; {kept} resource(s) retained or snapshotted remain in account {target.Config.Account} (listed above).");
            return Destroyed;
        });
    }

    /// <summary>Each resource of a deployed template and what deleting its stack does to it (its DeletionPolicy).</summary>
    public static IEnumerable<DestroyedResource> Resources(string stack, string templatePath)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(templatePath));
        if (!doc.RootElement.TryGetProperty("Resources", out var resources)) return [];
        return resources.EnumerateObject().Select(r =>
        {
            var policy = Stateful.Policy(r.Value, Stateful.DeletionPolicy);
            var fate = !Stateful.Protects(policy) ? Fate.Lost : policy == "Snapshot" ? Fate.Snapshot : Fate.Retained;
            return new DestroyedResource(stack, r.Name, r.Value.TryGetProperty("Type", out var t) ? t.GetString() ?? "?" : "?", fate);
        }).ToList();
    }

    private static void Render(DeployTarget target, IReadOnlyList<DeployStack> stacks, IReadOnlyList<DestroyedResource> resources, IAnsiConsole console)
    {
        console.Write(new Rule($"[bold]destroy {Markup.Escape(target.Name)}[/] (account {Markup.Escape(target.Config.Account)})").LeftJustified());
        console.WriteLine($"Deletes, in this order: {string.Join(", ", stacks.Select(s => s.Name))}.");
        var kept = new Table().Border(TableBorder.Simple).Title("kept (DeletionPolicy)").AddColumn("stack").AddColumn("logical ID").AddColumn("type").AddColumn("what remains");
        foreach (var r in resources.Where(r => r.Fate != Fate.Lost))
            kept.AddRow(Cell(r.Stack), Cell(r.LogicalId), Cell(r.Type),
                Cell(r.Fate == Fate.Snapshot ? "a final snapshot (the resource is deleted)" : "the resource, left in the account (delete it by hand when done)"));
        console.Write(kept);
        var lost = resources.Where(r => r.Fate == Fate.Lost).ToList();
        console.WriteLine($"Lost ({lost.Count} resource(s) without a protecting DeletionPolicy), by type:");
        foreach (var g in lost.GroupBy(r => r.Type).OrderByDescending(g => DataTypes.Contains(g.Key)).ThenBy(g => g.Key, StringComparer.Ordinal))
            console.WriteLine($"  {g.Key} x{g.Count()}{(DataTypes.Contains(g.Key) ? " (holds data: " + string.Join(", ", g.Select(r => r.LogicalId)) + ")" : "")}");
    }

    private static bool Confirmed(DestroyOptions options, DeployTarget target, DeployContext context)
    {
        if (options.Confirm is not null)
        {
            if (options.Confirm == target.Name) return true;
            context.Progress.WriteLine($"headroom: not destroying: --confirm says '{options.Confirm}', not '{target.Name}'");
            return false;
        }
        if (!context.Interactive)
        {
            context.Progress.WriteLine($"headroom: not destroying: no terminal to type the name on; pass --confirm {target.Name}");
            return false;
        }
        var typed = context.Console.Prompt(new TextPrompt<string>($"Type [bold]{Markup.Escape(target.Name)}[/] to delete its stacks:").AllowEmpty());
        if (typed.Trim() == target.Name) return true;
        context.Progress.WriteLine("headroom: not destroying: the name did not match");
        return false;
    }

    private static Markup Cell(string text) => new(Markup.Escape(text));
}
