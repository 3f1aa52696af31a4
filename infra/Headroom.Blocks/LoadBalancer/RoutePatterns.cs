namespace Headroom.Blocks.LoadBalancer;

/// <summary>
/// ALB's wildcard patterns (path patterns and host headers): <c>*</c> matches any run of characters, <c>?</c>
/// exactly one; every other character matches itself. Whether two patterns can match the same string is decided
/// here, once, for the services' listener rules and CloudFront's path patterns alike (both case-sensitive).
/// </summary>
public static partial class RoutePatterns
{
    /// <summary>ALB takes three values per condition.</summary>
    public const int MaxValuesPerCondition = 3;
    /// <summary>ALB takes five match values per rule, over all its conditions (an http-header condition's value counts).</summary>
    public const int MaxValuesPerRule = 5;
    public const int MaxHostHeaderLength = 128;

    /// <summary>A host-header condition value: letters, digits, '-', '.', and the wildcards * and ?, at most 128 characters.</summary>
    [GeneratedRegex(@"^[A-Za-z0-9*?][A-Za-z0-9.*?-]{0,127}\z")]
    public static partial Regex HostHeaderPattern();

    /// <summary>
    /// True when some string matches both patterns. A dynamic programme over (position in <paramref name="a"/>,
    /// position in <paramref name="b"/>): a <c>*</c> may match nothing (skip it) or take one character the other
    /// pattern produces (stay on it); two non-<c>*</c> characters advance together when they can be the same
    /// character (equal, or either is <c>?</c>). Both patterns used up together means a common string exists.
    /// </summary>
    public static bool Overlap(string a, string b)
    {
        var reachable = new bool[a.Length + 1, b.Length + 1];
        reachable[0, 0] = true;
        for (var i = 0; i <= a.Length; i++)
            for (var j = 0; j <= b.Length; j++)
            {
                if (!reachable[i, j]) continue;
                var aStar = i < a.Length && a[i] == '*';
                var bStar = j < b.Length && b[j] == '*';
                if (aStar) reachable[i + 1, j] = true;
                if (bStar) reachable[i, j + 1] = true;
                if (i == a.Length || j == b.Length) continue;
                // A star takes the character the other side's non-star produces; both stars are skipped above.
                if (aStar && !bStar) reachable[i, j + 1] = true;
                if (bStar && !aStar) reachable[i + 1, j] = true;
                if (!aStar && !bStar && Compatible(a[i], b[j])) reachable[i + 1, j + 1] = true;
            }
        return reachable[a.Length, b.Length];
    }

    /// <summary>The first pair (one of each list) that can match the same string, or null.</summary>
    public static (string A, string B)? FirstOverlap(IEnumerable<string> a, IEnumerable<string> b)
    {
        var right = b.ToList();
        foreach (var x in a)
            foreach (var y in right)
                if (Overlap(x, y)) return (x, y);
        return null;
    }

    public static int Wildcards(IEnumerable<string> values) => values.Sum(v => v.Count(c => c is '*' or '?'));

    private static bool Compatible(char x, char y) => x == '?' || y == '?' || x == y;
}
