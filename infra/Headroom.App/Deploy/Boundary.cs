using Headroom.App.Diff;

namespace Headroom.App.Deploy;

/// <summary>A deployed stack as CloudFormation describes it.</summary>
public sealed record StackDescription(string Name, string Status, string? Reason);

/// <summary>One CloudFormation stack event (the API lists them newest first).</summary>
public sealed record StackEvent(string LogicalId, string ResourceType, string Status, string? Reason, string? Timestamp);

/// <summary>One resource of a deployed stack: its logical ID, physical ID (an ARN, an ID) and type.</summary>
public sealed record StackResource(string LogicalId, string? PhysicalId, string Type);

/// <summary>One registered target of a target group and its health state (healthy, initial, unhealthy, draining, unused, unavailable).</summary>
public sealed record TargetHealth(string Target, string State, string? Reason);

/// <summary>
/// What the deploy asks AWS, one call each, through whatever credentials are at hand. Thin on purpose:
/// every decision is made by the caller, so a fake (tests) only has to answer.
/// </summary>
public interface IAws
{
    /// <summary>The account the credentials belong to.</summary>
    string CallerAccount();
    /// <summary>The template CloudFormation holds for the stack (as deployed, before transforms); null when no such stack exists.</summary>
    JsonElement? DeployedTemplate(string stack, string region);
    /// <summary>Null when no such stack exists.</summary>
    StackDescription? DescribeStack(string stack, string region);
    /// <summary>Newest first, as CloudFormation lists them.</summary>
    IReadOnlyList<StackEvent> StackEvents(string stack, string region);
    IReadOnlyList<StackResource> StackResources(string stack, string region);
    IReadOnlyList<TargetHealth> TargetHealth(string targetGroupArn, string region);
    /// <summary>Names of the alarms (metric and composite) in ALARM whose names start with the prefix.</summary>
    IReadOnlyList<string> AlarmsInAlarm(string namePrefix, string region);
    /// <summary>The distribution's own domain name (dxxxx.cloudfront.net).</summary>
    string DistributionDomain(string distributionId);
}

/// <summary>The CDK CLI, deploying or destroying one stack of an existing cloud assembly at a time.</summary>
public interface ICdk
{
    /// <summary>Its exit code; each line of its progress goes to <paramref name="onLine"/> as it comes.</summary>
    int Deploy(string assembly, string stack, Action<string> onLine);
    int Destroy(string assembly, string stack, Action<string> onLine);
}

/// <summary>An HTTP GET of the site; the status code, or null (and why) when nothing answered.</summary>
public interface ISiteProbe
{
    (int? Status, string Detail) Get(Uri url);
}

/// <summary>The deploy could not go on: a tool failed, AWS refused, the assembly is not what it should be.</summary>
public sealed class DeployException(string message) : Exception(message);

/// <summary>
/// Where the CLIs are and what their processes see. <see cref="Environment"/> overrides variables of the
/// children (null removes one); a PATH given there is also where <see cref="Cdk"/> and <see cref="Aws"/>
/// are looked up, so tests put their fakes first on it.
/// </summary>
public sealed record Tools(string Cdk, string Aws, string WorkingDirectory, IReadOnlyDictionary<string, string?> Environment)
{
    /// <summary>The repository's pinned CDK CLI when installed (`npm ci`), else `cdk` on PATH; `HEADROOM_CDK` and `HEADROOM_AWS` override.</summary>
    public static Tools Default(string workingDirectory)
    {
        var pinned = Path.Combine(workingDirectory, "node_modules", ".bin", "cdk");
        return new Tools(
            System.Environment.GetEnvironmentVariable("HEADROOM_CDK") ?? (File.Exists(pinned) ? pinned : "cdk"),
            System.Environment.GetEnvironmentVariable("HEADROOM_AWS") ?? "aws",
            workingDirectory,
            new Dictionary<string, string?>());
    }

    /// <summary>A bare name resolved on the children's PATH (the override, else ours); a path is kept.</summary>
    public string Resolve(string executable)
    {
        if (executable.Contains('/')) return Path.GetFullPath(executable, WorkingDirectory);
        var path = Environment.TryGetValue("PATH", out var p) && p is not null ? p : System.Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var dir in path.Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, executable);
            if (File.Exists(candidate)) return candidate;
        }
        throw new DeployException($"cannot find `{executable}` on PATH (install it, or set HEADROOM_{executable.ToUpperInvariant()} to its path)");
    }
}

/// <summary>The AWS CLI (v1 or v2): `aws SERVICE OPERATION ... --region R --output json`.</summary>
public sealed class AwsCli(Tools tools) : IAws
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

    public string CallerAccount() =>
        Call(null, "sts", "get-caller-identity").GetProperty("Account").GetString() ?? throw new DeployException("sts get-caller-identity named no account");

    public JsonElement? DeployedTemplate(string stack, string region)
    {
        var answer = CallUnlessMissing(region, "cloudformation", "get-template", "--stack-name", stack, "--template-stage", "Original");
        if (answer is null) return null;
        var body = answer.Value.GetProperty("TemplateBody");
        // The CLI hands a JSON template back parsed; a YAML one (never written by the CDK) stays a string.
        if (body.ValueKind == JsonValueKind.Object) return body.Clone();
        try
        {
            using var doc = JsonDocument.Parse(body.GetString() ?? "");
            return doc.RootElement.Clone();
        }
        catch (JsonException)
        {
            throw new DeployException($"the deployed template of {stack} is not JSON (was it deployed by something other than the CDK?)");
        }
    }

    public StackDescription? DescribeStack(string stack, string region)
    {
        var answer = CallUnlessMissing(region, "cloudformation", "describe-stacks", "--stack-name", stack);
        if (answer is null) return null;
        var s = answer.Value.GetProperty("Stacks")[0];
        return new StackDescription(stack, Str(s, "StackStatus") ?? "?", Str(s, "StackStatusReason"));
    }

    /// <summary>The newest 300 are enough for the last operation; the CLI would otherwise page through the stack's whole history.</summary>
    public IReadOnlyList<StackEvent> StackEvents(string stack, string region) =>
        Call(region, "cloudformation", "describe-stack-events", "--stack-name", stack, "--max-items", "300").GetProperty("StackEvents").EnumerateArray()
            .Select(e => new StackEvent(Str(e, "LogicalResourceId") ?? "?", Str(e, "ResourceType") ?? "?", Str(e, "ResourceStatus") ?? "?",
                Str(e, "ResourceStatusReason"), Str(e, "Timestamp")))
            .ToList();

    /// <summary>list-stack-resources (the CLI pages through all of them); describe-stack-resources stops at 100.</summary>
    public IReadOnlyList<StackResource> StackResources(string stack, string region) =>
        Call(region, "cloudformation", "list-stack-resources", "--stack-name", stack).GetProperty("StackResourceSummaries").EnumerateArray()
            .Select(r => new StackResource(Str(r, "LogicalResourceId") ?? "?", Str(r, "PhysicalResourceId"), Str(r, "ResourceType") ?? "?"))
            .ToList();

    public IReadOnlyList<TargetHealth> TargetHealth(string targetGroupArn, string region) =>
        Call(region, "elbv2", "describe-target-health", "--target-group-arn", targetGroupArn).GetProperty("TargetHealthDescriptions").EnumerateArray()
            .Select(d =>
            {
                var target = d.GetProperty("Target");
                var health = d.GetProperty("TargetHealth");
                var port = target.TryGetProperty("Port", out var p) ? ":" + p.GetRawText() : "";
                return new TargetHealth(Str(target, "Id") + port, Str(health, "State") ?? "?", Str(health, "Description") ?? Str(health, "Reason"));
            })
            .ToList();

    public IReadOnlyList<string> AlarmsInAlarm(string namePrefix, string region)
    {
        var answer = Call(region, "cloudwatch", "describe-alarms", "--state-value", "ALARM", "--alarm-name-prefix", namePrefix,
            "--alarm-types", "MetricAlarm", "CompositeAlarm");
        return new[] { "MetricAlarms", "CompositeAlarms" }
            .SelectMany(kind => answer.TryGetProperty(kind, out var list) ? list.EnumerateArray().Select(a => Str(a, "AlarmName") ?? "?") : [])
            .ToList();
    }

    public string DistributionDomain(string distributionId) =>
        Call(null, "cloudfront", "get-distribution", "--id", distributionId).GetProperty("Distribution").GetProperty("DomainName").GetString()
            ?? throw new DeployException($"cloudfront get-distribution {distributionId} named no domain");

    private JsonElement Call(string? region, params string[] args) =>
        CallUnlessMissing(region, args, missingIsNull: false)!.Value;

    private JsonElement? CallUnlessMissing(string? region, params string[] args) => CallUnlessMissing(region, args, missingIsNull: true);

    private JsonElement? CallUnlessMissing(string? region, string[] args, bool missingIsNull)
    {
        string[] full = [.. args, .. region is null ? Array.Empty<string>() : ["--region", region], "--output", "json"];
        var result = ProcessRunner.Run(tools.Resolve(tools.Aws), full, tools.WorkingDirectory, tools.Environment, Timeout);
        if (result.ExitCode != 0)
        {
            // CloudFormation says "Stack with id X does not exist" (ValidationError) for a stack never deployed or deleted.
            if (missingIsNull && result.Err.Contains("does not exist", StringComparison.Ordinal)) return null;
            throw new DeployException($"aws {string.Join(' ', args.Take(2))} failed (exit {result.ExitCode}): {DiffCommand.Tail(result.Err, 5)}");
        }
        try
        {
            using var doc = JsonDocument.Parse(result.Out.Length == 0 ? "{}" : result.Out);
            return doc.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new DeployException($"aws {string.Join(' ', args.Take(2))} printed something that is not JSON: {e.Message}");
        }
    }

    private static string? Str(JsonElement e, string property) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(property, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}

/// <summary>
/// The CDK CLI on an existing cloud assembly (`--app DIR`: nothing is synthesized again), one stack at a
/// time (`--exclusively`: the caller orders them), never asking (`--require-approval never`: the
/// confirmation was ours), with CloudFormation's events as progress (`--progress events`).
/// </summary>
public sealed class CdkCli(Tools tools) : ICdk
{
    /// <summary>A first deploy creates a Multi-AZ database and a CloudFront distribution: allow for it.</summary>
    private static readonly TimeSpan Timeout = TimeSpan.FromHours(3);

    public int Deploy(string assembly, string stack, Action<string> onLine) =>
        Run(["deploy", stack, "--app", assembly, "--exclusively", "--require-approval", "never", "--progress", "events", .. Color()], onLine);

    public int Destroy(string assembly, string stack, Action<string> onLine) =>
        Run(["destroy", stack, "--app", assembly, "--exclusively", "--force", .. Color()], onLine);

    private static string[] Color() => Console.IsOutputRedirected ? ["--no-color"] : [];

    private int Run(string[] args, Action<string> onLine)
    {
        var result = ProcessRunner.Run(tools.Resolve(tools.Cdk), args, tools.WorkingDirectory, tools.Environment, Timeout, onLine);
        // The CLI prints its progress on stderr (passed on as it comes) and stack outputs on stdout.
        foreach (var line in result.Out.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0)) onLine(line);
        return result.ExitCode;
    }
}

/// <summary>An HTTP GET with a short timeout; redirects are followed.</summary>
public sealed class HttpSiteProbe : ISiteProbe
{
    private static readonly HttpClient Client = new() { Timeout = TimeSpan.FromSeconds(15) };

    public (int? Status, string Detail) Get(Uri url)
    {
        try
        {
            using var response = Client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead).GetAwaiter().GetResult();
            return ((int)response.StatusCode, $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}");
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return (null, e.Message);
        }
    }
}
