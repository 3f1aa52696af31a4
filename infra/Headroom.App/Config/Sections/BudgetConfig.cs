using Headroom.Blocks.Budget;

namespace Headroom.App.Config.Sections;

/// <summary>The `budget:` section: overrides of the budget block's settings (<see cref="BudgetSettings"/>). Absent: no budget.</summary>
public sealed class BudgetConfig : IConfigSection, IOverrides<BudgetSettings>
{
    [Field("1–1,000,000 US dollars a month", Default = "required")]
    public int? MonthlyLimitUsd { get; set; }
    [Field("1–1000 each, no repeats; with the forecast alert at most 5 notifications")]
    public List<int>? ActualAlertPercents { get; set; }
    [Field("0–1000; 0 turns it off")]
    public int? ForecastAlertPercent { get; set; }
    [Field("1–10 e-mail addresses", Default = "`monitoring.emails`")]
    public List<string>? Emails { get; set; }

    public BudgetSettings Apply(BudgetSettings d, EnvironmentConfig environment) => d with
    {
        MonthlyLimitUsd = MonthlyLimitUsd ?? d.MonthlyLimitUsd,
        ActualAlertPercents = ActualAlertPercents ?? d.ActualAlertPercents,
        ForecastAlertPercent = ForecastAlertPercent ?? d.ForecastAlertPercent,
        // Whoever is paged about the shop hears about its bill, unless the file names someone else.
        Emails = Emails ?? (d.Emails.Count > 0 ? d.Emails : [.. environment.Monitoring.Settings(environment).Emails]),
    };

    public BudgetSettings Settings(EnvironmentConfig environment) => Apply(new BudgetSettings(), environment);

    public void Validate(ConfigValidator v, string path) => Settings(v.Root).Check(v.Report(path, GetType()));
}
