using Headroom.App.Diagrams;
using Headroom.App.Stacks;

namespace Headroom.App.Diff;

public sealed record DiffOptions
{
    /// <summary>Where the command runs: the repository (or a folder in it) whose working tree is diffed.</summary>
    public required string WorkingDirectory { get; init; }
    /// <summary>The environments folder, relative to <see cref="WorkingDirectory"/>; the same path is read in the base.</summary>
    public string EnvironmentsDirectory { get; init; } = ConfigLoader.DefaultDirectory;
    /// <summary>The git revision to compare with: a branch, tag or commit.</summary>
    public required string Base { get; init; }
    /// <summary>Environments to diff; empty means every environment of either side.</summary>
    public IReadOnlyCollection<string> Names { get; init; } = [];
    public bool AllowDestructive { get; init; }
    /// <summary>Also write the Markdown report here (for the pull-request comment).</summary>
    public string? OutFile { get; init; }
}

/// <summary>
/// `headroom diff --base REF [ENV...]`: synthesizes the base revision (a temporary git worktree, built
/// and synthesized by its own code) and the working tree (in-process, as `preview` does), both
/// offline; rates every change with the CDK's diff engine; prints a Markdown report; and fails on a
/// destructive change to data unless it is allowed (<see cref="DestructiveGate"/>).
/// </summary>
public static class DiffCommand
{
    public static int Run(DiffOptions options, TextWriter output, TextWriter progress)
    {
        try
        {
            var report = BuildReport(options, progress);
            var markdown = MarkdownReport.Render(report, options.AllowDestructive);
            output.Write(markdown);
            output.Flush();
            if (options.OutFile is not null)
            {
                var path = Path.GetFullPath(options.OutFile, options.WorkingDirectory);
                try { File.WriteAllText(path, markdown); }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    throw new DiffException($"cannot write the report to {path}: {e.Message}");
                }
            }

            var code = DestructiveGate.ExitCode(report, options.AllowDestructive);
            var destructive = report.DestructiveChanges.Count;
            progress.WriteLine(code == DestructiveGate.Blocked
                ? $"headroom: {destructive} destructive change(s) to stateful resources; failing (pass --allow-destructive if intended)"
                : destructive > 0
                    ? $"headroom: {destructive} destructive change(s) to stateful resources, allowed by --allow-destructive"
                    : report.HasChanges ? "headroom: no destructive change to stateful resources" : "headroom: no changes");
            return code;
        }
        catch (ConfigValidationException e)
        {
            Cli.Output.PrintErrors(e, progress);
            return DestructiveGate.Failed;
        }
        catch (DiffException e)
        {
            progress.WriteLine($"headroom: diff failed: {e.Message}");
            return DestructiveGate.Failed;
        }
    }

    public static DiffReport BuildReport(DiffOptions options, TextWriter progress)
    {
        var workDir = Path.GetFullPath(options.WorkingDirectory);
        var topLevel = Git(workDir, "rev-parse", "--show-toplevel").Trim();
        var environments = Path.GetFullPath(options.EnvironmentsDirectory, workDir);
        var relativeEnvironments = Path.GetRelativePath(topLevel, environments);
        if (relativeEnvironments.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relativeEnvironments))
            throw new DiffException($"the environments folder {environments} is outside the repository {topLevel}, so the base revision has no copy of it");

        var baseCommit = TryGit(topLevel, "rev-parse", "--verify", "--quiet", options.Base + "^{commit}")?.Trim()
            ?? throw new DiffException($"unknown revision '{options.Base}' (in CI, check out the full history: fetch-depth: 0)");
        var baseLabel = $"`{options.Base}` ({baseCommit[..Math.Min(12, baseCommit.Length)]})";
        var headLabel = HeadLabel(topLevel);

        // The working tree's files are checked first: a broken environment file fails in a second,
        // before the base is built.
        var headNames = EnvironmentNames(environments);
        var headWanted = options.Names.Count == 0 ? [.. headNames] : options.Names.Where(headNames.Contains).Distinct().ToList();
        var headConfigs = headWanted.Count == 0 ? [] : ConfigLoader.LoadDirectory(environments, headWanted);

        var baseSide = BaseSynthesis.Get(topLevel, options.Base, baseCommit, relativeEnvironments, progress);
        var selected = Select(options.Names, headNames, baseSide.Environments);

        var temp = Directory.CreateTempSubdirectory("headroom-diff-").FullName;
        try
        {
            var headOut = Path.Combine(temp, "head.out");
            var headSelected = headConfigs.Where(c => selected.Contains(c.Name)).ToList();
            var blocks = headSelected.Count > 0 ? SynthesizeWorkingTree(headSelected, headOut, progress) : new Dictionary<string, BlockIndex>();

            var head = headSelected.Count > 0 ? ReadAssembly(headOut, "the working tree") : new CloudAssemblyStacks.Contents([], []);
            var @base = baseSide.Assembly is null ? new CloudAssemblyStacks.Contents([], []) : ReadAssembly(baseSide.Assembly, options.Base);
            var known = headNames.Union(baseSide.Environments).ToList();
            bool Selected(AssemblyStack s) => DiffReport.EnvironmentOf(s.Name, known) is { } env && selected.Contains(env);

            // Head's order (dependency order within each environment), then what only the base has.
            var sides = head.Stacks.Where(Selected).Select(s => s.Name)
                .Concat(@base.Stacks.Where(Selected).Select(s => s.Name)).Distinct()
                .Select(name => new DiffReport.StackSides(name,
                    @base.Stacks.FirstOrDefault(s => s.Name == name), head.Stacks.FirstOrDefault(s => s.Name == name)))
                .ToList();

            progress.WriteLine($"headroom: diffing {sides.Count} stack(s) with @aws-cdk/cloudformation-diff ...");
            var engine = DiffEngine.Run(sides, topLevel, temp);

            var presence = selected.ToDictionary(n => n, n =>
                headNames.Contains(n) && baseSide.Environments.Contains(n) ? Presence.Both : headNames.Contains(n) ? Presence.Added : Presence.Removed);
            // Capacity and cost from each side's environment files (the base's read from git with this code).
            var capacity = CapacityDelta.Of(selected, name => TryGit(topLevel, "show", $"{baseCommit}:{relativeEnvironments.Replace('\\', '/')}/{name}.yaml"), headConfigs);
            return DiffReport.Build(baseLabel, headLabel, presence, sides, engine, blocks) with { Capacity = capacity };
        }
        finally
        {
            try { Directory.Delete(temp, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    /// <summary>The environments asked for, or every one of either side; an unknown name is an error.</summary>
    internal static IReadOnlyList<string> Select(IReadOnlyCollection<string> asked, IReadOnlySet<string> head, IReadOnlySet<string> @base)
    {
        var known = head.Union(@base).Order(StringComparer.Ordinal).ToList();
        if (asked.Count == 0) return known;
        var unknown = asked.Where(n => !known.Contains(n)).ToList();
        if (unknown.Count > 0)
            throw new DiffException($"no such environment in the working tree or the base: {string.Join(", ", unknown)}; known: {string.Join(", ", known)}");
        return asked.Distinct().Order(StringComparer.Ordinal).ToList();
    }

    internal static IReadOnlySet<string> EnvironmentNames(string directory) =>
        Directory.Exists(directory)
            ? Directory.GetFiles(directory)
                .Where(f => f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".yml", StringComparison.Ordinal))
                .Select(Path.GetFileNameWithoutExtension)
                .ToHashSet(StringComparer.Ordinal)!
            : new HashSet<string>();

    /// <summary>Synthesizes the working tree into <paramref name="outdir"/>; returns its blocks per environment, for the change diagram.</summary>
    private static IReadOnlyDictionary<string, BlockIndex> SynthesizeWorkingTree(IReadOnlyList<EnvironmentConfig> configs, string outdir, TextWriter progress)
    {
        progress.WriteLine($"headroom: synthesizing the working tree ({string.Join(", ", configs.Select(c => c.Name))}) ...");
        IReadOnlyList<EnvironmentStacks> composed;
        Amazon.CDK.CXAPI.CloudAssembly assembly;
        try
        {
            var app = HeadroomApp.Create(outdir);
            composed = HeadroomApp.Compose(app, configs);
            assembly = app.Synth();
        }
        catch (Exception e) when (e is not ConfigValidationException)
        {
            // A construct that throws (a block's own props check, a CDK validation) is the change's fault, not the tool's.
            throw new DiffException($"the working tree did not synthesize: {e.Message}");
        }

        var blocks = new Dictionary<string, BlockIndex>(StringComparer.Ordinal);
        foreach (var env in composed)
        {
            try
            {
                blocks[env.Config.Name] = BlockIndex.Of(env, SynthesizedEnvironment.Read(env, assembly));
            }
            catch (Exception e) when (e is InvalidOperationException or KeyNotFoundException or FormatException or System.Text.Json.JsonException or IndexOutOfRangeException)
            {
                // The picture is a help, not the verdict: without it the diagram groups changes by resource type.
                progress.WriteLine($"headroom: [{env.Config.Name}] could not map resources to blocks for the change diagram ({e.Message}); grouping by type");
            }
        }
        return blocks;
    }

    private static CloudAssemblyStacks.Contents ReadAssembly(string directory, string side)
    {
        var contents = CloudAssemblyStacks.Read(directory);
        if (contents.MissingContext.Count > 0)
            throw new DiffException($"synthesizing {side} needed AWS lookups ({string.Join(", ", contents.MissingContext)}); the diff runs offline, so synthesis must not look anything up");
        return contents;
    }

    private static string HeadLabel(string topLevel)
    {
        var head = TryGit(topLevel, "rev-parse", "--short=12", "HEAD")?.Trim();
        var dirty = TryGit(topLevel, "status", "--porcelain", "--untracked-files=normal") is { Length: > 0 };
        return head is null ? "the working tree" : $"the working tree ({head}{(dirty ? " + uncommitted changes" : "")})";
    }

    internal static string Git(string directory, params string[] args)
    {
        var result = ProcessRunner.Run("git", args, directory, timeout: TimeSpan.FromMinutes(5));
        if (result.ExitCode != 0)
            throw new DiffException($"git {string.Join(' ', args)} failed: {result.Err.Trim()}");
        return result.Out;
    }

    internal static string? TryGit(string directory, params string[] args)
    {
        var result = ProcessRunner.Run("git", args, directory, timeout: TimeSpan.FromMinutes(5));
        return result.ExitCode == 0 ? result.Out : null;
    }

    internal static string Tail(string text, int lines) =>
        string.Join('\n', text.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0).TakeLast(lines));
}
