using Headroom.Blocks.Budget;

namespace Headroom.App.Stacks.Wiring;

public static class BudgetWiring
{
    /// <summary>The environment's monthly budget (App stack: it holds no data), counting only costs tagged with
    /// this environment's name; null without a `budget:` section.</summary>
    public static Budget? Build(HeadroomStack stack, EnvironmentConfig config, EnvironmentNames names) =>
        config.Budget is not { } budget ? null : new Budget(stack, "Budget", new BudgetProps(budget.Settings(config))
        {
            Name = $"{names.NamePrefix}-monthly",
            CostTag = ("environment", config.Name),
        });
}
