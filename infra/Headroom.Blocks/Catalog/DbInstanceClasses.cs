namespace Headroom.Blocks.Catalog;

/// <summary>One RDS DB instance class as Headroom sizes things by it.</summary>
/// <param name="Name">the class, such as db.r7g.large</param>
/// <param name="MemoryGiB">memory, GiB</param>
/// <param name="VCpus">vCPUs, or null where the name does not tell (db.t2, an older burstable generation)</param>
/// <param name="PostgresMaxConnections">RDS PostgreSQL's default max_connections for the class, connections</param>
public sealed record DbInstanceClass(string Name, double MemoryGiB, int? VCpus, int PostgresMaxConnections);

/// <summary>
/// The catalog of RDS DB instance classes: the one home of what Headroom knows about a class (memory,
/// vCPUs, PostgreSQL's default max_connections). The monitoring alarms read it today (freeable memory and
/// connections are judged against it) and config validation refuses a class it does not know; capacity
/// planning and cost read it too, rather than keeping tables of their own. Synthesis may not ask AWS, so
/// the facts come from the class name: burstable classes by size, the others by vCPUs (large = 2,
/// xlarge = 4, Nxlarge = 4N) times the family's memory per vCPU.
/// Source for every size below: "Hardware specifications for DB instance classes", Amazon RDS User Guide,
/// https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Concepts.DBInstanceClass.Summary.html
/// </summary>
public static partial class DbInstanceClasses
{
    /// <summary>Burstable (db.t3, db.t4g) memory by size, GiB: micro 1 … 2xlarge 32 (the page above).</summary>
    private static readonly Dictionary<string, double> BurstableMemoryGiB = new()
    {
        ["micro"] = 1, ["small"] = 2, ["medium"] = 4, ["large"] = 8, ["xlarge"] = 16, ["2xlarge"] = 32,
    };

    /// <summary>Burstable (db.t3, db.t4g) vCPUs by size, vCPUs: 2 up to large, then 4 and 8 (the page above).
    /// db.t2 had 1 vCPU at micro and small, so its vCPUs are not derived.</summary>
    private static readonly Dictionary<string, int> BurstableVCpus = new()
    {
        ["micro"] = 2, ["small"] = 2, ["medium"] = 2, ["large"] = 2, ["xlarge"] = 4, ["2xlarge"] = 8,
    };

    /// <summary>The first burstable generation whose vCPUs follow <see cref="BurstableVCpus"/> (db.t3).</summary>
    private const int FirstBurstableGenerationWithTwoVCpus = 3;

    /// <summary>Memory per vCPU of the general-purpose db.m* families, GiB (db.m7g.large: 2 vCPUs, 8 GiB).</summary>
    private const double GeneralPurposeGiBPerVCpu = 4;

    /// <summary>Memory per vCPU of the memory-optimized db.r* families, GiB (db.r7g.large: 2 vCPUs, 16 GiB).</summary>
    private const double MemoryOptimizedGiBPerVCpu = 8;

    /// <summary>Memory per vCPU of db.z1d, GiB (db.z1d.large: 2 vCPUs, 16 GiB).</summary>
    private const double Z1dGiBPerVCpu = 8;

    /// <summary>Memory per vCPU of db.x2g, GiB (db.x2g.large: 2 vCPUs, 32 GiB).</summary>
    private const double X2gGiBPerVCpu = 16;

    /// <summary>vCPUs of a non-burstable "large", vCPUs.</summary>
    private const int LargeVCpus = 2;

    /// <summary>vCPUs of a non-burstable "xlarge", vCPUs; "Nxlarge" has N times as many.</summary>
    private const int XLargeVCpus = 4;

    /// <summary>
    /// Bytes of DBInstanceClassMemory per connection in RDS PostgreSQL's default
    /// max_connections = LEAST({DBInstanceClassMemory/9531392}, 5000), bytes. Source: "Maximum number of
    /// database connections", Amazon RDS User Guide,
    /// https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/CHAP_Limits.html#RDS_Limits.MaxConnections
    /// </summary>
    private const double PostgresBytesPerConnection = 9_531_392;

    /// <summary>The cap of that formula, connections (same source).</summary>
    private const int PostgresMaxConnectionsCap = 5000;

    /// <summary>
    /// The share of a class's memory that is DBInstanceClassMemory, a fraction: RDS keeps some for the
    /// operating system and its own processes and does not publish how much; a tenth is our estimate, so
    /// the alarms' connection threshold errs low rather than above what the database accepts.
    /// </summary>
    private const double DbInstanceClassMemoryShare = 0.9;

    /// <summary>Bytes per GiB.</summary>
    private const double BytesPerGiB = 1024.0 * 1024 * 1024;

    [GeneratedRegex(@"^db\.(?<family>[a-z]+)(?<generation>[0-9]+)(?<extra>[a-z]*)\.(?<size>[a-z0-9]+)\z")] private static partial Regex ClassPattern();
    [GeneratedRegex(@"^(?<n>[0-9]*)xlarge\z")] private static partial Regex XLarge();

    /// <summary>What the catalog knows of a class, or null for a class it does not know.</summary>
    public static DbInstanceClass? Find(string instanceClass)
    {
        var m = ClassPattern().Match(instanceClass);
        if (!m.Success) return null;
        var family = m.Groups["family"].Value;
        // A generation or size too long for an int is no class AWS sells.
        if (!int.TryParse(m.Groups["generation"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var generation)) return null;
        var size = m.Groups["size"].Value;
        if (family == "t")
        {
            if (!BurstableMemoryGiB.TryGetValue(size, out var memory)) return null;
            int? vcpus = generation >= FirstBurstableGenerationWithTwoVCpus ? BurstableVCpus[size] : null;
            return Class(instanceClass, memory, vcpus);
        }
        double? perVCpu = family switch
        {
            "m" => GeneralPurposeGiBPerVCpu,
            "r" => MemoryOptimizedGiBPerVCpu,
            "z" => Z1dGiBPerVCpu,
            "x" when generation == 2 => X2gGiBPerVCpu,
            _ => null,
        };
        if (perVCpu is not { } gibPerVCpu) return null;
        if (size == "large") return Class(instanceClass, LargeVCpus * gibPerVCpu, LargeVCpus);
        var x = XLarge().Match(size);
        if (!x.Success) return null;
        var n = 1;
        if (x.Groups["n"].Value.Length > 0 && !int.TryParse(x.Groups["n"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out n)) return null;
        return Class(instanceClass, XLargeVCpus * n * gibPerVCpu, XLargeVCpus * n);
    }

    /// <summary>Memory in GiB, or null for a class this catalog does not know.</summary>
    public static double? MemoryGiB(string instanceClass) => Find(instanceClass)?.MemoryGiB;

    /// <summary>
    /// RDS PostgreSQL's default max_connections, LEAST(DBInstanceClassMemory / 9531392, 5000), where
    /// DBInstanceClassMemory is the class's memory less what RDS keeps for itself (about a tenth).
    /// </summary>
    public static int PostgresMaxConnections(double memoryGiB) =>
        (int)Math.Min(Math.Floor(memoryGiB * DbInstanceClassMemoryShare * BytesPerGiB / PostgresBytesPerConnection), PostgresMaxConnectionsCap);

    private static DbInstanceClass Class(string name, double memoryGiB, int? vcpus) =>
        new(name, memoryGiB, vcpus, PostgresMaxConnections(memoryGiB));
}
