using System.Text.Encodings.Web;
using Headroom.App.Diagrams;

namespace Headroom.App.Diff;

/// <summary>
/// Renders a <see cref="DiffReport"/> as GitHub-flavoured Markdown for a pull-request comment:
/// destructive changes to data first, then per environment a Mermaid diagram of the blocks the change
/// touches (<see cref="ChangeDiagram"/>), per stack the counts, a table of changed resources (worst first)
/// and the property changes in a collapsed section.
/// </summary>
public static class MarkdownReport
{
    /// <summary>
    /// The sentences that depend on where the report is read: a pull-request comment (the default) or
    /// the plan of a deploy against the live stacks (<see cref="Deploy.DeployCommand"/>).
    /// </summary>
    public sealed record Wording(string Marker, string Consequence, string Allowed, string Blocked, string Footer)
    {
        public static Wording PullRequest { get; } = new(
            MarkdownReport.Marker,
            "Merging this replaces or deletes data:",
            "Allowed by `--allow-destructive` (the pull request's `allow-destructive` label): make sure the data is backed up or expendable.",
            "The check fails unless this is intended: add the label `allow-destructive` to the pull request (`--allow-destructive`) once the data is backed up or expendable.",
            "`headroom diff`: both sides synthesized offline, each by its own code; changes rated by `@aws-cdk/cloudformation-diff` {0}. No AWS call was made.");
    }

    /// <summary>Hidden marker the workflow finds its own comment by, to update it instead of adding one.</summary>
    public const string Marker = "<!-- headroom-diff -->";

    /// <summary>GitHub rejects comments over 65,536 characters; stay clear of it.</summary>
    public const int DefaultMaxLength = 60_000;

    private const int MaxValueLines = 12;
    private const int MaxValueChars = 600;

    public static string Render(DiffReport report, bool allowDestructive, int maxLength = DefaultMaxLength, Wording? wording = null)
    {
        wording ??= Wording.PullRequest;
        var full = Render(report, allowDestructive, wording, withDetails: true, maxRowsPerStack: int.MaxValue);
        if (full.Length <= maxLength) return full;
        // Too long for a comment: drop the property details first, then shorten the tables. The
        // destructive list and the counts are never cut.
        var brief = Render(report, allowDestructive, wording, withDetails: false, maxRowsPerStack: int.MaxValue);
        if (brief.Length <= maxLength) return brief;
        foreach (var rows in new[] { 50, 20, 5, 0 })
        {
            brief = Render(report, allowDestructive, wording, withDetails: false, maxRowsPerStack: rows);
            if (brief.Length <= maxLength) return brief;
        }
        return brief[..maxLength];
    }

    private static string Render(DiffReport report, bool allowDestructive, Wording wording, bool withDetails, int maxRowsPerStack)
    {
        var md = new StringBuilder();
        md.AppendLine(wording.Marker);
        md.AppendLine($"## Infrastructure diff: {report.BaseLabel} → {report.HeadLabel}");
        md.AppendLine();

        var destructive = report.DestructiveChanges;
        if (destructive.Count > 0)
        {
            md.AppendLine("> [!CAUTION]");
            md.AppendLine($"> **{destructive.Count} destructive change(s) to stateful resources.** {wording.Consequence}");
            md.AppendLine(">");
            md.AppendLine("> | environment | stack | logical ID | type | impact |");
            md.AppendLine("> |---|---|---|---|---|");
            foreach (var d in destructive.OrderBy(d => d.Resource.Impact.Severity()))
                md.AppendLine($"> | {d.Environment} | `{d.Stack}` | `{d.Resource.LogicalId}` | {TypeText(d.Resource)} | **{d.Resource.Impact.Word()}** |");
            md.AppendLine(">");
            md.AppendLine("> " + (allowDestructive ? wording.Allowed : wording.Blocked));
            md.AppendLine();
        }

        if (!withDetails)
        {
            md.AppendLine("> [!NOTE]");
            md.AppendLine(maxRowsPerStack == int.MaxValue
                ? "> Property changes left out: the full report is too long for a comment. Run `./headroom diff` locally, or see the workflow's report artifact."
                : "> Shortened: the full report is too long for a comment. Run `./headroom diff` locally, or see the workflow's report artifact.");
            md.AppendLine();
        }

        if (report.Environments.Count > 1)
        {
            md.AppendLine("| environment | add | modify | replace | remove |");
            md.AppendLine("|---|--:|--:|--:|--:|");
            foreach (var env in report.Environments)
            {
                var changes = env.Stacks.Select(s => s.Changes).ToList();
                md.AppendLine(env.HasChanges
                    ? $"| {env.Name} | {changes.Sum(c => c.ToAdd)} | {changes.Sum(c => c.ToModify)} | {changes.Sum(c => c.ToReplace)} | {changes.Sum(c => c.ToRemove)} |"
                    : $"| {env.Name} | – | – | – | – |");
            }
            md.AppendLine();
        }

        if (report.Capacity.Any(c => c.Changed))
        {
            md.AppendLine("### Capacity and cost");
            md.AppendLine();
            md.AppendLine("| environment | users held at the peak | change | bottleneck | monthly cost (baseline) | change | with the planned peak | change |");
            md.AppendLine("|---|--:|--:|---|--:|--:|--:|--:|");
            foreach (var c in report.Capacity)
            {
                string Pair(Func<CapacitySide, string> text) => $"{(c.Before is null ? "–" : text(c.Before))} → {(c.After is null ? "–" : text(c.After))}";
                string Delta(Func<CapacitySide, double> value, bool money) =>
                    c.Before is null || c.After is null ? "–" : CapacitySide.Change(value(c.Before), value(c.After), money);
                md.AppendLine($"| {c.Environment} | {Pair(s => s.Users)} | {Delta(s => s.PeakUsers >= long.MaxValue ? 0 : s.PeakUsers, false)} | " +
                              $"{(c.After ?? c.Before)?.Bottleneck ?? "–"} | {Pair(s => CapacitySide.Usd(s.BaselineUsd))} | {Delta(s => s.BaselineUsd, true)} | " +
                              $"{Pair(s => CapacitySide.Usd(s.PeakMonthUsd))} | {Delta(s => s.PeakMonthUsd, true)} |");
            }
            md.AppendLine();
            md.AppendLine("<sub>From `./headroom capacity` (the capacity model at the latency target, and the pinned price table); it lists every assumption.</sub>");
            md.AppendLine();
        }

        foreach (var env in report.Environments)
            RenderEnvironment(md, env, withDetails, maxRowsPerStack);

        md.AppendLine("<sub>" + string.Format(CultureInfo.InvariantCulture, wording.Footer, report.EngineVersion) + "</sub>");
        return md.ToString();
    }

    private static void RenderEnvironment(StringBuilder md, EnvironmentDiff env, bool withDetails, int maxRowsPerStack)
    {
        md.AppendLine($"### {env.Name}");
        md.AppendLine();
        switch (env.Presence)
        {
            case Presence.Added:
                md.AppendLine("New environment: everything in it is added.");
                md.AppendLine();
                break;
            case Presence.Removed:
                md.AppendLine("Environment removed: its stacks are no longer in the app. `cdk deploy` leaves deployed stacks alone; deleting them (`cdk destroy`) would remove what is listed here.");
                md.AppendLine();
                break;
        }
        if (!env.HasChanges)
        {
            md.AppendLine("No changes.");
            md.AppendLine();
            return;
        }

        if (ChangeDiagram.Mermaid(env, env.Blocks) is { } diagram)
        {
            md.AppendLine("```mermaid");
            md.Append(diagram);
            md.AppendLine("```");
            md.AppendLine();
            md.AppendLine($"<sub>{ChangeDiagram.Legend}</sub>");
            md.AppendLine();
        }

        foreach (var stack in env.Stacks.Where(s => !s.Changes.IsEmpty || s.Note is not null))
            RenderStack(md, stack, withDetails, maxRowsPerStack);

        var unchanged = env.Stacks.Where(s => s.Changes.IsEmpty && s.Note is null).Select(s => $"`{s.Name}`").ToList();
        if (unchanged.Count > 0)
        {
            md.AppendLine($"No changes in {string.Join(", ", unchanged)}.");
            md.AppendLine();
        }
    }

    private static void RenderStack(StringBuilder md, StackDiff stack, bool withDetails, int maxRowsPerStack)
    {
        var c = stack.Changes;
        var state = stack.Presence switch
        {
            Presence.Added => " (new stack)",
            Presence.Removed => " (stack removed)",
            _ => "",
        };
        md.AppendLine($"#### `{stack.Name}`{state}: {c.ToAdd} to add, {c.ToModify} to modify, {c.ToReplace} to replace, {c.ToRemove} to remove");
        md.AppendLine();
        if (stack.Note is not null)
        {
            md.AppendLine($"> [!WARNING]\n> The stack {stack.Note}.");
            md.AppendLine();
        }
        if (c.PermissionsBroadened)
        {
            md.AppendLine("> [!WARNING]\n> IAM or security-group changes here broaden permissions.");
            md.AppendLine();
        }

        var rows = c.Resources
            .Select((r, i) => (r, i))
            .OrderBy(x => x.r.IsDestructiveToData ? 0 : 1)
            .ThenBy(x => x.r.Impact.Severity())
            .ThenBy(x => x.i)
            .Select(x => x.r)
            .ToList();
        if (rows.Count > 0)
        {
            md.AppendLine("| impact | type | logical ID |");
            md.AppendLine("|---|---|---|");
            foreach (var r in rows.Take(maxRowsPerStack))
            {
                var word = r.IsDestructiveToData ? $"**{r.Impact.Word()}** (data)" : r.Impact.Word();
                md.AppendLine($"| {word} | {TypeText(r)} | `{r.LogicalId}` |");
            }
            if (rows.Count > maxRowsPerStack)
                md.AppendLine($"| … | {rows.Count - maxRowsPerStack} more | |");
            md.AppendLine();
        }
        if (c.Outputs.Count > 0)
        {
            md.AppendLine("Outputs: " + string.Join(", ", c.Outputs.Select(o => $"`{o.Name}` {o.Change}")) + ".");
            md.AppendLine();
        }

        var detailed = rows.Where(r => r.Changes.Count > 0).ToList();
        if (!withDetails || detailed.Count == 0) return;
        md.AppendLine($"<details><summary>Property changes ({detailed.Count} resource{(detailed.Count == 1 ? "" : "s")})</summary>");
        md.AppendLine();
        foreach (var r in detailed)
        {
            md.AppendLine($"`{r.LogicalId}` ({TypeText(r)}): {r.Impact.Word()}");
            md.AppendLine();
            md.AppendLine("```diff");
            foreach (var p in r.Changes)
            {
                md.AppendLine($"  {(p.IsProperty ? "" : "[resource attribute] ")}{p.Name}: {p.Impact.PropertyNote()}");
                if (p.Old.ValueKind != JsonValueKind.Undefined && p.Old.ValueKind != JsonValueKind.Null)
                    foreach (var line in ValueLines(p.Old)) md.AppendLine("- " + line);
                if (p.New.ValueKind != JsonValueKind.Undefined && p.New.ValueKind != JsonValueKind.Null)
                    foreach (var line in ValueLines(p.New)) md.AppendLine("+ " + line);
            }
            md.AppendLine("```");
            md.AppendLine();
        }
        md.AppendLine("</details>");
        md.AppendLine();
    }

    private static string TypeText(ResourceChange r) =>
        r.OldType is not null && r.NewType is not null && r.OldType != r.NewType ? $"{r.OldType} → {r.NewType}" : r.Type;

    // Inside a code fence nothing is HTML: keep '<', '&' and non-ASCII text as they are.
    private static readonly JsonSerializerOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>A value as JSON (on one line when short), cut to a readable size; never able to close the code fence.</summary>
    internal static IEnumerable<string> ValueLines(JsonElement value)
    {
        var compact = JsonSerializer.Serialize(value, Compact);
        var text = (compact.Length <= 100 ? compact : JsonSerializer.Serialize(value, Indented)).Replace("```", "` ` `", StringComparison.Ordinal);
        var cut = text.Length > MaxValueChars;
        if (cut) text = text[..MaxValueChars];
        var lines = text.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        if (lines.Count > MaxValueLines)
        {
            lines = lines.Take(MaxValueLines).ToList();
            cut = true;
        }
        if (cut) lines.Add(string.Create(CultureInfo.InvariantCulture, $"… (cut; {compact.Length} characters in all)"));
        return lines;
    }
}
