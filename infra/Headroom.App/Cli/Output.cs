using Headroom.App.Config;

namespace Headroom.App.Cli;

internal static class Output
{
    public static void PrintErrors(ConfigValidationException e, TextWriter writer)
    {
        writer.WriteLine($"headroom: {e.Errors.Count} configuration error(s); nothing was synthesized:");
        foreach (var error in e.Errors) writer.WriteLine("  " + error);
    }
}
