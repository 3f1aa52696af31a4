
namespace Headroom.App.Stacks;

/// <summary>
/// A stack of one environment, named Headroom-&lt;env&gt;-&lt;part&gt;. Its zones come from config, so
/// synthesis never asks AWS for them (no context lookup, no credentials).
/// </summary>
public sealed class HeadroomStack : Stack
{
    private readonly string[] _zones;

    public HeadroomStack(Construct scope, EnvironmentConfig env, string part, string description, bool stateful, string? region = null)
        : base(scope, NameFor(env.Name, part), new StackProps
        {
            StackName = NameFor(env.Name, part),
            Env = new Amazon.CDK.Environment { Account = env.Account, Region = region ?? env.Region },
            Description = $"Headroom {env.Name}: {description}",
            // Deleting a stack that holds data must take a deliberate step in production. This flag only
            // drives termination protection: whether a resource is stateful is decided per resource, from
            // its DeletionPolicy/UpdateReplacePolicy (Checks/Stateful.cs), which the diff gate and the rules read.
            TerminationProtection = stateful && env.Production,
            // A stack outside the environment's region (the us-east-1 edge) reads the values it needs from
            // the other stacks through CDK's cross-region references (SSM parameters written in its region).
            CrossRegionReferences = region is not null && region != env.Region ? true : null,
        })
    {
        Config = env;
        Part = part;
        IsStateful = stateful;
        _zones = region is null || region == env.Region ? [.. env.AvailabilityZones] : [];
    }

    public EnvironmentConfig Config { get; }
    public string Part { get; }
    /// <summary>The stack is termination-protected in production; nothing else reads this (see <see cref="Checks.Stateful"/>).</summary>
    public bool IsStateful { get; }

    public override string[] AvailabilityZones => _zones;

    public static string NameFor(string environment, string part) => $"Headroom-{environment}-{part}";
}
