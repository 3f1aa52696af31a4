using Spectre.Console;

namespace Headroom.Tests.Support;

/// <summary>A Spectre console that writes plain text (no colours, no ANSI) into a writer, as CI logs get it.</summary>
public static class PlainConsole
{
    public static IAnsiConsole Into(TextWriter output, int width)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
        });
        console.Profile.Width = width;
        return console;
    }
}
