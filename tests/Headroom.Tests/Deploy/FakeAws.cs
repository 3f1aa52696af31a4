using System.Text.Json;
using System.Text.Json.Nodes;
using Headroom.App.Deploy;
using Headroom.Tests.Support;
using Spectre.Console;

namespace Headroom.Tests.Deploy;

/// <summary>
/// A fake `aws` and a fake `cdk`: two small bash scripts put first on PATH, which append their arguments
/// to a log and answer from fixture files. `aws SERVICE OP --stack-name S ...` prints
/// fixtures/SERVICE.OP.S.json, else fixtures/SERVICE.OP.json, else fails as CloudFormation does for a
/// stack that does not exist. `cdk deploy|destroy STACK ...` fails with fixtures/cdk.deploy.STACK.fail's
/// text when that file exists, else succeeds. Nothing else: the orchestration is what is tested.
/// </summary>
public sealed class FakeAws : IDisposable
{
    private const string AwsScript = """
        #!/usr/bin/env bash
        echo "aws $*" >> "$FAKE_LOG"
        service=$1 op=$2
        shift 2
        stack=""
        while [ $# -gt 0 ]; do
          case "$1" in --stack-name) stack=$2; shift ;; esac
          shift
        done
        for f in "$FAKE_FIXTURES/$service.$op${stack:+.$stack}.json" "$FAKE_FIXTURES/$service.$op.json"; do
          if [ -f "$f" ]; then cat "$f"; exit 0; fi
        done
        echo "An error occurred (ValidationError) when calling the $op operation: Stack with id $stack does not exist" >&2
        exit 254
        """;

    private const string CdkScript = """
        #!/usr/bin/env bash
        echo "cdk $*" >> "$FAKE_LOG"
        fail="$FAKE_FIXTURES/cdk.$1.$2.fail"
        if [ -f "$fail" ]; then cat "$fail" >&2; exit 1; fi
        echo "$2: $1 done (fake)" >&2
        """;

    private readonly string _root = Directory.CreateTempSubdirectory("headroom-fake-aws-").FullName;

    public FakeAws(string account = "111111111111")
    {
        var bin = Directory.CreateDirectory(Path.Combine(_root, "bin")).FullName;
        Fixtures = Directory.CreateDirectory(Path.Combine(_root, "fixtures")).FullName;
        Log = Path.Combine(_root, "calls.log");
        File.WriteAllText(Log, "");
        foreach (var (name, script) in new[] { ("aws", AwsScript), ("cdk", CdkScript) })
        {
            var path = Path.Combine(bin, name);
            File.WriteAllText(path, script.ReplaceLineEndings("\n") + "\n");
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        Tools = new Tools("cdk", "aws", Repo.Root, new Dictionary<string, string?>
        {
            ["PATH"] = bin + ":" + System.Environment.GetEnvironmentVariable("PATH"),
            ["FAKE_LOG"] = Log,
            ["FAKE_FIXTURES"] = Fixtures,
        });

        // A healthy, quiet environment: each scenario changes what it is about.
        Answer("sts.get-caller-identity", new { Account = account, Arn = $"arn:aws:sts::{account}:assumed-role/deploy/test" });
        Answer("cloudformation.describe-stacks", new { Stacks = new[] { new { StackName = "any", StackStatus = "UPDATE_COMPLETE" } } });
        Answer("cloudformation.list-stack-resources", new
        {
            StackResourceSummaries = new[]
            {
                new { LogicalResourceId = "WebLoadBalancerTargets17153C2B", PhysicalResourceId = "arn:aws:elasticloadbalancing:eu-west-1:111111111111:targetgroup/web/0123456789abcdef", ResourceType = "AWS::ElasticLoadBalancingV2::TargetGroup" },
                new { LogicalResourceId = "EdgeDistribution0060737B", PhysicalResourceId = "E2EXAMPLE1234", ResourceType = "AWS::CloudFront::Distribution" },
            },
        });
        TargetsHealthy(2);
        Answer("cloudwatch.describe-alarms", new { MetricAlarms = Array.Empty<object>(), CompositeAlarms = Array.Empty<object>() });
        Answer("cloudfront.get-distribution", new { Distribution = new { Id = "E2EXAMPLE1234", DomainName = "d111111abcdef8.cloudfront.net" } });
    }

    public string Fixtures { get; }
    public string Log { get; }
    public Tools Tools { get; }
    public FakeSite Site { get; } = new();

    /// <summary>Every call, as "aws ARGS" or "cdk ARGS" lines.</summary>
    public IReadOnlyList<string> Calls => File.ReadAllLines(Log);

    /// <summary>The stacks `cdk deploy` (or destroy) was run for, in order.</summary>
    public IReadOnlyList<string> Cdk(string command) =>
        Calls.Where(c => c.StartsWith($"cdk {command} ", StringComparison.Ordinal)).Select(c => c.Split(' ')[2]).ToList();

    public void Answer(string key, object answer) =>
        File.WriteAllText(Path.Combine(Fixtures, key + ".json"), answer as string ?? JsonSerializer.Serialize(answer));

    /// <summary>What `aws cloudformation get-template` answers: the CLI hands a JSON template back parsed.</summary>
    public void Deployed(string stack, JsonNode template) =>
        Answer($"cloudformation.get-template.{stack}", new JsonObject { ["TemplateBody"] = template.DeepClone(), ["StagesAvailable"] = new JsonArray("Original", "Processed") }.ToJsonString());

    public void TargetsHealthy(int count) => Targets(Enumerable.Range(1, count).Select(i => ($"i-0{i:D16}", "healthy", (string?)null)).ToArray());

    public void Targets(params (string Id, string State, string? Reason)[] targets) =>
        Answer("elbv2.describe-target-health", new
        {
            TargetHealthDescriptions = targets.Select(t => new
            {
                Target = new { t.Id, Port = 80 },
                TargetHealth = t.Reason is null ? (object)new { t.State } : new { t.State, Reason = "Target.ResponseCodeMismatch", Description = t.Reason },
            }),
        });

    public void FailDeploy(string stack, string message) => File.WriteAllText(Path.Combine(Fixtures, $"cdk.deploy.{stack}.fail"), message);

    public DeployContext Context(TextWriter output, bool interactive = false) =>
        new(new AwsCli(Tools), new CdkCli(Tools), Site, PlainConsole.Into(output, 200), output, interactive);

    /// <summary>A person at a terminal: the console answers prompts with what the test pushed into its input.</summary>
    public DeployContext Terminal(Spectre.Console.Testing.TestConsole console, TextWriter progress) =>
        new(new AwsCli(Tools), new CdkCli(Tools), Site, console, progress, Interactive: true);

    public void Dispose()
    {
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { }
    }
}

/// <summary>The site's answer to an HTTP GET, per host; 200 unless set.</summary>
public sealed class FakeSite : ISiteProbe
{
    public Dictionary<string, int?> Status { get; } = new(StringComparer.OrdinalIgnoreCase);
    public List<Uri> Asked { get; } = [];

    public (int? Status, string Detail) Get(Uri url)
    {
        Asked.Add(url);
        var status = Status.TryGetValue(url.Host, out var s) ? s : 200;
        return (status, status is null ? "no answer (fake)" : $"HTTP {status} (fake)");
    }
}
