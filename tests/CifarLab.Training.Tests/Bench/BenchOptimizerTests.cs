using CifarLab.Cli.Bench;
using CifarLab.Training.Models;
using CifarLab.Training.Training;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CifarLab.Training.Tests.Bench;

/// <summary>The bench rebuilds the Trainer's optimizer from public pieces; this pins it to the engine's own.</summary>
public sealed class BenchOptimizerTests
{
    [Theory]
    [InlineData("airbench94")]
    [InlineData("resnet9")]
    [InlineData("cpu-fast")]
    [InlineData("quick")]
    public void Groups_match_the_engines_optimizer_setup(string preset)
    {
        var config = Presets.Get(preset).Config with { Width = 0.25 };
        using var scope = NewDisposeScope();
        using var model = ModelCatalog.Get(config.Model).Create(new ModelOptions { Width = config.Width, Norm = config.Norm });
        using var engine = OptimizerSetup.Create(config, model);
        using var bench = BenchOptimizer.Create(config, model, out var specs);

        var expected = engine.Optimizer.ParamGroups.Cast<ParamGroup>().ToList();
        var actual = bench.ParamGroups.Cast<ParamGroup>().ToList();
        Assert.Equal(expected.Count, actual.Count);
        Assert.Equal(expected.Count, specs.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].Parameters, actual[i].Parameters); // same Parameter objects, same order
            var e = (SGD.Options)expected[i].Options;
            var a = (SGD.Options)actual[i].Options;
            Assert.Equal(e.LearningRate, a.LearningRate);
            Assert.Equal(e.weight_decay, a.weight_decay);
            Assert.Equal(e.momentum, a.momentum);
            Assert.Equal(e.nesterov, a.nesterov);
            Assert.Equal(e.dampening, a.dampening);
            Assert.Equal(e.LearningRate, specs[i].LearningRate);
            Assert.Equal(expected[i].Parameters.Count(), specs[i].Parameters);
        }
    }
}
