using Amazon.CDK.AWS.CloudWatch.Actions;

namespace Headroom.Blocks.Monitoring;

/// <summary>An alarm the factory made, with the kind and the resource label it was made for.</summary>
public sealed record CreatedAlarm(AlarmKind Kind, string Resource, Alarm Alarm);

/// <summary>
/// Makes every alarm the same way: named &lt;prefix&gt;-&lt;kind&gt;-&lt;resource&gt;, notifying the ops topic
/// on ALARM and on OK, a description that says what it means and links its runbook, the kind's
/// deliberate missing-data treatment, and the environment's threshold and M of N for the kind.
/// </summary>
public sealed class AlarmFactory
{
    private readonly Construct _scope;
    private readonly SnsAction _notify;
    private readonly string _prefix;
    private readonly string _runbookBaseUrl;
    private readonly IReadOnlyDictionary<string, AlarmSettings> _settings;
    private readonly List<CreatedAlarm> _alarms = [];

    public AlarmFactory(Construct scope, ITopic topic, string namePrefix, string runbookBaseUrl, IReadOnlyDictionary<string, AlarmSettings> settings)
    {
        _scope = scope;
        _notify = new SnsAction(topic);
        _prefix = namePrefix;
        _runbookBaseUrl = runbookBaseUrl;
        _settings = settings;
    }

    public IReadOnlyList<CreatedAlarm> Alarms => _alarms;

    public AlarmSettings SettingsFor(AlarmKind kind) => _settings.TryGetValue(kind.Id, out var s) ? s : kind.Defaults;

    /// <summary>Where the runbook of a kind (or of the composite) is: the base URL from config, or the repository path.</summary>
    public string RunbookLink(string kindId) => $"{RunbookFolderLink}/{kindId}.md";

    public string RunbookFolderLink => _runbookBaseUrl + AlarmKinds.RunbookFolder;

    /// <param name="metric">The watched metric for a period (the kind's period, or the environment's).</param>
    /// <param name="absolute">For relative kinds: the configured threshold (a percentage) as the metric's value.</param>
    /// <param name="scale">Words for the absolute threshold in the description, such as "3.2 GiB".</param>
    public Alarm Create(AlarmKind kind, string resource, Func<Duration, IMetric> metric, Func<double, double>? absolute = null, Func<double, string>? scale = null)
    {
        var s = SettingsFor(kind);
        var watched = metric(Duration.Seconds(s.PeriodSeconds));
        var threshold = absolute?.Invoke(s.Threshold) ?? s.Threshold;
        var percentile = watched is Metric { Statistic: { } stat } && stat.StartsWith('p');
        var alarm = new Alarm(_scope, Pascal(kind.Id) + Pascal(resource), new AlarmProps
        {
            AlarmName = $"{_prefix}-{kind.Id}-{resource}",
            AlarmDescription = Describe(kind, resource, s, scale?.Invoke(threshold)),
            Metric = watched,
            Threshold = threshold,
            ComparisonOperator = kind.Comparison,
            EvaluationPeriods = s.EvaluationPeriods,
            DatapointsToAlarm = s.DatapointsToAlarm,
            TreatMissingData = kind.MissingData,
            // A percentile over a handful of requests is noise: keep the state through quiet periods.
            EvaluateLowSampleCountPercentile = percentile ? "ignore" : null,
        });
        alarm.AddAlarmAction(_notify);
        alarm.AddOkAction(_notify);
        _alarms.Add(new CreatedAlarm(kind, resource, alarm));
        return alarm;
    }

    /// <summary>A composite alarm over others, notifying like every alarm.</summary>
    public CompositeAlarm CreateComposite(string id, string name, string meaning, IReadOnlyList<IAlarm> over)
    {
        if (over.Count == 0) throw new ArgumentException("a composite alarm needs alarms to watch", nameof(over));
        var composite = new CompositeAlarm(_scope, Pascal(id), new CompositeAlarmProps
        {
            CompositeAlarmName = $"{_prefix}-{name}",
            AlarmDescription = Limit($"{meaning} Runbook: {RunbookLink(id)}"),
            AlarmRule = AlarmRule.AnyOf([.. over]),
        });
        composite.AddAlarmAction(_notify);
        composite.AddOkAction(_notify);
        return composite;
    }

    private string Describe(AlarmKind kind, string resource, AlarmSettings s, string? absolute)
    {
        var condition = kind.DescribeCondition(s.Threshold) + (absolute is null ? "" : $" ({absolute})");
        var window = $"{s.DatapointsToAlarm} of {s.EvaluationPeriods} periods of {Period(s.PeriodSeconds)}";
        return Limit($"{kind.Title} on {resource}: {kind.Meaning} Fires on {condition} in {window}. Runbook: {RunbookLink(kind.Id)}");
    }

    private static string Period(int seconds) =>
        seconds % 3600 == 0 ? $"{seconds / 3600} h" : seconds % 60 == 0 ? $"{seconds / 60} min" : $"{seconds} s";

    /// <summary>CloudWatch takes 1024 characters; the runbook link at the end must survive.</summary>
    private static string Limit(string text)
    {
        if (text.Length <= 1024) return text;
        var cut = text.LastIndexOf(" Runbook: ", StringComparison.Ordinal);
        var link = text[cut..];
        return text[..(1024 - link.Length - 1)] + "…" + link;
    }

    internal static string Pascal(string text) =>
        string.Concat(text.Split(['-', '_', '.', ' '], StringSplitOptions.RemoveEmptyEntries)
            .Select(p => char.ToUpperInvariant(p[0]) + p[1..]));

    internal static string Gib(double bytes) => (bytes / Math.Pow(1024, 3)).ToString("0.##", CultureInfo.InvariantCulture) + " GiB";
}
