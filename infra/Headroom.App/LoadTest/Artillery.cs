using Headroom.App.Diff;

namespace Headroom.App.LoadTest;

/// <summary>
/// Artillery, pinned in its own npm package (loadtest/package.json and its lock file) so the main `npm ci` stays
/// fast, and installed there on first use. Its Playwright engine's install step downloads a browser, which we never
/// use: the install skips it, and telemetry is off for every run.
/// </summary>
public sealed class Artillery(string repositoryRoot)
{
    public string Folder => Path.Combine(repositoryRoot, "loadtest");
    public string Executable => Path.Combine(Folder, "node_modules", ".bin", "artillery");

    /// <summary>What every install and run of Artillery gets.</summary>
    public static readonly IReadOnlyDictionary<string, string?> Environment = new Dictionary<string, string?>
    {
        ["PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD"] = "1",
        ["ARTILLERY_DISABLE_TELEMETRY"] = "true",
        // Plain text, so its progress lines can be read.
        ["FORCE_COLOR"] = "0",
        ["NO_COLOR"] = "1",
    };

    /// <summary>`npm ci` in loadtest/ when Artillery is not there yet (about a minute, ~460 MB).</summary>
    public void EnsureInstalled(TextWriter progress)
    {
        if (File.Exists(Executable)) return;
        if (!File.Exists(Path.Combine(Folder, "package-lock.json")))
            throw new LoadTestException($"{Folder} has no package-lock.json: the pinned Artillery cannot be installed");
        progress.WriteLine("headroom: installing Artillery into loadtest/ (npm ci, first use only) ...");
        var code = Run("npm", ["ci", "--no-audit", "--no-fund", "--loglevel=error"], Folder, null, line => progress.WriteLine("  " + line), TimeSpan.FromMinutes(10));
        if (code != 0 || !File.Exists(Executable))
            throw new LoadTestException($"npm ci in {Folder} failed (exit {code}); run it by hand with PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 to see why");
    }

    /// <summary>Runs Artillery with <paramref name="arguments"/>, each output line to <paramref name="onLine"/>; its exit code.</summary>
    public int Invoke(IEnumerable<string> arguments, IReadOnlyDictionary<string, string?> environment, Action<string> onLine, TimeSpan timeout) =>
        Run(Executable, arguments, repositoryRoot, environment, onLine, timeout);

    private static int Run(string file, IEnumerable<string> arguments, string directory, IReadOnlyDictionary<string, string?>? extra, Action<string> onLine, TimeSpan timeout)
    {
        // One writer at a time: Artillery's output and its errors arrive on two threads.
        var gate = new object();
        void Line(string line)
        {
            lock (gate) onLine(line);
        }
        try
        {
            return ProcessRunner.Run(file, arguments, directory, Environment.Concat(extra ?? new Dictionary<string, string?>()).ToDictionary(),
                timeout, Line, Line).ExitCode;
        }
        catch (DiffException e)
        {
            throw new LoadTestException(e.Message);
        }
    }
}
