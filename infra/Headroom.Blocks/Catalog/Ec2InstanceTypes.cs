namespace Headroom.Blocks.Catalog;

/// <summary>One EC2 instance type as capacity planning sizes it.</summary>
/// <param name="Name">the type, such as m7i.large</param>
/// <param name="VCpus">vCPUs</param>
/// <param name="MemoryGiB">memory, GiB</param>
/// <param name="Burstable">a T family: CPU credits, so sustained throughput is below its vCPUs' worth</param>
public sealed record Ec2InstanceType(string Name, int VCpus, double MemoryGiB, bool Burstable);

/// <summary>
/// What Headroom knows of an EC2 instance type, from its name (no AWS call): vCPUs 2 at large, doubling with
/// each size (medium 1; burstable types have 2 up to large), memory per vCPU by family (c 2 GiB, m 4 GiB,
/// r 8 GiB; burstable by size). Source: "Amazon EC2 instance type specifications",
/// https://docs.aws.amazon.com/ec2/latest/instancetypes/gp.html (general purpose),
/// https://docs.aws.amazon.com/ec2/latest/instancetypes/co.html (compute optimized),
/// https://docs.aws.amazon.com/ec2/latest/instancetypes/mo.html (memory optimized).
/// </summary>
public static class Ec2InstanceTypes
{
    /// <summary>Burstable (t3, t3a, t4g) memory by size, GiB.</summary>
    private static readonly Dictionary<string, double> BurstableMemoryGiB = new()
    {
        ["nano"] = 0.5, ["micro"] = 1, ["small"] = 2, ["medium"] = 4, ["large"] = 8, ["xlarge"] = 16, ["2xlarge"] = 32,
    };

    /// <summary>vCPUs of a non-burstable "large", vCPUs.</summary>
    private const int LargeVCpus = 2;

    /// <summary>What the catalog knows of a type, or null.</summary>
    public static Ec2InstanceType? Find(string instanceType)
    {
        var dot = instanceType.IndexOf('.');
        if (dot <= 0) return null;
        var family = instanceType[..dot];
        var size = instanceType[(dot + 1)..];
        if (family.StartsWith('t'))
        {
            if (!BurstableMemoryGiB.TryGetValue(size, out var memory)) return null;
            var vcpus = size switch { "xlarge" => 4, "2xlarge" => 8, _ => 2 };
            return new(instanceType, vcpus, memory, Burstable: true);
        }
        double? gibPerVCpu = family[0] switch { 'c' => 2, 'm' => 4, 'r' => 8, _ => null };
        if (gibPerVCpu is not { } perVCpu || InstanceSizes.Factor(instanceType) is not { } factor || factor < 0.5) return null;
        var v = (int)Math.Round(LargeVCpus * factor);
        return new(instanceType, v, v * perVCpu, Burstable: false);
    }
}
