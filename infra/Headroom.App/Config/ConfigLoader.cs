using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace Headroom.App.Config;

/// <summary>
/// Reads environments/*.yaml. Parsing, binding and validation all finish before any construct is
/// made, and every problem of every file comes back in one <see cref="ConfigValidationException"/>.
/// </summary>
public static class ConfigLoader
{
    public const string DefaultDirectory = "environments";

    // Limits checked while reading, before YamlDotNet builds its (recursive) node tree: a real environment
    // file is a few KB, four or five levels deep, with values of a few hundred characters at most.
    /// <summary>The largest environment file read, in bytes (and characters).</summary>
    public const int MaxDocumentBytes = 256 * 1024;
    /// <summary>How deeply mappings and lists may nest.</summary>
    public const int MaxDepth = 32;
    /// <summary>The longest single value, in characters.</summary>
    public const int MaxScalarLength = 4096;
    /// <summary>How many YAML events (keys, values, starts and ends of mappings and lists) a file may hold.</summary>
    public const int MaxEvents = 50_000;

    /// <summary>All environments in a directory, or only the named ones; sorted by name.</summary>
    public static IReadOnlyList<EnvironmentConfig> LoadDirectory(string directory, IReadOnlyCollection<string>? only = null)
    {
        if (!Directory.Exists(directory))
            throw new ConfigValidationException([new ConfigError(directory, 1, 1, "(directory)", null,
                "the environments directory does not exist; create environments/<name>.yaml")]);

        var files = Directory.GetFiles(directory)
            .Where(f => f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".yml", StringComparison.Ordinal))
            .OrderBy(f => f, StringComparer.Ordinal)
            .ToList();
        var names = files.Select(NameOf).ToList();
        var errors = new List<ConfigError>();
        if (only is { Count: > 0 })
        {
            foreach (var unknown in only.Where(n => !names.Contains(n)))
                errors.Add(new ConfigError(Path.Combine(directory, unknown + ".yaml"), 1, 1, "(environment)", unknown,
                    $"no such environment; known: {string.Join(", ", names)}"));
            files = files.Where(f => only.Contains(NameOf(f))).ToList();
        }
        foreach (var duplicate in names.GroupBy(n => n).Where(g => g.Count() > 1))
            errors.Add(new ConfigError(Path.Combine(directory, duplicate.Key), 1, 1, "(file name)", duplicate.Key,
                "one file per environment: both .yaml and .yml exist"));
        if (files.Count == 0 && errors.Count == 0)
            errors.Add(new ConfigError(directory, 1, 1, "(directory)", null, "no environment files; add environments/<name>.yaml"));

        var loaded = new List<EnvironmentConfig>();
        foreach (var file in files)
        {
            try { loaded.Add(LoadFile(file)); }
            catch (ConfigValidationException e) { errors.AddRange(e.Errors); }
        }
        if (errors.Count > 0) throw new ConfigValidationException(errors);
        return loaded;
    }

    public static EnvironmentConfig LoadFile(string file)
    {
        string text;
        try
        {
            // Refused before it is read: a file of megabytes is a mistake or an attack, never an environment.
            if (new FileInfo(file).Length > MaxDocumentBytes) throw new ConfigValidationException([TooLarge(file, new FileInfo(file).Length)]);
            text = File.ReadAllText(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigValidationException([new ConfigError(file, 1, 1, "(file)", null, $"cannot be read: {e.Message}")]);
        }
        return Parse(text, file, NameOf(file));
    }

    /// <summary>Parses one document. Throws only <see cref="ConfigValidationException"/>.</summary>
    public static EnvironmentConfig Parse(string yaml, string file, string name)
    {
        if (yaml.Length > MaxDocumentBytes) throw new ConfigValidationException([TooLarge(file, yaml.Length)]);
        var errors = new List<ConfigError>();
        var root = ReadDocument(yaml, file, errors);
        if (root is null) throw new ConfigValidationException(errors);

        var binder = new YamlBinder(file, errors);
        var config = binder.BindRoot<EnvironmentConfig>(root);
        config.Name = name;
        config.File = file;
        config.Validate(new ConfigValidator(file, config, binder.Positions, binder.Failed, errors));
        // Binding and the rules find problems in different passes; report them in file order.
        if (errors.Count > 0) throw new ConfigValidationException([.. errors.OrderBy(e => e.Line).ThenBy(e => e.Column)]);
        return config;
    }

    private static ConfigError TooLarge(string file, long size) =>
        new(file, 1, 1, "(file)", $"{size} bytes", $"is larger than {MaxDocumentBytes / 1024} KB, the most an environment file may be");

    /// <summary>
    /// Walks the file's events once with YamlDotNet's parser (which keeps its own stack, so depth cannot
    /// overflow ours) and stops at the first limit crossed, with its position. Null when within every limit.
    /// </summary>
    private static ConfigError? CheckLimits(string yaml, string file)
    {
        var parser = new Parser(new StringReader(yaml));
        int depth = 0, events = 0;
        while (parser.MoveNext())
        {
            var current = parser.Current!;
            var at = current.Start;
            if (++events > MaxEvents)
                return new ConfigError(file, (int)at.Line, (int)at.Column, "(document)", null, $"holds more than {MaxEvents} keys and values, the most an environment file may");
            switch (current)
            {
                case MappingStart or SequenceStart when ++depth > MaxDepth:
                    return new ConfigError(file, (int)at.Line, (int)at.Column, "(document)", null, $"nests mappings and lists more than {MaxDepth} levels deep");
                case MappingEnd or SequenceEnd:
                    depth--;
                    break;
                case Scalar { Value.Length: > MaxScalarLength } scalar:
                    return new ConfigError(file, (int)at.Line, (int)at.Column, "(value)", scalar.Value,
                        $"is longer than {MaxScalarLength} characters, the longest value an environment file may hold");
            }
        }
        return null;
    }

    private static YamlMappingNode? ReadDocument(string yaml, string file, List<ConfigError> errors)
    {
        var stream = new YamlStream();
        try
        {
            if (CheckLimits(yaml, file) is { } limit)
            {
                errors.Add(limit);
                return null;
            }
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            // Syntax errors, duplicate keys and alias loops all surface here, with a position.
            var message = e.InnerException is { } inner ? $"{e.Message} {inner.Message}" : e.Message;
            errors.Add(new ConfigError(file, (int)Math.Max(1, e.Start.Line), (int)Math.Max(1, e.Start.Column), "(syntax)", null,
                $"is not valid YAML: {message}"));
            return null;
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            // YamlDotNet 18 throws these on some malformed scalars instead of a YamlException
            // (found by the property tests); it is still a syntax error in the file.
            errors.Add(new ConfigError(file, 1, 1, "(syntax)", null, $"is not valid YAML: {e.Message}"));
            return null;
        }
        if (stream.Documents.Count != 1)
        {
            errors.Add(new ConfigError(file, 1, 1, "(document)", null,
                stream.Documents.Count == 0 ? "the file is empty; required: account, region, availabilityZones, tags" : "must hold exactly one YAML document"));
            return null;
        }
        if (stream.Documents[0].RootNode is not YamlMappingNode mapping)
        {
            var node = stream.Documents[0].RootNode;
            errors.Add(new ConfigError(file, (int)node.Start.Line, (int)node.Start.Column, "(document)", null,
                "must be a mapping of settings (account: ..., region: ...)"));
            return null;
        }
        return mapping;
    }

    public static string NameOf(string file) => Path.GetFileNameWithoutExtension(file);
}
