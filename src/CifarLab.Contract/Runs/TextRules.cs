using System.Globalization;

namespace CifarLab.Contract;

/// <summary>
/// What any stored text must be: no longer than its limit, and free of characters that are invisible or that change
/// how text around them is shown (NUL and other control characters, the bidirectional overrides such as U+202E).
/// Each check returns the message for the first problem, or null.
/// </summary>
public static class TextRules
{
    /// <summary>One line of text (a name, a tag, a preset): no control characters at all.</summary>
    public static string? CheckLine(string? value, int maxLength) => Check(value, maxLength, multiline: false);

    /// <summary>Several lines (notes): line breaks and tabs are allowed, other control characters are not.</summary>
    public static string? CheckLines(string? value, int maxLength) => Check(value, maxLength, multiline: true);

    /// <summary>A single-line identifier (model, device, preset): as <see cref="CheckLine"/>, and no surrounding spaces.</summary>
    public static string? CheckIdentifier(string? value, int maxLength)
    {
        if (CheckLine(value, maxLength) is { } problem)
        {
            return problem;
        }
        return value is { Length: > 0 } v && (char.IsWhiteSpace(v[0]) || char.IsWhiteSpace(v[^1]))
            ? "must not start or end with spaces; write the value exactly (e.g. 'cuda', not ' cuda')."
            : null;
    }

    private static string? Check(string? value, int maxLength, bool multiline)
    {
        if (value is null)
        {
            return null;
        }
        if (value.Length > maxLength)
        {
            return $"must be at most {maxLength} characters (got {value.Length}).";
        }
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (multiline && c is '\n' or '\r' or '\t')
            {
                continue;
            }
            if (IsForbidden(c))
            {
                return $"contains the invisible character U+{(int)c:X4} ({Describe(c)}) at position {i + 1}; only visible text is allowed.";
            }
        }
        return null;
    }

    /// <summary>Control characters (C0, DEL, C1) and the bidirectional marks, embeddings, overrides and isolates.</summary>
    public static bool IsForbidden(char c) =>
        char.IsControl(c)
        || c is '\u200E' or '\u200F' or '\u061C'
        || c is >= '\u202A' and <= '\u202E'
        || c is >= '\u2066' and <= '\u2069';

    private static string Describe(char c) => c switch
    {
        '\0' => "NUL",
        '\u202E' => "right-to-left override",
        '\u202D' => "left-to-right override",
        >= '\u202A' and <= '\u202C' => "bidirectional embedding",
        >= '\u2066' and <= '\u2069' => "bidirectional isolate",
        '\u200E' or '\u200F' or '\u061C' => "direction mark",
        _ => CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Control ? "control character" : "format character",
    };
}
