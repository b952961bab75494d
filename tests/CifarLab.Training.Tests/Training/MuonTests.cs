using CifarLab.Training.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CifarLab.Training.Tests.Training;

/// <summary>
/// Muon against computations written out plainly here (double arrays and loops), following the published algorithm
/// (airbench94_muon.py; docs/RECIPES.md) rather than the engine's code.
/// </summary>
public sealed class MuonTests
{
    private const double A = 3.4445, B = -4.7750, C = 2.0315;

    [Fact]
    public void Newton_schulz_matches_the_iteration_written_out_by_hand()
    {
        var g = Matrix(4, 6, seed: 1);
        using var scope = NewDisposeScope();
        var actual = NewtonSchulz.Orthogonalize(Tensor(g));
        AssertClose(ExplicitNewtonSchulz(g), actual, 1e-5);
    }

    [Fact]
    public void A_tall_matrix_is_orthogonalised_through_its_wide_transpose()
    {
        var g = Matrix(7, 3, seed: 2);
        using var scope = NewDisposeScope();
        var actual = NewtonSchulz.Orthogonalize(Tensor(g));
        var expected = Transpose(ExplicitNewtonSchulz(Transpose(g)));
        AssertClose(expected, actual, 1e-5);
    }

    [Fact]
    public void A_small_filters_orthogonalised_update_has_near_unit_singular_values()
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(3);
        var filterGrad = randn([8, 4, 3, 3], generator: generator);
        var update = NewtonSchulz.Orthogonalize(filterGrad.reshape(8, -1));
        var singular = linalg.svdvals(update).data<float>().ToArray();
        var raw = linalg.svdvals(filterGrad.reshape(8, -1)).data<float>().ToArray();
        Assert.Equal(8, singular.Length);
        // Three quintic steps tuned for speed land in about [0.5, 1.5] (Jordan 2024), whatever the input's spread.
        Assert.All(singular, s => Assert.InRange(s, 0.5f, 1.5f));
        Assert.True(raw.Max() / raw.Min() > 1.5, "the test input should have spread-out singular values");
    }

    [Fact]
    public void Two_steps_on_a_tiny_conv_equal_the_hand_computed_updates()
    {
        const double lr = 0.24, momentum = 0.6;
        int outC = 3, inC = 2, k = 2, cols = inC * k * k;
        var w0 = Matrix(outC, cols, seed: 4);
        var g1 = Matrix(outC, cols, seed: 5);
        var g2 = Matrix(outC, cols, seed: 6);

        using var scope = NewDisposeScope();
        var p = new Parameter(Tensor(w0).reshape(outC, inC, k, k));
        using var muon = new Muon([new Muon.ParamGroup([p], lr, momentum, nesterov: true)], lr, momentum, nesterov: true);

        p.grad = Tensor(g1).reshape(outC, inC, k, k);
        muon.step();
        // buf = g1; direction = g1 + 0.6 buf; w rescaled to norm sqrt(3); w -= lr NS(direction).
        var buf = g1;
        var w1 = Subtract(Rescale(w0, Math.Sqrt(outC)), Scale(ExplicitNewtonSchulz(Add(g1, Scale(buf, momentum))), lr));
        AssertClose(w1, p.reshape(outC, cols), 1e-5);

        p.grad = Tensor(g2).reshape(outC, inC, k, k);
        muon.step();
        buf = Add(Scale(buf, momentum), g2);
        var w2 = Subtract(Rescale(w1, Math.Sqrt(outC)), Scale(ExplicitNewtonSchulz(Add(g2, Scale(buf, momentum))), lr));
        AssertClose(w2, p.reshape(outC, cols), 1e-5);
    }

    [Fact]
    public void Without_nesterov_the_direction_is_the_buffer_and_parameters_without_gradient_stay_put()
    {
        var w0 = Matrix(2, 5, seed: 7);
        var g = Matrix(2, 5, seed: 8);
        using var scope = NewDisposeScope();
        var p = new Parameter(Tensor(w0));
        var idle = new Parameter(Tensor(w0));
        using var muon = new Muon([new Muon.ParamGroup([p, idle], 0.1, 0.5, nesterov: false)], 0.1, 0.5, nesterov: false);
        p.grad = Tensor(g);
        muon.step();
        AssertClose(Subtract(Rescale(w0, Math.Sqrt(2)), Scale(ExplicitNewtonSchulz(g), 0.1)), p, 1e-5);
        AssertClose(w0, idle, 0);
    }

    [Fact]
    public void Saved_state_restores_the_momentum_so_the_next_step_is_identical()
    {
        var path = Path.Combine(Path.GetTempPath(), $"muon-{Guid.NewGuid():N}.bin");
        try
        {
            using var scope = NewDisposeScope();
            var (a, muonA) = Fresh();
            var (b, muonB) = Fresh();
            using (muonA)
            using (muonB)
            {
                a.grad = Tensor(Matrix(3, 8, seed: 9)).reshape(3, 2, 2, 2);
                muonA.step();
                muonA.save_state_dict(path);
                muonB.load_state_dict(path);
                using (no_grad())
                {
                    b.copy_(a);
                }
                var next = Tensor(Matrix(3, 8, seed: 10)).reshape(3, 2, 2, 2);
                a.grad = next;
                b.grad = next.clone();
                muonA.step();
                muonB.step();
                Assert.True(a.equal(b).all().ToBoolean(), "the resumed optimizer took a different step");
            }
        }
        finally
        {
            File.Delete(path);
        }

        static (Parameter P, Muon Muon) Fresh()
        {
            var p = new Parameter(Tensor(Matrix(3, 8, seed: 11)).reshape(3, 2, 2, 2));
            return (p, new Muon([new Muon.ParamGroup([p], 0.24, 0.6, nesterov: true)], 0.24, 0.6, nesterov: true));
        }
    }

    [Fact]
    public void Vectors_are_refused()
    {
        using var scope = NewDisposeScope();
        var bias = new Parameter(zeros(4));
        Assert.Throws<ArgumentException>(() => new Muon([new Muon.ParamGroup([bias], 0.1, 0.6, true)], 0.1, 0.6, true));
    }

    // ---- the published algorithm in plain arithmetic ----

    /// <summary>X = G/(|G|_F + 1e-7); transpose if tall; 3 x (A = X Xᵀ; X = aX + (bA + cA²)X); transpose back.</summary>
    private static double[,] ExplicitNewtonSchulz(double[,] g)
    {
        var tall = g.GetLength(0) > g.GetLength(1);
        var x = tall ? Transpose(g) : (double[,])g.Clone();
        var norm = Math.Sqrt(Sum(x, v => v * v));
        x = Scale(x, 1 / (norm + 1e-7));
        for (var step = 0; step < 3; step++)
        {
            var gram = Multiply(x, Transpose(x));
            var poly = Add(Scale(gram, B), Scale(Multiply(gram, gram), C));
            x = Add(Scale(x, A), Multiply(poly, x));
        }
        return tall ? Transpose(x) : x;
    }

    private static double[,] Rescale(double[,] w, double targetNorm) => Scale(w, targetNorm / Math.Sqrt(Sum(w, v => v * v)));

    private static double[,] Multiply(double[,] a, double[,] b)
    {
        int n = a.GetLength(0), m = a.GetLength(1), p = b.GetLength(1);
        var r = new double[n, p];
        for (var i = 0; i < n; i++)
            for (var j = 0; j < p; j++)
                for (var k = 0; k < m; k++)
                    r[i, j] += a[i, k] * b[k, j];
        return r;
    }

    private static double[,] Transpose(double[,] a)
    {
        var r = new double[a.GetLength(1), a.GetLength(0)];
        for (var i = 0; i < a.GetLength(0); i++)
            for (var j = 0; j < a.GetLength(1); j++)
                r[j, i] = a[i, j];
        return r;
    }

    private static double[,] Map(double[,] a, double[,] b, Func<double, double, double> f)
    {
        var r = new double[a.GetLength(0), a.GetLength(1)];
        for (var i = 0; i < a.GetLength(0); i++)
            for (var j = 0; j < a.GetLength(1); j++)
                r[i, j] = f(a[i, j], b[i, j]);
        return r;
    }

    private static double[,] Add(double[,] a, double[,] b) => Map(a, b, (x, y) => x + y);
    private static double[,] Subtract(double[,] a, double[,] b) => Map(a, b, (x, y) => x - y);
    private static double[,] Scale(double[,] a, double s) => Map(a, a, (x, _) => x * s);

    private static double Sum(double[,] a, Func<double, double> f)
    {
        var s = 0.0;
        foreach (var v in a) s += f(v);
        return s;
    }

    private static double[,] Matrix(int rows, int cols, int seed)
    {
        var random = new Random(seed);
        var m = new double[rows, cols];
        for (var i = 0; i < rows; i++)
            for (var j = 0; j < cols; j++)
                m[i, j] = random.NextDouble() * 2 - 1;
        return m;
    }

    private static Tensor Tensor(double[,] m)
    {
        var flat = new float[m.Length];
        var i = 0;
        foreach (var v in m) flat[i++] = (float)v;
        return tensor(flat).reshape(m.GetLength(0), m.GetLength(1));
    }

    private static void AssertClose(double[,] expected, Tensor actual, double tolerance)
    {
        var values = actual.contiguous().to_type(ScalarType.Float64).data<double>().ToArray();
        Assert.Equal(expected.Length, values.Length);
        var i = 0;
        foreach (var e in expected)
        {
            Assert.True(Math.Abs(e - values[i]) <= tolerance + 1e-5 * Math.Abs(e), $"element {i}: expected {e}, got {values[i]}");
            i++;
        }
    }
}
