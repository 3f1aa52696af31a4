using System.Diagnostics;

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
        var info = new ProcessStartInfo(file)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var a in arguments) info.ArgumentList.Add(a);
        foreach (var (key, value) in Environment.Concat(extra ?? new Dictionary<string, string?>()))
        {
            if (value is null) info.Environment.Remove(key);
            else info.Environment[key] = value;
        }
        using var process = new Process { StartInfo = info };
        try { process.Start(); }
        catch (System.ComponentModel.Win32Exception e) { throw new LoadTestException($"cannot run {file}: {e.Message}"); }
        process.StandardInput.Close();
        var gate = new object();
        void Pump(StreamReader reader)
        {
            while (reader.ReadLine() is { } line)
                lock (gate) onLine(line);
        }
        var readers = new[] { Task.Run(() => Pump(process.StandardOutput)), Task.Run(() => Pump(process.StandardError)) };
        if (!process.WaitForExit(timeout))
        {
            try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            throw new LoadTestException($"{Path.GetFileName(file)} did not finish within {timeout.TotalMinutes:0.#} minutes; stopped it");
        }
        Task.WaitAll(readers, TimeSpan.FromSeconds(10));
        return process.ExitCode;
    }
}
