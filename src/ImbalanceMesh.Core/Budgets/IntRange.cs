namespace ImbalanceMesh.Core.Budgets;

/// <summary>The inclusive range a whole-number request field must lie in, with the message when it does not.</summary>
public sealed record IntRange(string Field, long Min, long Max)
{
    public bool Contains(long value) => value >= Min && value <= Max;

    /// <summary>Null when the value is in range; <paramref name="name"/> replaces the field name (a CLI flag, say).</summary>
    public string? Problem(long value, string? name = null) =>
        Contains(value) ? null : $"{name ?? Field} must be {Min}..{Max}, got {value}";
}
