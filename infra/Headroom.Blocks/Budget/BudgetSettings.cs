namespace Headroom.Blocks.Budget;

/// <summary>A monthly cost budget, as plain values: each default stated once, each rule in <see cref="Check"/>.</summary>
public partial record BudgetSettings
{
    /// <summary>What a month may cost, in US dollars (AWS Budgets bills in USD); 0 means not set.</summary>
    [Field("1–1,000,000 US dollars a month", Default = "required")] public int MonthlyLimitUsd { get; init; }

    /// <summary>E-mails go out when actual spend passes each of these percentages of the limit.</summary>
    [Field("1–1000 each, no repeats; with the forecast alert at most 5 notifications")] public List<int> ActualAlertPercents { get; init; } = [80, 100];

    /// <summary>An e-mail goes out when the month's forecast passes this percentage; 0 turns it off.</summary>
    [Field("0–1000; 0 turns it off")] public int ForecastAlertPercent { get; init; } = 100;

    /// <summary>Who is told. AWS Budgets takes up to 10 e-mail subscribers per notification.</summary>
    [Field("1–10 e-mail addresses", Default = "`monitoring.emails`")] public List<string> Emails { get; init; } = [];

    public const int MaxLimitUsd = 1_000_000;
    /// <summary>AWS Budgets: at most 5 notifications per budget, 10 e-mail subscribers per notification.</summary>
    public const int MaxNotifications = 5;
    public const int MaxEmails = 10;

    public void Check(ISettingsReport r)
    {
        r.Range(nameof(MonthlyLimitUsd), MonthlyLimitUsd, 1, MaxLimitUsd, "US dollars a month");
        for (var i = 0; i < ActualAlertPercents.Count; i++)
            r.Range($"{nameof(ActualAlertPercents)}[{i}]", ActualAlertPercents[i], 1, 1000);
        r.Check(ActualAlertPercents.Distinct().Count() == ActualAlertPercents.Count, nameof(ActualAlertPercents), ActualAlertPercents, "must not repeat a percentage");
        r.Range(nameof(ForecastAlertPercent), ForecastAlertPercent, 0, 1000, "0 turns the forecast alert off");
        var notifications = ActualAlertPercents.Count + (ForecastAlertPercent > 0 ? 1 : 0);
        r.Check(notifications is >= 1 and <= MaxNotifications, nameof(ActualAlertPercents), ActualAlertPercents,
            $"with the forecast alert, must make 1 to {MaxNotifications} notifications (AWS Budgets' limit per budget; got {notifications})");
        if (r.Check(Emails.Count is >= 1 and <= MaxEmails, nameof(Emails), Emails, $"must list 1 to {MaxEmails} e-mail addresses to tell"))
            r.EmailAddresses(nameof(Emails), Emails);
    }
}
