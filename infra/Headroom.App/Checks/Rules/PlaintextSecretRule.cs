namespace Headroom.App.Checks.Rules;

/// <summary>
/// No plaintext secret in any resource property: a template is stored in S3, shown by the console and
/// diffed in pull requests. Every string of every resource's Properties is scanned for AWS access key
/// IDs, private keys and secret-access-key-like values after a secret-named key; and every property
/// named like a password, secret or token must take its value from a dynamic reference
/// (<c>{{resolve:secretsmanager:…}}</c>, <c>{{resolve:ssm-secure:…}}</c>) or a Ref/GetAtt, never a literal.
/// Findings carry the property path as appliesTo.
/// </summary>
public sealed partial class PlaintextSecretRule : IRule
{
    [GeneratedRegex(@"(?<![A-Z0-9])(AKIA|ASIA)[A-Z0-9]{16}(?![A-Z0-9])")] private static partial Regex AccessKeyId();
    [GeneratedRegex(@"-----BEGIN ([A-Z0-9]+ )*PRIVATE KEY-----")] private static partial Regex PrivateKey();
    [GeneratedRegex(@"secret[\w.-]*[""']?\s*[:=]\s*[""']?(?<![A-Za-z0-9/+])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])", RegexOptions.IgnoreCase)]
    private static partial Regex SecretAccessKeyAssignment();
    [GeneratedRegex(@"^[A-Za-z0-9/+]{40}\z")] private static partial Regex FortyBase64();
    [GeneratedRegex(@"\{\{resolve:[^}]*\}\}")] private static partial Regex DynamicReference();
    [GeneratedRegex(@"password|passwd|secret|token", RegexOptions.IgnoreCase)] private static partial Regex SensitiveName();
    [GeneratedRegex(@"(arn|arns|id|ids|name|names|type|length)\z", RegexOptions.IgnoreCase)] private static partial Regex ReferenceSuffix();

    /// <summary>Named like a secret, but settings rather than secrets.</summary>
    private static readonly HashSet<string> NotSecrets = new(StringComparer.OrdinalIgnoreCase)
    {
        "HttpTokens",          // IMDS: "required" or "optional"
        "ServiceToken",        // a custom resource's provider ARN
        "GenerateSecretString", // a spec for Secrets Manager to generate the value: holds none
    };

    private static readonly string[] DynamicReferences = ["{{resolve:secretsmanager:", "{{resolve:ssm-secure:"];

    public string Id => "Headroom-PlaintextSecret";

    public string Title => "No plaintext secret in a template: passwords, keys and tokens come from Secrets Manager or SSM SecureString";

    public string Fix => "keep the value in Secrets Manager (generate it there) and pass a dynamic reference "
                         + "(SecretValue.SecretsManager / secret.SecretValueFromJson) or the secret's ARN; rotate any key that was committed";

    public IEnumerable<RuleViolation> Evaluate(SynthesizedEnvironment env)
    {
        foreach (var resource in env.Resources)
        {
            if (resource.Properties.ValueKind != JsonValueKind.Object) continue;
            // One finding per property path: a value can trip several patterns.
            var seen = new HashSet<string>();
            foreach (var (path, message) in Scan(resource.Properties, ""))
                if (seen.Add(path))
                    yield return RuleViolation.Of(resource, $"{path}: {message}", path);
        }
    }

    private static IEnumerable<(string Path, string Message)> Scan(JsonElement value, string path)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                var text = value.GetString()!;
                if (AccessKeyId().IsMatch(text)) yield return (path, "an AWS access key ID in plain text");
                if (PrivateKey().IsMatch(text)) yield return (path, "a private key in plain text");
                // A dynamic reference's secret name is no secret, however long.
                if (SecretAccessKeyAssignment().IsMatch(DynamicReference().Replace(text, ""))) yield return (path, "a secret access key in plain text");
                break;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in value.EnumerateArray())
                    foreach (var found in Scan(item, $"{path}[{i++}]"))
                        yield return found;
                break;
            case JsonValueKind.Object:
                // A name/value pair (environment variables, custom headers, parameters): the name is the key.
                if (PairName(value) is { } pairName && PairValue(value) is { } pair && Sensitive(pairName) && !Safe(pair.Value))
                    yield return ($"{path}.{pair.Name}", $"{pairName} is {Literal(pair.Value)}");
                foreach (var property in value.EnumerateObject())
                {
                    if (NotSecrets.Contains(property.Name)) continue;
                    var child = path.Length == 0 ? property.Name : $"{path}.{property.Name}";
                    if (Sensitive(property.Name) && !Safe(property.Value))
                        yield return (child, $"{property.Name} is {Literal(property.Value)}");
                    foreach (var found in Scan(property.Value, child))
                        yield return found;
                }
                break;
        }
    }

    private static bool Sensitive(string name) => SensitiveName().IsMatch(name) && !ReferenceSuffix().IsMatch(name) && !NotSecrets.Contains(name);

    private static string? PairName(JsonElement pair) =>
        pair.EnumerateObject().Where(p => p.Name is "Name" or "Key" or "HeaderName" or "ParameterKey" && p.Value.ValueKind == JsonValueKind.String)
            .Select(p => p.Value.GetString()).FirstOrDefault();

    private static JsonProperty? PairValue(JsonElement pair) =>
        pair.EnumerateObject().Where(p => p.Name is "Value" or "HeaderValue" or "ParameterValue").Select(p => (JsonProperty?)p).FirstOrDefault();

    private static string Literal(JsonElement value) =>
        value.ValueKind == JsonValueKind.String && FortyBase64().IsMatch(value.GetString()!)
            ? "a literal that looks like a secret access key"
            : "a literal, not a dynamic reference ({{resolve:secretsmanager:...}} or {{resolve:ssm-secure:...}})";

    /// <summary>
    /// Whether a secret-named property's value is no secret in the template: a dynamic reference, a
    /// reference to another resource or parameter, a non-string (a length, a flag), or an intrinsic that
    /// assembles a dynamic reference. A join of literals is a literal.
    /// </summary>
    private static bool Safe(JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                var s = value.GetString()!;
                return s.Length == 0 || DynamicReferences.Any(d => s.Contains(d, StringComparison.Ordinal));
            case JsonValueKind.Array:
                return value.EnumerateArray().All(Safe);
            case JsonValueKind.Object:
                var properties = value.EnumerateObject().ToList();
                if (properties.Count != 1 || !(properties[0].Name == "Ref" || properties[0].Name.StartsWith("Fn::", StringComparison.Ordinal)))
                    return true; // a structure (e.g. MasterUserSecret {SecretArn, KmsKeyId}): its members are scanned on their own
                var (function, args) = (properties[0].Name, properties[0].Value);
                return function switch
                {
                    "Ref" or "Fn::GetAtt" or "Fn::ImportValue" => true,
                    "Fn::If" when args.ValueKind == JsonValueKind.Array && args.GetArrayLength() == 3 => Safe(args[1]) && Safe(args[2]),
                    _ => RuleJson.Walk(args).Any(e => e.ValueKind == JsonValueKind.String && DynamicReferences.Any(d => e.GetString()!.Contains(d, StringComparison.Ordinal))),
                };
            default:
                return true;
        }
    }
}
