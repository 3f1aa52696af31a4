namespace Headroom.App.Docs;

/// <summary>
/// `headroom docs`: rewrites each README field table, between `&lt;!-- fields:ID --&gt;` and
/// `&lt;!-- /fields:ID --&gt;`, from the config model. `--check` only compares: exit 1 naming the
/// tables that differ, so CI and the tests catch a README that drifted from the code.
/// </summary>
internal static class DocsCommand
{
    /// <summary>The README with every table rendered, the ids of the tables that changed, and those without markers.</summary>
    public sealed record Result(string Text, IReadOnlyList<string> Changed, IReadOnlyList<string> Missing);

    public static Result Render(string readme)
    {
        var changed = new List<string>();
        var missing = new List<string>();
        foreach (var table in FieldTables.All)
        {
            var block = new Regex($"(<!-- fields:{table.Id} -->\n)(.*?)(\n<!-- /fields:{table.Id} -->)", RegexOptions.Singleline);
            var match = block.Match(readme);
            if (!match.Success)
            {
                missing.Add(table.Id);
                continue;
            }
            var rendered = FieldTables.Markdown(table);
            if (match.Groups[2].Value == rendered) continue;
            changed.Add(table.Id);
            readme = readme[..match.Groups[2].Index] + rendered + readme[(match.Groups[2].Index + match.Groups[2].Length)..];
        }
        return new Result(readme, changed, missing);
    }

    public static int Run(string readmePath, bool check, TextWriter output, TextWriter error)
    {
        if (!File.Exists(readmePath))
        {
            error.WriteLine($"headroom docs: {readmePath} does not exist");
            return 2;
        }
        Result result;
        try
        {
            result = Render(File.ReadAllText(readmePath));
        }
        catch (InvalidOperationException e)
        {
            // A field without [Field] text, or a default that needs one: the model is what must change.
            error.WriteLine($"headroom docs: {e.Message}");
            return 2;
        }
        if (result.Missing.Count > 0)
        {
            error.WriteLine($"headroom docs: {readmePath} lacks the markers of {string.Join(", ", result.Missing.Select(id => $"<!-- fields:{id} --> ... <!-- /fields:{id} -->"))}; nothing was written");
            return 2;
        }
        if (result.Changed.Count == 0)
        {
            output.WriteLine($"headroom docs: the field tables in {readmePath} match the model");
            return 0;
        }
        if (check)
        {
            error.WriteLine($"headroom docs: field tables in {readmePath} differ from the model: {string.Join(", ", result.Changed)}; run ./headroom docs");
            return 1;
        }
        File.WriteAllText(readmePath, result.Text);
        output.WriteLine($"headroom docs: rewrote the field tables {string.Join(", ", result.Changed)} in {readmePath}");
        return 0;
    }
}
