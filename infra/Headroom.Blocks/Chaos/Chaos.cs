using Amazon.CDK.AWS.FIS;
using Amazon.CDK.AWS.Logs;
using Target = Amazon.CDK.AWS.FIS.CfnExperimentTemplate.ExperimentTemplateTargetProperty;
using Action = Amazon.CDK.AWS.FIS.CfnExperimentTemplate.ExperimentTemplateActionProperty;
using Filter = Amazon.CDK.AWS.FIS.CfnExperimentTemplate.ExperimentTemplateTargetFilterProperty;

namespace Headroom.Blocks.Chaos;

/// <summary>One experiment template the block made: its name ("zone-power", "terminate-web"), what it does in a
/// sentence, the template, and the SSM parameter that holds its ID (and that parameter's name).</summary>
public sealed record ChaosTemplate(string Name, ChaosExperiment Kind, string Summary, CfnExperimentTemplate Template, StringParameter TemplateId, string ParameterName);

/// <summary>
/// AWS Fault Injection Service experiment templates for one environment: a zone's power interruption (modelled on
/// FIS's "AZ Availability: Power Interruption" scenario), a share of each web-facing fleet terminated, the database
/// failed over, the cache's primary failed over, CPU stress and latency to the database on the web fleet. Every
/// template stops when the environment's "site degraded" alarm (and any alarm named in the settings) fires, logs to
/// one retained log group, and runs as one role that only FIS may assume and that may touch only this environment's
/// resources. Each template's ID is published in SSM Parameter Store, for `aws fis start-experiment`.
/// </summary>
public sealed class Chaos : Construct
{
    /// <summary>The experiments' fixed tag key (the template's Tags are replaced with it on any change: they carry only fixed values).</summary>
    public const string ExperimentTagKey = "headroom:experiment";
    public const string CpuStressDocument = "AWSFIS-Run-CPU-Stress";
    public const string NetworkLatencyDocument = "AWSFIS-Run-Network-Latency-Sources";
    /// <summary>The FIS log format with the targets' details.</summary>
    public const int LogSchemaVersion = 2;
    private const int MaxDescription = 512;

    private readonly ChaosProps _props;
    private readonly List<ChaosTemplate> _templates = [];
    private readonly Stack _stack;

    public Role Role { get; }
    public LogGroup Log { get; }
    public IReadOnlyList<ChaosTemplate> Templates => _templates;
    /// <summary>The stop conditions' alarm names as written (the site-degraded alarm's name when it is known at synthesis).</summary>
    public IReadOnlyList<string> StopAlarmNames { get; }
    public string ImpairedZone => _props.ImpairedZone;
    /// <summary>The game-day runbook every description links.</summary>
    public string RunbookLink => _props.RunbookLink;

    public Chaos(Construct scope, string id, ChaosProps props) : base(scope, id)
    {
        Settings.Enforce(nameof(Chaos), props.CheckWiring);
        _props = props;
        _stack = Stack.Of(this);

        Log = new LogGroup(this, "Log", new LogGroupProps { RemovalPolicy = RemovalPolicy.RETAIN });
        ((CfnLogGroup)Log.Node.DefaultChild!).RetentionInDays = props.LogRetentionDays;

        // Only FIS experiments of this account and region may assume the role (the confused-deputy guard AWS documents).
        Role = new Role(this, "Role", new RoleProps
        {
            AssumedBy = new ServicePrincipal("fis.amazonaws.com").WithConditions(new Dictionary<string, object>
            {
                ["StringEquals"] = new Dictionary<string, object> { ["aws:SourceAccount"] = _stack.Account },
                ["ArnLike"] = new Dictionary<string, object>
                {
                    ["aws:SourceArn"] = _stack.FormatArn(new ArnComponents { Service = "fis", Resource = "experiment", ResourceName = "*" }),
                },
            }),
            Description = $"FIS experiments of {props.NamePrefix}: acts only on this environment's instances, groups, database and cache",
        });

        StopAlarmNames = [NameOf(props.SiteDegraded), .. props.StopAlarms];
        var stopConditions = new[] { props.SiteDegraded.AlarmArn }
            .Concat(props.StopAlarms.Select(name => _stack.FormatArn(new ArnComponents
            {
                Service = "cloudwatch", Resource = "alarm", ResourceName = name, ArnFormat = ArnFormat.COLON_RESOURCE_NAME,
            })))
            .Select(arn => (object)new CfnExperimentTemplate.ExperimentTemplateStopConditionProperty { Source = "aws:cloudwatch:alarm", Value = arn })
            .ToArray();

        var kinds = props.Experiments.ToHashSet();
        if (kinds.Contains(ChaosExperiment.ZonePower)) ZonePower(stopConditions);
        if (kinds.Contains(ChaosExperiment.FleetTermination))
            foreach (var fleet in props.WebFleets) Terminate(fleet, stopConditions);
        if (kinds.Contains(ChaosExperiment.DatabaseFailover) && props.Database is { } db) DatabaseFailover(db, stopConditions);
        if (kinds.Contains(ChaosExperiment.CacheFailover) && props.Cache is { MultiAz: true } cache) CacheFailover(cache, stopConditions);
        if (kinds.Contains(ChaosExperiment.CpuStress)) CpuStress(stopConditions);
        if (kinds.Contains(ChaosExperiment.DatabaseLatency) && props.Database is { } target) DatabaseLatency(target, stopConditions);
        Grant();
    }

    /// <summary>An alarm's name when synthesis knows it (an L2 alarm reports its given name as a token; its resource has it plainly).</summary>
    private static string NameOf(IAlarm alarm) =>
        !Token.IsUnresolved(alarm.AlarmName) ? alarm.AlarmName : alarm.Node.DefaultChild switch
        {
            CfnCompositeAlarm { AlarmName: { } name } when !Token.IsUnresolved(name) => name,
            CfnAlarm { AlarmName: { } name } when !Token.IsUnresolved(name) => name,
            _ => "the site-degraded alarm",
        };

    // ---- experiments ---------------------------------------------------------------------------------------

    private void ZonePower(object[] stop)
    {
        var zone = _props.ImpairedZone;
        var duration = _props.ZonePowerDuration;
        var targets = new Dictionary<string, object>();
        var actions = new Dictionary<string, object>();
        var fleets = _props.Workers is { } w ? _props.WebFleets.Append(w).ToList() : _props.WebFleets.ToList();
        foreach (var fleet in fleets)
        {
            targets[$"{fleet.Name}-instances-in-zone"] = Instances(fleet, "ALL", zone);
            actions[$"stop-{fleet.Name}-instances"] = new Action
            {
                ActionId = "aws:ec2:stop-instances",
                Description = $"Stop the {fleet.Name} instances in {zone}; start them again after {duration}",
                Parameters = new Dictionary<string, string> { ["startInstancesAfterDuration"] = duration, ["completeIfInstancesTerminated"] = "true" },
                Targets = new Dictionary<string, string> { ["Instances"] = $"{fleet.Name}-instances-in-zone" },
            };
        }
        // The groups live in this stack: CloudFormation's own stack-name tag picks exactly them.
        targets["auto-scaling-groups"] = new Target
        {
            ResourceType = "aws:ec2:autoscaling-group",
            ResourceTags = new Dictionary<string, string> { ["aws:cloudformation:stack-name"] = Stack.Of(fleets[0].Group).StackName },
            SelectionMode = "ALL",
        };
        actions["pause-launches-in-zone"] = new Action
        {
            ActionId = "aws:ec2:asg-insufficient-instance-capacity-error",
            Description = $"Every launch in {zone} fails with InsufficientInstanceCapacity for {duration}",
            Parameters = new Dictionary<string, string> { ["availabilityZoneIdentifiers"] = zone, ["duration"] = duration, ["percentage"] = "100" },
            Targets = new Dictionary<string, string> { ["AutoScalingGroups"] = "auto-scaling-groups" },
        };
        var parts = new List<string> { $"stops the {And(fleets.Select(f => f.Name))} instances in {zone}", $"fails every launch there for {duration}" };
        if (_props.Database is { } db)
        {
            targets["database"] = Database(db);
            actions["fail-over-database"] = Reboot(db);
            parts.Add(db.MultiAz ? "fails the database over to its standby" : "reboots the single-AZ database");
        }
        if (_props.Cache is { MultiAz: true } cache)
        {
            targets["cache"] = Cache(cache, zone);
            actions["interrupt-cache-zone-power"] = new Action
            {
                ActionId = "aws:elasticache:replicationgroup-interrupt-az-power",
                Description = $"The cache nodes in {zone} lose power for {duration}; a replica elsewhere takes over a primary there",
                Parameters = new Dictionary<string, string> { ["duration"] = duration },
                Targets = new Dictionary<string, string> { ["ReplicationGroups"] = "cache" },
            };
            parts.Add($"cuts the cache nodes in {zone} off for {duration}");
        }
        // The workers may be at zero: a fleet with no instance in the zone is skipped, not a failed experiment.
        Add("zone-power", ChaosExperiment.ZonePower, $"Zone power interruption in {zone}: {string.Join("; ", parts)}.", targets, actions, stop, emptyTargets: "skip");
    }

    private void Terminate(ChaosFleet fleet, object[] stop)
    {
        var targets = new Dictionary<string, object> { [$"{fleet.Name}-instances"] = Instances(fleet, $"PERCENT({_props.TerminatePercent})") };
        var actions = new Dictionary<string, object>
        {
            ["terminate-instances"] = new Action
            {
                ActionId = "aws:ec2:terminate-instances",
                Description = $"Terminate {_props.TerminatePercent}% of the running {fleet.Name} instances",
                Targets = new Dictionary<string, string> { ["Instances"] = $"{fleet.Name}-instances" },
            },
        };
        Add($"terminate-{fleet.Name}", ChaosExperiment.FleetTermination,
            $"Terminates {_props.TerminatePercent}% of the {fleet.Name} fleet's running instances; Auto Scaling replaces them.", targets, actions, stop);
    }

    private void DatabaseFailover(ChaosDatabase db, object[] stop) =>
        Add("database-failover", ChaosExperiment.DatabaseFailover,
            db.MultiAz ? "Reboots the database primary with a forced failover to its standby in another zone."
                       : "Reboots the database primary (single-AZ: no standby, so writes wait for the reboot).",
            new Dictionary<string, object> { ["database"] = Database(db) },
            new Dictionary<string, object> { ["fail-over-database"] = Reboot(db) }, stop);

    private void CacheFailover(ChaosCache cache, object[] stop)
    {
        var zone = _props.ImpairedZone;
        Add("cache-failover", ChaosExperiment.CacheFailover,
            $"Cuts power to the cache nodes in {zone} for {_props.StressDuration}: a primary there fails over to a replica in another zone.",
            new Dictionary<string, object> { ["cache"] = Cache(cache, zone) },
            new Dictionary<string, object>
            {
                ["interrupt-cache-zone-power"] = new Action
                {
                    ActionId = "aws:elasticache:replicationgroup-interrupt-az-power",
                    Description = $"The cache nodes in {zone} lose power for {_props.StressDuration}",
                    Parameters = new Dictionary<string, string> { ["duration"] = _props.StressDuration },
                    Targets = new Dictionary<string, string> { ["ReplicationGroups"] = "cache" },
                },
            }, stop);
    }

    private void CpuStress(object[] stop)
    {
        var web = _props.WebFleets[0];
        var seconds = Seconds(_props.StressDuration);
        Add("cpu-stress", ChaosExperiment.CpuStress,
            $"Holds {_props.CpuLoadPercent}% CPU on {_props.StressedPercent}% of the {web.Name} instances for {_props.StressDuration} ({CpuStressDocument}).",
            new Dictionary<string, object> { [$"{web.Name}-instances"] = Instances(web, $"PERCENT({_props.StressedPercent})") },
            new Dictionary<string, object>
            {
                ["stress-cpu"] = SendCommand(CpuStressDocument, new Dictionary<string, string>
                {
                    ["DurationSeconds"] = seconds,
                    ["LoadPercent"] = _props.CpuLoadPercent.ToString(CultureInfo.InvariantCulture),
                    ["InstallDependencies"] = "True",
                }, $"{web.Name}-instances", $"{_props.CpuLoadPercent}% CPU load"),
            }, stop);
    }

    private void DatabaseLatency(ChaosDatabase db, object[] stop)
    {
        var web = _props.WebFleets[0];
        Add("database-latency", ChaosExperiment.DatabaseLatency,
            $"Adds {_props.LatencyMilliseconds} ms to every packet from {_props.StressedPercent}% of the {web.Name} instances to the database for {_props.StressDuration} ({NetworkLatencyDocument}).",
            new Dictionary<string, object> { [$"{web.Name}-instances"] = Instances(web, $"PERCENT({_props.StressedPercent})") },
            new Dictionary<string, object>
            {
                ["slow-database-traffic"] = SendCommand(NetworkLatencyDocument, new Dictionary<string, string>
                {
                    ["DurationSeconds"] = Seconds(_props.StressDuration),
                    ["DelayMilliseconds"] = _props.LatencyMilliseconds.ToString(CultureInfo.InvariantCulture),
                    ["JitterMilliseconds"] = "0",
                    ["Sources"] = Fn.Join(",", [.. db.Endpoints]),
                    ["TrafficType"] = "egress",
                    ["InstallDependencies"] = "True",
                }, $"{web.Name}-instances", $"{_props.LatencyMilliseconds} ms to the database"),
            }, stop);
    }

    // ---- pieces --------------------------------------------------------------------------------------------

    /// <summary>A fleet's running instances, by the tag Auto Scaling puts on every instance it launches (unique to the group).</summary>
    private static Target Instances(ChaosFleet fleet, string selection, string? zone = null)
    {
        var filters = new List<object> { new Filter { Path = "State.Name", Values = ["running"] } };
        if (zone is not null) filters.Add(new Filter { Path = "Placement.AvailabilityZone", Values = [zone] });
        return new Target
        {
            ResourceType = "aws:ec2:instance",
            ResourceTags = new Dictionary<string, string> { ["aws:autoscaling:groupName"] = fleet.Group.AutoScalingGroupName },
            Filters = filters.ToArray(),
            SelectionMode = selection,
        };
    }

    private static Target Database(ChaosDatabase db) => new()
    {
        ResourceType = "aws:rds:db",
        ResourceArns = [db.InstanceArn],
        SelectionMode = "ALL",
    };

    private static Action Reboot(ChaosDatabase db) => new()
    {
        ActionId = "aws:rds:reboot-db-instances",
        Description = db.MultiAz ? "Reboot the primary with a forced failover to its standby" : "Reboot the primary (no standby)",
        // FIS refuses forceFailover on an instance without a standby.
        Parameters = new Dictionary<string, string> { ["forceFailover"] = db.MultiAz ? "true" : "false" },
        Targets = new Dictionary<string, string> { ["DBInstances"] = "database" },
    };

    /// <summary>The cache by its environment tag: FIS takes no ARNs for replication groups; the role may act on this group only.</summary>
    private Target Cache(ChaosCache cache, string zone) => new()
    {
        ResourceType = "aws:elasticache:replicationgroup",
        ResourceTags = new Dictionary<string, string>(_props.ScopeTags.Where(t => t.Key == "environment").DefaultIfEmpty(_props.ScopeTags.First())),
        Parameters = new Dictionary<string, string> { ["availabilityZoneIdentifier"] = zone },
        SelectionMode = "ALL",
    };

    private Action SendCommand(string document, Dictionary<string, string> parameters, string target, string what) => new()
    {
        ActionId = "aws:ssm:send-command",
        Description = $"Run {document}: {what} for {_props.StressDuration}",
        Parameters = new Dictionary<string, string>
        {
            ["documentArn"] = DocumentArn(document),
            ["documentParameters"] = _stack.ToJsonString(parameters),
            ["duration"] = _props.StressDuration,
        },
        Targets = new Dictionary<string, string> { ["Instances"] = target },
    };

    private string DocumentArn(string document) =>
        _stack.FormatArn(new ArnComponents { Service = "ssm", Account = "", Resource = "document", ResourceName = document });

    /// <summary>"web", "web and worker", "web, api and worker".</summary>
    private static string And(IEnumerable<string> names)
    {
        var list = names.ToList();
        return list.Count <= 1 ? string.Concat(list) : string.Join(", ", list[..^1]) + " and " + list[^1];
    }

    private static string Seconds(string iso) =>
        ((int)ChaosSettings.ParseDuration(iso)!.Value.TotalSeconds).ToString(CultureInfo.InvariantCulture);

    private void Add(string name, ChaosExperiment kind, string summary, Dictionary<string, object> targets, Dictionary<string, object> actions,
        object[] stop, string emptyTargets = "fail")
    {
        var id = string.Concat(name.Split('-').Select(p => char.ToUpperInvariant(p[0]) + p[1..]));
        var description = $"{summary} Stops on {string.Join(", ", StopAlarmNames)}. Game day: {_props.RunbookLink}";
        var template = new CfnExperimentTemplate(this, id, new CfnExperimentTemplateProps
        {
            Description = description.Length <= MaxDescription ? description : description[..(MaxDescription - 1)] + "…",
            RoleArn = Role.RoleArn,
            StopConditions = stop,
            Targets = targets,
            Actions = actions,
            LogConfiguration = new CfnExperimentTemplate.ExperimentTemplateLogConfigurationProperty
            {
                LogSchemaVersion = LogSchemaVersion,
                // Typed as object in CDK 2.160: the CloudFormation shape, written out.
                CloudWatchLogsConfiguration = new Dictionary<string, object> { ["LogGroupArn"] = Log.LogGroupArn },
            },
            ExperimentOptions = new CfnExperimentTemplate.ExperimentTemplateExperimentOptionsProperty
            {
                AccountTargeting = "single-account",
                EmptyTargetResolutionMode = emptyTargets,
            },
            // Fixed values only: a change to a template's Tags replaces it (the stacks' own tags skip this type).
            Tags = new Dictionary<string, string>(_props.ScopeTags)
            {
                ["Name"] = $"{_props.NamePrefix}-{name}",
                [ExperimentTagKey] = name,
            },
        });
        AlarmExemption.Declare(template, "an experiment is guarded by its stop conditions: the site-degraded alarm ends it, and the ops topic hears that alarm");
        var parameterName = $"{_props.ParameterPath}/chaos/{name}/template-id";
        var parameter = new StringParameter(this, id + "TemplateId", new StringParameterProps
        {
            ParameterName = parameterName,
            StringValue = template.Ref,
            Description = $"FIS experiment template ID of {_props.NamePrefix}-{name}: aws fis start-experiment --experiment-template-id <this>",
        });
        _templates.Add(new ChaosTemplate(name, kind, summary, template, parameter, parameterName));
    }

    // ---- permissions ---------------------------------------------------------------------------------------

    /// <summary>What the templates made need, and no more: instance actions only on instances carrying every scope tag,
    /// the database and cache by ARN, the capacity errors only for this environment's groups, FIS's documents only.</summary>
    private void Grant()
    {
        var kinds = _templates.Select(t => t.Kind).ToHashSet();
        var tagged = new Dictionary<string, object>
        {
            ["StringEquals"] = _props.ScopeTags.ToDictionary(t => $"aws:ResourceTag/{t.Key}", t => (object)t.Value),
        };
        var instances = _stack.FormatArn(new ArnComponents { Service = "ec2", Resource = "instance", ResourceName = "*" });
        var instanceActions = new List<string>();
        if (kinds.Contains(ChaosExperiment.ZonePower)) instanceActions.AddRange(["ec2:StopInstances", "ec2:StartInstances"]);
        if (kinds.Contains(ChaosExperiment.FleetTermination)) instanceActions.Add("ec2:TerminateInstances");
        if (instanceActions.Count > 0)
            Allow("InstancesOfThisEnvironment", instanceActions, [instances], tagged);

        var lookups = new List<string> { "ec2:DescribeInstances", "tag:GetResources", "logs:DescribeLogGroups", "logs:DescribeResourcePolicies" };
        if (kinds.Contains(ChaosExperiment.ZonePower))
        {
            // Restarting an instance whose volumes are encrypted with a customer key needs a grant for EC2.
            Allow("RestartEncryptedVolumes", ["kms:CreateGrant"], ["*"], new Dictionary<string, object>
            {
                ["Bool"] = new Dictionary<string, object> { ["kms:GrantIsForAWSResource"] = "true" },
                ["StringLike"] = new Dictionary<string, object> { ["kms:ViaService"] = $"ec2.{_stack.Region}.amazonaws.com" },
            });
            var fleets = _props.Workers is { } w ? _props.WebFleets.Append(w) : _props.WebFleets;
            Allow("CapacityErrorsForThisEnvironmentsGroups", ["ec2:InjectApiError"], ["*"], new Dictionary<string, object>
            {
                ["ForAnyValue:StringEquals"] = new Dictionary<string, object> { ["ec2:FisActionId"] = new[] { "aws:ec2:asg-insufficient-instance-capacity-error" } },
                ["ForAllValues:StringLike"] = new Dictionary<string, object>
                {
                    ["ec2:FisTargetArns"] = fleets.Select(f => _stack.FormatArn(new ArnComponents
                    {
                        Service = "autoscaling", Resource = "autoScalingGroup", ResourceName = $"*:autoScalingGroupName/{f.Group.AutoScalingGroupName}",
                        ArnFormat = ArnFormat.COLON_RESOURCE_NAME,
                    })).ToArray(),
                },
            });
            lookups.Add("autoscaling:DescribeAutoScalingGroups");
        }
        if (kinds.Contains(ChaosExperiment.ZonePower) || kinds.Contains(ChaosExperiment.DatabaseFailover))
            if (_props.Database is { } db)
            {
                Allow("RebootThisDatabase", ["rds:RebootDBInstance"], [db.InstanceArn]);
                lookups.Add("rds:DescribeDBInstances");
            }
        if ((kinds.Contains(ChaosExperiment.ZonePower) || kinds.Contains(ChaosExperiment.CacheFailover)) && _props.Cache is { MultiAz: true } cache)
        {
            Allow("InterruptThisCache", ["elasticache:InterruptClusterAzPower"], [_stack.FormatArn(new ArnComponents
            {
                Service = "elasticache", Resource = "replicationgroup", ResourceName = cache.ReplicationGroupId, ArnFormat = ArnFormat.COLON_RESOURCE_NAME,
            })]);
            lookups.Add("elasticache:DescribeReplicationGroups");
        }
        var documents = new List<string>();
        if (kinds.Contains(ChaosExperiment.CpuStress)) documents.Add(CpuStressDocument);
        if (kinds.Contains(ChaosExperiment.DatabaseLatency)) documents.Add(NetworkLatencyDocument);
        if (documents.Count > 0)
        {
            Allow("RunOnlyFisDocuments", ["ssm:SendCommand"], [.. documents.Select(DocumentArn)]);
            Allow("OnInstancesOfThisEnvironment", ["ssm:SendCommand"], [instances], tagged);
            lookups.AddRange(["ssm:ListCommands", "ssm:CancelCommand"]);
        }
        // FIS delivers its logs through CloudWatch Logs' vended log delivery, which acts on no resource ARN.
        Allow("DeliverExperimentLogs", ["logs:CreateLogDelivery", "logs:PutResourcePolicy"], ["*"]);
        // Lookups (Describe*, tag:GetResources, ssm:ListCommands) support no resource-level permissions.
        Allow("Lookups", lookups, ["*"]);
    }

    private void Allow(string sid, IEnumerable<string> actions, string[] resources, Dictionary<string, object>? conditions = null) =>
        Role.AddToPolicy(new PolicyStatement(new PolicyStatementProps
        {
            Sid = sid,
            Actions = [.. actions],
            Resources = resources,
            Conditions = conditions,
        }));
}
