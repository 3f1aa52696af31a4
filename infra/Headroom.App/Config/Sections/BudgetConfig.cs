using Headroom.Blocks.Budget;

namespace Headroom.App.Config.Sections;

/// <summary>The `budget:` section: overrides of the budget block's settings (<see cref="BudgetSettings"/>). Absent: no budget.</summary>
[SectionFields] public sealed partial class BudgetConfig : IConfigSection, IOverrides<BudgetSettings>
{
    public BudgetSettings Apply(BudgetSettings d, EnvironmentConfig environment) => Overlay(d, environment) with
    {
        // Whoever is paged about the shop hears about its bill, unless the file names someone else.
        Emails = Emails ?? (d.Emails.Count > 0 ? d.Emails : [.. environment.Monitoring.Settings(environment).Emails]),
    };

    public void Validate(ConfigValidator v, string path) => Settings(v.Root).Check(v.Report(path, GetType()));
}
