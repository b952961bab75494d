#!/usr/bin/python3
"""PyTorch reference for CifarLab's benchmarks (bench/run.sh runs it beside `cifarlab bench`).

Builds the same networks as CifarLab (same layers, widths, BN settings and state_dict names, so a CifarLab
model.safetensors export loads with strict=True), the same loss, optimizer groups and augmentation, and
measures train-step speed the way `cifarlab bench throughput` does: one random normalized batch held on the
device, warmup steps, then the median wall time of the timed steps.

  throughput      --model NAME | --preset NAME | --config FILE  [--batch-size N] [--steps N] [--warmup N]
  epoch           one training epoch on real CIFAR-10 (augmentation, shuffling, lookahead), like the Trainer loop
  train           a whole run like `cifarlab train`: the preset's epochs, lr schedule, whitening-bias freeze,
                  lookahead, float16 with loss scaling, final evaluation with its test-time augmentation;
                  optimizer sgd or muon (airbench94-muon), precision and channelsLast as CifarLab applies them.
                  --config takes `cifarlab presets --json` output (with --preset NAME) or a run config.json,
                  so both engines train exactly the same config.
  --verify-export PATH   load a CifarLab model.safetensors and print eval-mode logits of the fixed input

Recipe facts (docs/RECIPES.md): airbench94 from Jordan 2024 (arXiv 2404.00498), ResNet-9 from Page 2018
(davidcpage/cifar10-fast), airbench94-muon from Jordan's airbench94_muon.py and "Muon: an optimizer for hidden
layers" (2024). Written for CifarLab; no code copied from any of these projects. The Muon parts mirror CifarLab's
src/CifarLab.Training/Training/{Muon,NewtonSchulz,OptimizerSetup,LrSchedule}.cs and
Models/{ParameterGroups,IOwnLrSchedule}.cs, Models/Architectures/{AirbenchNet,Airbench94Muon}.cs.
Needs PyTorch (Debian: apt-get install -t trixie python3-torch; run with /usr/bin/python3).
"""
import argparse
import json
import math
import os
import statistics
import struct
import sys
import tarfile
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

# ================================================================ settings
# CIFAR-10 channel statistics, as CifarLab's CifarStats.
MEAN = (0.4914, 0.4822, 0.4465)
STD = (0.2470, 0.2435, 0.2616)

# airbench's "per 1024 examples" hyperparameters become PyTorch SGD ones by dividing by
# 1024 x (1 + 1/(1 - momentum)) (Jordan 2024); momentum 0.85 gives 7850.67.
AIRBENCH_KILO_STEP = 1024 * (1 + 1 / (1 - 0.85))

# CifarLab's presets, in CifarLab's field names (RunConfig JSON, camelCase). A --config file overrides these.
AIRBENCH94 = dict(
    model="airbench94", width=1.0, norm="batch", batchSize=1024, loss="sum", labelSmoothing=0.2,
    learningRate=11.5 / AIRBENCH_KILO_STEP,   # per-example lr of the summed loss
    weightDecay=0.0153 * 1024 / 11.5,          # so that lr x wd equals airbench's
    normLrMultiplier=64,                       # BN biases: lr x64, wd /64
    momentum=0.85, nesterov=True, optimizer="sgd",
    cropPadding=2, padMode="reflect", flip="alternating", cutout=0, lookaheadEvery=5, emaDecay=0.0, seed=42)
PRESETS = {
    "airbench94": AIRBENCH94,
    "cpu-fast": dict(AIRBENCH94, width=0.5, batchSize=512),
    "resnet9": dict(
        model="resnet9", width=1.0, norm="batch", batchSize=512, loss="mean", labelSmoothing=0.2,
        learningRate=0.4, weightDecay=5e-4, normLrMultiplier=1, momentum=0.9, nesterov=True, optimizer="sgd",
        cropPadding=4, padMode="reflect", flip="random", cutout=8, lookaheadEvery=0, emaDecay=0.0, seed=42),
}
# airbench94_muon.py's recipe as CifarLab's Presets.cs writes it: batch 2000, Muon for the conv filters (lr 0.24,
# momentum 0.6), Nesterov SGD at momentum 0.85 for the head (lr 0.67) and the biases (lr 0.053 = 0.67 x normLrMultiplier),
# weight decay 2e-6 per example (wd x lr = 2e-6 x batch in every SGD group), lr x (1 - step/total), 8 epochs.
MUON_BATCH, MUON_HEAD_LR, MUON_BIAS_LR = 2000, 0.67, 0.053
PRESETS["airbench94-muon"] = dict(
    model="airbench94-muon", width=1.0, norm="batch", epochs=8, batchSize=MUON_BATCH, loss="sum", labelSmoothing=0.2,
    optimizer="muon", muonLearningRate=0.24, muonMomentum=0.6, learningRate=MUON_HEAD_LR, momentum=0.85, nesterov=True,
    weightDecay=2e-6 * MUON_BATCH / MUON_HEAD_LR, normLrMultiplier=MUON_BIAS_LR / MUON_HEAD_LR,
    schedule="linearDecay", warmupFraction=0.0, initialLrFraction=1.0, finalLrFraction=0.0,
    cropPadding=2, padMode="reflect", flip="alternating", cutout=0, lookaheadEvery=0, emaDecay=0.0, tta="flipTranslate",
    precision="float32", seed=42)

# ================================================================ networks
def scale(count, width):
    """CifarLab's Layers.Scale: nearest integer (halves away from zero), at least 1."""
    return max(1, int(math.floor(count * width + 0.5)))


class ClassifierHead(nn.Module):
    """flatten -> dropout -> linear -> x scale (fixed logit scale of airbench 1/9 and ResNet-9 1/8)."""

    def __init__(self, features, classes, bias, scale_by):
        super().__init__()
        self.dropout = nn.Identity()
        self.linear = nn.Linear(features, classes, bias=bias)
        self.scale_by = scale_by

    def forward(self, x):
        return self.linear(self.dropout(x.flatten(1))) * self.scale_by


class WhiteningStem(nn.Module):
    """2x2 conv 3 -> 24 (bias, no padding) with frozen patch-whitening weights, then GELU."""

    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 24, 2, padding=0, bias=True)
        self.act = nn.GELU()
        with torch.no_grad():
            self.conv.bias.zero_()
        self.conv.weight.requires_grad = False

    def forward(self, x):
        return self.act(self.conv(x))

    @torch.no_grad()
    def init_from_data(self, images, eps=5e-4):
        # Uncentered covariance of all 2x2 patches of the first 5000 images, in float64 (float32 comes out
        # indefinite on CIFAR, RECIPES.md); filters = eigenvectors / sqrt(eigenvalue + eps), largest first,
        # followed by their negatives.
        x = images[:5000].double()
        patches = x.unfold(2, 2, 1).unfold(3, 2, 1).permute(0, 2, 3, 1, 4, 5).reshape(-1, 12)
        cov = patches.t() @ patches / patches.shape[0]
        values, vectors = torch.linalg.eigh(cov)
        basis = vectors.t().flip(0) / (values.flip(0) + eps).sqrt().unsqueeze(1)
        filters = torch.cat([basis, -basis]).reshape(24, 3, 2, 2)
        self.conv.weight.copy_(filters.to(self.conv.weight))


def frozen_scale_bn(channels, momentum):
    """airbench's BN: eps 1e-12 (effectively none), PyTorch-convention momentum, scale fixed at 1."""
    bn = nn.BatchNorm2d(channels, eps=1e-12, momentum=momentum)
    bn.weight.requires_grad = False
    return bn


def identity_init_conv(cin, cout):
    conv = nn.Conv2d(cin, cout, 3, padding=1, bias=False)
    with torch.no_grad():
        nn.init.dirac_(conv.weight[:min(cin, cout)])
    return conv


class AirbenchGroup(nn.Module):
    """conv -> maxpool 2 -> BN -> GELU -> conv -> BN -> GELU."""

    def __init__(self, cin, cout, momentum):
        super().__init__()
        self.conv1 = identity_init_conv(cin, cout)
        self.pool = nn.MaxPool2d(2)
        self.norm1 = frozen_scale_bn(cout, momentum)
        self.conv2 = identity_init_conv(cout, cout)
        self.norm2 = frozen_scale_bn(cout, momentum)
        self.act = nn.GELU()

    def forward(self, x):
        x = self.act(self.norm1(self.pool(self.conv1(x))))
        return self.act(self.norm2(self.conv2(x)))


class Airbench94(nn.Module):
    """Whitening stem, groups 64/256/256 (x width), maxpool 3, linear without bias, logits / 9."""

    def __init__(self, width=1.0, classes=10):
        super().__init__()
        self.stem = WhiteningStem()
        groups, cin = [], 24
        for base in (64, 256, 256):
            cout = scale(base, width)
            groups.append(AirbenchGroup(cin, cout, momentum=0.4))
            cin = cout
        self.groups = nn.Sequential(*groups)
        self.pool = nn.MaxPool2d(3)
        self.head = ClassifierHead(cin, classes, bias=False, scale_by=1 / 9)

    def forward(self, x):
        return self.head(self.pool(self.groups(self.stem(x))))


class Airbench94Muon(Airbench94):
    """airbench94_muon.py's net as CifarLab's Airbench94Muon.cs / AirbenchNet.cs build it (same state_dict names as
    airbench94): the head's linear weight divided by its (unbiased) standard deviation after its default init, logits
    divided by the head's input width (256 at width 1) instead of x 1/9, and the whitening bias on its own lr schedule
    (IOwnLrSchedule): peak x max(0, 1 - step / (3 epochs of steps)); it is frozen from epoch 3 on as in airbench94."""

    WHITENING_BIAS_EPOCHS = 3

    def __init__(self, width=1.0, classes=10):
        super().__init__(width, classes)
        features = self.head.linear.in_features
        self.head.scale_by = 1.0 / features
        with torch.no_grad():
            self.head.linear.weight.div_(self.head.linear.weight.std())

    def own_schedule_parameters(self):
        return [self.stem.conv.bias]

    def own_lr_multiplier(self, step, steps_per_epoch):
        return max(0.0, 1 - step / (self.WHITENING_BIAS_EPOCHS * steps_per_epoch))


class ConvNormAct(nn.Module):
    """3x3 conv without bias -> BatchNorm (PyTorch defaults) -> ReLU."""

    def __init__(self, cin, cout):
        super().__init__()
        self.conv = nn.Conv2d(cin, cout, 3, padding=1, bias=False)
        self.norm = nn.BatchNorm2d(cout)
        self.act = nn.ReLU()

    def forward(self, x):
        return self.act(self.norm(self.conv(x)))


class Residual(nn.Module):
    def __init__(self, body):
        super().__init__()
        self.body = body

    def forward(self, x):
        return x + self.body(x)


class ResNet9(nn.Module):
    """prep 64 -> [128, pool, res] -> [256, pool] -> [512, pool, res] -> global max pool -> linear, x 0.125."""

    def __init__(self, width=1.0, classes=10):
        super().__init__()
        c = lambda n: scale(n, width)  # noqa: E731
        pair = lambda n: Residual(nn.Sequential(ConvNormAct(n, n), ConvNormAct(n, n)))  # noqa: E731
        self.body = nn.Sequential()
        self.body.add_module("prep", ConvNormAct(3, c(64)))
        self.body.add_module("layer1", nn.Sequential(ConvNormAct(c(64), c(128)), nn.MaxPool2d(2), pair(c(128))))
        self.body.add_module("layer2", nn.Sequential(ConvNormAct(c(128), c(256)), nn.MaxPool2d(2)))
        self.body.add_module("layer3", nn.Sequential(ConvNormAct(c(256), c(512)), nn.MaxPool2d(2), pair(c(512))))
        self.head = ClassifierHead(c(512), classes, bias=False, scale_by=0.125)

    def forward(self, x):
        return self.head(self.body(x).amax(dim=(2, 3)))


def build_model(cfg):
    if cfg.get("norm", "batch") != "batch":
        sys.exit(f"pytorch_ref: only batch norm is implemented (got {cfg['norm']})")
    builders = {"airbench94": Airbench94, "airbench94-muon": Airbench94Muon, "resnet9": ResNet9}
    if cfg["model"] not in builders:
        sys.exit(f"pytorch_ref: model '{cfg['model']}' has no reference; allowed: {', '.join(builders)}")
    return builders[cfg["model"]](width=cfg.get("width", 1.0))


# ================================================================ optimizer and loss (as CifarLab's Trainer)
def newton_schulz(g, steps=3, eps=1e-7):
    """CifarLab's NewtonSchulz.Orthogonalize (NewtonSchulz.cs): approximately U V^T of G = U S V^T by a quintic
    Newton-Schulz iteration with (a, b, c) = (3.4445, -4.7750, 2.0315), in float32 (airbench94_muon.py iterates in
    bfloat16; CifarLab chose float32 and this follows CifarLab). X = G / (|G|_F + eps); on the wide orientation,
    X <- aX + (bA + cA^2)X with A = X X^T. Returns a new float32 tensor; g is not modified."""
    a, b, c = 3.4445, -4.7750, 2.0315
    x = g.to(torch.float32)
    x = x / (x.norm() + eps)
    tall = g.shape[0] > g.shape[1]
    if tall:
        x = x.t()
    for _ in range(steps):
        gram = x.mm(x.t())
        poly = gram * b + gram.mm(gram) * c
        x = x * a + poly.mm(x)
    if tall:
        x = x.t()
    return x.contiguous()


class Muon(torch.optim.Optimizer):
    """CifarLab's Muon (Muon.cs; Jordan 2024, airbench94_muon.py). Per parameter p with gradient g:
    buf <- momentum buf + g (buf starts at zero); d <- g + momentum buf (Nesterov) or buf;
    p <- p sqrt(rows) / |p|_F; p <- p - lr NewtonSchulz(d reshaped to (rows, rest)). No weight decay; parameters
    without a gradient are skipped. Same tensor operations in the same dtypes as the C# code (buffer in the
    gradient's dtype, the renormalisation in the weight's dtype, the orthogonalised update in float32)."""

    def __init__(self, groups, lr, momentum, nesterov):
        super().__init__(groups, dict(lr=lr, momentum=momentum, nesterov=nesterov))
        for group in self.param_groups:
            for p in group["params"]:
                if p.dim() < 2:
                    raise ValueError(f"Muon updates matrices and filters; got a parameter of shape {list(p.shape)}")

    @torch.no_grad()
    def step(self, closure=None):
        for group in self.param_groups:
            lr, momentum = group["lr"], group["momentum"]
            for p in group["params"]:
                grad = p.grad
                if grad is None:
                    continue
                state = self.state[p]
                if "momentum_buffer" not in state:
                    state["momentum_buffer"] = torch.zeros_like(grad)
                buf = state["momentum_buffer"]
                buf.mul_(momentum).add_(grad)
                direction = grad.add(buf, alpha=momentum) if group["nesterov"] else buf
                rows = p.shape[0]
                p.mul_(p.norm().reciprocal().mul(math.sqrt(rows)))
                update = newton_schulz(direction.reshape(rows, -1)).view(p.shape)
                p.add_(update, alpha=-lr)


class OptimizerSetup:
    """CifarLab's OptimizerSetup.cs: which parameter gets which algorithm, peak lr and weight decay.
    sgd: the non-normalization parameters (lr, wd) and the normalization ones (lr x normLrMultiplier,
    wd / normLrMultiplier), as ParameterGroups.Split. muon: as ParameterGroups.SplitForMuon, trainable 4-D conv
    filters on Muon (muonLearningRate, muonMomentum, no wd), other non-norm weights of 2+ dims (the head) on Nesterov
    SGD at lr / wd, and the vectors (norm parameters and biases) on the same SGD at the norm lr / wd. Parameters a
    model puts on its own schedule (the airbench94-muon whitening bias) keep their group's peak lr and wd in a group of
    their own whose lr follows the model's multiplier. Empty groups are dropped; Muon steps before SGD."""

    def __init__(self, cfg, model, steps_per_epoch=1):
        norm_ids = {id(p) for m in model.modules()
                    if isinstance(m, (nn.modules.batchnorm._BatchNorm, nn.GroupNorm, nn.LayerNorm))
                    for p in m.parameters(recurse=False)}
        trainable = [p for p in model.parameters() if p.requires_grad]
        other = [p for p in trainable if id(p) not in norm_ids]
        norm = [p for p in trainable if id(p) in norm_ids]
        lr, wd, mult = cfg["learningRate"], cfg["weightDecay"], cfg.get("normLrMultiplier", 1.0)
        kind = cfg.get("optimizer", "sgd")
        if kind == "sgd":
            plan = [("sgd", other, lr, wd), ("sgd", norm, lr * mult, wd / mult)]
        elif kind == "muon":
            filters = [p for p in other if p.dim() == 4]
            matrices = [p for p in other if p.dim() >= 2 and p.dim() != 4]
            vectors = [p for p in trainable if id(p) in norm_ids or p.dim() < 2]
            plan = [("muon", filters, cfg.get("muonLearningRate", 0.24), 0.0),
                    ("sgd", matrices, lr, wd), ("sgd", vectors, lr * mult, wd / mult)]
        else:
            sys.exit(f"pytorch_ref: optimizer '{kind}' is not implemented here (sgd, muon)")
        own = getattr(model, "own_schedule_parameters", lambda: [])()
        own_ids = {id(p) for p in own}
        self.model, self.steps_per_epoch = model, max(1, steps_per_epoch)
        groups = {"muon": [], "sgd": []}  # per algorithm: (param group dict, peak lr, own schedule)
        for algo, params, peak, decay in plan:
            regular = [p for p in params if id(p) not in own_ids]
            scheduled = [p for p in params if id(p) in own_ids]
            for ps, is_own in ((regular, False), (scheduled, True)):
                if ps:
                    groups[algo].append((dict(params=ps, lr=peak, weight_decay=decay), peak, is_own))
        self.optimizers, self.groups = [], []
        momentum, nesterov = cfg["momentum"], cfg["nesterov"]
        if groups["muon"]:
            muon_momentum = cfg.get("muonMomentum", 0.6)
            self.optimizers.append(Muon([dict(params=g["params"], lr=g["lr"]) for g, _, _ in groups["muon"]],
                                        lr=cfg.get("muonLearningRate", 0.24), momentum=muon_momentum, nesterov=nesterov))
        if groups["sgd"]:
            self.optimizers.append(torch.optim.SGD([g for g, _, _ in groups["sgd"]], lr=lr, momentum=momentum,
                                                   nesterov=nesterov, weight_decay=wd))
        for opt, algo in zip(self.optimizers, [a for a in ("muon", "sgd") if groups[a]]):
            self.groups += [(pg, peak, is_own) for pg, (_, peak, is_own) in zip(opt.param_groups, groups[algo])]

    @property
    def param_groups(self):
        return [pg for pg, _, _ in self.groups]

    def set_multiplier(self, multiplier, step):
        """Every group's lr for the update at 0-based step: peak x the run's multiplier, or peak x the model's own."""
        for pg, peak, is_own in self.groups:
            pg["lr"] = peak * (self.model.own_lr_multiplier(step, self.steps_per_epoch) if is_own else multiplier)

    def step(self):
        for opt in self.optimizers:
            opt.step()


def make_optimizer(cfg, model, steps_per_epoch=1):
    return OptimizerSetup(cfg, model, steps_per_epoch)


def loss_fn(cfg, logits, labels):
    return F.cross_entropy(logits.float(), labels, reduction="sum" if cfg["loss"] == "sum" else "mean",
                           label_smoothing=cfg["labelSmoothing"])


def train_step(cfg, model, opt, x, y):
    """The same sequence as CifarLab's step: forward, loss, zero_grad (set to None), backward, step."""
    loss = loss_fn(cfg, model(x), y)
    model.zero_grad(set_to_none=True)
    loss.backward()
    opt.step()
    return loss


def profile_steps(cfg, model, opt, x, y, steps):
    """CPU ms per phase, averaged over steps: the same phases as `cifarlab bench throughput --profile`
    (forward incl. loss, zero_grad, backward, optimizer step, freeing the step's tensors)."""
    phases = dict(forward=0.0, zeroGrad=0.0, backward=0.0, optimizer=0.0, dispose=0.0)
    clock = time.process_time
    for _ in range(steps):
        t0 = clock()
        loss = loss_fn(cfg, model(x), y)
        t1 = clock()
        model.zero_grad(set_to_none=True)
        t2 = clock()
        loss.backward()
        t3 = clock()
        opt.step()
        t4 = clock()
        del loss
        t5 = clock()
        for name, dt in zip(phases, (t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4)):
            phases[name] += dt * 1000
    return {k: round(v / steps, 3) for k, v in phases.items()}


def sync(device):
    if device.type == "cuda":
        torch.cuda.synchronize(device)  # kernels are asynchronous: time the work, not the launches


# ================================================================ data and augmentation (as TrainAugmenter)
def normalize(uint8_images, device):
    x = uint8_images.to(device).float().div_(255)
    mean = torch.tensor(MEAN, device=device).view(1, 3, 1, 1)
    std = torch.tensor(STD, device=device).view(1, 3, 1, 1)
    return x.sub_(mean).div_(std)


def load_cifar_archive(path, limit, split="train"):
    """Reads CIFAR-10's binary batches (the 5 training ones, or test_batch.bin for split="test") from
    cifar-10-binary.tar.gz or an extracted folder: records of 1 label byte + 3072 image bytes (R, G, B planes)."""
    names = [f"data_batch_{i}.bin" for i in range(1, 6)] if split == "train" else ["test_batch.bin"]
    chunks = {}
    if os.path.isdir(path):
        for root, _, files in os.walk(path):
            for name in files:
                if name in names:
                    with open(os.path.join(root, name), "rb") as f:
                        chunks[name] = f.read()
    else:
        with tarfile.open(path, "r:gz") as tar:
            for member in tar.getmembers():
                base = member.name.rsplit("/", 1)[-1]
                if base in names:
                    chunks[base] = tar.extractfile(member).read()
    missing = [n for n in names if n not in chunks]
    if missing:
        sys.exit(f"pytorch_ref: {path} lacks {', '.join(missing)}")
    raw = b"".join(chunks[n] for n in names)
    records = torch.frombuffer(bytearray(raw), dtype=torch.uint8).view(-1, 3073)
    if limit:
        records = records[:limit]
    return records[:, 1:].reshape(-1, 3, 32, 32).clone(), records[:, 0].long()


class Augmenter:
    """Pad once (reflect or zero), then per epoch: random crop shift -p..p, flip, cutout; batched tensor ops."""

    def __init__(self, cfg, images, generator):
        # Rotation, zoom and colour jitter (TrainAugmenter's AffineJitterDraws) have no reference here: refuse them.
        off = dict(rotation=0.0, scaleMin=1.0, scaleMax=1.0, brightness=0.0, contrast=0.0, saturation=0.0)
        on = [k for k, v in off.items() if cfg.get(k, v) != v]
        if on:
            sys.exit(f"pytorch_ref: augmentation {', '.join(on)} is not implemented here; allowed: the defaults "
                     f"({', '.join(f'{k}={v}' for k, v in off.items())})")
        self.p, self.cutout, self.flip = cfg["cropPadding"], cfg["cutout"], cfg["flip"]
        self.gen = generator
        self.n = images.shape[0]
        mode = "reflect" if cfg.get("padMode", "reflect") == "reflect" else "constant"
        self.source = F.pad(images, [self.p] * 4, mode=mode) if self.p else images
        self.fixed_flip = self.coins() if self.flip == "alternating" else None

    # Draws come from a CPU generator (as in CifarLab) and move to the images' device.
    def coins(self):
        return (torch.rand(self.n, generator=self.gen) < 0.5).to(self.source.device)

    def epoch(self, epoch):
        x = self.crop() if self.p else self.source.clone()
        if self.flip == "random":
            flips = self.coins()
        elif self.flip == "alternating":
            flips = self.fixed_flip if epoch % 2 == 0 else ~self.fixed_flip
        else:
            flips = None
        if flips is not None:
            x[flips] = x[flips].flip(-1)
        if self.cutout:
            x.masked_fill_(self.cutout_mask(x.shape[-2], x.shape[-1]), 0.0)
        return x

    def crop(self):
        side, dev = 2 * self.p + 1, self.source.device
        dy = torch.randint(side, (self.n,), generator=self.gen).to(dev)
        dx = torch.randint(side, (self.n,), generator=self.gen).to(dev)
        h = self.source.shape[-2] - 2 * self.p
        w = self.source.shape[-1] - 2 * self.p
        rows = (dy[:, None] + torch.arange(h, device=dev))[:, :, None]            # [N, h, 1]
        cols = (dx[:, None] + torch.arange(w, device=dev))[:, None, :]            # [N, 1, w]
        picked = self.source[torch.arange(self.n, device=dev)[:, None, None], :, rows, cols]  # [N, h, w, C]
        return picked.permute(0, 3, 1, 2).contiguous()

    def cutout_mask(self, h, w):
        s, dev = self.cutout, self.source.device
        top = (torch.randint(h, (self.n,), generator=self.gen) - s // 2)[:, None].to(dev)
        left = (torch.randint(w, (self.n,), generator=self.gen) - s // 2)[:, None].to(dev)
        r, c = torch.arange(h, device=dev)[None, :], torch.arange(w, device=dev)[None, :]
        row_in = (r >= top) & (r < top + s)
        col_in = (c >= left) & (c < left + s)
        return (row_in[:, None, :, None] & col_in[:, None, None, :])


class Lookahead:
    """airbench: every k steps ema = d ema + (1 - d) net over the whole state (BN statistics too), net <- ema,
    with d = 0.95^k x (step / total)^3."""

    def __init__(self, model):
        self.live = list(model.state_dict().values())
        self.avg = [t.detach().clone() for t in self.live]

    @torch.no_grad()
    def after_step(self, k, step, total):
        if step % k:
            return
        decay = 0.95 ** k * (step / total) ** 3
        for live, avg in zip(self.live, self.avg):
            if live.is_floating_point():
                avg.lerp_(live, 1 - decay)
            else:
                avg.copy_(live)
            live.copy_(avg)


# ================================================================ modes
def prepare(cfg, device, batch):
    torch.manual_seed(cfg.get("seed", 42))
    x = normalize(torch.randint(0, 256, (batch, 3, 32, 32), dtype=torch.uint8), device)
    y = torch.randint(0, 10, (batch,)).to(device)
    model = build_model(cfg).to(device)
    if isinstance(model, Airbench94):
        model.stem.init_from_data(x)
    half = to_half(model, cfg, device)
    x = model_input(cfg, x, half)
    model.train()
    return model, x, y, half


def cpu_has_native_bfloat16():
    """CifarLab's CpuFeatures.HasNativeBFloat16: the first "flags" line of /proc/cpuinfo lists avx512_bf16 or
    amx_bf16 (oneDNN then runs bfloat16 convolutions and matmuls natively); nothing assumed off Linux."""
    try:
        with open("/proc/cpuinfo") as f:
            line = next((l for l in f if l.startswith("flags")), "")
    except OSError:
        return False
    flags = set(line.partition(":")[2].split())
    return bool(flags & {"avx512_bf16", "amx_bf16"})


def to_half(model, cfg, device):
    """CifarLab's HalfPrecision.Apply: weight casting, not autocast (TorchSharp has none): the model's weights
    and buffers go to float16/bfloat16 with the normalization layers kept float32, and the input is cast to that
    type. On CUDA float16 or bfloat16; on the CPU bfloat16 only, and only where the CPU runs it natively
    (cpu_has_native_bfloat16), else the run stays float32 as CifarLab's does. Returns the input dtype or None."""
    precision = cfg.get("precision", "float32")
    if precision not in ("float16", "bFloat16", "bfloat16"):
        return None
    half = torch.float16 if precision == "float16" else torch.bfloat16
    if device.type != "cuda" and (half is not torch.bfloat16 or not cpu_has_native_bfloat16()):
        return None
    model.to(half)
    for m in model.modules():
        if isinstance(m, (nn.modules.batchnorm._BatchNorm, nn.GroupNorm, nn.LayerNorm)):
            m.float()
    return half


def model_input(cfg, x, half):
    """The batch as CifarLab's Trainer and Evaluator feed it: cast to the half type, then, with channelsLast
    (RunConfig.ChannelsLast; Training/ChannelsLast.cs), re-laid out NHWC. Only the input changes layout; the
    parameters stay contiguous, as in CifarLab (the convolutions then run channels-last throughout)."""
    if half:
        x = x.to(half)
    if cfg.get("channelsLast", False) and x.dim() == 4:
        x = x.contiguous(memory_format=torch.channels_last)
    return x


def throughput(cfg, device, steps, warmup, profile=False):
    batch = cfg["batchSize"]
    model, x, y, _ = prepare(cfg, device, batch)
    opt = make_optimizer(cfg, model)
    times, cpu = [], []
    for i in range(warmup + steps):
        cpu_start = time.process_time()  # clock_gettime(CLOCK_PROCESS_CPUTIME_ID), as CifarLab's CpuClock
        start = time.perf_counter()
        train_step(cfg, model, opt, x, y)
        sync(device)
        if i >= warmup:
            times.append((time.perf_counter() - start) * 1000)
            cpu.append((time.process_time() - cpu_start) * 1000)
    phases = profile_steps(cfg, model, opt, x, y, steps) if profile else None
    with torch.no_grad():
        final_loss = loss_fn(cfg, model(x), y).item()
    median = statistics.median(times)
    mean = statistics.fmean(times)
    cpu_median = statistics.median(cpu)
    return dict(mode="throughput", framework="pytorch", model=cfg["model"], width=cfg.get("width", 1.0),
                batchSize=batch, loss=cfg["loss"], labelSmoothing=cfg["labelSmoothing"],
                parameters=sum(p.numel() for p in model.parameters()),
                trainableParameters=sum(p.numel() for p in model.parameters() if p.requires_grad),
                warmupSteps=warmup, timedSteps=steps, msPerStepMedian=median, msPerStepMean=mean,
                msPerStepMin=min(times), msPerStepMax=max(times), imagesPerSecond=batch / (median / 1000),
                imagesPerSecondMean=batch / (mean / 1000), cpuMsPerStepMedian=cpu_median,
                imagesPerCpuSecond=batch / (cpu_median / 1000), cpuUtilization=sum(cpu) / sum(times),
                finalLoss=final_loss, stepMs=[round(t, 3) for t in times], stepCpuMs=[round(t, 3) for t in cpu],
                profileCpuMs=phases, environment=environment(device))


def epoch_run(cfg, device, data_path, train_limit):
    """One epoch like CifarLab's Trainer loop (no evaluation): augment the epoch, shuffle, steps of the batch
    size with the last partial batch dropped, loss bookkeeping on the device, lookahead."""
    images, labels = load_cifar_archive(data_path, train_limit)
    x_all, y_all = normalize(images, device), labels.to(device)
    model, _, _, half = prepare(cfg, device, 1)
    if isinstance(model, Airbench94):
        model.stem.init_from_data(x_all)
    opt = make_optimizer(cfg, model)
    gen = torch.Generator().manual_seed(cfg.get("seed", 42))
    batch = min(cfg["batchSize"], x_all.shape[0])
    steps = x_all.shape[0] // batch
    augment = Augmenter(cfg, x_all, gen)
    lookahead = Lookahead(model) if cfg.get("lookaheadEvery", 0) else None
    cpu_start, start = time.process_time(), time.perf_counter()
    epoch_images = augment.epoch(0)
    order = torch.randperm(x_all.shape[0], generator=gen).to(device)
    loss_sum = torch.zeros((), dtype=torch.float64, device=device)
    for s in range(steps):
        idx = order[s * batch:(s + 1) * batch]
        xb, yb = epoch_images[idx], y_all[idx]
        loss = train_step(cfg, model, opt, model_input(cfg, xb, half), yb)
        loss_sum += loss.detach()
        if lookahead:
            lookahead.after_step(cfg["lookaheadEvery"], s + 1, steps)
    final = loss_sum.item()
    sync(device)
    seconds = time.perf_counter() - start
    cpu_seconds = time.process_time() - cpu_start
    return dict(mode="epoch", framework="pytorch", model=cfg["model"], width=cfg.get("width", 1.0), batchSize=batch,
                trainImages=int(x_all.shape[0]), steps=steps, trainLoopSeconds=seconds,
                trainLoopCpuSeconds=cpu_seconds, imagesPerSecond=steps * batch / seconds, lossSum=final, environment=environment(device))


def lr_multiplier(cfg, step, total, steps_per_epoch):
    """CifarLab's LrSchedule.Multiplier: linear warmup from initialLrFraction over round(warmup x total) steps,
    then the schedule's decay over the remaining steps (oneCycle: linear to finalLrFraction at the last step;
    linearDecay: linear to finalLrFraction one step after the last)."""
    warm = int(math.floor(cfg.get("warmupFraction", 0.2) * total + 0.5))
    start = cfg.get("initialLrFraction", 0.1)
    if step < warm:
        return start + (1 - start) * step / warm
    progress = min(max((step - warm) / max(1, total - 1 - warm), 0.0), 1.0)
    final = cfg.get("finalLrFraction", 0.0)
    kind = cfg.get("schedule", "oneCycle")
    if kind == "constant":
        return 1.0
    if kind == "cosine":
        return final + (1 - final) * 0.5 * (1 + math.cos(math.pi * progress))
    if kind == "oneCycle":
        return 1 + (final - 1) * progress
    if kind == "linearDecay":  # LrSchedule.cs: reaches finalLrFraction one step after the last (1 - step/total)
        return 1 + (final - 1) * (step - warm) / max(1, total - warm)
    sys.exit(f"pytorch_ref: schedule '{kind}' is not implemented here")


def loss_scale(cfg, half, batch):
    """CifarLab's HalfPrecision.LossScale: a mean loss in float16 backpropagates x the largest power of two <= batch."""
    if half is not torch.float16 or cfg["loss"] == "sum" or batch < 2:
        return 1.0
    return float(2 ** int(math.floor(math.log2(batch))))


@torch.no_grad()
def evaluate(model, images, labels, tta, half, batch=500, channels_last=False):
    """Accuracy and mean loss; tta as CifarLab's Tta: none, flip, or flipTranslate (airbench94's: flip-averaged
    logits of the image weighted 1/2 and of its one-pixel shifts up-left and down-right weighted 1/4 each)."""
    model.eval()

    def flip_avg(x):
        return 0.5 * (model(x).float() + model(x.flip(-1)).float())

    correct, loss = 0, 0.0
    for i in range(0, images.shape[0], batch):
        x = images[i:i + batch]
        x = model_input(dict(channelsLast=channels_last), x, half)
        if tta == "none":
            logits = model(x).float()
        elif tta == "flip":
            logits = flip_avg(x)
        else:
            h, w = x.shape[-2:]
            padded = F.pad(x, [1, 1, 1, 1], mode="reflect")
            logits = 0.5 * flip_avg(x) + 0.25 * (flip_avg(padded[..., :h, :w]) + flip_avg(padded[..., 2:, 2:]))
        y = labels[i:i + batch]
        correct += (logits.argmax(1) == y).sum().item()
        loss += F.cross_entropy(logits, y, reduction="sum").item()
    model.train()
    return correct / images.shape[0], loss / images.shape[0]


def refuse_validation_split(cfg):
    """CifarLab's validation split (ValidationImages, ValidationSplit.cs) and early stopping have no reference here:
    the reference reproduces the published recipes, which score the test set every epoch."""
    held, patience = cfg.get("validationImages", 0), cfg.get("earlyStopPatience", 0)
    if held or patience:
        sys.exit(f"pytorch_ref: the validation split (validationImages={held}) and early stopping "
                 f"(earlyStopPatience={patience}) are not implemented here; set both to 0 to compare with CifarLab")


def train_run(cfg, device, data_path, train_limit, eval_every):
    """A whole run with CifarLab's Trainer semantics (see Trainer.cs): per epoch a fresh augmentation and shuffle,
    full batches only, the lr multiplier of the global step, whitening bias trainable for the first 3 epochs,
    lookahead after each step, the net set to the lookahead average at the end, then the preset's TTA."""
    refuse_validation_split(cfg)
    images, labels = load_cifar_archive(data_path, train_limit or cfg.get("trainLimit", 0))
    test_images, test_labels = load_cifar_archive(data_path, cfg.get("testLimit", 0), split="test")
    x_all, y_all = normalize(images, device), labels.to(device)
    x_test, y_test = normalize(test_images, device), test_labels.to(device)
    seed = cfg.get("seed", 42)
    torch.manual_seed(seed)
    model = build_model(cfg).to(device)
    if isinstance(model, Airbench94):
        model.stem.init_from_data(x_all[:5000])
    half = to_half(model, cfg, device)
    batch = min(cfg["batchSize"], x_all.shape[0])
    steps, epochs = x_all.shape[0] // batch, cfg["epochs"]
    opt = make_optimizer(cfg, model, steps)
    total = steps * epochs
    scale = loss_scale(cfg, half, batch)
    gen = torch.Generator()
    augment = Augmenter(cfg, x_all, gen)
    lookahead = Lookahead(model) if cfg.get("lookaheadEvery", 0) else None
    history, train_seconds, step = [], 0.0, 0
    model.train()
    for epoch in range(epochs):
        if isinstance(model, Airbench94):
            model.stem.conv.bias.requires_grad_(epoch < 3)
            if epoch >= 3:
                model.stem.conv.bias.grad = None
        gen.manual_seed((seed * 1_000_003 + epoch) & 0xFFFFFFFFFFFFFFFF)
        torch.manual_seed(seed * 7919 + epoch)
        sync(device)
        start = time.perf_counter()
        epoch_images = augment.epoch(epoch)
        order = torch.randperm(x_all.shape[0], generator=gen).to(device)
        loss_sum = torch.zeros((), dtype=torch.float64, device=device)
        for s in range(steps):
            opt.set_multiplier(lr_multiplier(cfg, step, total, steps), step)
            idx = order[s * batch:(s + 1) * batch]
            xb, yb = epoch_images[idx], y_all[idx]
            loss = loss_fn(cfg, model(model_input(cfg, xb, half)), yb)
            model.zero_grad(set_to_none=True)
            (loss * scale if scale != 1 else loss).backward()
            if scale != 1:
                for p in model.parameters():
                    if p.grad is not None:
                        p.grad.div_(scale)
            if cfg.get("gradClipNorm", 0) > 0:  # CifarLab's TrainStep: clip the unscaled gradients' global L2 norm
                torch.nn.utils.clip_grad_norm_([p for p in model.parameters() if p.requires_grad], cfg["gradClipNorm"])
            opt.step()
            loss_sum += loss.detach() * (1 if cfg["loss"] == "sum" else batch)
            step += 1
            if lookahead:
                lookahead.after_step(cfg["lookaheadEvery"], step, total)
        if lookahead and epoch == epochs - 1:
            with torch.no_grad():
                for live, avg in zip(lookahead.live, lookahead.avg):
                    live.copy_(avg)
        sync(device)
        seconds = time.perf_counter() - start
        train_seconds += seconds
        row = dict(epoch=epoch + 1, trainLoss=loss_sum.item() / (steps * batch), epochSeconds=seconds)
        if eval_every and (epoch + 1) % eval_every == 0 and epoch < epochs - 1:
            row["testAccuracy"], row["testLoss"] = evaluate(model, x_test, y_test, "none", half,
                                                                 channels_last=cfg.get("channelsLast", False))
        history.append(row)
    accuracy, test_loss = evaluate(model, x_test, y_test, cfg.get("tta", "none"), half,
                                    channels_last=cfg.get("channelsLast", False))
    history[-1]["testAccuracy"], history[-1]["testLoss"] = accuracy, test_loss
    return dict(mode="train", framework="pytorch", model=cfg["model"], width=cfg.get("width", 1.0), batchSize=batch,
                epochs=epochs, seed=seed, precision=str(half or torch.float32).replace("torch.", ""), lossScale=scale,
                channelsLast=bool(cfg.get("channelsLast", False)),
                testAccuracy=accuracy, testLoss=test_loss, trainSeconds=train_seconds,
                imagesPerSecond=total * batch / train_seconds, history=history, config=cfg, environment=environment(device))


# ================================================================ export verification
def fixed_input(images=4):
    """The same batch as CifarLab's FixedInput: element i = ((i * 2654435761) mod 2^32) / 2^32 * 4 - 2."""
    n = images * 3 * 32 * 32
    idx = torch.arange(n, dtype=torch.int64)
    hashed = (idx * 2654435761) % (1 << 32)           # exact in int64: i < 2^14, product < 2^46
    return (hashed.double() / 4294967296.0 * 4 - 2).float().reshape(images, 3, 32, 32)


SAFETENSORS_DTYPES = {"F32": torch.float32, "F64": torch.float64, "F16": torch.float16, "BF16": torch.bfloat16,
                      "I64": torch.int64, "I32": torch.int32, "U8": torch.uint8, "I8": torch.int8, "BOOL": torch.bool}


def read_safetensors(path):
    """Returns (tensors, metadata). Uses the safetensors package when installed, else parses the format:
    u64 little-endian header length, JSON header {name: {dtype, shape, data_offsets}, __metadata__}, raw data."""
    with open(path, "rb") as f:
        (length,) = struct.unpack("<Q", f.read(8))
        header = json.loads(f.read(length))
        data = f.read()
    meta = header.pop("__metadata__", {})
    try:
        from safetensors.torch import load_file
        return load_file(path), meta
    except ImportError:
        pass
    tensors = {}
    for name, info in header.items():
        begin, end = info["data_offsets"]
        dtype = SAFETENSORS_DTYPES[info["dtype"]]
        chunk = bytearray(data[begin:end])
        t = torch.frombuffer(chunk, dtype=dtype) if chunk else torch.empty(0, dtype=dtype)
        tensors[name] = t.reshape(info["shape"]).clone()
    return tensors, meta


def verify_export(path):
    tensors, meta = read_safetensors(path)
    if "cifarlab.config" not in meta:
        sys.exit(f"{path}: no cifarlab.config metadata; is this a CifarLab export?")
    cfg = json.loads(meta["cifarlab.config"])
    model = build_model(cfg)
    model.load_state_dict(tensors, strict=True)  # every name and shape must match CifarLab's
    model.eval()
    with torch.no_grad():
        logits = model(fixed_input()).float()
    return dict(mode="verify-export", framework="pytorch", export=path, model=cfg["model"],
                width=cfg.get("width", 1.0), parameters=sum(p.numel() for p in model.parameters()),
                tensors=len(tensors), logits=logits.tolist(), environment=environment(torch.device("cpu")))


# ================================================================ command line
def environment(device):
    env = dict(device=str(device), threads=torch.get_num_threads(), interopThreads=torch.get_num_interop_threads(),
               torch=torch.__version__, python=sys.version.split()[0], mkldnn=torch.backends.mkldnn.is_available(),
               loadAverage1=os.getloadavg()[0] if hasattr(os, "getloadavg") else None)
    if device.type == "cuda":
        env["gpu"] = torch.cuda.get_device_name(device)
    return env


def config_from(args):
    cfg = dict(PRESETS[args.preset or args.model] if (args.preset or args.model) in PRESETS else {})
    if args.config:
        with open(args.config) as f:
            loaded = json.load(f)
        if isinstance(loaded, list):  # `cifarlab presets --json`: pick --preset's entry
            match = [e for e in loaded if e.get("name") == (args.preset or args.model)]
            if not match:
                sys.exit(f"pytorch_ref: {args.config} has no preset '{args.preset or args.model}'")
            loaded = match[0]
        cfg.update(loaded.get("config", loaded))  # a bench JSON line carries the RunConfig under "config"
    if args.model:
        cfg["model"] = args.model
    if args.width is not None:
        cfg["width"] = args.width
    if args.batch_size is not None:
        cfg["batchSize"] = args.batch_size
    for key, value in (("epochs", args.epochs), ("seed", args.seed), ("precision", args.precision)):
        if value is not None:
            cfg[key] = value
    if not cfg:
        sys.exit("pytorch_ref: give --model, --preset or --config")
    return cfg


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("mode", nargs="?", choices=["throughput", "epoch", "train"])
    p.add_argument("--model"), p.add_argument("--preset"), p.add_argument("--config")
    p.add_argument("--width", type=float), p.add_argument("--batch-size", type=int)
    p.add_argument("--steps", type=int, default=20), p.add_argument("--warmup", type=int, default=3)
    p.add_argument("--profile", action="store_true", help="then as many steps again, CPU ms per phase")
    p.add_argument("--threads", type=int, help="torch.set_num_threads (match cifarlab bench --threads)")
    p.add_argument("--device", default="cpu", help="cpu, cuda or cuda:N")
    p.add_argument("--data", help="cifar-10-binary.tar.gz for the epoch mode")
    p.add_argument("--train-limit", type=int, default=0)
    p.add_argument("--epochs", type=int), p.add_argument("--seed", type=int)
    p.add_argument("--precision", choices=["float32", "float16", "bFloat16"],
                   help="as CifarLab: float16/bFloat16 on CUDA; bFloat16 on a CPU with avx512_bf16/amx_bf16")
    p.add_argument("--eval-every", type=int, default=0, help="train mode: also evaluate every N epochs (no TTA)")
    p.add_argument("--verify-export", metavar="PATH", help="CifarLab model.safetensors to load and run")
    p.add_argument("--out", help="also write the JSON result here")
    args = p.parse_args()
    if args.threads:
        torch.set_num_threads(args.threads)
    device = torch.device(args.device)
    if device.type == "cuda" and not torch.cuda.is_available():
        sys.exit("pytorch_ref: --device cuda requested but this PyTorch has no CUDA device")
    if args.verify_export:
        result = verify_export(args.verify_export)
    elif args.mode == "throughput":
        cfg = config_from(args)
        result = throughput(cfg, device, args.steps, args.warmup, args.profile)
    elif args.mode == "epoch":
        if not args.data:
            sys.exit("pytorch_ref epoch: --data cifar-10-binary.tar.gz is required")
        result = epoch_run(config_from(args), device, args.data, args.train_limit)
    elif args.mode == "train":
        if not args.data:
            sys.exit("pytorch_ref train: --data (archive or extracted folder) is required")
        result = train_run(config_from(args), device, args.data, args.train_limit, args.eval_every)
    else:
        p.error("give a mode (throughput, epoch, train) or --verify-export PATH")
    line = json.dumps(result)
    print(line)
    if args.out:
        with open(args.out, "w") as f:
            f.write(line + "\n")
    summary = {k: result[k] for k in ("imagesPerSecond", "imagesPerCpuSecond", "parameters", "profileCpuMs", "testAccuracy", "trainSeconds") if k in result}
    print(f"pytorch_ref {result['mode']}: {result['model']} {summary}", file=sys.stderr)


if __name__ == "__main__":
    main()
