namespace CifarLab.Training.Data;

/// <summary>
/// Path rules for tar entries. An entry may not name an absolute path or use "..", and a link may not
/// point outside the archive's root; either means the archive is hostile or broken, so it is rejected whole.
/// </summary>
internal static class ArchivePaths
{
    /// <summary>Entry name split into segments ("./" and empty segments dropped); null when the name is unsafe.</summary>
    public static string[]? SafeSegments(string name)
    {
        if (IsRooted(name))
        {
            return null;
        }
        var segments = Split(name);
        return segments.Contains("..") ? null : segments;
    }

    /// <summary>
    /// Whether a link entry's target stays inside the root: a symbolic link resolves from the entry's folder,
    /// a hard link from the archive root.
    /// </summary>
    public static bool LinkStaysInside(string[] entrySegments, string linkName, bool symbolic)
    {
        if (string.IsNullOrEmpty(linkName) || IsRooted(linkName))
        {
            return false;
        }
        var depth = symbolic ? entrySegments.Length - 1 : 0;
        foreach (var segment in Split(linkName))
        {
            depth += segment == ".." ? -1 : 1;
            if (depth < 0)
            {
                return false;
            }
        }
        return true;
    }

    private static bool IsRooted(string name) =>
        name.StartsWith('/') || name.StartsWith('\\') || (name.Length >= 2 && char.IsAsciiLetter(name[0]) && name[1] == ':');

    // Backslashes count as separators too, so "..\x" cannot slip past on any platform.
    private static string[] Split(string name) =>
        name.Split('/', '\\').Where(s => s.Length > 0 && s != ".").ToArray();
}
