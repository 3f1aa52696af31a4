namespace Headroom.App.Diff;

/// <summary>
/// Decides the exit code of `headroom diff`: a destructive change to a stateful resource fails the
/// check unless it was allowed on purpose (`--allow-destructive`, mapped from a pull-request label).
/// </summary>
public static class DestructiveGate
{
    public const int Passed = 0;
    /// <summary>Something went wrong: configuration, git, synthesis or the diff engine. No verdict.</summary>
    public const int Failed = 1;
    /// <summary>The diff ran and found a destructive change to data that was not allowed.</summary>
    public const int Blocked = 2;

    public static int ExitCode(DiffReport report, bool allowDestructive) =>
        report.DestructiveChanges.Count > 0 && !allowDestructive ? Blocked : Passed;
}
