using Spectre.Console;

namespace Headroom.Tests.Checks;

/// <summary>Runs `headroom check` in-process and captures what it prints.</summary>
internal static class CheckRun
{
    public static (int Code, string Output, string Progress) Run(string environments, string[] names, string? assembly)
    {
        var output = new StringWriter();
        var progress = new StringWriter();
        var console = PlainConsole.Into(output, 240);
        var outdir = Path.Combine(Path.GetTempPath(), "headroom-check-" + Guid.NewGuid().ToString("N"));
        var code = CheckCommand.Run(new CheckCommand.Options(environments, names, assembly, outdir, ShowAcknowledged: true, Repo.Root), console, progress);
        return (code, output.ToString(), progress.ToString());
    }
}
