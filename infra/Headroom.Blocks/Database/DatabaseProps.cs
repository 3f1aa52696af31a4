namespace Headroom.Blocks.Database;

/// <summary>A database's settings and what it is wired to.</summary>
public sealed record DatabaseProps : DatabaseSettings
{
    /// <summary>Wiring on top of settings made elsewhere (an environment file's), or on top of the defaults.</summary>
    public DatabaseProps(DatabaseSettings? settings = null) : base(settings ?? new()) { }

    /// <summary>Prefix for descriptions, such as "headroom-prod".</summary>
    public required string NamePrefix { get; init; }
    public required IVpc Vpc { get; init; }

    /// <summary>The zones replicas are spread over, round-robin in zone-letter order.</summary>
    public required IReadOnlyList<string> AvailabilityZones { get; init; }

    /// <summary>The only security groups admitted: to the proxy (the write endpoint) and the replicas.</summary>
    public required IReadOnlyList<ISecurityGroup> ClientSecurityGroups { get; init; }

    /// <summary>Where endpoints, port and secret ARN are published in SSM, such as /headroom/prod/db; null publishes nothing.</summary>
    public string? ParameterPrefix { get; init; }
}
