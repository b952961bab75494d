#!/usr/bin/env python3
"""The web host's memory over consecutive runs (issue 12): launches N tiny runs through the REST API of a running
CifarLab host, one after another, and reads the host's VmRSS (/proc/<pid>/status) after each one completes.
Prints the series as JSON lines and a summary; exit code 1 when RSS after the last run is more than --max-growth-mib
above RSS after the first. Started by bench/webhost_memory.sh, which starts the host."""
import argparse, json, sys, time, urllib.request

def rss_mib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024.0
    raise RuntimeError(f"no VmRSS for pid {pid}")

def call(base, method, path, body=None):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(base + path, data=data, method=method, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=60) as r:
        return json.loads(r.read() or b"null")

def main():
    p = argparse.ArgumentParser()
    p.add_argument("--url", required=True)
    p.add_argument("--pid", type=int, required=True)
    p.add_argument("--runs", type=int, default=25)
    p.add_argument("--model", default="tutorial-cnn")
    p.add_argument("--train-limit", type=int, default=1000)
    p.add_argument("--test-limit", type=int, default=500)
    p.add_argument("--max-growth-mib", type=float, default=50.0)
    a = p.parse_args()
    config = {"model": a.model, "epochs": 1, "batchSize": 64, "trainLimit": a.train_limit, "testLimit": a.test_limit, "device": "cpu"}
    series = []
    start = rss_mib(a.pid)
    print(json.dumps({"before": round(start, 1)}), flush=True)
    for i in range(1, a.runs + 1):
        created = call(a.url, "POST", "/api/runs", {"config": config, "name": f"memory bench {i}", "tags": ["bench-memory"]})
        rid = created["id"]
        t0 = time.time()
        while True:
            run = call(a.url, "GET", f"/api/runs/{rid}")
            if run["status"] in ("Completed", "Failed", "Cancelled", "Interrupted"):
                break
            time.sleep(0.5)
        if run["status"] != "Completed":
            print(f"run {rid} ended {run['status']}: {run.get('error')}", file=sys.stderr)
            return 2
        rss = rss_mib(a.pid)
        series.append(rss)
        print(json.dumps({"run": i, "id": rid, "seconds": round(time.time() - t0, 1), "rssMiB": round(rss, 1),
                          "testAccuracy": run.get("testAccuracy")}), flush=True)
    growth = series[-1] - series[0]
    summary = {"runs": a.runs, "model": a.model, "trainLimit": a.train_limit, "testLimit": a.test_limit,
               "rssBeforeMiB": round(start, 1), "rssAfterFirstMiB": round(series[0], 1), "rssAfterLastMiB": round(series[-1], 1),
               "maxMiB": round(max(series), 1), "growthMiB": round(growth, 1), "maxGrowthMiB": a.max_growth_mib,
               "pass": growth <= a.max_growth_mib, "series": [round(x, 1) for x in series]}
    print(json.dumps(summary), flush=True)
    return 0 if summary["pass"] else 1

if __name__ == "__main__":
    sys.exit(main())
