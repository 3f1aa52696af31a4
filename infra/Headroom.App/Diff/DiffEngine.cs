namespace Headroom.App.Diff;

/// <summary>
/// Runs diff-templates.mjs: the CDK's own diff engine (@aws-cdk/cloudformation-diff, what `cdk diff`
/// uses) rates each change from the CloudFormation resource specification, so which property change
/// replaces a resource is never a rule of ours.
/// </summary>
internal static class DiffEngine
{
    public static string Script => Path.Combine(AppContext.BaseDirectory, "Diff", "diff-templates.mjs");

    /// <param name="stacks">Template pairs; a side that is null is an empty template.</param>
    /// <param name="modulesDirectory">The folder whose node_modules holds the engine (the repository root).</param>
    /// <param name="workDirectory">Where the request file goes.</param>
    public static EngineOutput.Result Run(IReadOnlyList<DiffReport.StackSides> stacks, string modulesDirectory, string workDirectory)
    {
        if (!File.Exists(Script)) throw new DiffException($"{Script} is missing from the build output");
        var request = Path.Combine(workDirectory, $"diff-request-{Guid.NewGuid():N}.json");
        File.WriteAllText(request, JsonSerializer.Serialize(new
        {
            stacks = stacks.Select(s => new Dictionary<string, string?> { ["name"] = s.Name, ["old"] = s.Base?.TemplatePath, ["new"] = s.Head?.TemplatePath }),
        }));
        try
        {
            var result = ProcessRunner.Run("node", [Script, request, modulesDirectory], modulesDirectory, ProcessRunner.Offline, TimeSpan.FromMinutes(5));
            if (result.ExitCode != 0)
                throw new DiffException($"the diff engine failed (exit {result.ExitCode}): {DiffCommand.Tail(result.Err, 20)}");
            return EngineOutput.Parse(result.Out);
        }
        catch (Exception e) when (e is JsonException or FormatException or KeyNotFoundException or InvalidOperationException)
        {
            throw new DiffException($"the diff engine's output could not be read: {e.Message}");
        }
        finally
        {
            File.Delete(request);
        }
    }
}
