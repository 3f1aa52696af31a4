namespace Headroom.Blocks.Cache;

/// <summary>A cache's settings and what it is wired to.</summary>
public sealed record CacheProps : CacheSettings
{
    /// <summary>Wiring on top of settings made elsewhere (an environment file's), or on top of the defaults.</summary>
    public CacheProps(CacheSettings? settings = null) : base(settings ?? new()) { }

    /// <summary>Prefix for descriptions, such as "headroom-prod".</summary>
    public required string NamePrefix { get; init; }
    public required IVpc Vpc { get; init; }

    /// <summary>The only security groups admitted to the cache port.</summary>
    public required IReadOnlyList<ISecurityGroup> ClientSecurityGroups { get; init; }

    /// <summary>Encrypts data at rest and the AUTH token secret; null creates one (rotation on, retained).</summary>
    public IKey? EncryptionKey { get; init; }

    /// <summary>Where endpoints, port and the AUTH secret's ARN are published in SSM, such as /headroom/prod/cache; null publishes nothing.</summary>
    public string? ParameterPrefix { get; init; }
}
