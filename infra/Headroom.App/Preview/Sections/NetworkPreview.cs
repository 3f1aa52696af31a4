namespace Headroom.App.Preview.Sections;

internal sealed class NetworkPreview() : BlockPreview("Network", 10, "Network")
{
    protected override IEnumerable<string> Describe(SynthesizedEnvironment env, BlockResources block)
    {
        foreach (var vpc in block.OfType("AWS::EC2::VPC"))
            yield return $"VPC {vpc.Str("CidrBlock")}";
        var subnets = block.OfType("AWS::EC2::Subnet").ToList();
        var zones = subnets.Select(s => s.Str("AvailabilityZone")).Distinct().Order().ToList();
        yield return $"{zones.Count} zones ({string.Join(", ", zones)}), {subnets.Count} subnets";
        foreach (var tier in subnets.GroupBy(Tier).OrderBy(g => g.Key))
            yield return $"  {tier.Key,-9} {string.Join("  ", tier.Select(s => s.Str("CidrBlock")))}";
        yield return $"{block.OfType("AWS::EC2::NatGateway").Count()} NAT gateway(s)";
        foreach (var log in block.OfType("AWS::EC2::FlowLog"))
        {
            var retention = block.OfType("AWS::Logs::LogGroup").Select(l => l.Prop("RetentionInDays")?.ToString()).FirstOrDefault(r => r is not null);
            yield return $"flow logs: {log.Str("TrafficType")} traffic, kept {retention} days";
        }
    }

    private static string Tier(TemplateResource subnet) =>
        subnet.Prop("Tags")?.EnumerateArray()
            .Where(t => t.GetProperty("Key").GetString() == "headroom:tier")
            .Select(t => t.GetProperty("Value").GetString())
            .FirstOrDefault() ?? "?";
}
