namespace Headroom.App.Config;

/// <summary>One problem in one environment file: where it is, what was there, and what is allowed.</summary>
public sealed record ConfigError(string File, int Line, int Column, string Field, string? Value, string Allowed)
{
    public override string ToString()
    {
        var got = Value is null ? "" : $" (got '{Value}')";
        return $"{File}:{Line}:{Column}: {Field}: {Allowed}{got}";
    }
}

/// <summary>The only exception the loader lets out: every problem found, not just the first.</summary>
public sealed class ConfigValidationException(IReadOnlyList<ConfigError> errors)
    : Exception($"{errors.Count} configuration error(s):{Environment.NewLine}" +
                string.Join(Environment.NewLine, errors.Select(e => "  " + e)))
{
    public IReadOnlyList<ConfigError> Errors { get; } = errors;
}
