namespace CifarLab.Training.Data;

/// <summary>batches.meta.txt: one class name per line in label order (blank lines ignored).</summary>
internal static class ClassNameFile
{
    public static IReadOnlyList<string> Read(string path)
    {
        if (!File.Exists(path))
        {
            return CifarLayout.StandardClassNames;
        }
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CifarFormatException(path, $"Cannot read class names from '{path}': {e.Message}", e);
        }
        var names = lines.Select(l => l.Trim()).Where(l => l.Length > 0).ToArray();
        if (names.Length != CifarLayout.ClassCount)
        {
            throw new CifarFormatException(path,
                $"'{path}' lists {names.Length} class names; it must list exactly {CifarLayout.ClassCount}, one per line in label order 0..9 " +
                "(delete the file to use the standard CIFAR-10 names).");
        }
        return names;
    }

    public static void Write(string path, IReadOnlyList<string> names) =>
        File.WriteAllText(path, string.Join("\n", names) + "\n\n");
}
