using CifarLab.Training.Data;

namespace CifarLab.Training.Tests.Engine;

/// <summary>A small learnable CIFAR-format dataset in a temp folder, shared by a test class.</summary>
public sealed class SyntheticData : IDisposable
{
    public SyntheticData()
    {
        Root = Directory.CreateTempSubdirectory("cifarlab-engine-").FullName;
        Folder = CifarWriter.WriteSynthetic(Path.Combine(Root, "data"), trainCount: 1000, testCount: 200, seed: 7);
    }

    public string Root { get; }
    public string Folder { get; }

    public CifarDataset Load(int trainLimit = 0, int testLimit = 0) => CifarDataset.Load(Folder, trainLimit, testLimit);

    public string NewDirectory(string name) => Directory.CreateDirectory(Path.Combine(Root, name + "-" + Guid.NewGuid().ToString("N")[..8])).FullName;

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
