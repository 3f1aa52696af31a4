namespace Headroom.Tests.Blocks;

/// <summary>Reading references out of synthesized JSON, for the data tier's tests.</summary>
internal static class DataTemplates
{
    /// <summary>The logical ID a {"Ref": X} or {"Fn::GetAtt": [X, ...]} points at; null for anything else.</summary>
    public static string? Target(JsonElement? value) => TemplateJson.Ref(value) ?? TemplateJson.GetAtt(value);

    /// <summary>The attribute of a {"Fn::GetAtt": [X, attribute]}.</summary>
    public static string? Attribute(JsonElement? value) =>
        value is { ValueKind: JsonValueKind.Object } v && v.TryGetProperty("Fn::GetAtt", out var g) ? g[1].GetString() : null;

    /// <summary>Who an ingress rule admits: "web" or "worker" for the fleets' groups in the Network stack,
    /// the logical ID of a group in the same stack, or "cidr:..." for an address range.</summary>
    public static string Source(TemplateResource rule)
    {
        if (rule.Prop("SourceSecurityGroupId") is not { } source)
            return "cidr:" + (rule.Str("CidrIp") ?? rule.Str("CidrIpv6") ?? rule.Str("SourcePrefixListId") ?? "?");
        if (source.ValueKind == JsonValueKind.Object && source.TryGetProperty("Fn::ImportValue", out var import))
        {
            var name = import.GetString() ?? "";
            if (name.Contains("WebFleetSecurityGroup", StringComparison.Ordinal)) return "web";
            if (name.Contains("WorkerFleetSecurityGroup", StringComparison.Ordinal)) return "worker";
            return "import:" + name;
        }
        return Target(source) ?? source.ToString();
    }

    /// <summary>The ports a rule opens, "from-to" as the template states them (GetAtt ports as the attribute).</summary>
    public static string Ports(TemplateResource rule) =>
        $"{Port(rule.Prop("FromPort"))}-{Port(rule.Prop("ToPort"))}";

    private static string Port(JsonElement? value) => value switch
    {
        { ValueKind: JsonValueKind.Number } n => n.GetRawText(),
        { } other => Attribute(other) ?? other.ToString(),
        null => "?",
    };

    /// <summary>Who each ingress rule of a group admits, and on which ports: "Source:from-to" (hashes dropped from logical IDs).</summary>
    public static IEnumerable<string> Admitted(IEnumerable<TemplateResource> resources, string groupLogicalId) =>
        resources.Where(r => r.Type == "AWS::EC2::SecurityGroupIngress" && Target(r.Prop("GroupId")) == groupLogicalId)
            .Select(r => $"{Unhashed(Source(r))}:{Ports(r)}");

    /// <summary>A logical ID without the 8-digit hash CDK appends to a nested construct's path.</summary>
    public static string Unhashed(string logicalId) =>
        System.Text.RegularExpressions.Regex.Replace(logicalId, "[0-9A-F]{8}$", "");

    /// <summary>No inline ingress, and the one egress rule CDK writes for "nothing out".</summary>
    public static void ShouldAdmitNothingInlineAndSendNothing(TemplateResource securityGroup)
    {
        securityGroup.Prop("SecurityGroupIngress").Should().BeNull();
        securityGroup.Prop("SecurityGroupEgress")!.Value.EnumerateArray().Should().ContainSingle()
            .Which.GetProperty("Description").GetString().Should().Be("Disallow all traffic");
    }

    /// <summary>The literal subnet ids of a subnet group (a bare stack's imported VPC).</summary>
    public static IEnumerable<string> SubnetIds(TemplateResource subnetGroup, string property = "SubnetIds") =>
        subnetGroup.Prop(property)!.Value.EnumerateArray().Select(s => s.GetString()!);

    /// <summary>The SSM parameters under a path, by the rest of their name.</summary>
    public static Dictionary<string, TemplateResource> Parameters(IEnumerable<TemplateResource> resources, string prefix) =>
        resources.Where(r => r.Type == "AWS::SSM::Parameter" && r.Str("Name")!.StartsWith(prefix, StringComparison.Ordinal))
            .ToDictionary(r => r.Str("Name")![prefix.Length..]);

    /// <summary>True for "{{resolve:secretsmanager:...}}", written plainly or as an Fn::Join of parts.</summary>
    public static bool IsSecretsManagerReference(JsonElement value)
    {
        const string prefix = "{{resolve:secretsmanager:";
        if (value.ValueKind == JsonValueKind.String)
        {
            var s = value.GetString()!;
            return s.StartsWith(prefix, StringComparison.Ordinal) && s.EndsWith("}}", StringComparison.Ordinal);
        }
        if (value.ValueKind != JsonValueKind.Object || !value.TryGetProperty("Fn::Join", out var join)) return false;
        var parts = join[1].EnumerateArray().ToList();
        return parts.Count >= 2
               && parts[0].ValueKind == JsonValueKind.String && parts[0].GetString()!.StartsWith(prefix, StringComparison.Ordinal)
               && parts[^1].ValueKind == JsonValueKind.String && parts[^1].GetString()!.EndsWith("}}", StringComparison.Ordinal);
    }

    /// <summary>Every property, at any depth, whose name says it holds a password or token.</summary>
    public static IEnumerable<(string Path, string Name, JsonElement Value)> SecretProperties(JsonElement node, string path = "")
    {
        if (node.ValueKind == JsonValueKind.Object)
        {
            foreach (var p in node.EnumerateObject())
            {
                var here = $"{path}/{p.Name}";
                if (p.Name.EndsWith("Password", StringComparison.OrdinalIgnoreCase) || p.Name is "AuthToken" or "SecretString" or "Passwords")
                    yield return (here, p.Name, p.Value);
                foreach (var inner in SecretProperties(p.Value, here)) yield return inner;
            }
        }
        else if (node.ValueKind == JsonValueKind.Array)
        {
            var i = 0;
            foreach (var item in node.EnumerateArray())
                foreach (var inner in SecretProperties(item, $"{path}[{i++}]")) yield return inner;
        }
    }
}
