namespace CifarLab.Web.Tests.Architecture;

/// <summary>
/// The folders of CifarLab.Web show the flow and never import each other in a loop: Data ← Live ← Lab ← Worker, with
/// Api and Components on top and Composition (plus Program.cs) wiring it all. Only the worker side uses the engine.
/// </summary>
public sealed class FolderGraphTests
{
    // The composition root registers the TorchSharp engine; the worker runs it.
    private static readonly string[] EngineFolders = ["Worker", "Composition", SourceTree.RootFolder];

    // Files other engineers are rebuilding in parallel (the option-schema form, shared paths and settings); they still
    // import CifarLab.Training until that work lands. Remove each entry as its file goes contract-only.
    private static Dictionary<string, Dictionary<string, List<string>>> Graph()
    {
        var graph = new Dictionary<string, Dictionary<string, List<string>>>();
        foreach (var file in SourceTree.Files)
        {
            var edges = graph.TryGetValue(file.TopFolder, out var e) ? e : graph[file.TopFolder] = [];
            foreach (var used in SourceTree.WebFoldersUsed(file).Where(u => u != file.TopFolder))
            {
                (edges.TryGetValue(used, out var why) ? why : edges[used] = []).Add(file.RelativePath);
            }
        }
        return graph;
    }

    [Fact]
    public void The_source_tree_is_found_and_the_expected_folders_depend_on_each_other()
    {
        var graph = Graph();

        // The scan sees the real project: these edges are the flow.
        Assert.Contains("Data", graph["Lab"].Keys);
        Assert.Contains("Live", graph["Lab"].Keys);
        Assert.Contains("Lab", graph["Worker"].Keys);
        Assert.Contains("Lab", graph["Api"].Keys);
        Assert.Contains("Lab", graph["Components"].Keys);
    }

    [Fact]
    public void No_two_top_level_folders_import_each_other_in_a_loop()
    {
        var graph = Graph();
        var state = new Dictionary<string, int>(); // 1 = on the current path, 2 = done
        var path = new Stack<string>();

        List<string>? Visit(string folder)
        {
            state[folder] = 1;
            path.Push(folder);
            foreach (var next in graph.GetValueOrDefault(folder)?.Keys ?? Enumerable.Empty<string>())
            {
                if (state.GetValueOrDefault(next) == 1)
                {
                    return [.. path.Reverse().SkipWhile(f => f != next), next];
                }
                if (state.GetValueOrDefault(next) == 0 && Visit(next) is { } loop)
                {
                    return loop;
                }
            }
            path.Pop();
            state[folder] = 2;
            return null;
        }

        foreach (var folder in graph.Keys.Order())
        {
            if (state.GetValueOrDefault(folder) == 0 && Visit(folder) is { } loop)
            {
                var evidence = loop.Zip(loop.Skip(1)).Select(p => $"{p.First} -> {p.Second} ({string.Join(", ", graph[p.First][p.Second])})");
                Assert.Fail("Import loop between folders: " + string.Join("; ", evidence));
            }
        }
    }

    [Fact]
    public void Every_cs_file_declares_the_namespace_of_its_folder()
    {
        var wrong = SourceTree.Files
            .Where(f => f.RelativePath.EndsWith(".cs", StringComparison.Ordinal) && f.TopFolder != SourceTree.RootFolder)
            .Where(f => f.CodeLines.FirstOrDefault(l => l.StartsWith("namespace ", StringComparison.Ordinal)) is { } ns
                && !ns.StartsWith($"namespace CifarLab.Web.{f.TopFolder}", StringComparison.Ordinal))
            .Select(f => f.RelativePath)
            .ToList();

        Assert.Empty(wrong);
    }

    [Fact]
    public void Only_the_worker_and_the_composition_root_use_the_TorchSharp_engine()
    {
        var users = SourceTree.Files.Where(SourceTree.UsesEngine).ToList();
        var outside = users
            .Where(f => !EngineFolders.Contains(f.TopFolder))
            .Select(f => f.RelativePath)
            .ToList();

        Assert.Contains(users, f => f.RelativePath == "Worker/TorchSharpEngine.cs"); // the scan sees real references
        Assert.Empty(outside);
    }
}
