using CifarLab.Training.Models;
using CifarLab.Training.Training;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CifarLab.Training.Tests.Training;

[Collection(Tests.Models.ModelTestData.Collection)]
public sealed class OptimizerSetupTests
{
    [Fact]
    public void Sgd_keeps_its_two_groups_main_then_norm()
    {
        var c = Presets.Get("airbench94").Config;
        using var scope = NewDisposeScope();
        using var model = ModelCatalog.Get(c.Model).Create(new ModelOptions { Width = 0.25 });
        using var setup = OptimizerSetup.Create(c, model);
        var sgd = Assert.IsType<SGD>(Assert.Single(setup.Optimizers));
        Assert.Equal(["main", "norm"], setup.Groups.Select(g => g.Name));
        Assert.Equal(8, setup.Groups[0].Parameters.Count); // stem bias, six conv weights, the head
        Assert.Equal(6, setup.Groups[1].Parameters.Count); // BN biases
        Assert.Equal(c.LearningRate * c.NormLrMultiplier, setup.Groups[1].PeakLr);
        Assert.Equal(c.WeightDecay / c.NormLrMultiplier, setup.Groups[1].WeightDecay);
        Assert.Equal(2, sgd.ParamGroups.Count());
    }

    [Fact]
    public void Muon_preset_groups_follow_airbench94_muon()
    {
        var c = Presets.Get("airbench94-muon").Config;
        using var scope = NewDisposeScope();
        using var model = ModelCatalog.Get(c.Model).Create(new ModelOptions { Width = 0.25 });
        using var setup = OptimizerSetup.Create(c, model, stepsPerEpoch: 25);
        Assert.IsType<Muon>(setup.Optimizers[0]);
        Assert.IsType<SGD>(setup.Optimizers[1]);

        var groups = setup.Groups.ToDictionary(g => g.Name);
        var filters = groups["filters"];
        Assert.Equal(OptimizerKind.Muon, filters.Optimizer);
        Assert.Equal(6, filters.Parameters.Count);
        Assert.All(filters.Parameters, p => Assert.Equal(4, p.dim()));
        Assert.Equal(0.24, filters.PeakLr);
        var head = groups["weights"];
        Assert.Equal(2, Assert.Single(head.Parameters).dim());
        Assert.Equal(0.67, head.PeakLr);
        Assert.Equal(6, groups["vectors"].Parameters.Count); // BN biases
        Assert.Equal(0.053, groups["vectors"].PeakLr, 12);
        var stem = groups["vectors (own schedule)"];
        Assert.True(stem.OwnSchedule);
        Assert.Same(((AirbenchNet)model).Stem.Conv.bias, Assert.Single(stem.Parameters));
        Assert.Equal(0.053, stem.PeakLr, 12);
        // wd x lr is 2e-6 x batch in every SGD group.
        Assert.All(setup.Groups.Where(g => g.Optimizer == OptimizerKind.Sgd), g => Assert.Equal(2e-6 * 2000, g.PeakLr * g.WeightDecay, 12));
        // Every trainable parameter exactly once.
        var all = setup.Groups.SelectMany(g => g.Parameters).ToList();
        Assert.Equal(model.parameters().Count(p => p.requires_grad), all.Distinct(ReferenceEqualityComparer.Instance).Count());
        Assert.Equal(all.Count, all.Distinct(ReferenceEqualityComparer.Instance).Count());
    }

    [Fact]
    public void The_stem_bias_keeps_its_own_schedule_after_a_bfloat16_conversion()
    {
        var c = Presets.Get("airbench94-muon").Config with { Precision = PrecisionKind.BFloat16 };
        using var scope = NewDisposeScope();
        using var model = ModelCatalog.Get(c.Model).Create(new ModelOptions { Width = 0.25 });
        HalfPrecision.Apply(model, c.Precision, CPU, cpuHasBFloat16: true, note: null); // replaces Parameter objects
        using var setup = OptimizerSetup.Create(c, model, stepsPerEpoch: 25);
        var own = Assert.Single(setup.Groups, g => g.OwnSchedule);
        var bias = Assert.Single(own.Parameters);
        Assert.Equal(ScalarType.BFloat16, bias.dtype);
        Assert.Contains(model.parameters(), p => ReferenceEquals(p, bias));
    }

    [Fact]
    public void Multiplier_scales_run_groups_and_the_stem_bias_decays_over_its_three_epochs()
    {
        var c = Presets.Get("airbench94-muon").Config;
        using var scope = NewDisposeScope();
        using var model = ModelCatalog.Get(c.Model).Create(new ModelOptions { Width = 0.25 });
        using var setup = OptimizerSetup.Create(c, model, stepsPerEpoch: 25);
        var reported = setup.SetMultiplier(0.5, 30);
        Assert.Equal(0.12, reported, 12); // Muon's lr is the run's headline lr
        var lrs = setup.Optimizers.SelectMany(o => o.ParamGroups).Select(g => g.LearningRate).ToList();
        var own = setup.Groups.Select((g, i) => (g, i)).Single(x => x.g.OwnSchedule).i;
        Assert.Equal(0.053 * (1 - 30.0 / 75), lrs[own], 12);
        Assert.All(setup.Groups.Select((g, i) => (g, i)).Where(x => !x.g.OwnSchedule), x => Assert.Equal(x.g.PeakLr * 0.5, lrs[x.i], 12));
        setup.SetMultiplier(0.1, 80);
        Assert.Equal(0, setup.Optimizers.SelectMany(o => o.ParamGroups).ElementAt(own).LearningRate);
    }

    [Fact]
    public void Muon_works_for_any_model_filters_on_muon_the_rest_on_sgd()
    {
        var c = new RunConfig { Model = "resnet9", Optimizer = OptimizerKind.Muon, NormLrMultiplier = 2 };
        using var scope = NewDisposeScope();
        using var model = ModelCatalog.Get(c.Model).Create(new ModelOptions { Width = 0.25 });
        using var setup = OptimizerSetup.Create(c, model);
        var (filters, matrices, vectors) = ParameterGroups.SplitForMuon(model);
        Assert.All(filters, p => Assert.Equal(4, p.dim()));
        Assert.All(matrices, p => Assert.Equal(2, p.dim()));
        Assert.All(vectors, p => Assert.Equal(1, p.dim()));
        Assert.Equal(model.parameters().Count(p => p.requires_grad), filters.Count + matrices.Count + vectors.Count);
        Assert.Equal(["filters", "weights", "vectors"], setup.Groups.Select(g => g.Name));
        Assert.Equal(c.LearningRate * 2, setup.Groups[2].PeakLr);
    }
}
