using Headroom.App.Cost;

namespace Headroom.App.Preview.Sections;

/// <summary>What the environment holds, what gives out first, how fast it scales and what it costs (the capacity and
/// cost models on the environment's settings; `headroom capacity` shows the whole table and its assumptions).</summary>
internal sealed class CapacityPreview : IPreviewSection
{
    public int Order => 5;
    public string Title => "Capacity and cost";

    public IEnumerable<string> Describe(SynthesizedEnvironment env)
    {
        EnvironmentPlan plan;
        try { plan = EnvironmentPlan.Of(env.Config); }
        catch (Exception e) when (e is CapacityInputException or UnpricedException)
        {
            return [$"not modelled: {e.Message}"];
        }
        var inv = CultureInfo.InvariantCulture;
        var cost = plan.Cost;
        return
        [
            CapacityCommand.Summary(plan.Capacity),
            .. plan.Capacity.ScaleOut.Select(CapacityCommand.ScaleOutLine),
            $"cost: {cost.Baseline.TotalUsd.ToString("N0", inv)} USD a month at baseline, {cost.PlannedPeakMonth.TotalUsd.ToString("N0", inv)} in a month with " +
            $"{plan.Workload.PeakHoursPerMonth.ToString(inv)} peak hours ({cost.Region} prices of {cost.PriceTableDate}; `./headroom capacity {env.Name}` for every assumption)",
        ];
    }
}
