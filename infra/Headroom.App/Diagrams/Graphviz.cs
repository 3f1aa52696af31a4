using Headroom.App.Diff;

namespace Headroom.App.Diagrams;

/// <summary>Graphviz's `dot`, which lays out and draws the DOT text as SVG. A Debian package, not bundled.</summary>
public static class Graphviz
{
    public const string InstallHint =
        "Graphviz's `dot` is not installed, so no .svg was drawn (the .mmd and .dot files were written). " +
        "Install it with `sudo apt-get install -y graphviz` (Debian, Ubuntu; .ci/run does this) or `brew install graphviz` (macOS), then run again.";

    public sealed record Result(bool Found, int ExitCode, string Error);

    /// <summary>`dot` on the PATH, or the executable given; null when there is none.</summary>
    public static string? Find(string? executable = null)
    {
        if (executable is not null) return File.Exists(executable) ? executable : null;
        foreach (var dir in (System.Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, OperatingSystem.IsWindows() ? "dot.exe" : "dot");
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }

    /// <summary>Draws <paramref name="dotFile"/> into <paramref name="svgFile"/>.</summary>
    public static Result RenderSvg(string dotFile, string svgFile, string? executable = null)
    {
        var dot = Find(executable);
        if (dot is null) return new Result(false, -1, InstallHint);
        try
        {
            var run = ProcessRunner.Run(dot, ["-Tsvg", Path.GetFullPath(dotFile), "-o", Path.GetFullPath(svgFile)], Path.GetDirectoryName(Path.GetFullPath(dotFile))!, timeout: TimeSpan.FromMinutes(2));
            return new Result(true, run.ExitCode, run.Err.Trim());
        }
        catch (DiffException e)
        {
            return new Result(false, -1, $"{e.Message}. {InstallHint}");
        }
    }
}
