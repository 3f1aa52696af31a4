using System.Security.Cryptography;

namespace Headroom.App.Diff;

/// <summary>
/// The base side of a diff: the revision checked out into a temporary git worktree, then built and
/// synthesized by its own code in its own process, so the templates are the ones it would have
/// deployed, whatever the working tree has changed in blocks, stacks or config since. Every
/// environment of the base is synthesized, and the result is kept per commit under
/// .headroom/diff-base/ (ignored by git): a commit's templates never change, and the next diff
/// against the same base only synthesizes the working tree.
/// </summary>
internal static class BaseSynthesis
{
    /// <param name="Assembly">The base's cloud assembly; null when the base has no environments.</param>
    public sealed record Side(string? Assembly, IReadOnlySet<string> Environments);

    private const int KeptEntries = 5;

    public static Side Get(string topLevel, string revision, string commit, string relativeEnvironments, TextWriter progress)
    {
        var cacheRoot = Path.Combine(topLevel, ".headroom", "diff-base");
        var key = commit + "-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(relativeEnvironments)))[..8];
        var entry = Path.Combine(cacheRoot, key);
        if (File.Exists(Path.Combine(entry, "complete")))
        {
            progress.WriteLine($"headroom: base {revision} ({commit[..12]}) already synthesized; using .headroom/diff-base/{key}");
            Directory.SetLastWriteTimeUtc(entry, DateTime.UtcNow);
            return Read(entry);
        }

        var temp = Directory.CreateTempSubdirectory("headroom-base-").FullName;
        var tree = Path.Combine(temp, "tree");
        Directory.CreateDirectory(cacheRoot);
        var staging = Path.Combine(cacheRoot, ".partial-" + Guid.NewGuid().ToString("N"));
        try
        {
            progress.WriteLine($"headroom: checking out {revision} ({commit[..12]}) into a temporary worktree ...");
            DiffCommand.Git(topLevel, "worktree", "add", "--detach", "--quiet", tree, commit);
            var names = DiffCommand.EnvironmentNames(Path.Combine(tree, relativeEnvironments)).Order(StringComparer.Ordinal).ToList();
            Directory.CreateDirectory(staging);
            if (names.Count > 0) Synthesize(tree, relativeEnvironments, names, Path.Combine(staging, "cdk.out"), progress);
            File.WriteAllLines(Path.Combine(staging, "environments"), names);
            File.WriteAllText(Path.Combine(staging, "complete"), commit + "\n");
            try
            {
                Directory.Move(staging, entry);
            }
            catch (IOException) when (File.Exists(Path.Combine(entry, "complete")))
            {
                // Another diff finished the same commit first; its result is as good as ours.
                Directory.Delete(staging, recursive: true);
            }
            Prune(cacheRoot);
            return Read(entry);
        }
        finally
        {
            if (Directory.Exists(tree) && DiffCommand.TryGit(topLevel, "worktree", "remove", "--force", tree) is null)
                progress.WriteLine($"headroom: could not remove the worktree {tree} with git; deleting it");
            DiffCommand.TryGit(topLevel, "worktree", "prune");
            TryDelete(temp);
            TryDelete(staging);
        }
    }

    private static Side Read(string entry)
    {
        var names = File.ReadAllLines(Path.Combine(entry, "environments")).Where(l => l.Length > 0).ToHashSet(StringComparer.Ordinal);
        return new Side(names.Count > 0 ? Path.Combine(entry, "cdk.out") : null, names);
    }

    private static void Synthesize(string tree, string relativeEnvironments, IReadOnlyList<string> names, string outdir, TextWriter progress)
    {
        progress.WriteLine($"headroom: building and synthesizing the base ({string.Join(", ", names)}) with its own code ...");
        var project = Path.Combine(tree, "infra", "Headroom.App", "Headroom.App.csproj");
        if (!File.Exists(project)) throw new DiffException($"the base revision has no {Path.GetRelativePath(tree, project)}");
        var environment = new Dictionary<string, string?>(ProcessRunner.Offline)
        {
            // No MSBuild nodes or MSBuild server: they would outlive the worktree, and they inherit our pipes and
            // hold them open. The C# compiler server is used (it redirects its own output, so it holds none of
            // ours): a warm one compiles the base in a fraction of the time a fresh compiler process takes.
            ["MSBUILDDISABLENODEREUSE"] = "1",
            ["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0",
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
            ["DOTNET_NOLOGO"] = "1",
            ["JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION"] = "14,16,18,20",
            ["JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION"] = "1",
            ["JSII_SILENCE_WARNING_UNTESTED_NODE_VERSION"] = "1",
        };
        var result = ProcessRunner.Run("dotnet",
            ["run", "--project", project, "-c", "Release", "-v", "q", "--",
             "preview", "--environments", relativeEnvironments, "--out", outdir, .. names],
            tree, environment, TimeSpan.FromMinutes(20),
            line => { if (line.StartsWith("headroom:", StringComparison.Ordinal)) progress.WriteLine("  base: " + line); });
        if (result.ExitCode != 0)
            throw new DiffException($"the base revision did not build or synthesize (exit {result.ExitCode}):\n{DiffCommand.Tail(result.Out + result.Err, 40)}");
    }

    /// <summary>Keeps the most recently used entries (a base is usually main, which moves on) and
    /// clears what an interrupted run left half-written.</summary>
    private static void Prune(string cacheRoot)
    {
        var entries = new DirectoryInfo(cacheRoot).GetDirectories();
        foreach (var old in entries.Where(d => !d.Name.StartsWith('.')).OrderByDescending(d => d.LastWriteTimeUtc).Skip(KeptEntries))
            TryDelete(old.FullName);
        foreach (var partial in entries.Where(d => d.Name.StartsWith(".partial-", StringComparison.Ordinal) && d.LastWriteTimeUtc < DateTime.UtcNow.AddHours(-1)))
            TryDelete(partial.FullName);
    }

    private static void TryDelete(string path)
    {
        try { if (Directory.Exists(path)) Directory.Delete(path, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
