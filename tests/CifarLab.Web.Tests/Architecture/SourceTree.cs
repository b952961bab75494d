using System.Text.RegularExpressions;

namespace CifarLab.Web.Tests.Architecture;

/// <summary>The web project's source files as text, by top-level folder (the folder is the namespace under CifarLab.Web).</summary>
public static partial class SourceTree
{
    public const string RootFolder = "(root)";

    public static string WebProject { get; } = Path.Combine(FindRepositoryRoot(), "src", "CifarLab.Web");

    public sealed record SourceFile(string RelativePath, string TopFolder, IReadOnlyList<string> CodeLines);

    /// <summary>Every .cs and .razor file outside bin/ and obj/, with comment lines dropped.</summary>
    public static IReadOnlyList<SourceFile> Files { get; } = Directory
        .EnumerateFiles(WebProject, "*.*", SearchOption.AllDirectories)
        .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".razor", StringComparison.Ordinal))
        .Select(f => Path.GetRelativePath(WebProject, f).Replace('\\', '/'))
        .Where(rel => !rel.StartsWith("bin/", StringComparison.Ordinal) && !rel.StartsWith("obj/", StringComparison.Ordinal))
        .Select(rel => new SourceFile(rel, rel.Contains('/') ? rel[..rel.IndexOf('/')] : RootFolder,
            File.ReadAllLines(Path.Combine(WebProject, rel)).Where(l => !IsComment(l)).ToList()))
        .ToList();

    /// <summary>The top-level folders of CifarLab.Web a file uses: its `using CifarLab.Web.X` lines and any qualified name.</summary>
    public static IEnumerable<string> WebFoldersUsed(SourceFile file) => file.CodeLines
        .Where(l => !l.TrimStart().StartsWith("namespace ", StringComparison.Ordinal))
        .SelectMany(l => WebReference().Matches(l).Select(m => m.Groups[1].Value))
        .Where(folder => folder != "Tests")
        .Distinct();

    /// <summary>Whether the file uses the TorchSharp engine project (a using of, or a name qualified with, CifarLab.Training).</summary>
    public static bool UsesEngine(SourceFile file) => file.CodeLines.Any(l => EngineReference().IsMatch(l));

    private static bool IsComment(string line)
    {
        var t = line.TrimStart();
        return t.StartsWith("//", StringComparison.Ordinal) || t.StartsWith("@*", StringComparison.Ordinal) || t.StartsWith('*');
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CifarLab.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException($"No CifarLab.sln above {AppContext.BaseDirectory}.");
    }

    [GeneratedRegex(@"\bCifarLab\.Web\.([A-Z][A-Za-z0-9]*)")]
    private static partial Regex WebReference();

    [GeneratedRegex(@"\bCifarLab\.Training\b")]
    private static partial Regex EngineReference();
}
