namespace Headroom.App.Preview.Sections;

/// <summary>Every fleet (web, workers, any other), described the same way from its block's resources.</summary>
internal sealed class FleetPreview() : BlockPreview("Fleet", 35, "Fleets")
{
    protected override IEnumerable<string> Describe(SynthesizedEnvironment env, BlockResources block) =>
        block.OfType("AWS::AutoScaling::AutoScalingGroup").SelectMany(group => Fleet(block, group));

    private static IEnumerable<string> Fleet(BlockResources block, TemplateResource group)
    {
        var desired = group.Str("DesiredCapacity") ?? "(min at launch)";
        var zones = group.Prop("VPCZoneIdentifier")?.GetArrayLength() ?? 0;
        yield return $"{block.Name}: min {group.Str("MinSize")}, desired {desired}, max {group.Str("MaxSize")}, in {zones} private subnets";
        yield return $"  {group.Str("HealthCheckType")} health checks, grace {group.Prop("HealthCheckGracePeriod")} s, instance warm-up {group.Prop("DefaultInstanceWarmup")} s";

        var template = block.OfType("AWS::EC2::LaunchTemplate").FirstOrDefault(t => t.LogicalId == LaunchTemplateOf(group));
        var data = template?.Prop("LaunchTemplateData");
        var types = new List<string>();
        if (data?.TryGetProperty("InstanceType", out var type) == true) types.Add(type.GetString()!);
        if (group.Prop("MixedInstancesPolicy") is { } mixed)
        {
            types = mixed.GetProperty("LaunchTemplate").GetProperty("Overrides").EnumerateArray().Select(o => o.GetProperty("InstanceType").GetString()!).ToList();
            var dist = mixed.GetProperty("InstancesDistribution");
            var onDemand = dist.GetProperty("OnDemandPercentageAboveBaseCapacity").GetInt32();
            yield return $"  instances: {string.Join(", ", types)}";
            yield return $"  on-demand base {dist.GetProperty("OnDemandBaseCapacity")}, above it {onDemand}% on-demand, {100 - onDemand}% Spot ({dist.GetProperty("SpotAllocationStrategy").GetString()})";
        }
        else
        {
            yield return $"  instances: {string.Join(", ", types)}";
        }
        if (data is { } d)
        {
            var imds = d.TryGetProperty("MetadataOptions", out var m) && m.TryGetProperty("HttpTokens", out var tokens) ? tokens.GetString() : "optional";
            var volume = d.TryGetProperty("BlockDeviceMappings", out var b) ? b[0].GetProperty("Ebs") : default;
            var publicIp = d.TryGetProperty("NetworkInterfaces", out var nics) && nics[0].TryGetProperty("AssociatePublicIpAddress", out var ip) && ip.GetBoolean();
            var size = volume.ValueKind == JsonValueKind.Object ? $"{volume.GetProperty("VolumeSize")} GiB {volume.GetProperty("VolumeType").GetString()}{(volume.TryGetProperty("Encrypted", out var e) && e.GetBoolean() ? " encrypted" : "")}" : "image default";
            yield return $"  launch template: IMDSv2 {imds}, root {size}, public IP {(publicIp ? "yes" : "no")}, key pair {(d.TryGetProperty("KeyName", out _) ? "yes" : "none")}";
        }

        foreach (var policy in block.OfType("AWS::AutoScaling::ScalingPolicy").Where(p => TemplateJson.Ref(p.Prop("AutoScalingGroupName")) == group.LogicalId))
        {
            var tracking = policy.Prop("TargetTrackingConfiguration");
            if (tracking is not { } t) continue;
            yield return $"  scale on {Metric(t)}: target {t.GetProperty("TargetValue")}";
        }
        if (block.OfType("AWS::AutoScaling::ScalingPolicy").Any(p => p.Str("PolicyType") == "StepScaling" && TemplateJson.Ref(p.Prop("AutoScalingGroupName")) == group.LogicalId))
            yield return "  an empty group starts one instance when messages wait";
        foreach (var action in block.OfType("AWS::AutoScaling::ScheduledAction").Where(a => TemplateJson.Ref(a.Prop("AutoScalingGroupName")) == group.LogicalId))
        {
            var sizes = new[] { ("min", "MinSize"), ("desired", "DesiredCapacity"), ("max", "MaxSize") }
                .Where(x => action.Prop(x.Item2) is not null).Select(x => $"{x.Item1} {action.Prop(x.Item2)}");
            var window = action.Str("EndTime") is { } end ? $", until {end}" : "";
            yield return $"  scheduled '{action.Str("Recurrence")}' {action.Str("TimeZone") ?? "UTC"}: {string.Join(", ", sizes)}{window}";
        }
        foreach (var pool in block.OfType("AWS::AutoScaling::WarmPool").Where(p => TemplateJson.Ref(p.Prop("AutoScalingGroupName")) == group.LogicalId))
            yield return $"  warm pool: {pool.Str("PoolState")?.ToLower(CultureInfo.InvariantCulture)}, min {pool.Prop("MinSize")?.ToString() ?? "0"}, prepared capacity up to {pool.Prop("MaxGroupPreparedCapacity")?.ToString() ?? "max"}";

        if (group.Raw.TryGetProperty("UpdatePolicy", out var update) && update.TryGetProperty("AutoScalingRollingUpdate", out var rolling))
        {
            var signals = rolling.TryGetProperty("WaitOnResourceSignals", out var w) && w.GetBoolean() ? ", waits for cfn-signal" : "";
            yield return $"  rollout: batches of {rolling.GetProperty("MaxBatchSize")}, >= {rolling.GetProperty("MinInstancesInService")} in service, pause {rolling.GetProperty("PauseTime").GetString()}{signals}";
        }
        if (group.Prop("NotificationConfigurations") is { } notifications)
            yield return $"  notifications: {notifications.GetArrayLength()} topic(s)";
        foreach (var line in OwnParts(block)) yield return line;
    }

    /// <summary>What a fleet owns besides the group (a service's security group, its rules and its parameters).</summary>
    private static IEnumerable<string> OwnParts(BlockResources block)
    {
        var groups = block.OfType("AWS::EC2::SecurityGroup").Select(g => g.LogicalId).ToList();
        var ingress = block.OfType("AWS::EC2::SecurityGroupIngress").ToList();
        if (groups.Count > 0)
        {
            var admitted = ingress.Where(i => groups.Contains(TemplateJson.GetAtt(i.Prop("GroupId")) ?? "")).ToList();
            var admits = admitted.Count == 0 ? "nothing"
                : string.Join(", ", admitted.Select(i => $"tcp/{i.Prop("FromPort")} from {(i.Prop("SourceSecurityGroupId") is not null ? "the load balancer's security group" : i.Str("CidrIp") ?? "?")}"));
            yield return $"  security group of its own: admits {admits}";
            var reaches = ingress.Where(i => groups.Contains(TemplateJson.GetAtt(i.Prop("SourceSecurityGroupId")) ?? "")).Select(i => i.Str("Description") ?? $"tcp/{i.Prop("FromPort")}").ToList();
            if (reaches.Count > 0) yield return $"  admitted by the data tier: {string.Join("; ", reaches)}";
        }
        var parameters = block.OfType("AWS::SSM::Parameter").Select(p => p.Str("Name")).OfType<string>().ToList();
        if (parameters.Count > 0)
        {
            var root = parameters.Aggregate((a, b) => string.Concat(a.Zip(b).TakeWhile(x => x.First == x.Second).Select(x => x.First)));
            yield return $"  parameters: {parameters.Count} under {root[..(root.LastIndexOf('/') + 1)]}, which only its instances read";
        }
    }

    /// <summary>A predefined metric by name; metric math over queues (the workers' backlog) by what it computes.</summary>
    private static string Metric(JsonElement tracking)
    {
        if (tracking.TryGetProperty("PredefinedMetricSpecification", out var spec)) return spec.GetProperty("PredefinedMetricType").GetString()!;
        if (!tracking.TryGetProperty("CustomizedMetricSpecification", out var custom) || !custom.TryGetProperty("Metrics", out var metrics)) return "custom metric";
        var queues = metrics.EnumerateArray().Count(m => m.TryGetProperty("MetricStat", out var stat)
                                                         && stat.GetProperty("Metric").GetProperty("Namespace").GetString() == "AWS/SQS");
        return queues > 0 ? $"backlog per instance (visible messages of {queues} queues / in-service instances)" : "metric math";
    }

    private static string? LaunchTemplateOf(TemplateResource group)
    {
        var spec = group.Prop("LaunchTemplate") ?? group.Prop("MixedInstancesPolicy")?.GetProperty("LaunchTemplate").GetProperty("LaunchTemplateSpecification");
        return spec is { } s && s.TryGetProperty("LaunchTemplateId", out var id) ? TemplateJson.Ref(id) : null;
    }
}
