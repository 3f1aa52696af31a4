using Headroom.App.Diff;
using System.Text.RegularExpressions;

namespace Headroom.Tests.Diff;

/// <summary>One run of the diff command: its exit code, its report, its progress, and the worktrees left after it.</summary>
public sealed record Outcome(int Code, string Report, string Progress, int Worktrees);

/// <summary>
/// A throwaway git repository made from this project's files, one branch per scenario, and the runs of the command
/// line (`dotnet Headroom.App.dll diff`) that build a base: against the unchanged tree (which builds and synthesizes
/// the base, by its own code, once), with --allow-destructive in a clone, and against a base that does not compile.
/// Made once per test run, by processes only (git, dotnet, the CLI): it calls no jsii, so it runs beside the jsii tests
/// (<see cref="DiffBaseTests"/>), and the in-process scenarios (<see cref="DiffScenarios"/>) reuse its base.
/// </summary>
public sealed class DiffRepository
{
    private static readonly Lazy<DiffRepository> Made = new(() => new DiffRepository(), LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The one repository of this test run; the first caller makes it, the others wait for it.</summary>
    public static DiffRepository Shared => Made.Value;

    private readonly string _root = Directory.CreateTempSubdirectory("headroom-diff-repo-").FullName;

    private DiffRepository()
    {
        // Deleted by the in-process scenarios when they are done (the runs here keep what they read in memory); at the end
        // of the run otherwise, when a filter ran only the tests beside them.
        AfterTheRun.Add(Delete);
        Repository = Path.Combine(_root, "repo");
        CopyProject(Repository);
        Git("init", "-q", "-b", "main");
        LinkNodeModules(Repository);
        Git("add", "-A");
        Commit("base");
        BaseCommit = Git("rev-parse", "HEAD").Trim();

        // DBName cannot change in place: CloudFormation creates a new, empty database instance.
        Branch("rename-database", "staging: rename the database", "environments/staging.yaml", "database:\n", "database:\n  databaseName: orders\n");
        Branch("raise-capacity", "staging: room for twice the web fleet", "environments/staging.yaml",
            "minCapacity: 2\n    maxCapacity: 4", "minCapacity: 2\n    maxCapacity: 8"); // the web fleet's
        // Read replicas are expendable (DeletionPolicy Delete): lowering the count deletes one, and the gate lets it.
        Branch("drop-replica", "staging: no read replica", "environments/staging.yaml", "database:\n  replicas: 1\n", "database:\n  replicas: 0\n");
        // A removed environment: its stacks leave the app, and what they retain is orphaned.
        Git("checkout", "-q", "-b", "drop-staging", BaseCommit);
        Git("rm", "-q", "environments/staging.yaml");
        Commit("drop staging");
        // A base that does not compile. The error is in the blocks, the first project built, so the build stops there
        // instead of compiling the app as well.
        Git("checkout", "-q", "-b", "broken-code", BaseCommit);
        BrokenFile = Directory.GetFiles(Path.Combine(Repository, "infra", "Headroom.Blocks"), "*.cs", SearchOption.AllDirectories).Order(StringComparer.Ordinal).First();
        File.AppendAllText(BrokenFile, "\nthis is not C#\n");
        Commit("broken code");
        var brokenCommit = Git("rev-parse", "HEAD").Trim();
        Git("checkout", "-q", BaseCommit);

        Unchanged = Cli(Repository, "diff", "--base", BaseCommit);
        // The allowed run goes through the command line as the workflow calls it, in a clone at the same commit, which
        // has the base's synthesis as this one has it now. The broken base fails while it runs.
        var allowed = CliInClone("rename-database", "diff", "--base", BaseCommit, "--allow-destructive", "--out", ReportFile, "staging");
        BrokenBase = Cli(Repository, "diff", "--base", brokenCommit, "staging");
        DestructiveAllowed = allowed.GetAwaiter().GetResult();
        ReportFileText = File.ReadAllText(ReportFile);
    }

    public string Repository { get; }
    public string BaseCommit { get; }
    public string ReportFile => Path.Combine(_root, "report.md");
    /// <summary>The source file the broken base's commit breaks.</summary>
    public string BrokenFile { get; }

    /// <summary>What the allowed run wrote to --out.</summary>
    public string ReportFileText { get; }

    public Outcome Unchanged { get; }
    public Outcome DestructiveAllowed { get; }
    public Outcome BrokenBase { get; }

    private void Branch(string name, string message, string file, string from, string to)
    {
        Git("checkout", "-q", "-b", name, BaseCommit);
        Edit(file, from, to);
        Commit(message);
    }

    /// <summary>Headroom.App.dll from this build, as a process: Program.cs's wiring and exit codes.</summary>
    private static Outcome Cli(string repository, params string[] args)
    {
        var result = Run("dotnet", [Path.Combine(AppContext.BaseDirectory, "Headroom.App.dll"), .. args], repository);
        return new Outcome(result.ExitCode, result.Out, result.Err, Worktrees(repository));
    }

    /// <summary>
    /// The command line in a clone of the repository with <paramref name="branch"/> checked out and the base synthesis
    /// cache (.headroom/, ignored by git) copied.
    /// </summary>
    private Task<Outcome> CliInClone(string branch, params string[] args)
    {
        var clone = Path.Combine(_root, "clone");
        var cloned = Run("git", ["clone", "-q", "--branch", branch, Repository, clone], _root);
        if (cloned.ExitCode != 0) throw new InvalidOperationException($"git clone: {cloned.Err}");
        LinkNodeModules(clone);
        var cache = Path.Combine(Repository, ".headroom");
        CopyFiles(Directory.GetFiles(cache, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(Repository, f)), Repository, clone);
        return Task.Run(() => Cli(clone, args));
    }

    public static int Worktrees(string repository) =>
        Run("git", ["worktree", "list", "--porcelain"], repository).Out.Split('\n').Count(l => l.StartsWith("worktree ", StringComparison.Ordinal));

    /// <summary>The project's tracked (and new, not ignored) files; node_modules linked, not installed.</summary>
    private static void CopyProject(string target)
    {
        var files = Run("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], Repo.Root).Out
            .Split('\0', StringSplitOptions.RemoveEmptyEntries)
            .Where(file => File.Exists(Path.Combine(Repo.Root, file))); // not deleted in the working tree
        CopyFiles(files, Repo.Root, target);
    }

    private static void CopyFiles(IEnumerable<string> relativePaths, string from, string to)
    {
        foreach (var file in relativePaths)
        {
            var destination = Path.Combine(to, file);
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(Path.Combine(from, file), destination);
        }
    }

    /// <summary>This project's node_modules, linked into a repository (and excluded there: a symlink does not match
    /// .gitignore's "node_modules/", a folder pattern).</summary>
    private static void LinkNodeModules(string repository)
    {
        Directory.CreateSymbolicLink(Path.Combine(repository, "node_modules"), Path.Combine(Repo.Root, "node_modules"));
        Directory.CreateDirectory(Path.Combine(repository, ".git", "info"));
        File.AppendAllText(Path.Combine(repository, ".git", "info", "exclude"), "node_modules\n");
    }

    public void Edit(string file, string from, string to)
    {
        var path = Path.Combine(Repository, file);
        var text = File.ReadAllText(path);
        var at = text.IndexOf(from, StringComparison.Ordinal);
        if (at < 0 || text.IndexOf(from, at + 1, StringComparison.Ordinal) >= 0)
            throw new InvalidOperationException($"{file} must hold '{from}' exactly once to change it");
        File.WriteAllText(path, text.Replace(from, to, StringComparison.Ordinal));
    }

    public void Commit(string message) =>
        Git("-c", "user.name=Headroom Tests", "-c", "user.email=tests@headroom.invalid", "-c", "commit.gpgsign=false",
            "commit", "-q", "-a", "-m", message);

    public string Git(params string[] args)
    {
        var result = Run("git", args);
        if (result.ExitCode != 0) throw new InvalidOperationException($"git {string.Join(' ', args)}: {result.Err}");
        return result.Out;
    }

    private (int ExitCode, string Out, string Err) Run(string file, string[] args) => Run(file, args, Repository);

    private static (int ExitCode, string Out, string Err) Run(string file, string[] args, string directory)
    {
        var info = new System.Diagnostics.ProcessStartInfo(file)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var a in args) info.ArgumentList.Add(a);
        using var process = System.Diagnostics.Process.Start(info)!;
        var err = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output, err.Result);
    }

    public void Delete()
    {
        try { if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}

/// <summary>
/// The scenarios that run the diff command in this process, against the shared repository's base (synthesized by then):
/// each synthesizes its working tree through jsii, so they are in the jsii collection.
/// </summary>
public sealed class DiffScenarios : IDisposable
{
    public DiffScenarios()
    {
        Shared = DiffRepository.Shared;
        Shared.Git("checkout", "-q", "raise-capacity");
        Harmless = Diff("staging");
        Shared.Git("checkout", "-q", "rename-database");
        Destructive = Diff("staging");
        Shared.Git("checkout", "-q", "drop-replica");
        ReplicaRemoved = Diff("staging");
        Shared.Git("checkout", "-q", "drop-staging");
        RemovedEnvironment = Diff("staging");

        Shared.Git("checkout", "-q", "-b", "broken-config", Shared.BaseCommit);
        Shared.Edit("environments/staging.yaml", "natGateways: 1", "natGateways: 9");
        InvalidConfig = Diff("staging");
        Shared.Git("checkout", "-q", "-f", Shared.BaseCommit);
        UnknownBase = DiffAgainst("no-such-branch");
    }

    public DiffRepository Shared { get; }
    public Outcome Harmless { get; }
    public Outcome Destructive { get; }
    public Outcome ReplicaRemoved { get; }
    public Outcome RemovedEnvironment { get; }
    public Outcome InvalidConfig { get; }
    public Outcome UnknownBase { get; }

    private Outcome Diff(params string[] names) => DiffAgainst(Shared.BaseCommit, names);

    private Outcome DiffAgainst(string baseRevision, params string[] names)
    {
        var output = new StringWriter();
        var progress = new StringWriter();
        var code = DiffCommand.Run(new DiffOptions
        {
            WorkingDirectory = Shared.Repository,
            Base = baseRevision,
            Names = names,
        }, output, progress);
        return new Outcome(code, output.ToString(), progress.ToString(), DiffRepository.Worktrees(Shared.Repository));
    }

    public void Dispose() => Shared.Delete();
}

/// <summary>The command-line runs that build a base, beside the jsii tests.</summary>
[Collection(Beside.DiffBase)]
public sealed class DiffBaseTests
{
    private readonly DiffRepository repository = DiffRepository.Shared;

    [Fact]
    public void An_unchanged_tree_reports_no_changes_for_every_environment_and_exits_zero()
    {
        var run = repository.Unchanged;

        run.Code.Should().Be(0, run.Progress);
        run.Report.Should().Contain($"`{repository.BaseCommit}`").And.Contain("the working tree");
        run.Report.Should().Contain("### prod\n\nNo changes.").And.Contain("### staging\n\nNo changes.");
        run.Report.Should().NotContain("####", "no stack has a change");
        run.Report.Should().NotContain("```mermaid", "the change diagram is shown only when something changed");
        run.Progress.Should().Contain("building and synthesizing the base (prod, staging) with its own code").And.Contain("headroom: no changes");
        run.Report.Should().NotContain("uncommitted", "the base's synthesis is kept in .headroom/, which git ignores");
    }

    [Fact]
    public void Allow_destructive_exits_zero_and_writes_the_report_file()
    {
        var run = repository.DestructiveAllowed;

        run.Code.Should().Be(0, run.Progress);
        run.Report.Should().Contain("[!CAUTION]").And.Contain("`DatabasePrimaryEDE0B3D0`").And.Contain("Allowed by `--allow-destructive`");
        repository.ReportFileText.Should().Be(run.Report);
    }

    [Fact]
    public void A_base_that_does_not_build_fails_the_diff_with_the_compiler_errors()
    {
        var run = repository.BrokenBase;

        run.Code.Should().Be(DestructiveGate.Failed);
        run.Report.Should().BeEmpty();
        run.Progress.Should().Contain("the base revision did not build or synthesize")
            .And.MatchRegex($@"{Regex.Escape(Path.GetFileName(repository.BrokenFile))}\(\d+,\d+\): error CS\d+", "the compiler's error, at the broken file");
    }
}

/// <summary>The in-process scenarios, after every other jsii test: by then the base is built beside them.</summary>
[RunsLast]
public sealed class DiffCommandTests(DiffScenarios scenarios) : IClassFixture<DiffScenarios>
{
    [Fact]
    public void Raising_a_fleets_max_shows_a_modification_and_exits_zero()
    {
        var run = scenarios.Harmless;

        run.Code.Should().Be(0, run.Progress);
        run.Report.Should().NotContain("[!CAUTION]");
        run.Report.Should().Contain("#### `Headroom-staging-App`: 0 to add, 1 to modify, 0 to replace, 0 to remove");
        run.Report.Should().Contain("| modify | AWS::AutoScaling::AutoScalingGroup | `WebFleetGroup` |");
        run.Report.Should().Contain("<details>").And.Contain("  MaxSize: in place\n- \"4\"\n+ \"8\"");
        run.Report.Should().Contain("No changes in `Headroom-staging-Network`, `Headroom-staging-Data`", "only the App stack changed");
        run.Progress.Should().Contain("headroom: no destructive change to stateful resources");
        run.Report.Should().Contain("### Capacity and cost")
            .And.MatchRegex(@"\| staging \| [0-9,]+ → [0-9,]+ \| \+[0-9,]+ \(\+[0-9]+%\) \| web fleet \|", "twice the web fleet holds more users");
    }

    [Fact]
    public void Replacing_the_database_is_listed_first_as_destructive_and_exits_non_zero()
    {
        var run = scenarios.Destructive;

        run.Code.Should().Be(DestructiveGate.Blocked, run.Progress);
        run.Report.Should().Contain("[!CAUTION]");
        run.Report.IndexOf("[!CAUTION]", StringComparison.Ordinal).Should().BeLessThan(run.Report.IndexOf("### staging", StringComparison.Ordinal),
            "destructive changes come before everything else");
        run.Report.Should().Contain("> | staging | `Headroom-staging-Data` | `DatabasePrimaryEDE0B3D0` | AWS::RDS::DBInstance | **replace** |");
        run.Report.Should().Contain("| **replace** (data) | AWS::RDS::DBInstance | `DatabasePrimaryEDE0B3D0` |");
        run.Report.Should().Contain("  DBName: requires replacement\n- \"shop\"\n+ \"orders\"");
        run.Progress.Should().Contain("failing (pass --allow-destructive if intended)");
    }

    [Fact]
    public void Removing_a_read_replica_is_listed_but_passes_the_gate_because_replicas_are_expendable()
    {
        var run = scenarios.ReplicaRemoved;

        run.Code.Should().Be(DestructiveGate.Passed, run.Progress);
        run.Report.Should().NotContain("[!CAUTION]", "a replica's DeletionPolicy is Delete: nothing the gate protects is lost");
        run.Report.Should().Contain("| remove | AWS::RDS::DBInstance | `DatabaseReplica1ED560A1F` |");
        run.Report.Should().Contain("```mermaid").And.MatchRegex(@"class [\w,]*b_Database_database[\w,]* modified",
            "the change diagram shows the database block modified, the removed replica placed on it by its logical ID");
        run.Report.Should().MatchRegex(@"#### `Headroom-staging-Data`: \d+ to add, \d+ to modify, \d+ to replace, [1-9]\d* to remove");
        run.Report.Should().Contain("### Capacity and cost")
            .And.MatchRegex(@"\| staging \| [^|]+ \| [^|]+ \| [^|]+ \| \$[0-9,]+ → \$[0-9,]+ \| −\$[0-9,]+ \(−[0-9]+%\) \|", "one replica fewer costs less");
        run.Progress.Should().Contain("headroom: no destructive change to stateful resources");
    }

    [Fact]
    public void Removing_an_environment_orphans_what_it_retains_and_exits_non_zero()
    {
        var run = scenarios.RemovedEnvironment;

        run.Code.Should().Be(DestructiveGate.Blocked, run.Progress);
        run.Report.Should().Contain("Environment removed").And.Contain("(stack removed)");
        run.Report.Should().Contain("`NetworkFlowLogGroup4F8CEEEF` | AWS::Logs::LogGroup | **orphan (removed, resource kept)** |");
        run.Report.Should().MatchRegex(@"`DatabasePrimaryEDE0B3D0` \| AWS::RDS::DBInstance \| \*\*(remove|orphan)");
    }

    [Fact]
    public void The_temporary_worktree_is_removed_after_every_run_even_a_failed_one()
    {
        new[] { scenarios.Shared.Unchanged, scenarios.Harmless, scenarios.Destructive, scenarios.Shared.DestructiveAllowed, scenarios.ReplicaRemoved, scenarios.RemovedEnvironment,
                scenarios.InvalidConfig, scenarios.Shared.BrokenBase }
            .Select(r => r.Worktrees).Should().AllBeEquivalentTo(1);
    }

    [Fact]
    public void A_base_is_built_once_and_its_synthesis_reused_for_the_next_diff()
    {
        scenarios.Shared.Unchanged.Progress.Should().Contain("checking out").And.Contain("with its own code");
        scenarios.Harmless.Progress.Should().Contain("already synthesized").And.NotContain("checking out");
    }

    [Fact]
    public void A_broken_environment_file_fails_with_its_errors_and_no_report()
    {
        var run = scenarios.InvalidConfig;

        run.Code.Should().Be(DestructiveGate.Failed);
        run.Report.Should().BeEmpty();
        run.Progress.Should().Contain("staging.yaml").And.Contain("network.natGateways");
    }

    [Fact]
    public void An_unknown_base_revision_fails_and_says_so()
    {
        var run = scenarios.UnknownBase;

        run.Code.Should().Be(DestructiveGate.Failed);
        run.Progress.Should().Contain("unknown revision 'no-such-branch'").And.Contain("fetch-depth: 0");
    }
}
