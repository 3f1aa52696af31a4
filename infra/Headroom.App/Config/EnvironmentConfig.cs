using Headroom.App.Config.Sections;

namespace Headroom.App.Config;

/// <summary>
/// One environment, as read from environments/&lt;name&gt;.yaml. Defaults live here, in code; a file
/// states only what differs. Every section validates itself; this class validates what spans sections.
/// </summary>
public sealed partial class EnvironmentConfig
{
    /// <summary>From the file name: environments/prod.yaml is "prod".</summary>
    [YamlIgnoreField] public string Name { get; set; } = "";

    /// <summary>Where the config came from, for messages.</summary>
    [YamlIgnoreField] public string File { get; set; } = "";

    [Field("12 digits, quoted", Default = "required")]
    public string Account { get; set; } = "";
    [Field("an AWS region", Default = "required")]
    public string Region { get; set; } = "";

    /// <summary>Production turns on everything that must not be optional there: one NAT per zone,
    /// at least three zones, termination and deletion protection.</summary>
    [Field("`true` turns on what must not be optional: ≥ 3 zones, a NAT gateway per zone, termination protection")]
    public bool Production { get; set; }

    [Field("2–6 zones of the region (3–6 in production), letters a–h, no repeats", Default = "required")]
    public List<string> AvailabilityZones { get; set; } = [];

    /// <summary>Zones AWS added after Headroom's list (KnownZones.cs) was written.</summary>
    [Field("zones of the region that Headroom's built-in list (`Config/KnownZones.cs`, from AWS's list of Availability Zones) does not have yet", Default = "none")]
    public List<string> ExtraAvailabilityZones { get; set; } = [];
    public TagsConfig Tags { get; set; } = new();
    public NetworkConfig Network { get; set; } = new();
    public WebConfig Web { get; set; } = new();
    public DatabaseConfig Database { get; set; } = new();
    public CacheConfig Cache { get; set; } = new();
    public EdgeConfig Edge { get; set; } = new();
    public QueuesConfig Queues { get; set; } = new();
    public MonitoringConfig Monitoring { get; set; } = new();
    public WorkloadConfig Workload { get; set; } = new();
    [Field("a monthly cost budget that e-mails at thresholds of its limit (`budget.*` below)", Default = "none")]
    public BudgetConfig? Budget { get; set; }
    public ChaosConfig Chaos { get; set; } = new();
    [Field("web-facing services, each a fleet behind the web load balancer reached by path (`ServicesConfig.cs`)", Default = "none")]
    public List<ServiceConfig> Services { get; set; } = [];

    /// <summary>The letters of the configured zones, in config order (eu-west-1b is 'b').</summary>
    public IReadOnlyList<char> ZoneLetters => AvailabilityZones.Select(z => z[^1]).ToList();

    [GeneratedRegex(@"^[a-z][a-z0-9-]{0,19}\z")] private static partial Regex NamePattern();
    [GeneratedRegex(@"^[0-9]{12}\z")] private static partial Regex AccountPattern();
    [GeneratedRegex(@"^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-[0-9]{1,2}\z")] private static partial Regex RegionPattern();

    internal void Validate(ConfigValidator v)
    {
        v.Matches("(file name)", Name, NamePattern(),
            "the file name is the environment name: lower-case letters, digits and '-', starting with a letter, at most 20 characters");
        if (v.Required("account", Account, "the 12-digit AWS account id"))
            v.Matches("account", Account, AccountPattern(), "must be a 12-digit AWS account id, quoted");
        if (v.Required("region", Region, "an AWS region such as eu-west-1"))
            v.Matches("region", Region, RegionPattern(), "must be an AWS region such as eu-west-1");

        ValidateZones(v);
        Tags.Validate(v, "tags");
        Network.Validate(v, "network");
        Web.Validate(v, "web");
        Database.Validate(v, "database");
        Cache.Validate(v, "cache");
        Edge.Validate(v, "edge");
        Queues.Validate(v, "queues");
        Monitoring.Validate(v, "monitoring");
        Budget?.Validate(v, "budget");
        Chaos.Validate(v, "chaos");
        Workload.Validate(v, "workload");
        ServicesConfig.Validate(v, "services", Services);
        // Last: it judges the whole environment with the capacity model.
        Workload.ValidatePlan(v, "workload");
    }

    private void ValidateZones(ConfigValidator v)
    {
        var min = Production ? 3 : 2;
        if (!v.Check(AvailabilityZones.Count >= min && AvailabilityZones.Count <= 6, "availabilityZones", AvailabilityZones,
                $"must list {min} to 6 availability zones{(Production ? " (production runs in at least three)" : " (a load balancer needs two)")}"))
            return;
        var seen = new HashSet<string>();
        for (var i = 0; i < AvailabilityZones.Count; i++)
        {
            var zone = AvailabilityZones[i];
            var path = $"availabilityZones[{i}]";
            // The zone letter fixes the zone's slot in the subnet plan, so only a..h are placeable.
            var placeable = v.Check(Region.Length > 0 && zone.Length == Region.Length + 1 && zone.StartsWith(Region, StringComparison.Ordinal) && zone[^1] is >= 'a' and <= 'h',
                path, zone, $"must be a zone of region '{Region}': the region name followed by one letter a to h, such as {Region}a");
            v.Check(seen.Add(zone), path, zone, "must not repeat a zone listed before");
            if (placeable && KnownZones.Exists(Region, zone, ExtraAvailabilityZones) == false)
                v.Error(path, zone, $"is not a zone of {Region}, which has {string.Join(", ", KnownZones.LettersByRegion[Region].Select(l => Region + l))} " +
                                    "(a newer zone goes under extraAvailabilityZones too)");
        }
    }
}
