namespace Headroom.Blocks.Budget;

/// <summary>A budget's settings and what it is wired to.</summary>
public sealed record BudgetProps : BudgetSettings
{
    /// <summary>Wiring on top of settings made elsewhere (an environment file's), or on top of the defaults.</summary>
    public BudgetProps(BudgetSettings? settings = null) : base(settings ?? new()) { }

    /// <summary>The budget's name, unique in the account, such as "headroom-prod-monthly".</summary>
    public required string Name { get; init; }

    /// <summary>Only costs carrying this cost-allocation tag count, such as ("environment", "prod"); null counts the whole account.
    /// The tag must be activated as a cost allocation tag in the Billing console before AWS Budgets can filter on it.</summary>
    public (string Key, string Value)? CostTag { get; init; }
}
