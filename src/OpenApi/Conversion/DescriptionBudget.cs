using System.Globalization;

namespace McpPlatform.OpenApi.Conversion;

/// <summary>
/// Cuts tool descriptions longer than the API's budget at a word boundary and ends them with an ellipsis; counts the
/// cuts so the conversion reports them once, not per tool. Schema (parameter) descriptions are never cut.
/// </summary>
internal sealed class DescriptionBudget
{
    public const int MinLength = 32;
    private const string Ellipsis = "…";
    private readonly int? _maxLength;

    public DescriptionBudget(int? maxLength)
    {
        if (maxLength is < MinLength)
            throw new ArgumentOutOfRangeException(nameof(maxLength), maxLength, $"The description budget must be at least {MinLength} characters.");
        _maxLength = maxLength;
    }

    /// <summary>How many descriptions were cut so far.</summary>
    public int Cut { get; private set; }

    public string? Apply(string? description)
    {
        if (description is null || _maxLength is not { } max || description.Length <= max) return description;
        Cut++;
        return Shorten(description, max);
    }

    /// <summary>The warning summarizing the cuts, or null when nothing was cut.</summary>
    public string? Summary() => Cut == 0 ? null
        : $"{Cut} tool description{(Cut == 1 ? " was" : "s were")} longer than {_maxLength} characters and {(Cut == 1 ? "was" : "were")} cut.";

    /// <summary>At most <paramref name="max"/> characters including the ellipsis, never splitting a surrogate pair or combining sequence.</summary>
    internal static string Shorten(string text, int max)
    {
        var room = max - Ellipsis.Length;
        // Whole text elements only: the cut never lands inside a surrogate pair or before a combining mark.
        var end = 0;
        var elements = StringInfo.GetTextElementEnumerator(text);
        while (elements.MoveNext())
        {
            var next = elements.ElementIndex + elements.GetTextElement().Length;
            if (next > room) break;
            end = next;
        }
        var head = text[..end];
        // A word boundary: the last whitespace, unless that throws away more than half of the room (one long URL, say).
        var boundary = end < text.Length && !char.IsWhiteSpace(text[end]) ? LastWhitespace(head) : end;
        if (boundary > room / 2) head = head[..boundary];
        return head.TrimEnd().TrimEnd(',', ';', ':', '-', '(', '[', '{').TrimEnd() + Ellipsis;
    }

    private static int LastWhitespace(string text)
    {
        for (var i = text.Length - 1; i >= 0; i--)
            if (char.IsWhiteSpace(text[i])) return i;
        return -1;
    }
}
