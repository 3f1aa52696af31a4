using Headroom.App.Stacks;

namespace Headroom.App.Diagrams;

/// <summary>
/// The name each scheduled action was given in the config ("black-friday-up"). The template keeps
/// only a logical ID with the dashes stripped; the construct tree keeps the name in the action's
/// construct ID (`ScaleOnSchedule(name)` makes "ScheduledAction" + name).
/// </summary>
public static class ScheduleNames
{
    private const string Prefix = "ScheduledAction";

    public static IReadOnlyDictionary<(string Stack, string LogicalId), string> Of(EnvironmentStacks env)
    {
        var names = new Dictionary<(string, string), string>();
        foreach (var stack in env.Stacks)
            foreach (var action in stack.Node.FindAll().OfType<CfnResource>().Where(r => r.CfnResourceType == "AWS::AutoScaling::ScheduledAction"))
            {
                var parent = action.Node.Scope?.Node.Id ?? "";
                if (parent.StartsWith(Prefix, StringComparison.Ordinal) && parent.Length > Prefix.Length)
                    names[(stack.StackName, (string)stack.Resolve(action.LogicalId))] = parent[Prefix.Length..];
            }
        return names;
    }
}
