using System.CommandLine;
using Headroom.App.Checks;
using Headroom.App.Cli;
using Headroom.App.Deploy;
using Headroom.App.Diagrams;
using Headroom.App.Diff;
using Headroom.App.Docs;
using Headroom.App.GameDay;
using Headroom.App.LoadTest;
using Headroom.App.Stacks;
using Spectre.Console;

// No command: the CDK app itself, as `cdk synth|diff|deploy` runs it (cdk.json). `-c env=prod,staging`
// narrows it to some environments. Commands: `preview`, `diff`, `check`, `capacity`, `chaos`, `docs`, `diagram`, `deploy`, `destroy` and `loadtest`.
var environmentsOption = new Option<string>("--environments")
{
    Description = "Folder of environment files",
    DefaultValueFactory = _ => ConfigLoader.DefaultDirectory,
    Recursive = true,
};
// Piped output (CI logs, PR comments) must not wrap at Spectre's default 80 columns.
if (Console.IsOutputRedirected) AnsiConsole.Profile.Width = 240;

var root = new RootCommand("Headroom: scalable AWS infrastructure for web shops, on AWS CDK v2") { environmentsOption };
root.SetAction(parse => SynthForCdk(parse.GetValue(environmentsOption)!));

var previewNames = EnvironmentNames("Environments to preview");
var outOption = new Option<string>("--out") { Description = "Cloud assembly folder", DefaultValueFactory = _ => "cdk.out" };
var preview = new Command("preview", "Synthesize offline and show what each environment would create") { previewNames, outOption };
preview.SetAction(parse => PreviewCommand.Run(parse.GetValue(environmentsOption)!, parse.GetValue(previewNames) ?? [],
    parse.GetValue(outOption)!, AnsiConsole.Console, Console.Error));
root.Subcommands.Add(preview);

var diffNames = EnvironmentNames("Environments to diff", "every environment of either side");
var baseOption = new Option<string>("--base") { Description = "Git revision to compare with (branch, tag or commit), e.g. origin/main", Required = true };
var allowDestructiveOption = new Option<bool>("--allow-destructive")
{
    Description = "Exit 0 even when a stateful resource (retained or snapshotted by its DeletionPolicy/UpdateReplacePolicy: the database primary, cache, buckets, queues, ...) would be replaced or deleted",
};
var reportOption = new Option<string?>("--out") { Description = "Also write the Markdown report to this file" };
var diff = new Command("diff", "Synthesize the working tree and a base revision offline and report, per environment and stack, what changes; "
    + "exits 2 on a destructive change to data unless --allow-destructive, 1 on an error")
    { diffNames, baseOption, allowDestructiveOption, reportOption };
diff.SetAction(parse => DiffCommand.Run(new DiffOptions
{
    WorkingDirectory = Directory.GetCurrentDirectory(),
    EnvironmentsDirectory = parse.GetValue(environmentsOption)!,
    Base = parse.GetValue(baseOption)!,
    Names = parse.GetValue(diffNames) ?? [],
    AllowDestructive = parse.GetValue(allowDestructiveOption),
    OutFile = parse.GetValue(reportOption),
}, Console.Out, Console.Error));
root.Subcommands.Add(diff);

var checkNames = EnvironmentNames("Environments to check");
var assemblyOption = new Option<string?>("--assembly") { Description = "Check this cloud assembly (e.g. cdk.out from `cdk synth`) instead of synthesizing" };
var acknowledgedOption = new Option<bool>("--acknowledged") { Description = "Also list the acknowledged findings with their reasons" };
var listOption = new Option<bool>("--list-acknowledgements") { Description = "Print every acknowledgement (rule, where, when, reason) as a Markdown table and exit" };
var checkOut = new Option<string>("--out") { Description = "Cloud assembly folder to synthesize into", DefaultValueFactory = _ => "cdk.out" };
var check = new Command("check", "Judge every template with CloudFormation validation, cdk-nag AwsSolutions, Headroom's rules and the metric catalog; "
    + "exits 1 on any finding without a written reason, 2 when a check could not run")
    { checkNames, assemblyOption, acknowledgedOption, listOption, checkOut };
check.SetAction(parse => parse.GetValue(listOption) ? PrintLine(Acknowledgements.MarkdownTable()) : CheckCommand.Run(new CheckCommand.Options(
    parse.GetValue(environmentsOption)!, parse.GetValue(checkNames) ?? [], parse.GetValue(assemblyOption), parse.GetValue(checkOut)!,
    parse.GetValue(acknowledgedOption), Directory.GetCurrentDirectory()), AnsiConsole.Console, Console.Error));
root.Subcommands.Add(check);

var capacityNames = EnvironmentNames("Environments to judge");
var usersOption = new Option<int?>("--users") { Description = "Also print the smallest config change that holds this many concurrent users, as YAML (exit 3 when config alone cannot)" };
var calibrateOption = new Option<string?>("--calibrate") { Description = "Read this Artillery JSON report (a breakpoint run, ideally) and print the measured per-instance throughput and service time, the workload values to set and the capacity they imply" };
var instancesOption = new Option<int?>("--instances") { Description = "With --calibrate: web instances that served the test (default: web.fleet's baseline size)" };
var capacity = new Command("capacity", "Per environment: users each tier holds at the latency target (baseline, max, scheduled peaks), the bottleneck, "
    + "the scale-out time, the monthly cost and every assumption with its source; no synthesis, no AWS") { capacityNames, usersOption, calibrateOption, instancesOption };
capacity.SetAction(parse => parse.GetValue(calibrateOption) is { } report
    ? CalibrateCommand.Run(parse.GetValue(environmentsOption)!, parse.GetValue(capacityNames) ?? [], report, parse.GetValue(instancesOption), AnsiConsole.Console, Console.Error)
    : CapacityCommand.Run(parse.GetValue(environmentsOption)!, parse.GetValue(capacityNames) ?? [], parse.GetValue(usersOption),
    AnsiConsole.Console, Console.Error));
root.Subcommands.Add(capacity);

var chaosNames = EnvironmentNames("Environments whose experiments to list");
var chaos = new Command("chaos", "Per environment: each FIS experiment (what it does, what stops it, the impact the capacity model expects, "
    + "how to start it); offline, no AWS") { chaosNames };
chaos.SetAction(parse => ChaosCommand.Run(parse.GetValue(environmentsOption)!, parse.GetValue(chaosNames) ?? [], AnsiConsole.Console, Console.Error));
root.Subcommands.Add(chaos);

var loadtestPlanNames = EnvironmentNames("Environments to plan");
var loadtestTarget = new Option<string?>("--target") { Description = "Base URL to test (default: workload.loadTest.target, else https:// and the first of edge.domainNames)" };
var loadtestPrint = new Option<bool>("--print") { Description = "Print the scripts instead of writing them to loadtest/ENV/" };
var loadtestPlan = new Command("plan", "Write each environment's Artillery scripts (smoke, ramp, spike, soak, breakpoint) to loadtest/ENV/, from its workload") { loadtestPlanNames, loadtestTarget, loadtestPrint };
loadtestPlan.SetAction(parse => LoadTestCommand.Plan(parse.GetValue(environmentsOption)!, parse.GetValue(loadtestPlanNames) ?? [], Directory.GetCurrentDirectory(),
    parse.GetValue(loadtestTarget), parse.GetValue(loadtestPrint), AnsiConsole.Console, Console.Error));
var loadtestRunName = new Argument<string>("environment") { Description = "The environment to test (environments/ENV.yaml)" };
var scenarioOption = new Option<string>("--scenario") { Description = "smoke, ramp, spike, soak or breakpoint", Required = true };
var distributedOption = new Option<int?>("--distributed")
{
    Description = "Run on AWS Fargate with Artillery's run-fargate in the environment's region, with N workers (default: derived from the arrival rate)",
    Arity = ArgumentArity.ZeroOrOne,
};
var loadtestYes = new Option<bool>("--yes") { Description = "Test production without asking (needed when not on a terminal)" };
var loadtestReport = new Option<string?>("--report") { Description = "Write Artillery's JSON report here (default: loadtest/ENV/SCENARIO.report.json)" };
var loadtestRun = new Command("run", "Run one scenario with Artillery (here, or on Fargate with --distributed) and print the summary against the thresholds; "
    + $"exits 0 held, {LoadTestCommand.Missed} a threshold missed, {LoadTestCommand.Unusable} could not run, {LoadTestCommand.NotConfirmed} not confirmed")
    { loadtestRunName, scenarioOption, loadtestTarget, distributedOption, loadtestYes, loadtestReport };
loadtestRun.SetAction(parse => LoadTestCommand.Run(new LoadTestRunOptions(parse.GetValue(environmentsOption)!, parse.GetValue(loadtestRunName)!,
    parse.GetValue(scenarioOption)!, Directory.GetCurrentDirectory())
{
    Target = parse.GetValue(loadtestTarget),
    Distributed = parse.GetResult(distributedOption) is not null,
    Workers = parse.GetValue(distributedOption),
    Yes = parse.GetValue(loadtestYes),
    Report = parse.GetValue(loadtestReport),
}, AnsiConsole.Console, Console.Error, !Console.IsInputRedirected && !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive));
root.Subcommands.Add(new Command("loadtest", "Load tests from the workload: `plan` writes Artillery scripts, `run` runs one") { loadtestPlan, loadtestRun });

var docsCheckOption = new Option<bool>("--check") { Description = "Only compare: exit 1 and name the tables that differ from the model, without writing" };
var readmeOption = new Option<string>("--readme") { Description = "The README to rewrite", DefaultValueFactory = _ => "README.md" };
var docs = new Command("docs", "Render the README's field tables from the config model (between <!-- fields:ID --> markers)") { docsCheckOption, readmeOption };
docs.SetAction(parse => DocsCommand.Run(parse.GetValue(readmeOption)!, parse.GetValue(docsCheckOption), Console.Out, Console.Error));
root.Subcommands.Add(docs);

var deployName = new Argument<string>("environment") { Description = "The environment to deploy (environments/ENV.yaml)" };
var yesOption = new Option<bool>("--yes") { Description = "Deploy without asking (needed when not on a terminal)" };
var deployAllowDestructive = new Option<bool>("--allow-destructive") { Description = "Deploy even when a stateful resource would be replaced or deleted (the report still lists it)" };
var stacksOption = new Option<string[]>("--stacks") { Description = "Deploy only these stacks (Network, Data, App, Edge), still in dependency order", AllowMultipleArgumentsPerToken = true };
var planOnlyOption = new Option<bool>("--plan-only") { Description = "Stop after the gate: print (and with --out write) the report, deploy nothing" };
var deployReport = new Option<string?>("--out") { Description = "Also write the plan's Markdown report to this file" };
var deployAssembly = new Option<string?>("--assembly") { Description = "Deploy this cloud assembly (e.g. cdk.out from `cdk synth`) instead of synthesizing" };
var skipChecksOption = new Option<bool>("--skip-checks") { Description = "Do not run `headroom check` first (only when it already passed on this assembly)" };
var verifyTimeoutOption = new Option<int>("--verify-timeout") { Description = "Seconds to wait for healthy targets, quiet alarms and the site after deploying", DefaultValueFactory = _ => 300 };
var deploy = new Command("deploy", "Check, diff against the deployed stacks, gate, confirm, deploy in dependency order and verify one environment; "
    + "exits 0 deployed and verified (or planned), 1 error, 2 destructive change not allowed, 3 not confirmed, 4 a stack failed, 5 verification failed")
    { deployName, yesOption, deployAllowDestructive, stacksOption, planOnlyOption, deployReport, deployAssembly, skipChecksOption, verifyTimeoutOption };
deploy.SetAction(parse => DeployCommand.Run(new DeployOptions
{
    Environment = parse.GetValue(deployName)!,
    WorkingDirectory = Directory.GetCurrentDirectory(),
    EnvironmentsDirectory = parse.GetValue(environmentsOption)!,
    Assembly = parse.GetValue(deployAssembly),
    Yes = parse.GetValue(yesOption),
    AllowDestructive = parse.GetValue(deployAllowDestructive),
    PlanOnly = parse.GetValue(planOnlyOption),
    SkipChecks = parse.GetValue(skipChecksOption),
    Stacks = parse.GetValue(stacksOption) ?? [],
    OutFile = parse.GetValue(deployReport),
    VerifyTimeout = TimeSpan.FromSeconds(parse.GetValue(verifyTimeoutOption)),
}, LiveContext(), Console.Out));
root.Subcommands.Add(deploy);

var destroyName = new Argument<string>("environment") { Description = "The environment whose stacks to delete (never a production one)" };
var confirmOption = new Option<string?>("--confirm") { Description = "The environment's name again, instead of typing it at the prompt (for scripts)" };
var destroyAssembly = new Option<string?>("--assembly") { Description = "Use this cloud assembly instead of synthesizing" };
var destroy = new Command("destroy", "Delete a non-production environment's stacks after listing what is retained and what is lost; "
    + "exits 0 destroyed, 1 error, 3 refused (production, or the name not confirmed), 4 a stack failed")
    { destroyName, confirmOption, destroyAssembly };
destroy.SetAction(parse => DestroyCommand.Run(new DestroyOptions
{
    Environment = parse.GetValue(destroyName)!,
    WorkingDirectory = Directory.GetCurrentDirectory(),
    EnvironmentsDirectory = parse.GetValue(environmentsOption)!,
    Assembly = parse.GetValue(destroyAssembly),
    Confirm = parse.GetValue(confirmOption),
}, LiveContext()));
root.Subcommands.Add(destroy);
var diagramNames = EnvironmentNames("Environments to draw");
var diagramOut = new Option<string>("--out") { Description = "Folder for ENV.mmd, ENV.dot and ENV.svg", DefaultValueFactory = _ => DiagramCommand.DefaultOut };
var diagram = new Command("diagram", "Synthesize offline and draw each environment from its templates: Mermaid (.mmd), Graphviz (.dot) and SVG (drawn by `dot`); "
    + $"exits 1 on invalid config, {DiagramCommand.NoGraphviz} when Graphviz is not installed (the .mmd and .dot are still written)")
    { diagramNames, diagramOut };
diagram.SetAction(parse => DiagramCommand.Run(new DiagramCommand.Options(parse.GetValue(environmentsOption)!, parse.GetValue(diagramNames) ?? [],
    parse.GetValue(diagramOut)!) { Capacity = EnvironmentPlan.FleetCapacityText }, Console.Out, Console.Error));
root.Subcommands.Add(diagram);

return root.Parse(args).Invoke();

// The real CLIs with the credentials at hand; a prompt only when a person is at a terminal.
static DeployContext LiveContext()
{
    var tools = Tools.Default(Directory.GetCurrentDirectory());
    var interactive = !Console.IsInputRedirected && !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;
    return new DeployContext(new AwsCli(tools), new CdkCli(tools), new HttpSiteProbe(), AnsiConsole.Console, Console.Error, interactive);
}

static int PrintLine(string text)
{
    Console.Out.WriteLine(text);
    return 0;
}

static int SynthForCdk(string environmentsDirectory)
{
    var app = HeadroomApp.Create();
    var selected = (app.Node.TryGetContext("env") as string)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];
    try
    {
        HeadroomApp.Compose(app, ConfigLoader.LoadDirectory(environmentsDirectory, selected));
    }
    catch (ConfigValidationException e)
    {
        Output.PrintErrors(e, Console.Error);
        return 1;
    }
    app.Synth();
    return 0;
}

// The environment names a command may take; none means every file of the environments folder (or what `fallback` says).
static Argument<string[]> EnvironmentNames(string description, string fallback = "all files in the environments folder") =>
    new("environment") { Description = $"{description} (default: {fallback})", Arity = ArgumentArity.ZeroOrMore };
