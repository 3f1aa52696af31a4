namespace Headroom.App.Preview.Sections;

/// <summary>The monthly budget: its limit, what it counts, and when it e-mails whom.</summary>
internal sealed class BudgetPreview() : BlockPreview("Budget", 95, "Budget")
{
    protected override IEnumerable<string> Describe(SynthesizedEnvironment env, BlockResources block) =>
        block.OfType("AWS::Budgets::Budget").Select(Describe);

    private static string Describe(TemplateResource budget)
    {
        var data = budget.Prop("Budget")!.Value;
        var limit = data.GetProperty("BudgetLimit").GetProperty("Amount").GetDouble();
        var counts = data.TryGetProperty("CostFilters", out var filters)
            ? "costs tagged " + string.Join(", ", filters.GetProperty("TagKeyValue").EnumerateArray().Select(t => t.GetString()!.Replace("user:", "").Replace('$', '=')))
            : "the whole account";
        var alerts = new List<string>();
        var emails = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var n in budget.Prop("NotificationsWithSubscribers")?.EnumerateArray() ?? Enumerable.Empty<JsonElement>())
        {
            var notification = n.GetProperty("Notification");
            var percent = notification.GetProperty("Threshold").GetDouble().ToString(CultureInfo.InvariantCulture);
            alerts.Add(notification.GetProperty("NotificationType").GetString() == "FORECASTED" ? $"{percent}% forecast" : $"{percent}% spent");
            foreach (var s in n.GetProperty("Subscribers").EnumerateArray()) emails.Add(s.GetProperty("Address").GetString()!);
        }
        return $"{data.GetProperty("BudgetName").GetString()}: {limit.ToString("N0", CultureInfo.InvariantCulture)} USD a month ({counts}); " +
               $"e-mails at {string.Join(", ", alerts)} to {string.Join(", ", emails)}";
    }
}
