namespace Headroom.App.Deploy;

/// <summary>
/// Why a stack failed and what CloudFormation undid, read from its events of the last operation: the
/// events since the stack's own "User Initiated" event (CloudFormation lists them newest first).
/// </summary>
public sealed record FailureReport(string? FinalStatus, IReadOnlyList<StackEvent> Causes, IReadOnlyList<StackEvent> RolledBack, string? Unavailable)
{
    private const string UserInitiated = "User Initiated";
    private const string StackType = "AWS::CloudFormation::Stack";

    public static FailureReport Read(IAws aws, DeployStack stack, TextWriter progress)
    {
        IReadOnlyList<StackEvent> events;
        try
        {
            events = aws.StackEvents(stack.Name, stack.Region);
        }
        catch (DeployException e)
        {
            progress.WriteLine($"headroom: could not read the stack's events: {e.Message}");
            return new FailureReport(null, [], [], e.Message);
        }
        return FromEvents(stack.Name, events);
    }

    /// <param name="newestFirst">The stack's events as CloudFormation lists them.</param>
    public static FailureReport FromEvents(string stackName, IReadOnlyList<StackEvent> newestFirst)
    {
        bool IsStack(StackEvent e) => e.ResourceType == StackType && e.LogicalId == stackName;
        var start = newestFirst.ToList().FindIndex(e => IsStack(e) && e.Status.EndsWith("_IN_PROGRESS", StringComparison.Ordinal) && e.Reason == UserInitiated);
        if (newestFirst.Count == 0)
            return new FailureReport(null, [], [], "CloudFormation has no events for the stack (the CLI failed before it started an operation)");
        var operation = (start < 0 ? newestFirst : newestFirst.Take(start + 1)).Reverse().ToList();
        var final = operation.LastOrDefault(IsStack)?.Status;

        // The first failures are the cause; later ones are mostly "cancelled" because of them.
        var failures = operation.Where(e => !IsStack(e) && e.Status.EndsWith("_FAILED", StringComparison.Ordinal)).ToList();
        var causes = failures.Where(e => e.Reason is not { } r || !r.Contains("cancelled", StringComparison.OrdinalIgnoreCase)).ToList();
        if (causes.Count == 0) causes = failures.Count > 0 ? failures : operation.Where(e => IsStack(e) && e.Reason is not null && e.Reason != UserInitiated).Take(1).ToList();

        var rollbackStart = operation.FindIndex(e => IsStack(e) && e.Status.Contains("ROLLBACK_IN_PROGRESS", StringComparison.Ordinal));
        var rolledBack = rollbackStart < 0
            ? []
            : operation.Skip(rollbackStart + 1)
                .Where(e => !IsStack(e) && e.Status.EndsWith("_COMPLETE", StringComparison.Ordinal))
                .GroupBy(e => e.LogicalId).Select(g => g.Last()).ToList();
        return new FailureReport(final, causes, rolledBack, null);
    }

    public static string Render(DeployStack stack, int exitCode, FailureReport report, IReadOnlyList<string> cliTail)
    {
        var text = new StringBuilder();
        text.AppendLine($"{stack.Name} ({stack.Region}) failed: cdk deploy exited {exitCode}; the stacks after it were not deployed.");
        if (report.FinalStatus is not null) text.AppendLine($"Stack status: {report.FinalStatus}");
        if (report.Causes.Count > 0)
        {
            text.AppendLine("Why (CloudFormation's events):");
            foreach (var e in report.Causes) text.AppendLine($"  {e.LogicalId} ({e.ResourceType}) {e.Status}: {e.Reason ?? "(no reason given)"}");
        }
        else
        {
            // The CLI failed before CloudFormation recorded anything (no bootstrap, credentials, an asset):
            // the events are of an earlier operation, so its own words are the reason.
            text.AppendLine($"Why: {report.Unavailable ?? "CloudFormation recorded no failed resource in the stack's last operation"}. The CLI said:");
            foreach (var line in cliTail) text.AppendLine("  " + line);
        }
        if (report.RolledBack.Count > 0)
        {
            text.AppendLine("Rolled back by CloudFormation:");
            foreach (var e in report.RolledBack) text.AppendLine($"  {e.LogicalId} ({e.ResourceType}): {Undone(e.Status)}");
        }
        else if (report.FinalStatus?.Contains("ROLLBACK", StringComparison.Ordinal) == true)
        {
            text.AppendLine("Rolled back by CloudFormation: nothing (no resource was changed before the failure)");
        }
        return text.ToString().TrimEnd();
    }

    private static string Undone(string status) => status switch
    {
        "DELETE_COMPLETE" => "deleted again (it was new)",
        "UPDATE_COMPLETE" => "restored to its previous settings",
        "CREATE_COMPLETE" => "re-created",
        _ => status,
    };
}
