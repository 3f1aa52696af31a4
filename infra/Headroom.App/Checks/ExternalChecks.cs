using Headroom.App.Diff;

namespace Headroom.App.Checks;

/// <summary>
/// Runs check-templates.mjs: CloudFormation's own validation (as aws-cdk-lib runs it on synth, with its
/// default rules as errors) and cdk-nag's AwsSolutions pack, both from npm, over every stack at once (one
/// Node process: start-up is most of the cost). Acknowledgements are read back from the templates.
/// </summary>
public static class ExternalChecks
{
    public static string Script => Path.Combine(AppContext.BaseDirectory, "Checks", "check-templates.mjs");

    /// <summary>What the tools report, per check name ("cloudformation", "cdk-nag").</summary>
    public sealed record Result(IReadOnlyDictionary<string, string> Versions, IReadOnlyDictionary<string, int> RuleCounts, IReadOnlyList<Finding> Findings);

    private static readonly JsonSerializerOptions ReadOptions = new() { PropertyNameCaseInsensitive = true };

    private sealed record Raw(string Check, string Rule, string? Level, string Stack, string LogicalId, string? AppliesTo, string? Message, string? Fix);

    /// <summary>The ID an acknowledgement gives for a finding: cdk-nag's own, or CDK's "CloudFormation-Validate::F3020".</summary>
    public static string AcknowledgementId(string check, string rule) => check == "cloudformation" ? $"CloudFormation-Validate::{rule}" : rule;

    /// <param name="stacks">every stack to judge (names must be unique)</param>
    /// <param name="modulesDirectory">the folder whose node_modules holds aws-cdk-lib and cdk-nag (the repository root)</param>
    public static Result Run(IReadOnlyList<SynthesizedStack> stacks, string modulesDirectory)
    {
        if (!File.Exists(Script)) throw new CheckException($"{Script} is missing from the build output");
        var request = Path.Combine(Path.GetTempPath(), $"headroom-check-{Guid.NewGuid():N}.json");
        File.WriteAllText(request, JsonSerializer.Serialize(new
        {
            stacks = stacks.Select(s => new { name = s.Name, template = Path.GetFullPath(s.TemplatePath), account = s.Account, region = s.Region }),
        }));
        try
        {
            var run = ProcessRunner.Run("node", [Script, request, modulesDirectory], modulesDirectory, ProcessRunner.Offline, TimeSpan.FromMinutes(5));
            if (run.ExitCode != 0)
                throw new CheckException($"the template checks failed to run (node exit {run.ExitCode}): {DiffCommand.Tail(run.Err, 20)}");
            return Parse(run.Out, stacks);
        }
        catch (DiffException e)
        {
            throw new CheckException(e.Message);
        }
        finally
        {
            File.Delete(request);
        }
    }

    private static Result Parse(string json, IReadOnlyList<SynthesizedStack> stacks)
    {
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        var versions = root.GetProperty("versions").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? "?");
        var counts = root.GetProperty("rules").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt32());
        var resources = stacks.SelectMany(s => s.Resources).ToDictionary(r => (r.Stack, r.LogicalId));
        var findings = new List<Finding>();
        foreach (var f in root.GetProperty("findings").EnumerateArray())
        {
            var raw = f.Deserialize<Raw>(ReadOptions)!;
            var reason = resources.TryGetValue((raw.Stack, raw.LogicalId), out var resource)
                ? Acknowledgements.ReasonFor(resource, AcknowledgementId(raw.Check, raw.Rule), raw.AppliesTo)
                : null;
            var message = (raw.Message ?? raw.Rule) + (raw.AppliesTo is null ? "" : $" ({raw.AppliesTo})");
            findings.Add(new Finding(raw.Check, raw.Rule, raw.Stack, raw.LogicalId, message, raw.Fix ?? "", reason));
        }
        return new Result(versions, counts, findings);
    }
}

/// <summary>A check that could not run (not a finding): exit code 2.</summary>
public sealed class CheckException(string message) : Exception(message);
