namespace Headroom.App.LoadTest;

/// <summary>One stretch of an Artillery JSON report (<c>artillery run --output</c>): the whole run, or one of the
/// periods (10 s each, on the wall clock) Artillery reports while it runs.</summary>
/// <param name="Seconds">from the first to the last metric the stretch holds, s</param>
/// <param name="Failed">journeys that failed (connection error, timeout, unexpected status): each stops at its failed request</param>
/// <param name="Errors">what failed, by Artillery's error name (ETIMEDOUT, ECONNREFUSED, "Failed expectations ...")</param>
public sealed record ReportStretch(DateTimeOffset Start, double Seconds, long Requests, long Responses, long Journeys, long Failed,
    double? P50, double? P95, double? P99, IReadOnlyDictionary<string, long> Errors)
{
    /// <summary>Responses completed per second: what the system under test served.</summary>
    public double Throughput => Seconds > 0 ? Responses / Seconds : 0;
    /// <summary>Failed requests over requests sent (a failed journey sends nothing after its failure).</summary>
    public double ErrorRate => Requests > 0 ? (double)Failed / Requests : Failed > 0 ? 1 : 0;
}

/// <summary>An Artillery JSON report: the aggregate and the periods in time order.</summary>
public sealed record ArtilleryReport(ReportStretch Aggregate, IReadOnlyList<ReportStretch> Periods)
{
    public static ArtilleryReport Read(string path)
    {
        JsonDocument doc;
        try { doc = JsonDocument.Parse(File.ReadAllText(path)); }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException)
        {
            throw new LoadTestException($"cannot read the Artillery report {path}: {e.Message}");
        }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("aggregate", out var aggregate) || !root.TryGetProperty("intermediate", out var periods))
                throw new LoadTestException($"{path} is not an Artillery JSON report (artillery run --output): it has no 'aggregate' and 'intermediate'");
            return new(Stretch(aggregate), periods.EnumerateArray().Select(Stretch).OrderBy(p => p.Start).ToList());
        }
    }

    private static ReportStretch Stretch(JsonElement e)
    {
        var counters = e.TryGetProperty("counters", out var c) ? c : default;
        long Counter(string name) => counters.ValueKind == JsonValueKind.Object && counters.TryGetProperty(name, out var v) && v.TryGetInt64(out var n) ? n : 0;
        double? Time(string aggregation) =>
            e.TryGetProperty("summaries", out var s) && s.TryGetProperty("http.response_time", out var rt) && rt.TryGetProperty(aggregation, out var v)
                && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : null;
        long Ms(string name) => e.TryGetProperty(name, out var v) ? v.ValueKind == JsonValueKind.Number ? v.GetInt64() : long.TryParse(v.GetString(), out var n) ? n : 0 : 0;

        var first = Ms("firstCounterAt");
        var last = Ms("lastCounterAt");
        var errors = counters.ValueKind == JsonValueKind.Object
            ? counters.EnumerateObject().Where(p => p.Name.StartsWith("errors.", StringComparison.Ordinal))
                .ToDictionary(p => p.Name["errors.".Length..], p => p.Value.GetInt64())
            : [];
        return new(DateTimeOffset.FromUnixTimeMilliseconds(first == 0 ? Ms("period") : first), Math.Max(0, last - first) / 1000.0,
            Counter("http.requests"), Counter("http.responses"), Counter("vusers.created"), Counter("vusers.failed"),
            Time("median"), Time("p95"), Time("p99"), errors);
    }
}
