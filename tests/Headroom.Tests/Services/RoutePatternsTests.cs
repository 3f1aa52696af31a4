using Headroom.Blocks.LoadBalancer;

namespace Headroom.Tests.Services;

/// <summary>Whether two ALB wildcard patterns can match the same path: examples, then every small pattern pair against brute force.</summary>
public sealed class RoutePatternsTests
{
    [Theory]
    [InlineData("/checkout/*", "/checkout/pay", true)]
    [InlineData("/checkout/*", "/check*", true)]
    [InlineData("/checkout/*", "/cart/*", false)]
    [InlineData("/api/cart/*", "/api/car?", false)]
    [InlineData("/api/cart/*", "/api/*/items", true)]
    [InlineData("/a?c", "/abc", true)]
    [InlineData("/a?c", "/ab", false)]
    [InlineData("/a*b*c", "/a?c", true)]
    [InlineData("/x/*/y", "/x/?/z", false)]
    [InlineData("*a", "*b", false)]
    [InlineData("a*", "*b", true)]
    [InlineData("/search", "/search", true)]
    [InlineData("/search", "/Search", false)]
    [InlineData("/*", "/", true)]
    [InlineData("/?", "/", false)]
    public void Two_patterns_overlap_when_some_path_matches_both(string a, string b, bool overlap)
    {
        RoutePatterns.Overlap(a, b).Should().Be(overlap);
        RoutePatterns.Overlap(b, a).Should().Be(overlap, "overlap is symmetric");
    }

    [Fact]
    public void The_check_agrees_with_brute_force_on_every_pattern_pair_up_to_three_characters()
    {
        var patterns = Words("ab*?", 3).ToList();
        // A witness is at most as long as both patterns' literal characters together, so six characters of {a, b} settle it.
        var strings = Words("ab", 6).ToList();
        var matches = patterns.ToDictionary(p => p, p => strings.Where(s => Matches(p, s)).ToHashSet());
        foreach (var a in patterns)
            foreach (var b in patterns)
                RoutePatterns.Overlap(a, b).Should().Be(matches[a].Overlaps(matches[b]), $"'{a}' and '{b}'");
    }

    [Fact]
    public void The_first_overlapping_pair_is_named()
    {
        RoutePatterns.FirstOverlap(["/cart/*", "/api/cart/*"], ["/checkout/*", "/api/*"]).Should().Be(("/api/cart/*", "/api/*"));
        RoutePatterns.FirstOverlap(["/cart/*"], ["/checkout/*"]).Should().BeNull();
    }

    private static IEnumerable<string> Words(string alphabet, int maxLength)
    {
        IEnumerable<string> level = [""];
        for (var n = 0; n <= maxLength; n++)
        {
            foreach (var w in level) yield return w;
            level = level.SelectMany(w => alphabet.Select(c => w + c)).ToList();
        }
    }

    /// <summary>A plain recursive matcher, the reference: * any run, ? one character.</summary>
    private static bool Matches(string pattern, string s) => pattern.Length == 0 ? s.Length == 0 : pattern[0] switch
    {
        '*' => Enumerable.Range(0, s.Length + 1).Any(k => Matches(pattern[1..], s[k..])),
        '?' => s.Length > 0 && Matches(pattern[1..], s[1..]),
        var c => s.Length > 0 && s[0] == c && Matches(pattern[1..], s[1..]),
    };
}
