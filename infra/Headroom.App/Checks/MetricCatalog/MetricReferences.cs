namespace Headroom.App.Checks.MetricCatalog;

/// <summary>One metric a resource reads: namespace, name, the names of its dimensions (sorted, ordinal) and
/// the statistic. <paramref name="Source"/> says where in the resource, such as "widget 'Queues: latency'", "metric 'm1'"
/// of a metric-math alarm, or "" for an alarm's single metric.</summary>
public sealed record MetricReference(TemplateResource Resource, string Source, string Namespace, string MetricName,
    IReadOnlyList<string> Dimensions, string Statistic)
{
    public string DimensionText => "{" + string.Join(", ", Dimensions) + "}";
    public override string ToString() => $"{Namespace} {MetricName} {DimensionText} {Statistic}";
}

/// <summary>A metric entry the reader could not make out (an intrinsic where a name belongs, a body that is not
/// JSON): reported rather than skipped, so a metric cannot escape the catalog by being hard to read.</summary>
public sealed record UnreadableMetric(TemplateResource Resource, string Source, string Problem);

/// <summary>
/// Every metric the templates read: CloudWatch alarms (a single metric, or the metrics under a metric-math
/// alarm's expressions), dashboards (each widget's <c>metrics</c> rows) and target-tracking scaling policies
/// with a customized metric. Expressions themselves are skipped; the metrics they use are read. Predefined
/// target-tracking metrics (ASGAverageCPUUtilization, ...) are AWS's own and need no catalog.
/// </summary>
public sealed class MetricReferences
{
    /// <summary>Stands in for an intrinsic ({"Ref": ...}) inside a dashboard body's Fn::Join; JSON-safe.</summary>
    public const string IntrinsicPlaceholder = "${intrinsic}";

    private readonly List<MetricReference> _metrics = [];
    private readonly List<UnreadableMetric> _unreadable = [];

    public IReadOnlyList<MetricReference> Metrics => _metrics;
    public IReadOnlyList<UnreadableMetric> Unreadable => _unreadable;

    public static MetricReferences Of(IEnumerable<SynthesizedStack> stacks)
    {
        var refs = new MetricReferences();
        foreach (var resource in stacks.SelectMany(s => s.Resources))
        {
            switch (resource.Type)
            {
                case "AWS::CloudWatch::Alarm": refs.ReadAlarm(resource); break;
                case "AWS::CloudWatch::Dashboard": refs.ReadDashboard(resource); break;
                case "AWS::AutoScaling::ScalingPolicy": refs.ReadScalingPolicy(resource); break;
            }
        }
        return refs;
    }

    private void ReadAlarm(TemplateResource alarm)
    {
        var p = alarm.Properties;
        if (Has(p, "MetricName"))
        {
            var stat = Str(p, "Statistic") ?? Str(p, "ExtendedStatistic");
            Add(alarm, "", Str(p, "Namespace"), Str(p, "MetricName"), Get(p, "Dimensions"), stat);
            return;
        }
        if (Get(p, "Metrics") is { ValueKind: JsonValueKind.Array } metrics)
            ReadMetricDataQueries(alarm, "", metrics);
        else
            _unreadable.Add(new UnreadableMetric(alarm, "", "neither MetricName nor Metrics"));
    }

    private void ReadScalingPolicy(TemplateResource policy)
    {
        if (Get(policy.Properties, "TargetTrackingConfiguration") is not { } tracking
            || Get(tracking, "CustomizedMetricSpecification") is not { } custom) return;
        const string source = "target tracking";
        if (Get(custom, "Metrics") is { ValueKind: JsonValueKind.Array } metrics)
            ReadMetricDataQueries(policy, source, metrics);
        else
            Add(policy, source, Str(custom, "Namespace"), Str(custom, "MetricName"), Get(custom, "Dimensions"), Str(custom, "Statistic"));
    }

    /// <summary>Alarm and target-tracking Metrics[]: entries with a MetricStat are metrics, entries with an
    /// Expression are math over them.</summary>
    private void ReadMetricDataQueries(TemplateResource resource, string what, JsonElement queries)
    {
        foreach (var q in queries.EnumerateArray())
        {
            if (Get(q, "MetricStat") is not { } stat) continue;
            var source = (what.Length > 0 ? what + ", " : "") + $"metric '{Str(q, "Id") ?? "?"}'";
            var metric = Get(stat, "Metric");
            Add(resource, source, metric is { } m ? Str(m, "Namespace") : null, metric is { } n ? Str(n, "MetricName") : null,
                metric is { } d ? Get(d, "Dimensions") : null, Str(stat, "Stat"));
        }
    }

    private void ReadDashboard(TemplateResource dashboard)
    {
        var body = DashboardBody(Get(dashboard.Properties, "DashboardBody"));
        if (body is null)
        {
            _unreadable.Add(new UnreadableMetric(dashboard, "", "DashboardBody is neither a string nor an Fn::Join of one"));
            return;
        }
        JsonDocument doc;
        try { doc = JsonDocument.Parse(body); }
        catch (JsonException e)
        {
            _unreadable.Add(new UnreadableMetric(dashboard, "", "DashboardBody is not JSON: " + e.Message));
            return;
        }
        using (doc)
        {
            if (Get(doc.RootElement, "widgets") is not { ValueKind: JsonValueKind.Array } widgets) return;
            foreach (var widget in widgets.EnumerateArray())
            {
                // Alarm-status widgets and alarm annotations name alarms; their metrics are read at the alarms.
                if (Get(widget, "properties") is not { } props || Get(props, "metrics") is not { ValueKind: JsonValueKind.Array } rows) continue;
                var source = $"widget '{Str(props, "title") ?? Str(widget, "type") ?? "?"}'";
                List<JsonElement>? previous = null;
                foreach (var row in rows.EnumerateArray())
                {
                    if (row.ValueKind != JsonValueKind.Array || row.GetArrayLength() == 0) continue;
                    // A metric-math row: [{"expression": ..., "id": ...}].
                    if (row[0].ValueKind == JsonValueKind.Object) continue;
                    var values = row.EnumerateArray().TakeWhile(v => v.ValueKind != JsonValueKind.Object).ToList();
                    var options = row.EnumerateArray().FirstOrDefault(v => v.ValueKind == JsonValueKind.Object);
                    values = Expand(values, previous);
                    previous = values;
                    ReadWidgetRow(dashboard, source, values, options);
                }
            }
        }
    }

    /// <summary>Dashboard shorthand: "." repeats the previous row's value at that position, "..." the previous
    /// row's values up to where this row's remaining values take over. CDK writes rows in full.</summary>
    private static List<JsonElement> Expand(List<JsonElement> values, List<JsonElement>? previous)
    {
        if (previous is null) return values;
        var result = new List<JsonElement>();
        for (var i = 0; i < values.Count; i++)
        {
            var text = values[i].ValueKind == JsonValueKind.String ? values[i].GetString() : null;
            if (text == "...")
            {
                var rest = values.Count - i - 1;
                for (var k = result.Count; k < previous.Count - rest; k++) result.Add(previous[k]);
            }
            else if (text == "." && result.Count < previous.Count) result.Add(previous[result.Count]);
            else result.Add(values[i]);
        }
        return result;
    }

    private void ReadWidgetRow(TemplateResource dashboard, string source, List<JsonElement> values, JsonElement options)
    {
        if (values.Count < 2 || values.Count % 2 != 0 || values.Any(v => v.ValueKind != JsonValueKind.String))
        {
            _unreadable.Add(new UnreadableMetric(dashboard, source, "a metrics row is not [namespace, name, dimension, value, ..., {options}]"));
            return;
        }
        var dims = new List<string>();
        for (var i = 2; i < values.Count; i += 2) dims.Add(values[i].GetString()!);
        // A widget row without "stat" shows the Average.
        var stat = options.ValueKind == JsonValueKind.Object ? Str(options, "stat") ?? "Average" : "Average";
        AddResolved(dashboard, source, values[0].GetString()!, values[1].GetString()!, dims, stat);
    }

    private void Add(TemplateResource resource, string source, string? ns, string? name, JsonElement? dimensions, string? statistic)
    {
        var dims = new List<string>();
        if (dimensions is { ValueKind: JsonValueKind.Array } list)
            foreach (var d in list.EnumerateArray())
                if (Str(d, "Name") is { } n) dims.Add(n);
                else { _unreadable.Add(new UnreadableMetric(resource, source, "a dimension without a literal Name")); return; }
        if (ns is null || name is null || statistic is null)
        {
            _unreadable.Add(new UnreadableMetric(resource, source,
                $"no literal {(ns is null ? "Namespace" : name is null ? "MetricName" : "statistic")}"));
            return;
        }
        AddResolved(resource, source, ns, name, dims, statistic);
    }

    private void AddResolved(TemplateResource resource, string source, string ns, string name, List<string> dims, string statistic) =>
        _metrics.Add(new MetricReference(resource, source, ns, name, dims.Order(StringComparer.Ordinal).ToList(), statistic));

    /// <summary>The body as text: a plain string, or an Fn::Join whose intrinsics become placeholders.</summary>
    private static string? DashboardBody(JsonElement? body)
    {
        if (body is { ValueKind: JsonValueKind.String } s) return s.GetString();
        if (body is not { ValueKind: JsonValueKind.Object } o || !o.TryGetProperty("Fn::Join", out var join)
            || join.ValueKind != JsonValueKind.Array || join.GetArrayLength() != 2
            || join[0].ValueKind != JsonValueKind.String || join[1].ValueKind != JsonValueKind.Array) return null;
        var separator = join[0].GetString()!;
        var text = new StringBuilder();
        var first = true;
        foreach (var part in join[1].EnumerateArray())
        {
            if (!first) text.Append(separator);
            first = false;
            text.Append(part.ValueKind == JsonValueKind.String ? part.GetString() : IntrinsicPlaceholder);
        }
        return text.ToString();
    }

    private static bool Has(JsonElement e, string property) => e.ValueKind == JsonValueKind.Object && e.TryGetProperty(property, out _);

    private static JsonElement? Get(JsonElement? e, string property) =>
        e is { ValueKind: JsonValueKind.Object } o && o.TryGetProperty(property, out var v) ? v : null;

    private static string? Str(JsonElement e, string property) =>
        Get(e, property) is { ValueKind: JsonValueKind.String } v ? v.GetString() : null;
}
