namespace Headroom.App.Diagrams;

/// <summary>
/// Every resource of one environment's templates, with the references between them followed across
/// stacks: a {"Fn::ImportValue"} is resolved through the exporting stack's outputs to the resource it
/// names, so a fleet in the App stack finds its subnets in the Network stack and its queues in the Data stack.
/// </summary>
public sealed class TemplateGraph
{
    private readonly Dictionary<(string Stack, string LogicalId), TemplateResource> _byId;
    private readonly Dictionary<string, (string Stack, string LogicalId)> _exports = new(StringComparer.Ordinal);

    public TemplateGraph(IEnumerable<SynthesizedStack> stacks)
    {
        var list = stacks.ToList();
        _byId = list.SelectMany(s => s.Resources).ToDictionary(r => (r.Stack, r.LogicalId));
        foreach (var stack in list)
        {
            if (!stack.Template.TryGetProperty("Outputs", out var outputs) || outputs.ValueKind != JsonValueKind.Object) continue;
            foreach (var output in outputs.EnumerateObject())
            {
                if (!output.Value.TryGetProperty("Export", out var export) || !export.TryGetProperty("Name", out var name) || name.ValueKind != JsonValueKind.String) continue;
                if (!output.Value.TryGetProperty("Value", out var value)) continue;
                if ((TemplateJson.Ref(value) ?? TemplateJson.GetAtt(value)) is { } target) _exports[name.GetString()!] = (stack.Name, target);
            }
        }
    }

    public IEnumerable<TemplateResource> Resources => _byId.Values;

    public TemplateResource? Find(string stack, string logicalId) => _byId.GetValueOrDefault((stack, logicalId));

    /// <summary>The resource a value points at: Ref, Fn::GetAtt or Fn::ImportValue, seen from <paramref name="stack"/>; null for anything else.</summary>
    public TemplateResource? Target(string stack, JsonElement? value)
    {
        if (value is not { ValueKind: JsonValueKind.Object } v) return null;
        if ((TemplateJson.Ref(v) ?? TemplateJson.GetAtt(v)) is { } id) return Find(stack, id);
        if (v.TryGetProperty("Fn::ImportValue", out var import) && import.ValueKind == JsonValueKind.String
            && _exports.TryGetValue(import.GetString()!, out var exported))
            return Find(exported.Stack, exported.LogicalId);
        return null;
    }

    /// <summary>Every resource referenced anywhere inside a value (arrays, Fn::Join, nested objects), in order, once each.</summary>
    public IReadOnlyList<TemplateResource> Targets(string stack, JsonElement? value)
    {
        var found = new List<TemplateResource>();
        void Walk(JsonElement e)
        {
            switch (e.ValueKind)
            {
                case JsonValueKind.Array:
                    foreach (var item in e.EnumerateArray()) Walk(item);
                    break;
                case JsonValueKind.Object:
                    if (Target(stack, e) is { } t)
                    {
                        if (!found.Contains(t)) found.Add(t);
                        break;
                    }
                    foreach (var p in e.EnumerateObject()) Walk(p.Value);
                    break;
            }
        }
        if (value is { } v) Walk(v);
        return found;
    }

    /// <summary>The subnets a list of subnet references points at.</summary>
    public IReadOnlyList<TemplateResource> Subnets(TemplateResource owner, string property) =>
        Targets(owner.Stack, owner.Prop(property)).Where(r => r.Type == "AWS::EC2::Subnet").ToList();

    /// <summary>The security groups a list of references points at.</summary>
    public IReadOnlyList<TemplateResource> SecurityGroups(TemplateResource owner, JsonElement? value) =>
        Targets(owner.Stack, value).Where(r => r.Type == "AWS::EC2::SecurityGroup").ToList();
}
