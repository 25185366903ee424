using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ImbalanceMesh.AppHost.Publishing;

/// <summary>
/// Block-style YAML from a JSON tree. Every string is a double-quoted scalar with JSON escapes (valid YAML 1.1 and
/// 1.2), so no value can be misread as a number, boolean, null or anchor; keys are quoted unless plainly safe.
/// </summary>
public static class YamlWriter
{
    public static string Write(JsonNode document, string? headerComment = null)
    {
        var text = new StringBuilder();
        if (headerComment is not null)
            foreach (var line in headerComment.Split('\n')) text.Append(line.Length == 0 ? "#" : "# " + line).Append('\n');
        WriteBlock(document, text, 0);
        return text.ToString();
    }

    /// <summary>Several documents in one stream, separated by ---.</summary>
    public static string WriteAll(IEnumerable<JsonNode> documents, string? headerComment = null) =>
        string.Join("---\n", documents.Select((d, i) => Write(d, i == 0 ? headerComment : null)));

    private static void WriteBlock(JsonNode node, StringBuilder text, int indent)
    {
        switch (node)
        {
            case JsonObject map when map.Count > 0:
                foreach (var (key, value) in map)
                {
                    text.Append(' ', indent).Append(Key(key)).Append(':');
                    WriteChild(value, text, indent + 2);
                }
                break;
            case JsonArray list when list.Count > 0:
                foreach (var item in list)
                {
                    text.Append(' ', indent).Append('-');
                    if (item is JsonObject { Count: > 0 } or JsonArray { Count: > 0 })
                    {
                        // "- " followed by the first line of the nested block on the same line.
                        var nested = new StringBuilder();
                        WriteBlock(item, nested, indent + 2);
                        text.Append(' ').Append(nested.ToString().AsSpan(indent + 2));
                    }
                    else
                    {
                        text.Append(' ').Append(Scalar(item)).Append('\n');
                    }
                }
                break;
            default:
                text.Append(' ', indent).Append(Scalar(node)).Append('\n');
                break;
        }
    }

    private static void WriteChild(JsonNode? value, StringBuilder text, int indent)
    {
        if (value is JsonObject { Count: > 0 } or JsonArray { Count: > 0 })
        {
            text.Append('\n');
            WriteBlock(value, text, indent);
        }
        else
        {
            text.Append(' ').Append(Scalar(value)).Append('\n');
        }
    }

    private static string Scalar(JsonNode? node) => node switch
    {
        null => "null",
        JsonObject => "{}",
        JsonArray => "[]",
        JsonValue value when value.TryGetValue<string>(out var s) => Quote(s),
        JsonValue value when value.TryGetValue<bool>(out var b) => b ? "true" : "false",
        _ => node.ToJsonString(),
    };

    private static string Key(string key) =>
        key.Length > 0 && key.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' || c is '-' || c is '.' || c is '/')
        && char.IsAsciiLetter(key[0]) && key is not ("y" or "n" or "yes" or "no" or "on" or "off" or "true" or "false" or "null")
            ? key
            : Quote(key);

    private static string Quote(string s) => JsonSerializer.Serialize(s, QuoteOptions);

    private static readonly JsonSerializerOptions QuoteOptions = new()
    {
        // Keep non-ASCII and characters such as '+' readable; YAML double-quoted scalars accept them as they are.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
