using CifarLab.Training.Evaluation;
using CifarLab.Training.Models;
using CifarLab.Training.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace CifarLab.Training.Tests.Engine;

/// <summary>
/// Evaluation must hold one forward pass of one chunk at a time. A regression here OOM-killed a
/// full-test-set run with flip-translate TTA (six passes per chunk, every chunk's activations kept).
/// </summary>
public class EvaluatorMemoryTests
{
    private sealed class LiveTensorProbe : nn.Module<Tensor, Tensor>
    {
        private readonly nn.Module<Tensor, Tensor> inner;

        public LiveTensorProbe(nn.Module<Tensor, Tensor> inner) : base(nameof(LiveTensorProbe))
        {
            this.inner = inner;
            RegisterComponents();
        }

        public List<long> LiveAtEachForward { get; } = [];

        public override Tensor forward(Tensor input)
        {
            LiveAtEachForward.Add(DisposeScopeManager.Statistics.ThreadTotalLiveCount);
            return inner.call(input);
        }
    }

    [Theory]
    [InlineData(TtaMode.None)]
    [InlineData(TtaMode.FlipTranslate)]
    public void Live_tensors_do_not_grow_from_chunk_to_chunk(TtaMode tta)
    {
        using var scope = NewDisposeScope();
        using var model = new LiveTensorProbe(ModelCatalog.Get("tutorial-cnn").Create(new ModelOptions()));
        var images = randn(400, 3, 32, 32);
        var labels = randint(0, 10, [400]);

        var result = Evaluator.Evaluate(model, images, labels, tta, batchSize: 20);

        Assert.Equal(400, result.Count);
        var counts = model.LiveAtEachForward;
        var passesPerChunk = tta == TtaMode.None ? 1 : 6;
        Assert.Equal(20 * passesPerChunk, counts.Count);
        // Between chunks only the kept logits (one small tensor per chunk) may accumulate.
        var growth = counts[^1] - counts[passesPerChunk - 1];
        Assert.True(growth <= 3 * 20, $"live tensors grew by {growth} over 20 chunks: activations are being kept");
        // Within a chunk, each TTA pass may leave only its logits (plus a flip/shift view) behind.
        for (var chunk = 0; chunk < 20; chunk++)
        {
            var within = counts[chunk * passesPerChunk + passesPerChunk - 1] - counts[chunk * passesPerChunk];
            Assert.True(within <= 4 * (passesPerChunk - 1), $"chunk {chunk}: {within} tensors kept between its forward passes");
        }
    }
}
