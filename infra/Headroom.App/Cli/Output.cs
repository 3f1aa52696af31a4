namespace Headroom.App.Cli;

internal static class Output
{
    /// <summary>The environments asked for, or null when any file is invalid (its errors are printed).</summary>
    public static IReadOnlyList<EnvironmentConfig>? LoadOrReport(string directory, IReadOnlyCollection<string> names, TextWriter errors)
    {
        try
        {
            return ConfigLoader.LoadDirectory(directory, names);
        }
        catch (ConfigValidationException e)
        {
            PrintErrors(e, errors);
            return null;
        }
    }

    public static void PrintErrors(ConfigValidationException e, TextWriter writer)
    {
        writer.WriteLine($"headroom: {e.Errors.Count} configuration error(s); nothing was synthesized:");
        foreach (var error in e.Errors) writer.WriteLine("  " + error);
    }
}
