using static TorchSharp.torch;

namespace CifarLab.Training.Training;

/// <summary>
/// An averaged copy of the model's whole state (parameters AND buffers such as BN running
/// statistics — averaging only parameters is a known porting bug, see docs/RECIPES.md).
/// Two uses: a per-step EMA kept beside the net (evaluated by swapping it in), and airbench's
/// lookahead, where every k steps the EMA is updated and the net is reset to it.
/// </summary>
internal sealed class WeightAverager : IDisposable
{
    private readonly (Tensor Live, Tensor Avg)[] _pairs;
    private readonly string[] _names;

    public WeightAverager(nn.Module model)
    {
        using var _ = no_grad();
        using var scope = NewDisposeScope(); // disposes the detach() views; the clones are detached from it
        var state = model.state_dict();
        _names = state.Keys.ToArray();
        _pairs = state.Values.Select(t => (t, t.detach().clone().DetachFromDisposeScope())).ToArray();
    }

    public IReadOnlyList<string> Names => _names;
    public IEnumerable<Tensor> Averages => _pairs.Select(p => p.Avg);

    /// <summary>avg = decay·avg + (1 − decay)·live for floating tensors; integer buffers are copied.</summary>
    public void Update(double decay)
    {
        using var _ = no_grad();
        foreach (var (live, avg) in _pairs)
        {
            if (live.is_floating_point())
            {
                avg.lerp_(live, 1 - decay);
            }
            else
            {
                avg.copy_(live);
            }
        }
    }

    /// <summary>Copies the average into the live model (lookahead reset, or the end of a run).</summary>
    public void CopyToModel()
    {
        using var _ = no_grad();
        foreach (var (live, avg) in _pairs)
        {
            live.copy_(avg);
        }
    }

    /// <summary>Temporarily swaps the averaged weights into the model; disposing the result swaps back.</summary>
    public IDisposable SwapIn()
    {
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        var saved = _pairs.Select(p => p.Live.detach().clone().DetachFromDisposeScope()).ToArray();
        CopyToModel();
        return new Restore(_pairs, saved);
    }

    public void Load(IReadOnlyDictionary<string, Tensor> values)
    {
        using var _ = no_grad();
        for (var i = 0; i < _names.Length; i++)
        {
            if (!values.TryGetValue(_names[i], out var v))
            {
                throw new InvalidDataException($"Averaged weights in the checkpoint lack '{_names[i]}'.");
            }
            _pairs[i].Avg.copy_(v);
        }
    }

    public void Dispose()
    {
        foreach (var (_, avg) in _pairs)
        {
            avg.Dispose();
        }
    }

    private sealed class Restore((Tensor Live, Tensor Avg)[] pairs, Tensor[] saved) : IDisposable
    {
        public void Dispose()
        {
            using var _ = no_grad();
            for (var i = 0; i < pairs.Length; i++)
            {
                pairs[i].Live.copy_(saved[i]);
                saved[i].Dispose();
            }
        }
    }
}

internal static class WeightAveragerSchedule
{
    /// <summary>Per-step hook: EMA update, or airbench's lookahead every k steps with
    /// decay = 0.95^k x (step/total)^3, followed by resetting the net to the average.</summary>
    public static void AfterStep(this WeightAverager averager, RunConfig c, int globalStep, int totalSteps)
    {
        if (c.EmaDecay > 0)
        {
            averager.Update(c.EmaDecay);
        }
        else if (c.LookaheadEvery > 0 && globalStep % c.LookaheadEvery == 0)
        {
            var decay = Math.Pow(0.95, c.LookaheadEvery) * Math.Pow((double)globalStep / totalSteps, 3);
            averager.Update(decay);
            averager.CopyToModel();
        }
    }

    /// <summary>airbench ends with net = ema after the last step.</summary>
    public static void CopyToModelIfLookahead(this WeightAverager averager, RunConfig c)
    {
        if (c.LookaheadEvery > 0)
        {
            averager.CopyToModel();
        }
    }
}
