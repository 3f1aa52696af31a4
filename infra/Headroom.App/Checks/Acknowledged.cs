using Amazon.JSII.Runtime.Deputy;

namespace Headroom.App.Checks;

public static partial class Acknowledgements
{
    /// <summary>
    /// One accepted finding. <paramref name="Path"/> is the construct path below the stack, prefixed with
    /// the stack part ("Data/Database/Replica*/Resource"; <c>*</c> matches any text). <paramref name="AppliesTo"/>
    /// narrows a rule that reports several findings per resource (cdk-nag's IAM4/IAM5); "{account}",
    /// "{region}" and "{env}" in it are the environment's; "{service}", each service's name. <paramref name="When"/> limits it to
    /// environments whose configuration makes the finding a deliberate choice.
    /// </summary>
    public sealed record Entry(string Path, string Rule, string Reason, string[]? AppliesTo = null, Condition? When = null)
    {
        // Built once per entry: the writer asks every entry about every resource of every stack.
        private readonly Regex _path = new("^" + Regex.Escape(Path).Replace(@"\*", ".*") + "\\z", RegexOptions.CultureInvariant);

        /// <summary>Whether the entry is about the resource at this construct path ("Data/Database/Replica1/Resource").</summary>
        public bool Covers(string relativePath) => _path.IsMatch(relativePath);
    }

    /// <summary>When an entry applies: <paramref name="Text"/> says it in the README's words.</summary>
    public sealed record Condition(string Text, Func<EnvironmentConfig, bool> Test);

    private static readonly Condition MixedInstances = new("web.fleet.mixedInstances is set", c => c.Web.Fleet.Settings(c).MixedInstances is not null);
    private static readonly Condition SingleAz = new("outside production, database.multiAz: false", c => !c.Production && !c.Database.Settings(c).MultiAz);
    private static readonly Condition Unprotected = new("outside production, database.deletionProtection: false", c => !c.Production && !c.Database.Settings(c).DeletionProtection);
    private static readonly Condition PlainHttpOrigin = new("web.loadBalancer.allowPlainHttpOrigin: true", c => c.Web.LoadBalancer.Settings(c).AllowPlainHttpOrigin);
    private static readonly Condition NonProduction = new("outside production", c => !c.Production);
    private static readonly Condition NoDomain = new("edge.domainNames is empty", c => c.Edge.Settings(c).DomainNames.Count == 0);
    private static readonly Condition ChaosEnabled = new("chaos.enabled (outside production unless turned off)", c => c.Chaos.Settings(c).Enabled);

    private const string CdkHelper = "a helper that CDK itself generates and owns";

    /// <summary>
    /// Every acknowledged finding, with its reason: the README lists them. Anything not here, and not
    /// written on a resource by the block that makes it, fails `headroom check`.
    /// </summary>
    public static readonly IReadOnlyList<Entry> All =
    [
        // --- CDK's own helper functions (custom resource providers). Their runtimes are raised to a
        // supported one (HelperRuntimes); their roles are CDK's, reachable only through the provider.
        new("App/Custom::CrossRegionExportWriterCustomResourceProvider/Role", "AwsSolutions-IAM4",
            $"CDK's cross-region reference writer ({CdkHelper}) logs with the AWS managed basic execution policy; it runs only during deploys",
            ["Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"]),
        new("App/Custom::CrossRegionExportWriterCustomResourceProvider/Role", "AwsSolutions-IAM5",
            "CDK's cross-region reference writer keeps the values the us-east-1 edge stack reads under /cdk/exports/, a path it owns",
            ["Resource::arn:aws:ssm:us-east-1:{account}:parameter/cdk/exports/*"]),
        new("Edge/Custom::CrossRegionExportReaderCustomResourceProvider/Role", "AwsSolutions-IAM4",
            $"CDK's cross-region reference reader ({CdkHelper}) logs with the AWS managed basic execution policy; it runs only during deploys",
            ["Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"]),
        new("Edge/Custom::CrossRegionExportReaderCustomResourceProvider/Role", "AwsSolutions-IAM5",
            "CDK's cross-region reference reader reads only the parameters written for this edge stack",
            ["Resource::arn:aws:ssm:us-east-1:{account}:parameter/cdk/exports/Headroom-{env}-Edge/*"]),
        new("Data/LogRetentionaae0aa3c5b4d4f87b02d85b201efdd8a/ServiceRole/Resource", "AwsSolutions-IAM4",
            $"CDK's log-retention function ({CdkHelper}) sets the retention of the log groups RDS creates itself; it logs with the AWS managed basic execution policy",
            ["Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"]),
        new("Data/LogRetentionaae0aa3c5b4d4f87b02d85b201efdd8a/ServiceRole/DefaultPolicy/Resource", "AwsSolutions-IAM5",
            "CDK's log-retention function must set retention on log groups that RDS names and creates after the deploy; CDK grants it logs:PutRetentionPolicy on any group",
            ["Resource::*"]),
        new("Network/AWS679f53fac002430cb0da5b7982bd2287/ServiceRole/Resource", "AwsSolutions-IAM4",
            $"the function behind CDK's AwsCustomResource ({CdkHelper}) that revokes the default security group's rules; it logs with the AWS managed basic execution policy",
            ["Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"]),
        new("Edge/Custom::CDKBucketDeployment*/ServiceRole/Resource", "AwsSolutions-IAM4",
            $"CDK's BucketDeployment function ({CdkHelper}) that uploads the busy page logs with the AWS managed basic execution policy",
            ["Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"]),
        new("Edge/Custom::CDKBucketDeployment*/ServiceRole/DefaultPolicy/Resource", "AwsSolutions-IAM5",
            "CDK's BucketDeployment copies the busy page from CDK's asset bucket into the static-assets bucket: object-level wildcards on exactly those two buckets",
            ["Action::s3:GetBucket*", "Action::s3:GetObject*", "Action::s3:List*", "Action::s3:Abort*", "Action::s3:DeleteObject*",
             "Resource::<EdgeStaticAssetsBucket70A279D9.Arn>/*", "Resource::arn:aws:s3:::cdk-hnb659fds-assets-{account}-us-east-1/*"]),
        new("Edge/Custom::CDKBucketDeployment*/Resource", "AwsSolutions-L1",
            "CDK pins BucketDeployment's Python runtime (python3.11, supported; CloudFormation validation's W2531 checks that it is not deprecated) to match the AWS CLI layer it bundles"),

        // --- Zones come from config on purpose: synthesis makes no AWS call, and each subnet is pinned to
        // its zone letter so that adding a zone never renumbers (and replaces) the others.
        new("Network/*Subnet*", "CloudFormation-Validate::W3010",
            "subnets are pinned to the zones the environment file names (availabilityZones), so that synthesis needs no AWS lookup and adding a zone never replaces a subnet"),
        new("Data/Database/Replica*/Resource", "CloudFormation-Validate::W3010",
            "each read replica is placed in a named zone of the environment file, round-robin, so that losing one zone leaves the others serving reads"),

        // --- The fleets' instance roles.
        new("App/*Fleet/InstanceRole/DefaultPolicy/Resource", "AwsSolutions-IAM5",
            "Session Manager's channel actions (ssmmessages:*Channel) support no resource-level permissions: AWS documents Resource \"*\"",
            ["Resource::*"]),
        new("App/*Fleet/InstanceRole/DefaultPolicy/Resource", "AwsSolutions-IAM5",
            "ssm:UpdateInstanceInformation registers the calling instance with Session Manager; its instance ID does not exist when the role is made, so the grant is any instance of this account and region",
            ["Resource::arn:aws:ec2:{region}:{account}:instance/*"]),
        new("App/*Fleet/InstanceRole/DefaultPolicy/Resource", "AwsSolutions-IAM5",
            "instances read the app settings the blocks publish under the environment's own SSM path, /headroom/<env>/, and nothing else",
            ["Resource::arn:aws:ssm:{region}:{account}:parameter/headroom/{env}/*"]),
        new("App/Service*Fleet/InstanceRole/DefaultPolicy/Resource", "AwsSolutions-IAM5",
            "a service's instances read the parameters under its own SSM path, /headroom/<env>/services/<name>/, and no other service's",
            ["Resource::arn:aws:ssm:{region}:{account}:parameter/headroom/{env}/services/{service}/*"]),
        new("App/Service*Fleet/InstanceRole/DefaultPolicy/Resource", "AwsSolutions-IAM5",
            "a service's instances read the secrets named under its own prefix, headroom/<env>/services/<name>/, which it creates itself (names, not ARNs, are known beforehand); no other service's",
            ["Resource::arn:aws:secretsmanager:{region}:{account}:secret:headroom/{env}/services/{service}/*"]),
        new("App/WebFleet/Group/ASG", "AwsSolutions-EC26",
            "with mixed instances the launch template sits inside MixedInstancesPolicy, which cdk-nag's EC26 does not read; that template's root volume is encrypted (gp3, Encrypted: true)",
            When: MixedInstances),

        // --- Database.
        new("Data/Database/MonitoringRole/Resource", "AwsSolutions-IAM4",
            "RDS enhanced monitoring requires the AWS managed AmazonRDSEnhancedMonitoringRole policy; AWS keeps it to the metrics RDS publishes",
            ["Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole"]),
        new("Data/Database/Replica*/Resource", "AwsSolutions-RDS3",
            "read replicas are spread over the zones instead: losing one zone leaves the others serving reads, and the primary is Multi-AZ in production"),
        new("Data/Database/Replica*/Resource", "AwsSolutions-RDS10",
            "read replicas are expendable: they hold no data of their own (the primary's copy), RDS cannot snapshot one on deletion, and lowering database.replicas must delete them"),
        new("Data/Database/Replica*/Resource", "Headroom-StatefulRetained",
            "read replicas are expendable: they hold no data of their own (the primary's copy), RDS cannot snapshot one on deletion, and lowering database.replicas must delete them"),
        new("Data/Database/Replica*/Resource", "AwsSolutions-RDS11",
            "a read replica inherits its engine from the primary and does not set Engine, which cdk-nag's RDS11 reads; its port is the non-default database.port"),
        new("Data/Database/Replica*/Resource", "AwsSolutions-RDS2",
            "a read replica is encrypted with its primary's key (KmsKeyId); CloudFormation forbids StorageEncrypted on a replica (F3020), and cdk-nag's RDS2 reads only that"),
        new("Data/Database/Primary/Resource", "AwsSolutions-RDS3",
            "this environment runs a single-AZ primary by configuration (database.multiAz: false); production requires Multi-AZ",
            When: SingleAz),
        new("Data/Database/Primary/Resource", "AwsSolutions-RDS10",
            "this environment turns deletion protection off by configuration (database.deletionProtection: false); production requires it",
            When: Unprotected),

        // --- Cache.
        new("Data/Cache/AuthTokenRotationRole/Resource", "AwsSolutions-IAM5",
            "secretsmanager:GetRandomPassword, which makes the new AUTH token, acts on no resource: AWS documents Resource \"*\" for it; every other grant of the rotation role names its secret, group, key or log group",
            ["Resource::*"]),

        // --- Web tier.
        new("App/WebLoadBalancer/*AccessLogs/Resource", "Headroom-StatefulRetained",
            "outside production the load balancer's access logs (and who read them) go with the App stack; production keeps both buckets",
            When: NonProduction),

        new("*", "Headroom-PlainHttpOrigin",
            "this environment accepts plain HTTP to its load balancer (web.loadBalancer.allowPlainHttpOrigin: true, refused in production); headroom check prints it as a warning",
            When: PlainHttpOrigin),

        // --- Monitoring.
        new("*/Monitoring/OpsTopic/Key/Resource", "Headroom-StatefulRetained",
            "the ops topic's key encrypts alarm notifications in flight only: SNS stores nothing under it once delivered, so deleting it with its stack loses no data"),

        // --- Origin verification.
        new("Data/WebOriginVerifySecret/Resource", "AwsSolutions-SMG4",
            "CloudFront's origin header and the load balancer's rule both resolve this value at deploy time; a rotation outside a deploy would make every request fail the check. Rotate it by deploying a new value"),

        // --- Chaos experiments (FIS): the role only FIS may assume.
        new("App/Chaos/Role/DefaultPolicy/Resource", "AwsSolutions-IAM5",
            "FIS stops, starts, terminates and runs its documents on instances it picks when an experiment starts, so no instance ID exists to name; every such grant holds a condition that the instance carries this environment's project and environment tags",
            ["Resource::arn:aws:ec2:{region}:{account}:instance/*"], When: ChaosEnabled),
        new("App/Chaos/Role/DefaultPolicy/Resource", "AwsSolutions-IAM5",
            "AWS documents Resource \"*\" for the experiments' lookups (Describe*, tag:GetResources, ssm:ListCommands, ssm:CancelCommand), for CloudWatch Logs' vended log delivery, for ec2:InjectApiError (held by conditions to the capacity-error action on this environment's own groups) and for kms:CreateGrant (held to grants EC2 makes for an AWS resource)",
            ["Resource::*"], When: ChaosEnabled),

        // --- Edge.
        new("Edge/Edge/LoadTestSecret/Resource", "AwsSolutions-SMG4",
            "WAF's load-test rule compares this value through a dynamic reference resolved at deploy time; a rotation outside a deploy would stop matching. Rotate it by deploying a new value"),
        new("Edge/Edge/LoadTestSecret/Resource", "Headroom-StatefulRetained",
            "a generated token, not data: WAF and `headroom loadtest run` both read it by name, so a stack recreated with a new value loses nothing (a retained one would keep its name reserved and block the recreation)"),
        new("Edge/Edge/Distribution/Resource", "AwsSolutions-CFR1",
            "the shop sells wherever its customers are; a geo restriction is a business decision, not a default"),
        new("Edge/Edge/Distribution/Resource", "AwsSolutions-CFR4",
            "without edge.domainNames CloudFront serves its own *.cloudfront.net certificate, whose minimum protocol it fixes; with a domain and certificate the policy is TLSv1.2_2021",
            When: NoDomain),
    ];

    /// <summary>Writes every entry that applies to <paramref name="config"/> onto the matching resources of its stacks.</summary>
    public static void Apply(IEnumerable<Stack> stacks, EnvironmentConfig config)
    {
        var entries = All.Where(e => e.When?.Test(config) ?? true).ToList();
        foreach (var stack in stacks) stack.Node.AddValidation(new Writer(stack, config, entries));
    }

    /// <summary>
    /// Adds the matching entries to each CloudFormation resource's cdk_nag metadata. A validation of the
    /// stack rather than an aspect: CDK makes some resources (the cross-region reference functions) while
    /// it prepares the app, after the aspects have run; validations run after that, before templates are written.
    /// </summary>
    private sealed class Writer(Stack stack, EnvironmentConfig config, IReadOnlyList<Entry> entries) : DeputyBase, IValidation
    {
        private readonly string _prefix = $"{stack.StackName}/";
        private readonly string _part = stack.StackName[(stack.StackName.LastIndexOf('-') + 1)..];

        public string[] Validate()
        {
            foreach (var node in stack.Node.FindAll()) Visit(node);
            return [];
        }

        private void Visit(IConstruct node)
        {
            if (node is not CfnResource resource || !node.Node.Path.StartsWith(_prefix, StringComparison.Ordinal)) return;
            var relative = _part + "/" + node.Node.Path[_prefix.Length..];
            var matching = entries.Where(e => e.Covers(relative)).ToList();
            if (matching.Count == 0) return;
            var rules = matching.Select(e =>
            {
                var rule = new Dictionary<string, object> { ["id"] = e.Rule, ["reason"] = e.Reason };
                if (e.AppliesTo is not null) rule["applies_to"] = e.AppliesTo.SelectMany(ExpandPerService).ToArray();
                return (object)rule;
            }).ToArray();
            resource.AddMetadata("cdk_nag", new Dictionary<string, object> { ["rules_to_suppress"] = rules });
        }

        private string Expand(string text) => text.Replace("{account}", config.Account).Replace("{region}", config.Region).Replace("{env}", config.Name);

        /// <summary>"{service}": one finding per configured service (the resource path says which fleet it is about).</summary>
        private IEnumerable<string> ExpandPerService(string text) =>
            text.Contains("{service}", StringComparison.Ordinal) ? config.Services.Select(s => Expand(text).Replace("{service}", s.Name)) : [Expand(text)];
    }

    /// <summary>The README's table of every entry (a test keeps the README equal to it).</summary>
    public static string MarkdownTable()
    {
        var lines = new List<string> { "| rule | where (stack part / construct path) | when | reason |", "|---|---|---|---|" };
        foreach (var e in All)
        {
            var rule = e.AppliesTo is null ? $"`{e.Rule}`" : $"`{e.Rule}` on {string.Join(", ", e.AppliesTo.Select(a => $"`{a}`"))}";
            lines.Add($"| {rule} | `{e.Path}` | {e.When?.Text ?? "always"} | {e.Reason.Replace("|", "\\|", StringComparison.Ordinal)} |");
        }
        return string.Join('\n', lines);
    }

}
