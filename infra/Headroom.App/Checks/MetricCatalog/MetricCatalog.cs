namespace Headroom.App.Checks.MetricCatalog;

/// <summary>One documented metric: its unit, the dimension sets AWS publishes it under (each sorted by
/// name, ordinal) and, when AWS names them, the only meaningful statistics ("pNN": any percentile).</summary>
public sealed record CatalogMetric(string Name, string Unit, IReadOnlyList<IReadOnlyList<string>> DimensionSets,
    IReadOnlyList<string>? Statistics, string Docs)
{
    public bool HasDimensionSet(IReadOnlyList<string> sortedNames) => DimensionSets.Any(set => set.SequenceEqual(sortedNames));

    /// <summary>True when the catalog restricts nothing or lists the statistic (or its family, such as pNN).</summary>
    public bool Allows(string statistic) =>
        Statistics is null || Statistics.Any(s => s == statistic || (s.EndsWith("NN", StringComparison.Ordinal)
            && CloudWatchStatistics.Family(statistic) == s[..^2]));
}

/// <summary>One CloudWatch namespace of the catalog and the page that documents its metrics.</summary>
public sealed record CatalogNamespace(string Name, string Docs, IReadOnlyDictionary<string, CatalogMetric> Metrics);

/// <summary>
/// The metrics AWS documents, per namespace (<c>metric-catalog.json</c>, embedded in the app). Metrics an
/// alarm, dashboard or scaling policy reads must be in it: CloudWatch accepts any name, so an alarm on a
/// metric AWS never publishes just sits in INSUFFICIENT_DATA (or OK, with missing data not breaching).
/// </summary>
public sealed class MetricCatalog
{
    public const string ResourceName = "Headroom.App.Checks.metric-catalog.json";

    private MetricCatalog(IReadOnlyDictionary<string, CatalogNamespace> namespaces) => Namespaces = namespaces;

    public IReadOnlyDictionary<string, CatalogNamespace> Namespaces { get; }

    private static readonly Lazy<MetricCatalog> Embedded = new(() =>
    {
        using var stream = typeof(MetricCatalog).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"embedded resource {ResourceName} is missing");
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd());
    });

    /// <summary>The catalog shipped with the app.</summary>
    public static MetricCatalog Load() => Embedded.Value;

    /// <summary>The embedded file's text, for tests of the file itself.</summary>
    public static string EmbeddedText()
    {
        using var stream = typeof(MetricCatalog).Assembly.GetManifestResourceStream(ResourceName)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>Reads a catalog; throws <see cref="FormatException"/> on a malformed or contradictory entry
    /// (a duplicate namespace or metric, an unsorted dimension set, a statistic CloudWatch does not know).</summary>
    public static MetricCatalog Parse(string json)
    {
        using var doc = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
        var namespaces = new Dictionary<string, CatalogNamespace>(StringComparer.Ordinal);
        foreach (var ns in Array(doc.RootElement, "namespaces", "the catalog"))
        {
            var name = Text(ns, "namespace", "a namespace");
            var docs = Text(ns, "docs", name);
            var metrics = new Dictionary<string, CatalogMetric>(StringComparer.Ordinal);
            foreach (var m in Array(ns, "metrics", name))
            {
                var metric = Text(m, "name", $"a metric of {name}");
                var where = $"{name} {metric}";
                var sets = Array(m, "dimensions", where)
                    .Select(set => (IReadOnlyList<string>)set.EnumerateArray().Select(d => d.GetString() ?? throw new FormatException($"{where}: a dimension name must be a string")).ToList())
                    .ToList();
                if (sets.Count == 0) throw new FormatException($"{where}: no dimension set");
                foreach (var set in sets)
                    if (!set.SequenceEqual(set.Order(StringComparer.Ordinal)) || set.Distinct().Count() != set.Count)
                        throw new FormatException($"{where}: dimension set [{string.Join(", ", set)}] must be sorted and without repeats");
                if (sets.Select(s => string.Join(",", s)).Distinct().Count() != sets.Count)
                    throw new FormatException($"{where}: a dimension set is listed twice");
                IReadOnlyList<string>? statistics = m.TryGetProperty("statistics", out var st)
                    ? st.EnumerateArray().Select(s => s.GetString() ?? "").ToList()
                    : null;
                if (statistics?.FirstOrDefault(s => !CloudWatchStatistics.IsValid(s) && !CloudWatchStatistics.IsFamily(s)) is { } bad)
                    throw new FormatException($"{where}: '{bad}' is not a CloudWatch statistic");
                var metricDocs = m.TryGetProperty("docs", out var d) ? d.GetString() ?? docs : docs;
                if (!metrics.TryAdd(metric, new CatalogMetric(metric, Text(m, "unit", where), sets, statistics, metricDocs)))
                    throw new FormatException($"{where}: listed twice");
            }
            if (!namespaces.TryAdd(name, new CatalogNamespace(name, docs, metrics)))
                throw new FormatException($"namespace {name}: listed twice");
        }
        return new MetricCatalog(namespaces);
    }

    private static IEnumerable<JsonElement> Array(JsonElement parent, string property, string where) =>
        parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(property, out var a) && a.ValueKind == JsonValueKind.Array
            ? a.EnumerateArray()
            : throw new FormatException($"{where}: '{property}' must be an array");

    private static string Text(JsonElement parent, string property, string where) =>
        parent.TryGetProperty(property, out var v) && v.ValueKind == JsonValueKind.String && v.GetString() is { Length: > 0 } s
            ? s
            : throw new FormatException($"{where}: '{property}' must be a non-empty string");
}

/// <summary>The statistics CloudWatch accepts (Statistic or ExtendedStatistic, a dashboard's "stat").</summary>
public static partial class CloudWatchStatistics
{
    public static readonly IReadOnlyList<string> Basic = ["SampleCount", "Average", "Sum", "Minimum", "Maximum"];

    // pNN(.NN) percentiles; tm/wm/tc/ts with one bound as a percentile; TM/WM/TC/TS/PR(a:b) with percent or
    // absolute bounds, either side may be empty; IQM. See CloudWatch's "Statistics definitions".
    [GeneratedRegex(@"^(p|tm|wm|tc|ts)(100(\.0{1,2})?|[0-9]{1,2}(\.[0-9]{1,2})?)\z")] private static partial Regex Short();
    [GeneratedRegex(@"^(TM|WM|TC|TS|PR)\((?<a>[^:()]*):(?<b>[^:()]*)\)\z")] private static partial Regex Range();
    [GeneratedRegex(@"^([0-9]{1,2}(\.[0-9]{1,2})?|100(\.0{1,2})?)%\z")] private static partial Regex Percent();
    [GeneratedRegex(@"^-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?\z")] private static partial Regex Number();

    public static bool IsValid(string statistic)
    {
        if (Basic.Contains(statistic) || statistic == "IQM" || Short().IsMatch(statistic)) return true;
        var range = Range().Match(statistic);
        if (!range.Success) return false;
        var (a, b) = (range.Groups["a"].Value, range.Groups["b"].Value);
        if (a.Length == 0 && b.Length == 0) return false;
        bool Bound(string x) => x.Length == 0 || Percent().IsMatch(x) || Number().IsMatch(x);
        // PR counts values in an absolute range; the trimmed statistics take percent or absolute bounds, not mixed.
        return Bound(a) && Bound(b) && !(a.EndsWith('%') && b.Length > 0 && !b.EndsWith('%')) && !(b.EndsWith('%') && a.Length > 0 && !a.EndsWith('%'));
    }

    /// <summary>"p" for p99, "tm" for tm90: the family an "NN" entry of the catalog stands for; null for others.</summary>
    public static string? Family(string statistic) =>
        Short().Match(statistic) is { Success: true } m ? m.Groups[1].Value : null;

    /// <summary>A catalog entry naming a whole family, such as "pNN".</summary>
    public static bool IsFamily(string entry) => entry is "pNN" or "tmNN" or "wmNN" or "tcNN" or "tsNN";
}
