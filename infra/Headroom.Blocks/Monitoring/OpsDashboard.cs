namespace Headroom.Blocks.Monitoring;

/// <summary>The four golden signals.</summary>
public enum Signal { Traffic, Errors, Latency, Saturation }

/// <summary>
/// Collects, per tier, the metrics of each golden signal as resources are monitored, and renders one
/// dashboard: alarm status on top, then a row per tier with traffic, errors, latency and saturation,
/// and the fleets' capacity against their maximum; then a row per service (<see cref="AddToRow"/>).
/// </summary>
public sealed class OpsDashboard
{
    private static readonly Dictionary<Tier, string> TierTitles = new()
    {
        [Tier.Edge] = "Edge: CloudFront and WAF",
        [Tier.LoadBalancer] = "Load balancer",
        [Tier.Fleets] = "Fleets",
        [Tier.Database] = "Database: instances and proxy",
        [Tier.Cache] = "Cache: Redis nodes",
        [Tier.Queues] = "Queues",
        [Tier.Network] = "Network: NAT gateways",
    };

    // Rows by title: the tiers' (in tier order), then named rows in the order they were first added.
    private readonly Dictionary<(string Row, Signal), (List<IMetric> Left, List<IMetric> Right)> _signals = [];
    private readonly Dictionary<string, List<IWidget>> _extras = [];
    private readonly List<string> _named = [];

    public IEnumerable<Tier> Tiers => Enum.GetValues<Tier>().Where(t => HasRow(TierTitles[t]));

    /// <summary>The row titles in dashboard order.</summary>
    public IEnumerable<string> Rows => Tiers.Select(t => TierTitles[t]).Concat(_named);

    private bool HasRow(string row) => _signals.Keys.Any(k => k.Row == row) || _extras.ContainsKey(row);

    /// <summary>Adds a line to a tier's signal graph; <paramref name="rightAxis"/> for a second unit.</summary>
    public void Add(Tier tier, Signal signal, IMetric metric, bool rightAxis = false) => AddLine(TierTitles[tier], signal, metric, rightAxis);

    /// <summary>Adds a line to a row of its own (a service's), after the tiers' rows.</summary>
    public void AddToRow(string row, Signal signal, IMetric metric, bool rightAxis = false)
    {
        if (TierTitles.ContainsValue(row)) throw new ArgumentException($"'{row}' is a tier's row", nameof(row));
        if (!_named.Contains(row)) _named.Add(row);
        AddLine(row, signal, metric, rightAxis);
    }

    private void AddLine(string row, Signal signal, IMetric metric, bool rightAxis)
    {
        if (!_signals.TryGetValue((row, signal), out var lines)) _signals[(row, signal)] = lines = ([], []);
        (rightAxis ? lines.Right : lines.Left).Add(metric);
    }

    public void AddWidget(Tier tier, IWidget widget)
    {
        if (!_extras.TryGetValue(TierTitles[tier], out var list)) _extras[TierTitles[tier]] = list = [];
        list.Add(widget);
    }

    public Dashboard Build(Construct scope, string id, string name, string header, IReadOnlyList<IAlarm> alarms)
    {
        var dashboard = new Dashboard(scope, id, new DashboardProps
        {
            DashboardName = name,
            DefaultInterval = Duration.Hours(3),
        });
        dashboard.AddWidgets(new TextWidget(new TextWidgetProps { Markdown = header, Width = 24, Height = 2 }));
        if (alarms.Count > 0)
            dashboard.AddWidgets(new AlarmStatusWidget(new AlarmStatusWidgetProps
            {
                Title = "Alarms",
                Alarms = [.. alarms],
                Width = 24,
                // Six alarms per row of the widget.
                Height = Math.Max(2, (int)Math.Ceiling(alarms.Count / 6.0) + 1),
                SortBy = AlarmStatusWidgetSortBy.STATE_UPDATED_TIMESTAMP,
            }));
        foreach (var title in Rows)
        {
            dashboard.AddWidgets(new TextWidget(new TextWidgetProps { Markdown = $"## {title}", Width = 24, Height = 1 }));
            var graphs = Enum.GetValues<Signal>()
                .Where(signal => _signals.ContainsKey((title, signal)))
                .Select(signal => (IWidget)Graph($"{title}: {signal.ToString().ToLowerInvariant()}", _signals[(title, signal)]))
                .ToList();
            if (graphs.Count > 0) dashboard.AddWidgets([.. graphs]);
            if (_extras.TryGetValue(title, out var extras))
                foreach (var row in extras.Chunk(4)) dashboard.AddWidgets(row);
        }
        return dashboard;
    }

    private static GraphWidget Graph(string title, (List<IMetric> Left, List<IMetric> Right) lines) =>
        new(new GraphWidgetProps
        {
            Title = title,
            Left = [.. lines.Left],
            Right = [.. lines.Right],
            Width = 6,
            Height = 6,
            LeftYAxis = new YAxisProps { Min = 0 },
        });

    /// <summary>In-service, desired, min and max of one fleet: how close it is to its ceiling.</summary>
    public static GraphWidget CapacityAgainstMax(string title, IMetric inService, IMetric desired, IMetric min, IMetric max) =>
        new(new GraphWidgetProps
        {
            Title = title,
            Left = [inService, desired, min, max],
            Width = 6,
            Height = 6,
            LeftYAxis = new YAxisProps { Min = 0 },
        });
}
