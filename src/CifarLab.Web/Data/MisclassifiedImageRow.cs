namespace CifarLab.Web.Data;

/// <summary>
/// The pixels of one misclassified test image, stored with its run when it completes, so the run page keeps
/// showing them after the dataset moves, changes or disappears. One row per image the run kept (at most 64).
/// </summary>
public sealed class MisclassifiedImageRow
{
    public int RunId { get; set; }
    /// <summary>Index in the test set the run was scored on, as in the result's misclassified list.</summary>
    public int TestIndex { get; set; }
    /// <summary>3 x 32 x 32 bytes: the red, green and blue planes, as in a CIFAR-10 batch record.</summary>
    public required byte[] Pixels { get; set; }
}
