using System.Globalization;
using System.Text.RegularExpressions;

namespace Headroom.Blocks.Monitoring;

/// <summary>
/// What the relative database alarms need to know about an RDS instance class: its memory (freeable
/// memory is judged against it) and the max_connections PostgreSQL derives from it. Synthesis may not ask
/// AWS, so the memory comes from the class name: burstable classes by size, the others by vCPUs
/// (large = 2, xlarge = 4, Nxlarge = 4N) times the family's memory per vCPU.
/// </summary>
public static partial class DbInstanceMemory
{
    private static readonly Dictionary<string, double> Burstable = new()
    {
        ["micro"] = 1, ["small"] = 2, ["medium"] = 4, ["large"] = 8, ["xlarge"] = 16, ["2xlarge"] = 32,
    };

    [GeneratedRegex(@"^db\.(?<family>[a-z]+)(?<generation>\d+)(?<extra>[a-z]*)\.(?<size>[a-z0-9]+)$")] private static partial Regex ClassPattern();
    [GeneratedRegex(@"^(?<n>\d*)xlarge$")] private static partial Regex XLarge();

    /// <summary>Memory in GiB, or null for a class this table does not know.</summary>
    public static double? GiB(string instanceClass)
    {
        var m = ClassPattern().Match(instanceClass);
        if (!m.Success) return null;
        var family = m.Groups["family"].Value;
        var size = m.Groups["size"].Value;
        if (family == "t") return Burstable.TryGetValue(size, out var t) ? t : null;
        double? perVcpu = family switch
        {
            "m" => 4,
            "r" => 8,
            "z" => 8,
            "x" when m.Groups["generation"].Value == "2" => 16,
            _ => null,
        };
        if (perVcpu is null) return null;
        if (size == "large") return 2 * perVcpu;
        var x = XLarge().Match(size);
        if (!x.Success) return null;
        var n = x.Groups["n"].Value.Length == 0 ? 1 : int.Parse(x.Groups["n"].Value, CultureInfo.InvariantCulture);
        return 4 * n * perVcpu;
    }

    /// <summary>
    /// RDS PostgreSQL's default max_connections, LEAST(DBInstanceClassMemory / 9531392, 5000), where
    /// DBInstanceClassMemory is the class's memory less what RDS keeps for itself (about a tenth).
    /// </summary>
    public static int PostgresMaxConnections(double memoryGiB) =>
        (int)Math.Min(Math.Floor(memoryGiB * 0.9 * 1024 * 1024 * 1024 / 9_531_392), 5000);
}
