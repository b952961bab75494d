using System.Diagnostics.CodeAnalysis;

namespace CifarLab.Training.Models;

/// <summary>Every architecture the lab can train, by catalog name (case-insensitive).</summary>
public static class ModelCatalog
{
    /// <summary>In rough order of size and training cost.</summary>
    public static IReadOnlyList<ModelInfo> All { get; } =
    [
        TutorialCnn.Info,
        CifarResNet.Info(20),
        CifarResNet.Info(32),
        CifarResNet.Info(44),
        CifarResNet.Info(56),
        CifarResNet.Info(110),
        AlexNet.Info,
        Vgg.Info(11),
        Vgg.Info(13),
        Vgg.Info(16),
        Vgg.Info(19),
        ResNet9.Info,
        ResNet18.Info,
        Airbench94.Info,
        Airbench94Muon.Info,
        Airbench96.Info,
    ];

    private static readonly Dictionary<string, ModelInfo> ByName =
        All.ToDictionary(m => m.Name, StringComparer.OrdinalIgnoreCase);

    /// <exception cref="ArgumentException">Unknown name; the message lists the allowed ones.</exception>
    public static ModelInfo Get(string name) =>
        TryGet(name, out var info)
            ? info
            : throw new ArgumentException(
                $"Unknown model '{name}'. Allowed: {string.Join(", ", All.Select(m => m.Name))}.", nameof(name));

    public static bool TryGet(string name, [MaybeNullWhen(false)] out ModelInfo info)
    {
        info = null;
        return name is not null && ByName.TryGetValue(name.Trim(), out info);
    }
}
