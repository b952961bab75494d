#!/usr/bin/python3
"""Turns one bench/run.sh output folder into a markdown results block, or appends such a block to
docs/BENCHMARKS.md under "## Engine vs PyTorch" (before the next "## " heading, or at the end).

  summarize.py OUT_DIR --command CMD --load START END --threads N --device DEV --commit SHA   > block.md
  summarize.py --append block.md docs/BENCHMARKS.md
"""
import argparse
import datetime
import glob
import json
import os
import platform
import subprocess
import sys

SECTION = "## Engine vs PyTorch"
SHARED_LOAD = 2.0  # a 1-minute load average above this means other work shared the CPU


def load(out, name):
    path = os.path.join(out, name + ".json")
    if not os.path.exists(path) or os.path.getsize(path) == 0:
        return None
    with open(path) as f:
        return json.loads(f.read().strip().splitlines()[-1])


def machine(device):
    cpu = "unknown CPU"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    mem_gib = 0.0
    with open("/proc/meminfo") as f:
        for line in f:
            if line.startswith("MemTotal:"):
                mem_gib = int(line.split()[1]) / 1024 / 1024
    os_name = platform.system()
    if os.path.exists("/etc/os-release"):
        with open("/etc/os-release") as f:
            fields = dict(l.rstrip("\n").split("=", 1) for l in f if "=" in l)
        os_name = fields.get("PRETTY_NAME", os_name).strip('"')
    text = f"{os.cpu_count()} CPUs (`nproc`), {cpu}, {mem_gib:.1f} GiB, {os_name} (kernel {platform.release()})"
    if device != "cpu":
        try:
            gpu = subprocess.run(["nvidia-smi", "--query-gpu=name,memory.total,driver_version", "--format=csv,noheader"],
                                 capture_output=True, text=True, check=True).stdout.strip().replace("\n", "; ")
            text += f"; GPU: {gpu}"
        except (OSError, subprocess.CalledProcessError):
            text += "; GPU: nvidia-smi unavailable"
    return text


def dotnet_sdk():
    try:
        return subprocess.run(["dotnet", "--version"], capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "?"


def fmt(v, digits=1):
    return "n/a" if v is None else f"{v:,.{digits}f}"


def ratio(a, b):
    return "n/a" if not a or not b else f"{a / b:.2f}x"


def throughput_table(out):
    rows = []
    for path in sorted(glob.glob(os.path.join(out, "cifarlab-*.json"))):
        name = os.path.basename(path)[len("cifarlab-"):-len(".json")]
        c, p = load(out, "cifarlab-" + name), load(out, "pytorch-" + name)
        rows.append((c, p))
    if not rows:
        return []
    rows.sort(key=lambda r: (r[0]["model"], r[0]["batchSize"]))
    c0 = rows[0][0]
    lines = [f"Train-step throughput: median of {c0['timedSteps']} timed steps after {c0['warmupSteps']} warmup, "
             "one random normalized batch held on the device, each preset's loss and optimizer groups. "
             "img/s = batch / median wall time of a step; img/CPU-s = batch / median CPU time of the whole process "
             "per step (steadier when others share the machine). Ratio = CifarLab / PyTorch (above 1: CifarLab faster).",
             "",
             "| model | batch | parameters | CifarLab img/s | PyTorch img/s | ratio | CifarLab img/CPU-s | PyTorch img/CPU-s | ratio (CPU) |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for c, p in rows:
        params = f"{c['parameters']:,}"
        if p and p["parameters"] != c["parameters"]:
            params += f" (PyTorch {p['parameters']:,})"
        pi = p["imagesPerSecond"] if p else None
        pc = p["imagesPerCpuSecond"] if p else None
        lines.append(f"| {c['model']} (width {c['width']:g}) | {c['batchSize']} | {params} | {fmt(c['imagesPerSecond'])} | "
                     f"{fmt(pi)} | {ratio(c['imagesPerSecond'], pi)} | {fmt(c['imagesPerCpuSecond'])} | {fmt(pc)} | "
                     f"{ratio(c['imagesPerCpuSecond'], pc)} |")
    return lines


def epoch_lines(out):
    e, p = load(out, "epoch-cifarlab"), load(out, "epoch-pytorch")
    if not e:
        return []
    verdict = "met" if e["trainOverheadWithinTarget"] else "NOT met"
    text = (f"Epoch, preset {e['config'].get('preset') or e['model']} ({e['epochs']} epoch(s), {e['trainImages']:,} training images, {e['steps']} steps of {e['batchSize']}), "
            f"each Trainer step paired with a bare step run right after it: Trainer loop {e['trainLoopSeconds']:.1f} s "
            f"({e['trainLoopCpuSeconds']:.1f} CPU-s) vs bare steps {e['pureComputeSeconds']:.1f} s "
            f"({e['pureComputeCpuSeconds']:.1f} CPU-s): overhead {e['trainOverheadCpuPercent']:.1f}% of CPU time, "
            f"{e['trainOverheadPercent']:.1f}% of wall time (target < {e['targetPercent']:g}% of {'wall' if e['environment']['device'].startswith('cuda') else 'CPU'} time: {verdict}); "
            f"the first step carries the epoch's augmentation ({e['firstStepOverheadCpuMs']:+.0f} CPU-ms), later steps "
            f"{e['medianStepOverheadCpuMs']:+.1f} CPU-ms (median). Outside the loop: setup {e['setupSeconds']:.1f} s, final "
            f"evaluation of {e['testImages']:,} test images with TTA and the rest {e['evalAndOtherSeconds']:.1f} s, data "
            f"load {e['datasetLoadSeconds']:.1f} s.")
    if e.get("warmOverheadPercent") is not None:
        text += (f" Epochs 2-{e['epochs']} alone (one-time costs behind; the verdict uses these): "
                 f"{e['warmOverheadCpuPercent']:.1f}% of CPU time, {e['warmOverheadPercent']:.1f}% of wall time.")
    if p:
        # The PyTorch loop runs one epoch; CifarLab's figures are per epoch when it ran several.
        n = max(1, e.get("epochs", 1))
        per = " per epoch" if n > 1 else ""
        text += (f" PyTorch epoch loop (same augmentation, shuffling, lookahead; no evaluation): {p['trainLoopSeconds']:.1f} s "
                 f"({p['trainLoopCpuSeconds']:.1f} CPU-s); CifarLab's Trainer loop{per} / PyTorch's: "
                 f"{p['trainLoopSeconds'] / (e['trainLoopSeconds'] / n):.2f}x by wall time, "
                 f"{p['trainLoopCpuSeconds'] / (e['trainLoopCpuSeconds'] / n):.2f}x by CPU time (speed; above 1: CifarLab faster).")
    return [text]


def memory_lines(out):
    m = load(out, "memory")
    if not m:
        return []
    rss = m["rssAfterRunMiB"]
    live = m["liveTensorsAfterRun"]
    state = "grows" if m["grows"] else "flat"
    return [f"Memory, {m['runs']} consecutive short runs in one process ({m['configSource']}): RSS after run 1 "
            f"{rss[0]:.0f} MiB, after run {m['runs']} {rss[-1]:.0f} MiB; slope over runs {m['slopeFromRun']}..{m['runs']} "
            f"{m['slopeMiBPerRun']:+.2f} MiB/run (limit {m['maxSlopeMiBPerRun']:g}: {state}); peak RSS of a run "
            f"{max(m['peakRssPerRunMiB']):.0f} MiB ({'per-run VmHWM' if m['perRunPeakAvailable'] else 'process VmHWM'}); "
            f"live tensors after each run {live[0]} .. {live[-1]}; managed heap {m['managedHeapAfterRunMiB'][0]:.1f} .. "
            f"{m['managedHeapAfterRunMiB'][-1]:.1f} MiB; {m['secondsPerRun']:.1f} s per run. RSS after each run (MiB): "
            f"{', '.join(f'{v:.0f}' for v in rss)}."]


def export_lines(out):
    parts = []
    for name in ("airbench94", "resnet9"):
        x = load(out, "export-" + name)
        if not x:
            continue
        status = "ok" if x["ok"] else "MISMATCH"
        parts.append(f"{x['model']} (width {x['width']:g}): loaded with strict=True, max |logit difference| "
                     f"{x['maxAbsDiff']:.1e} (tolerance {x['tolerance']:.0e}), argmax "
                     f"{'agrees' if x['argmaxAgrees'] else 'differs'}: {status}")
    return ["Export check (model.safetensors from a 1-epoch run, loaded into pytorch_ref.py's network, eval-mode "
            "logits of a fixed 4-image input): " + "; ".join(parts) + "."] if parts else []


def block(args):
    out = args.out
    loads = [float(v) for v in args.load]
    first = load(out, next((os.path.basename(p)[:-5] for p in sorted(glob.glob(os.path.join(out, "cifarlab-*.json")))), "memory"))
    env = first["environment"] if first else {}
    py_env = next((load(out, os.path.basename(p)[:-5])["environment"] for p in sorted(glob.glob(os.path.join(out, "pytorch-*.json")))), {})
    json_loads = [x["environment"].get("loadAverage1") or 0 for x in
                  (load(out, os.path.basename(p)[:-5]) for p in glob.glob(os.path.join(out, "*.json"))) if x and "environment" in x]
    shared = max(loads + json_loads) > SHARED_LOAD
    when = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    threads = f"{args.threads} thread{'s' if args.threads != '1' else ''}"
    title = f"### {when}, {args.device}{' (shared)' if shared else ''}, {threads}"
    mkldnn = "oneDNN on" if py_env.get("mkldnn") else "oneDNN off"
    lines = [title, "",
             f"- Machine: {machine(args.device)}.",
             f"- Load average (1 min): {loads[0]:.1f} at start, {loads[1]:.1f} at end, highest during a measurement "
             f"{max(json_loads or [0]):.1f}{' — other work shared the CPU' if shared else ''}.",
             f"- Versions: CifarLab {args.commit}, TorchSharp {env.get('torchSharp', '?')}, libtorch {env.get('libTorch', '?')}, "
             f"{env.get('dotnet', '.NET ?')} (SDK {dotnet_sdk()}); PyTorch {py_env.get('torch', 'n/a')} "
             f"(Python {py_env.get('python', '?')}, {mkldnn}). Threads: CifarLab {env.get('threads', '?')}, "
             f"PyTorch {py_env.get('threads', 'n/a')}.",
             f"- Command: `{args.command}`" + (f" (environment for both: `{args.env}`)" if args.env else ""),
             ""]
    for section in (throughput_table(out), epoch_lines(out), memory_lines(out), export_lines(out)):
        if section:
            lines += section + [""]
    return "\n".join(lines)


def append(block_path, doc_path, section=SECTION):
    with open(block_path) as f:
        new = f.read().strip("\n") + "\n"
    with open(doc_path) as f:
        lines = f.read().splitlines(keepends=True)
    try:
        start = next(i for i, l in enumerate(lines) if l.strip() == section)
    except StopIteration:
        lines += ["\n", section + "\n"]
        start = len(lines) - 1
    end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("## ")), len(lines))
    before = lines[:end]
    if before and before[-1].strip():
        before.append("\n")
    rest = lines[end:]
    with open(doc_path, "w") as f:
        f.write("".join(before) + new + ("\n" if rest else "") + "".join(rest))


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("out", nargs="?")
    p.add_argument("--append", nargs=2, metavar=("BLOCK", "DOC"))
    p.add_argument("--command", default="bench/run.sh")
    p.add_argument("--load", nargs=2, default=["0", "0"])
    p.add_argument("--threads", default="?")
    p.add_argument("--device", default="cpu")
    p.add_argument("--commit", default="?")
    p.add_argument("--env", default="", help="environment settings that applied to both frameworks")
    args = p.parse_args()
    if args.append:
        append(*args.append)
    elif args.out:
        print(block(args))
    else:
        p.error("give OUT_DIR or --append BLOCK DOC")


if __name__ == "__main__":
    sys.exit(main())
