using CifarLab.Training.Training;
using CifarLab.Web.Data;

namespace CifarLab.Web.Components.Forms;

/// <summary>
/// The New run form's mutable model. Property names match <see cref="RunConfig"/>'s so the engine
/// validator's field names map straight onto the inputs' validation messages.
/// </summary>
public sealed class RunForm
{
    public string Model { get; set; } = "tutorial-cnn";
    public double Width { get; set; }
    public NormKind Norm { get; set; }
    public double Dropout { get; set; }
    public OptimizerKind Optimizer { get; set; }
    public double LearningRate { get; set; }
    public double Momentum { get; set; }
    public bool Nesterov { get; set; }
    public double WeightDecay { get; set; }
    public double LabelSmoothing { get; set; }
    public LossReduction Loss { get; set; }
    public double NormLrMultiplier { get; set; }
    public double MuonLearningRate { get; set; }
    public double MuonMomentum { get; set; }
    public int Epochs { get; set; }
    public int BatchSize { get; set; }
    public ScheduleKind Schedule { get; set; }
    public double WarmupFraction { get; set; }
    public double InitialLrFraction { get; set; }
    public double FinalLrFraction { get; set; }
    public int StepEpochs { get; set; }
    public double StepGamma { get; set; }
    public int CropPadding { get; set; }
    public PadMode PadMode { get; set; }
    public FlipMode Flip { get; set; }
    public int Cutout { get; set; }
    public double EmaDecay { get; set; }
    public int LookaheadEvery { get; set; }
    public TtaMode Tta { get; set; }
    public int Seed { get; set; }
    public int TrainLimit { get; set; }
    public int TestLimit { get; set; }
    public string Device { get; set; } = "auto";
    public PrecisionKind Precision { get; set; }
    public bool ChannelsLast { get; set; }
    public int EvalEvery { get; set; }
    public string? Preset { get; set; }

    public string? Name { get; set; }
    public string? Tags { get; set; }
    public string? Notes { get; set; }

    public static RunForm From(RunConfig c, string? name = null, IEnumerable<string>? tags = null, string? notes = null) => new()
    {
        Model = c.Model, Width = c.Width, Norm = c.Norm, Dropout = c.Dropout,
        Optimizer = c.Optimizer, LearningRate = c.LearningRate, Momentum = c.Momentum, Nesterov = c.Nesterov,
        WeightDecay = c.WeightDecay, LabelSmoothing = c.LabelSmoothing, Loss = c.Loss, NormLrMultiplier = c.NormLrMultiplier,
        MuonLearningRate = c.MuonLearningRate, MuonMomentum = c.MuonMomentum,
        Epochs = c.Epochs, BatchSize = c.BatchSize,
        Schedule = c.Schedule, WarmupFraction = c.WarmupFraction, InitialLrFraction = c.InitialLrFraction,
        FinalLrFraction = c.FinalLrFraction, StepEpochs = c.StepEpochs, StepGamma = c.StepGamma,
        CropPadding = c.CropPadding, PadMode = c.PadMode, Flip = c.Flip, Cutout = c.Cutout,
        EmaDecay = c.EmaDecay, LookaheadEvery = c.LookaheadEvery, Tta = c.Tta,
        Seed = c.Seed, TrainLimit = c.TrainLimit, TestLimit = c.TestLimit, Device = c.Device, Precision = c.Precision, ChannelsLast = c.ChannelsLast,
        EvalEvery = c.EvalEvery, Preset = c.Preset,
        Name = name, Tags = tags is null ? null : string.Join(", ", tags), Notes = notes,
    };

    public RunConfig ToConfig() => new()
    {
        Model = Model.Trim(), Width = Width, Norm = Norm, Dropout = Dropout,
        Optimizer = Optimizer, LearningRate = LearningRate, Momentum = Momentum, Nesterov = Nesterov,
        WeightDecay = WeightDecay, LabelSmoothing = LabelSmoothing, Loss = Loss, NormLrMultiplier = NormLrMultiplier,
        MuonLearningRate = MuonLearningRate, MuonMomentum = MuonMomentum,
        Epochs = Epochs, BatchSize = BatchSize,
        Schedule = Schedule, WarmupFraction = WarmupFraction, InitialLrFraction = InitialLrFraction,
        FinalLrFraction = FinalLrFraction, StepEpochs = StepEpochs, StepGamma = StepGamma,
        CropPadding = CropPadding, PadMode = PadMode, Flip = Flip, Cutout = Cutout,
        EmaDecay = EmaDecay, LookaheadEvery = LookaheadEvery, Tta = Tta,
        Seed = Seed, TrainLimit = TrainLimit, TestLimit = TestLimit, Device = Device.Trim(), Precision = Precision, ChannelsLast = ChannelsLast,
        EvalEvery = EvalEvery, Preset = Preset,
    };

    public IReadOnlyList<string> TagList => TagText.Parse(Tags);
}
