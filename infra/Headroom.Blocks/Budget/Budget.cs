using Amazon.CDK.AWS.Budgets;

namespace Headroom.Blocks.Budget;

/// <summary>
/// A monthly cost budget that e-mails when actual spend passes thresholds of its limit, and when the month's
/// forecast does: the cheapest warning that a scaled-out fleet or a forgotten peak schedule is costing money.
/// </summary>
public sealed class Budget : Construct
{
    public CfnBudget Resource { get; }

    public Budget(Construct scope, string id, BudgetProps props) : base(scope, id)
    {
        Settings.Enforce(nameof(Budget), props.Check);
        var subscribers = props.Emails.Select(e => (object)new CfnBudget.SubscriberProperty { SubscriptionType = "EMAIL", Address = e }).ToArray();
        var notifications = props.ActualAlertPercents.Select(p => Notification("ACTUAL", p))
            .Concat(props.ForecastAlertPercent > 0 ? [Notification("FORECASTED", props.ForecastAlertPercent)] : [])
            .ToArray();

        Resource = new CfnBudget(this, "Resource", new CfnBudgetProps
        {
            Budget = new CfnBudget.BudgetDataProperty
            {
                BudgetName = props.Name,
                BudgetType = "COST",
                TimeUnit = "MONTHLY",
                BudgetLimit = new CfnBudget.SpendProperty { Amount = props.MonthlyLimitUsd, Unit = "USD" },
                // Cost Explorer's filter syntax for a user-defined cost-allocation tag: "user:<key>$<value>".
                CostFilters = props.CostTag is { } tag
                    ? new Dictionary<string, object> { ["TagKeyValue"] = new[] { $"user:{tag.Key}${tag.Value}" } }
                    : null,
            },
            NotificationsWithSubscribers = notifications,
        });
        AlarmExemption.Declare(Resource, "a budget is itself an alert: AWS Budgets e-mails its subscribers");

        object Notification(string type, int percent) => new CfnBudget.NotificationWithSubscribersProperty
        {
            Notification = new CfnBudget.NotificationProperty
            {
                NotificationType = type,
                ComparisonOperator = "GREATER_THAN",
                Threshold = percent,
                ThresholdType = "PERCENTAGE",
            },
            Subscribers = subscribers,
        };
    }
}
