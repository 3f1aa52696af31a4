using Headroom.App.Checks;
using Headroom.App.Diff;
using Spectre.Console;

namespace Headroom.App.Deploy;

/// <summary>Which environment's stacks a command acts on, and where their templates come from.</summary>
public abstract record TargetOptions
{
    public required string Environment { get; init; }
    /// <summary>The repository: the npm packages (diff engine, checks, CDK CLI) are under its node_modules.</summary>
    public required string WorkingDirectory { get; init; }
    public string EnvironmentsDirectory { get; init; } = ConfigLoader.DefaultDirectory;
    /// <summary>An existing cloud assembly to act on; null synthesizes into <see cref="Outdir"/>.</summary>
    public string? Assembly { get; init; }
    public string Outdir { get; init; } = "cdk.out";
    public string EnvironmentsPath => Path.GetFullPath(EnvironmentsDirectory, WorkingDirectory);
}

public sealed record DeployOptions : TargetOptions
{
    /// <summary>Deploy without asking (required when not on a terminal).</summary>
    public bool Yes { get; init; }
    public bool AllowDestructive { get; init; }
    /// <summary>Stop after the gate: report only, deploy nothing.</summary>
    public bool PlanOnly { get; init; }
    /// <summary>Leave out `headroom check` (when it already ran on this assembly).</summary>
    public bool SkipChecks { get; init; }
    /// <summary>Stack parts to deploy (Data, App, ...); empty: every stack of the environment.</summary>
    public IReadOnlyCollection<string> Stacks { get; init; } = [];
    /// <summary>Also write the plan's Markdown report here.</summary>
    public string? OutFile { get; init; }
    /// <summary>How long verification waits for targets, alarms and the site to settle.</summary>
    public TimeSpan VerifyTimeout { get; init; } = TimeSpan.FromMinutes(5);
    public TimeSpan VerifyInterval { get; init; } = TimeSpan.FromSeconds(15);
}

/// <summary>What the commands talk to: AWS, the CDK CLI, the site, the terminal.</summary>
/// <param name="Interactive">A person at a terminal can answer a prompt.</param>
public sealed record DeployContext(IAws Aws, ICdk Cdk, ISiteProbe Site, IAnsiConsole Console, TextWriter Progress, bool Interactive);

/// <summary>
/// `headroom deploy ENV`: synthesizes (or takes `--assembly`), runs `headroom check`, diffs the templates
/// against the DEPLOYED ones through the PR diff's engine and report, applies its destructive gate, asks
/// (or takes `--yes`), deploys the stacks one at a time in dependency order with `cdk deploy`, stops at
/// the first failure with CloudFormation's reason and what it rolled back, then verifies the environment.
/// </summary>
public static class DeployCommand
{
    public const int Deployed = 0;
    /// <summary>Nothing was deployed: configuration, synthesis, checks, credentials or a tool failed before.</summary>
    public const int Failed = 1;
    /// <summary>A destructive change to data, not allowed (the same verdict and code as `headroom diff`).</summary>
    public const int Blocked = DestructiveGate.Blocked;
    /// <summary>Not confirmed: declined at the prompt, or not on a terminal and no --yes.</summary>
    public const int NotConfirmed = 3;
    /// <summary>A stack failed to deploy; the ones after it were not deployed.</summary>
    public const int StackFailed = 4;
    /// <summary>Everything deployed, but verification failed.</summary>
    public const int VerifyFailed = 5;

    public static MarkdownReport.Wording Wording { get; } = new(
        "<!-- headroom-deploy -->",
        "Deploying this replaces or deletes data:",
        "Allowed by `--allow-destructive`: make sure the data is backed up or expendable.",
        "The deploy stops here unless this is intended: rerun with `--allow-destructive` once the data is backed up or expendable (in CI: the `allow-destructive` label and an approved run).",
        "`headroom deploy`: the synthesized templates against the templates CloudFormation holds now; changes rated by `@aws-cdk/cloudformation-diff` {0}.");

    public static int Run(DeployOptions options, DeployContext context, TextWriter output)
    {
        var progress = context.Progress;
        return DeployTarget.Guarded("deploy", progress, temp =>
        {
            var target = DeployTarget.Load(options, progress);
            var selected = DeployStacks.Select(target.Stacks, target.Name, options.Stacks);
            progress.WriteLine($"headroom: {target.Name}: {string.Join(" -> ", selected.Select(s => s.Part(target.Name)))} (dependency order)");

            if (!options.SkipChecks && !Check(options, target, context)) return Failed;

            target.CheckAccount(context.Aws, progress);
            var report = Plan(target, selected, context.Aws, options.WorkingDirectory, temp, progress);
            var markdown = MarkdownReport.Render(report, options.AllowDestructive, wording: Wording);
            output.Write(markdown);
            output.Flush();
            if (options.OutFile is not null) Write(Path.GetFullPath(options.OutFile, options.WorkingDirectory), markdown);

            var destructive = report.DestructiveChanges.Count;
            if (DestructiveGate.ExitCode(report, options.AllowDestructive) == DestructiveGate.Blocked)
            {
                progress.WriteLine($"headroom: {destructive} destructive change(s) to stateful resources against what is deployed; nothing deployed (pass --allow-destructive if intended)");
                return Blocked;
            }
            if (destructive > 0) progress.WriteLine($"headroom: {destructive} destructive change(s) to stateful resources, allowed by --allow-destructive");
            if (options.PlanOnly)
            {
                progress.WriteLine($"headroom: plan only; nothing deployed ({(report.HasChanges ? "changes above" : "no changes")})");
                return Deployed;
            }

            if (!Confirmed(options, target, selected, report, context)) return NotConfirmed;

            var failed = DeployInOrder(target, selected, context);
            if (failed) return StackFailed;

            var verification = Verifier.Run(target, context, options.VerifyTimeout, options.VerifyInterval);
            Verifier.Render(verification, target, context.Console);
            return verification.All(c => c.Passed) ? Deployed : VerifyFailed;
        });
    }

    /// <summary>`headroom check` on the assembly about to be deployed: a finding without a reason stops the deploy.</summary>
    private static bool Check(DeployOptions options, DeployTarget target, DeployContext context)
    {
        var code = CheckCommand.Run(new CheckCommand.Options(Path.GetFullPath(options.EnvironmentsDirectory, options.WorkingDirectory),
            [target.Name], target.Assembly, target.Assembly, ShowAcknowledged: false, options.WorkingDirectory), context.Console, context.Progress);
        if (code != 0)
            context.Progress.WriteLine(code == 1
                ? "headroom: deploy stopped: `headroom check` found problems (above); nothing deployed"
                : "headroom: deploy stopped: `headroom check` could not run; nothing deployed");
        return code == 0;
    }

    /// <summary>The synthesized templates against the deployed ones, through the PR diff's engine and report.</summary>
    internal static DiffReport Plan(DeployTarget target, IReadOnlyList<DeployStack> stacks, IAws aws, string modulesDirectory, string temp, TextWriter progress)
    {
        progress.WriteLine($"headroom: reading the deployed templates of {stacks.Count} stack(s) ...");
        var deployed = target.FetchDeployed(aws, stacks, temp, progress);
        var sides = stacks.Select(s => new DiffReport.StackSides(s.Name,
            deployed[s.Name] is { } path ? s.AsAssemblyStack with { TemplatePath = path } : null, s.AsAssemblyStack)).ToList();
        progress.WriteLine($"headroom: diffing {sides.Count} stack(s) against what is deployed, with @aws-cdk/cloudformation-diff ...");
        var engine = DiffEngine.Run(sides, modulesDirectory, temp);
        var presence = deployed.Values.Any(p => p is not null) ? Presence.Both : Presence.Added;
        // What the deployed side holds is not known (its environment file is not kept): the plan shows what this one holds and costs.
        return DiffReport.Build($"deployed (account {target.Config.Account})", $"this checkout ({HeadLabel(modulesDirectory)})",
            new Dictionary<string, Presence> { [target.Name] = presence }, sides, engine) with { Capacity = CapacityDelta.Of([target.Name], _ => null, [target.Config]) };
    }

    private static string HeadLabel(string directory)
    {
        try
        {
            var head = DiffCommand.TryGit(directory, "rev-parse", "--short=12", "HEAD")?.Trim();
            return string.IsNullOrEmpty(head) ? "not a git checkout" : head;
        }
        catch (DiffException)
        {
            return "not a git checkout";
        }
    }

    private static bool Confirmed(DeployOptions options, DeployTarget target, IReadOnlyList<DeployStack> stacks, DiffReport report, DeployContext context)
    {
        if (options.Yes) return true;
        if (!context.Interactive)
        {
            context.Progress.WriteLine("headroom: not deploying: no terminal to confirm on; pass --yes to deploy without asking (the plan is above)");
            return false;
        }
        var changes = report.Environments.SelectMany(e => e.Stacks).Select(s => s.Changes).ToList();
        context.Console.MarkupLine(Markup.Escape($"{target.Name} (account {target.Config.Account}): {changes.Sum(c => c.ToAdd)} to add, {changes.Sum(c => c.ToModify)} to modify, "
            + $"{changes.Sum(c => c.ToReplace)} to replace, {changes.Sum(c => c.ToRemove)} to remove, in {string.Join(", ", stacks.Select(s => s.Name))}"));
        if (context.Console.Confirm($"Deploy {Markup.Escape(target.Name)}?", defaultValue: false)) return true;
        context.Progress.WriteLine("headroom: not deploying: declined");
        return false;
    }

    /// <summary>One `cdk deploy` per stack, in order; true when one failed (and what it did is printed).</summary>
    private static bool DeployInOrder(DeployTarget target, IReadOnlyList<DeployStack> stacks, DeployContext context)
    {
        var progress = context.Progress;
        for (var i = 0; i < stacks.Count; i++)
        {
            var stack = stacks[i];
            progress.WriteLine($"headroom: [{i + 1}/{stacks.Count}] deploying {stack.Name} ({stack.Region}) ...");
            var tail = new Queue<string>();
            var code = context.Cdk.Deploy(target.Assembly, stack.Name, line =>
            {
                lock (tail)
                {
                    progress.WriteLine("  " + line);
                    tail.Enqueue(line);
                    if (tail.Count > 8) tail.Dequeue();
                }
            });
            if (code == 0)
            {
                progress.WriteLine($"headroom: [{i + 1}/{stacks.Count}] {stack.Name} deployed");
                continue;
            }

            var failure = FailureReport.Read(context.Aws, stack, progress);
            context.Console.Write(new Rule($"[red]{Markup.Escape(stack.Name)} failed[/]").LeftJustified());
            context.Console.WriteLine(FailureReport.Render(stack, code, failure, tail.ToList()));
            var skipped = stacks.Skip(i + 1).Select(s => s.Name).ToList();
            context.Console.WriteLine(skipped.Count > 0
                ? $"Not deployed (after the failure): {string.Join(", ", skipped)}."
                : "It was the last stack to deploy.");
            var done = stacks.Take(i).Select(s => s.Name).ToList();
            if (done.Count > 0) context.Console.WriteLine($"Deployed before it: {string.Join(", ", done)}.");
            return true;
        }
        return false;
    }

    private static void Write(string path, string text)
    {
        try { File.WriteAllText(path, text); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DeployException($"cannot write the report to {path}: {e.Message}");
        }
    }
}
