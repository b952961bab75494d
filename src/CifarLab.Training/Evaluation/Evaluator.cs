using CifarLab.Training.Data;
using CifarLab.Training.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace CifarLab.Training.Evaluation;

/// <summary>
/// Scores a model on a labelled set: accuracy, mean loss, per-class accuracy, confusion matrix
/// and the most confident mistakes. Runs in eval mode under inference mode, in batches.
/// </summary>
public static class Evaluator
{
    public const int MaxMisclassifiedKept = 64;

    /// <summary>
    /// Images per forward pass. A pass holds every intermediate tensor of the network until it returns (TorchSharp frees
    /// a forward's tensors when its dispose scope ends, not as each layer is done), so evaluation memory grows with
    /// the chunk: ResNet-18 peaked at 4.1 GB with chunks of 500 and 1.5 GB with 100 (docs/BENCHMARKS.md, "Peak
    /// memory"). 100 images still fill the cores: per-op overhead is microseconds against milliseconds of compute.
    /// </summary>
    public const int DefaultChunk = 100;

    /// <param name="images">Images [N,3,32,32] on the model's device: normalized float, or uint8 (CIFAR's bytes), which
    /// are normalized a chunk at a time (<see cref="CifarStats.Normalize"/>; the same values, without a float copy of the set).</param>
    /// <param name="labels">int64 labels [N] on the same device.</param>
    /// <param name="channelsLast">Feed the model channels-last chunks (see <see cref="ChannelsLast"/>).</param>
    public static EvaluationResult Evaluate(nn.Module<Tensor, Tensor> model, Tensor images, Tensor labels, TtaMode tta,
        int batchSize = DefaultChunk, ScalarType? inputType = null, int numClasses = 10, bool channelsLast = false)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(labels);
        var wasTraining = model.training;
        model.eval();
        try
        {
            using var scope = NewDisposeScope();
            using var _ = inference_mode();
            var n = images.shape[0];
            var logitChunks = new List<Tensor>();
            for (long start = 0; start < n; start += batchSize)
            {
                // A scope per chunk: only the chunk's logits survive it. Without it every activation of
                // every chunk (six forward passes each with flip-translate TTA) stays alive until the end.
                using var chunkScope = NewDisposeScope();
                var len = Math.Min(batchSize, n - start);
                var x = images.narrow(0, start, len);
                if (x.dtype == ScalarType.Byte)
                {
                    x = CifarStats.Normalize(x, x.device);
                }
                if (inputType is { } t && x.dtype != t)
                {
                    x = x.to_type(t);
                }
                if (channelsLast)
                {
                    x = ChannelsLast.Convert(x);
                }
                logitChunks.Add(Tta.Logits(model, x, tta).to_type(ScalarType.Float32).MoveToOuterDisposeScope());
            }
            var logits = cat(logitChunks, 0);
            return Summarize(logits, labels, numClasses);
        }
        finally
        {
            model.train(wasTraining);
        }
    }

    /// <summary>Turns logits [N,C] and labels [N] into the result record (host-side arrays).</summary>
    internal static EvaluationResult Summarize(Tensor logits, Tensor labels, int numClasses)
    {
        using var scope = NewDisposeScope();
        var n = (int)labels.shape[0];
        var loss = nn.functional.cross_entropy(logits, labels).ToDouble();
        var probs = logits.softmax(1);
        var (conf, pred) = probs.max(1);
        var cpuPred = pred.cpu().to_type(ScalarType.Int64).data<long>().ToArray();
        var cpuTrue = labels.cpu().to_type(ScalarType.Int64).data<long>().ToArray();
        var cpuConf = conf.cpu().to_type(ScalarType.Float32).data<float>().ToArray();

        var confusion = new int[numClasses][];
        for (var i = 0; i < numClasses; i++)
        {
            confusion[i] = new int[numClasses];
        }
        var correct = 0;
        var mistakes = new List<Misclassified>();
        for (var i = 0; i < n; i++)
        {
            int t = (int)cpuTrue[i], p = (int)cpuPred[i];
            confusion[t][p]++;
            if (t == p)
            {
                correct++;
            }
            else
            {
                mistakes.Add(new Misclassified(i, t, p, cpuConf[i]));
            }
        }
        var perClass = confusion.Select((row, c) => row.Sum() == 0 ? 0 : (double)row[c] / row.Sum()).ToArray();
        var kept = mistakes.OrderByDescending(m => m.Confidence).Take(MaxMisclassifiedKept).ToList();
        return new EvaluationResult(n == 0 ? 0 : (double)correct / n, loss, n, perClass, confusion, kept);
    }
}
