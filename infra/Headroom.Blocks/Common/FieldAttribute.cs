namespace Headroom.Blocks.Common;

/// <summary>
/// A config field's README text (on a block's setting, the text of the config field generated from it), from which `./headroom docs` renders the field tables: the model is
/// the one place a field is described. <see cref="Allowed"/> is the "allowed" column. The "default"
/// column is the property's value on a fresh instance unless <see cref="Default"/> says it (a default
/// that depends on the environment or is computed when unset). On a section (a nested config object
/// that is always there, whose fields get rows of their own) it makes one row `name.*` instead, for a
/// type whose fields are tabled elsewhere.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class FieldAttribute(string allowed) : Attribute
{
    public string Allowed { get; } = allowed;

    /// <summary>The "default" column, when the initial value does not say it.</summary>
    public string? Default { get; set; }

    /// <summary>For a mapping of names to objects: what a name stands for in the rows' paths (`alarms.&lt;kind&gt;.threshold`).</summary>
    public string? Key { get; set; }

    /// <summary>On a block's setting: the config field's name when it is not the setting's (its YAML key is the camelCase of it).</summary>
    public string? Name { get; set; }
}
