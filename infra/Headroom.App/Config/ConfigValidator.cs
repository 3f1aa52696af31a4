using YamlDotNet.Core;

namespace Headroom.App.Config;

/// <summary>
/// What the validation rules of every section share: the whole environment (rules often depend on
/// `production` or the zone count), where each field stands in the file, and one list of errors.
/// </summary>
public sealed class ConfigValidator : Headroom.Blocks.Common.ISettingsReport
{
    private readonly string _file;
    private readonly IReadOnlyDictionary<string, Mark> _positions;
    private readonly List<ConfigError> _errors;
    private readonly IReadOnlySet<string> _failed;

    internal ConfigValidator(string file, EnvironmentConfig root, IReadOnlyDictionary<string, Mark> positions, IReadOnlySet<string> failed, List<ConfigError> errors)
    {
        _failed = failed;
        _file = file;
        Root = root;
        _positions = positions;
        _errors = errors;
    }

    public EnvironmentConfig Root { get; }

    /// <summary>True when the file states the field (as opposed to leaving the code default).</summary>
    public bool IsSet(string path) => _positions.ContainsKey(path);

    /// <summary>True when an error was reported on the field already.</summary>
    public bool HasError(string path) => _errors.Any(e => e.Field == path);

    /// <summary>True once any rule has failed: rules that judge the whole environment run only on a valid one.</summary>
    public bool HasErrors => _errors.Count > 0;

    public void Error(string path, object? value, string allowed)
    {
        if (_failed.Contains(path)) return; // already reported as unreadable
        var mark = Locate(path);
        _errors.Add(new ConfigError(_file, (int)mark.Line, (int)mark.Column, path, Format(value), allowed));
    }

    /// <summary>A setting's problem where the setting is the YAML path itself.</summary>
    public void Problem(string setting, object? value, string allowed) => Error(setting, value, allowed);

    public bool Check(bool condition, string path, object? value, string allowed)
    {
        if (!condition) Error(path, value, allowed);
        return condition;
    }

    public bool Required(string path, object? value, string allowed)
    {
        var present = value is not null && (value is not string s || s.Length > 0);
        if (!present) Error(path, null, $"is required: {allowed}");
        return present;
    }

    public bool Range(string path, int value, int min, int max, string? why = null) =>
        Check(value >= min && value <= max, path, value, $"must be from {min} to {max}{(why is null ? "" : $" ({why})")}");

    public bool Range(string path, double value, double min, double max, string? why = null) =>
        Check(value >= min && value <= max, path, value, $"must be from {Format(min)} to {Format(max)}{(why is null ? "" : $" ({why})")}");

    public bool Matches(string path, string? value, Regex pattern, string allowed) =>
        value is null || Check(pattern.IsMatch(value), path, value, allowed);

    public bool OneOf<T>(string path, T value, IReadOnlyCollection<T> allowed) =>
        Check(allowed.Contains(value), path, value, $"must be one of: {string.Join(", ", allowed)}");

    private Mark Locate(string path)
    {
        // A missing field is reported at its nearest present ancestor (or the top of the file).
        for (var p = path; ; p = Parent(p))
        {
            if (_positions.TryGetValue(p, out var mark)) return mark;
            if (p.Length == 0) return new Mark(0, 1, 1);
        }
    }

    private static string Parent(string path)
    {
        var cut = Math.Max(path.LastIndexOf('.'), path.LastIndexOf('['));
        return cut <= 0 ? "" : path[..cut];
    }

    private static string? Format(object? value) => value switch
    {
        null => null,
        double d => d.ToString(CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        System.Collections.IEnumerable e and not string => "[" + string.Join(", ", e.Cast<object>()) + "]",
        _ => value.ToString(),
    };
}

/// <summary>A config section validates itself; `path` is where it stands in the file.</summary>
public interface IConfigSection
{
    void Validate(ConfigValidator v, string path);
}
