#!/usr/bin/python3
"""Markdown block for bench/seeds.sh: accuracy over seeds per preset (mean, sample standard deviation,
range), training time, images/s, time to 85/90/93/94% test accuracy, wall time and peak RSS of the whole
process (from /usr/bin/time, OUT/NAME.time), plus a per-seed table.

  seeds.py OUT_DIR --command CMD --device DEV     > block.md
  seeds.py --append block.md docs/BENCHMARKS.md
"""
import argparse
import datetime
import glob
import json
import os
import statistics
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from summarize import append, machine  # noqa: E402  (same folder)

SECTION = "## Accuracy over seeds"
THRESHOLDS = (0.85, 0.90, 0.93, 0.94)


def runs(out):
    """{tag: [(seed, result)]} from OUT/TAG--sSEED.json (the CLI's last stdout line is its JSON summary)."""
    groups = {}
    for path in sorted(glob.glob(os.path.join(out, "*--s*.json"))):
        tag, seed = os.path.basename(path)[:-5].rsplit("--s", 1)
        text = open(path).read().strip()
        if not text:
            groups.setdefault(tag, []).append((int(seed), None))
            continue
        groups.setdefault(tag, []).append((int(seed), json.loads(text.splitlines()[-1])))
    for v in groups.values():
        v.sort(key=lambda r: r[0])
    return groups


def process_figures(out, name):
    """(wall seconds, peak RSS in GB) of one run's process from OUT/NAME.time ("%e %M" on its last line), else None."""
    path = os.path.join(out, name + ".time")
    if not os.path.exists(path):
        return None
    lines = [ln for ln in open(path).read().splitlines() if ln.strip()]
    try:
        wall, kib = lines[-1].split()
        return float(wall), int(kib) / 1024 / 1024
    except (IndexError, ValueError):
        return None


def time_to(result, threshold):
    """(epoch, cumulative training seconds) of the first evaluation at or above threshold, else None."""
    seconds = 0.0
    for h in result["history"]:
        seconds += h["epochSeconds"]
        acc = h.get("testAccuracy")
        if acc is not None and acc >= threshold:
            return h["epoch"], seconds
    return None


def pct(v):
    return f"{100 * v:.2f}%"


def spread(values):
    return statistics.stdev(values) if len(values) > 1 else 0.0


def block(out, command, device):
    when = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    lines = [f"### {when}, {device}", "", f"- Machine: {machine(device)}.", f"- Command: `{command}`", "",
             "| preset (extra args) | seeds | test acc mean | std | min | max | train s (mean) | wall s (mean) | "
             "peak RSS (max) | img/s (mean) | " + " | ".join(f"time to {t:.0%} (mean)" for t in THRESHOLDS) + " |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|" + "---:|" * len(THRESHOLDS)]
    detail = ["", "Per seed (time to X% = cumulative training seconds at the first epoch whose test accuracy reached it; "
              "evaluation every epoch, the last one with the preset's TTA):", "",
              "| preset (extra args) | seed | test acc | train s | wall s | peak RSS | img/s | "
              + " | ".join(f"epoch, s to {t:.0%}" for t in THRESHOLDS) + " |",
              "|---|---:|---:|---:|---:|---:|---:|" + "---:|" * len(THRESHOLDS)]
    for key, items in runs(out).items():
        label = os.path.join(out, key + ".label")
        tag = open(label).read().strip() if os.path.exists(label) else key
        ok = [(s, r) for s, r in items if r]
        failed = [s for s, r in items if not r]
        if not ok:
            lines.append(f"| {tag} | 0 (failed: {', '.join(map(str, failed))}) |" + " |" * (8 + len(THRESHOLDS)))
            continue
        accs = [r["testAccuracy"] for _, r in ok]
        hits = {t: [time_to(r, t) for _, r in ok] for t in THRESHOLDS}

        def reach(t):
            got = [h[1] for h in hits[t] if h]
            if not got:
                return "not reached"
            return f"{statistics.mean(got):.1f} s ({len(got)}/{len(ok)} seeds)"
        seeds = f"{len(ok)}" + (f" (failed: {', '.join(map(str, failed))})" if failed else "")
        procs = {s: process_figures(out, f"{key}--s{s}") for s, _ in ok}
        walls = [p[0] for p in procs.values() if p]
        peaks = [p[1] for p in procs.values() if p]
        wall = f"{statistics.mean(walls):.1f}" if walls else "n/a"
        peak = f"{max(peaks):.2f} GB" if peaks else "n/a"
        lines.append(f"| {tag} | {seeds} | **{pct(statistics.mean(accs))}** | {100 * spread(accs):.2f} | {pct(min(accs))} | "
                     f"{pct(max(accs))} | {statistics.mean(r['trainSeconds'] for _, r in ok):.1f} | {wall} | {peak} | "
                     f"{statistics.mean(r['imagesPerSecond'] for _, r in ok):,.0f} | "
                     + " | ".join(reach(t) for t in THRESHOLDS) + " |")
        for s, r in ok:
            cells = []
            for t in THRESHOLDS:
                h = time_to(r, t)
                cells.append(f"{h[0]}, {h[1]:.1f}" if h else "—")
            p = procs[s]
            detail.append(f"| {tag} | {s} | {pct(r['testAccuracy'])} | {r['trainSeconds']:.1f} | "
                          f"{f'{p[0]:.1f}' if p else 'n/a'} | {f'{p[1]:.2f} GB' if p else 'n/a'} | {r['imagesPerSecond']:,.0f} | "
                          + " | ".join(cells) + " |")
    return "\n".join(lines + detail) + "\n"


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("out", nargs="?")
    p.add_argument("--append", nargs=2, metavar=("BLOCK", "DOC"))
    p.add_argument("--command", default="bench/seeds.sh")
    p.add_argument("--device", default="cpu")
    args = p.parse_args()
    if args.append:
        append(*args.append, section=SECTION)
    elif args.out:
        print(block(args.out, args.command, args.device))
    else:
        p.error("give OUT_DIR or --append BLOCK DOC")


if __name__ == "__main__":
    sys.exit(main())
