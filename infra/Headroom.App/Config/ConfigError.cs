namespace Headroom.App.Config;

/// <summary>One problem in one environment file: where it is, what was there, and what is allowed.</summary>
/// <remarks>Printing escapes what a hostile file could put there: control characters, bidirectional overrides,
/// lone surrogates and NUL bytes are written as escapes, and long values are cut to <see cref="EchoLength"/>
/// characters with their length; the record itself keeps the raw text for the rules and tests.</remarks>
public sealed record ConfigError(string File, int Line, int Column, string Field, string? Value, string Allowed)
{
    /// <summary>How much of a value, field path or file name is echoed.</summary>
    public const int EchoLength = 80;

    public override string ToString()
    {
        var got = Value is null ? "" : $" (got '{Echo(Value)}')";
        return $"{Echo(File, 200)}:{Line}:{Column}: {Echo(Field)}: {Echo(Allowed, 1000)}{got}";
    }

    /// <summary>The text made safe to print: escaped, and cut at <paramref name="limit"/> characters with the length named.</summary>
    public static string Echo(string text, int limit = EchoLength)
    {
        var cut = text.Length > limit;
        var shown = cut ? text[..limit] : text;
        var builder = new System.Text.StringBuilder();
        for (var i = 0; i < shown.Length; i++)
        {
            var c = shown[i];
            if (c == '\0') builder.Append("\\0");
            else if (c == '\n') builder.Append("\\n");
            else if (c == '\r') builder.Append("\\r");
            else if (c == '\t') builder.Append("\\t");
            else if (char.IsSurrogatePair(shown, i)) builder.Append(c).Append(shown[++i]);
            else if (char.IsControl(c) || char.IsSurrogate(c) || c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069' or '\u200E' or '\u200F' or '\uFEFF')
                builder.Append($"\\u{(int)c:X4}");
            else builder.Append(c);
        }
        return cut ? $"{builder}… ({text.Length} characters)" : builder.ToString();
    }
}

/// <summary>The only exception the loader lets out: every problem found, not just the first.</summary>
public sealed class ConfigValidationException(IReadOnlyList<ConfigError> errors)
    : Exception($"{errors.Count} configuration error(s):{System.Environment.NewLine}" +
                string.Join(System.Environment.NewLine, errors.Select(e => "  " + e)))
{
    public IReadOnlyList<ConfigError> Errors { get; } = errors;
}
