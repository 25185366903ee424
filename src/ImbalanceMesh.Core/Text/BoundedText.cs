namespace ImbalanceMesh.Core.Text;

/// <summary>
/// Keeps messages short enough for a gRPC status: the detail travels in the grpc-message trailer, and a trailer past
/// the peer's header limit (16 KiB by default) turns the intended status into RESOURCE_EXHAUSTED.
/// </summary>
public static class BoundedText
{
    public const int ListedItems = 20;
    public const int MaxMessageChars = 2000;

    /// <summary>"a, b, c … and 199,997 more" when there are more than <paramref name="shown"/> items.</summary>
    public static string List(IEnumerable<string> items, int shown = ListedItems)
    {
        var all = items as IReadOnlyCollection<string> ?? items.ToList();
        var head = string.Join(", ", all.Take(shown));
        return all.Count > shown ? $"{head} … and {all.Count - shown:N0} more" : head;
    }

    /// <summary>The message itself when short enough, else its start and how much was left out.</summary>
    public static string Truncate(string message, int maxChars = MaxMessageChars)
    {
        if (message.Length <= maxChars) return message;
        var left = message.Length - maxChars;
        return $"{message[..maxChars]} … and {left:N0} more characters";
    }
}
