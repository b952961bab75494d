using static TorchSharp.torch;

namespace CifarLab.Training.Training;

/// <summary>
/// Muon's orthogonalisation of an update matrix: an approximation of U·Vᵀ from G = U·S·Vᵀ by a quintic
/// Newton-Schulz iteration, as published in Jordan et al., "Muon: an optimizer for hidden layers" (2024) and
/// KellerJordan/cifar10-airbench, airbench94_muon.py (<c>zeropower_via_newtonschulz5</c>); the facts are in
/// docs/RECIPES.md. X = G / (‖G‖_F + 1e-7) puts every singular value in [0, 1]; each step is X ← aX + (bA + cA²)X with
/// A = XXᵀ, on the wide orientation (rows ≤ columns, so A is the small Gram matrix). The coefficients maximise the
/// slope at zero, so three steps leave singular values roughly in [0.5, 1.5] rather than exactly 1, which the
/// authors found trains as well as the exact polar factor.
/// The published code iterates in bfloat16 (a GPU speed choice); this runs in float32: on the CPU the iteration is
/// under 1% of a step's FLOPs, and float32 keeps it deterministic across precisions.
/// </summary>
public static class NewtonSchulz
{
    public const double A = 3.4445;
    public const double B = -4.7750;
    public const double C = 2.0315;
    public const int Steps = 3;
    public const double Eps = 1e-7;

    /// <summary>The orthogonalised float32 copy of the 2-D <paramref name="g"/> (same shape; g is not modified).</summary>
    public static Tensor Orthogonalize(Tensor g, int steps = Steps)
    {
        ArgumentNullException.ThrowIfNull(g);
        if (g.dim() != 2)
        {
            throw new ArgumentException($"Newton-Schulz orthogonalises matrices; got shape [{string.Join(", ", g.shape)}].", nameof(g));
        }
        using var scope = NewDisposeScope();
        var x = g.to_type(ScalarType.Float32);
        x = x / (x.norm() + Eps); // a new tensor: g itself is never written
        var tall = g.shape[0] > g.shape[1];
        if (tall)
        {
            x = x.t();
        }
        for (var i = 0; i < steps; i++)
        {
            var gram = x.mm(x.t());
            var poly = gram * B + gram.mm(gram) * C;
            x = x * A + poly.mm(x);
        }
        if (tall)
        {
            x = x.t();
        }
        return x.contiguous().MoveToOuterDisposeScope();
    }
}
