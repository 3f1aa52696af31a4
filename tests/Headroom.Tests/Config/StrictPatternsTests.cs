using System.Reflection;
using System.Text.RegularExpressions;

namespace Headroom.Tests.Config;

/// <summary>Every regular expression in the app and the blocks matches whole values the strict way: anchored at the very end
/// (\z, so never a value ending in a newline) and with ASCII digit classes ([0-9], not \d, which takes
/// Arabic-Indic and other digits).</summary>
public sealed class StrictPatternsTests
{
    [Fact]
    public void No_pattern_ends_in_a_dollar_or_uses_the_unicode_digit_class()
    {
        var patterns = new[] { typeof(Headroom.App.Config.ConfigLoader).Assembly, typeof(Headroom.Blocks.Common.Settings).Assembly }
            .SelectMany(a => a.GetTypes())
            .SelectMany(t => t.GetMethods(BindingFlags.Static | BindingFlags.NonPublic | BindingFlags.Public | BindingFlags.DeclaredOnly))
            .Select(m => (Method: $"{m.DeclaringType!.Name}.{m.Name}", Attribute: m.GetCustomAttribute<GeneratedRegexAttribute>()))
            .Where(x => x.Attribute is not null)
            .ToList();

        patterns.Should().HaveCountGreaterThan(20, "the config model has many patterns");
        patterns.Should().OnlyContain(x => !x.Attribute!.Pattern.EndsWith('$') && !x.Attribute.Pattern.Contains(@"\d", StringComparison.Ordinal),
            "patterns end in \\z and use [0-9]: " + string.Join(", ", patterns.Where(x => x.Attribute!.Pattern.EndsWith('$') || x.Attribute.Pattern.Contains(@"\d", StringComparison.Ordinal)).Select(x => x.Method)));
    }
}
