#!/usr/bin/env python3
"""Day-2 operations: write unavailability during a rolling update and a drain (issue 12).

Banyan in local mode (`bin/banyan local up`: the operator, the process-backed kubelet, kube-proxy's
stand-in), with a writer through the rw endpoint that sends SET <k> <v> then WAIT 1 1000 in a loop
(failover.Writer: paced at --rate, reconnecting after any error). Write unavailability is read
from the acknowledgements: every gap between two consecutive acknowledged writes longer than
--gap-ms counts as a pause (at --rate 500 a healthy cluster acknowledges every 2 ms).

Cases:
  * rolling-update: the StoreCluster file with its image changed (a new tag per run) applied with
    `banyan local apply`, as `kubectl apply` would; the run ends when status.rollout is gone and
    every pod was replaced (the operator replaces one pod at a time, the master last after a
    planned switchover). Local mode maps any image to the repository's launcher, so the new pods
    run the same build: the measured pauses are the rollout's own.
  * drain: `banyan local drain <the Kubernetes node of the master's pod>` (kubectl drain: cordon,
    then eviction through the PodDisruptionBudget, retried on 429); the operator sees the master's
    pod Terminating and hands over by a planned switchover while the preStop hook holds SIGTERM.
    The run ends when another node is master and the phase is Running; then the node is
    uncordoned. The pause reported for the drain is the longest gap after the drain request: from
    the last write the old master acknowledged to the first the new one did.

Per run: the number of pauses, their sum and the longest (ms), the run's duration, the writes
acknowledged, and the acknowledged writes lost (read back with MGET through rw; must be 0).

Usage:
  bench/day2.py                                 # both cases, 3 runs each
  bench/day2.py --cases drain --runs 5 --json bench/results/day2.json
Needs bin/banyan (it builds what is missing). Uses ports 17420-17424 and 127.0.39.N.
"""
import argparse
import base64
import json
import os
import re
import statistics
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from failover import (DEFAULT_FILE, Client, Local, RunFailed, Writer,  # noqa: E402
                      password_of, split_addr, verify, warm_up)
from compare import ROOT  # noqa: E402


def pauses(acked_at, since, until, gap_s):
    """Gaps longer than gap_s between consecutive acknowledgements in [since, until]."""
    times = [t for t in acked_at if since <= t <= until]
    return [b - a for a, b in zip(times, times[1:]) if b - a > gap_s]


def pods(s):
    """name -> (pid, kubernetes node) of every data node local mode runs."""
    return {n["name"]: (n.get("pid"), n.get("kubernetesNode")) for n in s.get("nodes") or []}


def image_changed(path, tag):
    """The StoreCluster file with spec.image set to an image tagged `tag` (written to a temp file)."""
    with open(path) as f:
        text = f.read()
    image = f"ghcr.io/banyan/banyan-node:bench-{tag}"
    if re.search(r"^  image:", text, re.M):
        text = re.sub(r"^  image:.*$", f"  image: {image}", text, flags=re.M)
    else:
        text = re.sub(r"^spec:\s*$", f"spec:\n  image: {image}", text, count=1, flags=re.M)
    out = tempfile.NamedTemporaryFile("w", suffix=".yaml", delete=False)
    out.write(text)
    out.close()
    return out.name


def run_case(local, case, run, args):
    s = local.wait_stable(args.recover_timeout)
    master = s["status"]["currentMaster"]
    before = pods(s)
    password = password_of(args, local)
    rw = split_addr(s["endpoints"]["rw"])
    writer = Writer(lambda: Client(*rw, timeout=0.5, password=password), f"d{case}{run}",
                    args.rate, args.retry_ms / 1000, args.set_timeout, args.wait_timeout)
    warm_up(writer, args.warmup, case)
    t0 = time.perf_counter()
    host = None
    if case == "rolling-update":
        changed = image_changed(args.file, f"{os.getpid()}-{run}")
        if args.control == "socket":  # what `banyan local apply FILE` sends: the file, base64
            with open(changed, "rb") as f:
                local.control("apply " + base64.b64encode(f.read()).decode())
        else:
            local.cli("apply", changed)

        def done(st):
            status = st.get("status") or {}
            now = pods(st)
            replaced = all(now.get(n, (None,))[0] not in (None, pid) for n, (pid, _) in
                           before.items())
            return (not status.get("rollout") and not status.get("failover")
                    and st["status"].get("phase") == "Running" and replaced)
        s2 = local.wait("the rolling update to finish", done, args.recover_timeout)
    else:
        host = before[master][1]
        # The control request returns once the node is drained (the master's pod gone, after its
        # hand-over): send it from a thread and watch the status meanwhile.
        drained = {}

        def drain():
            try:
                drained["out"] = local.cli("drain", host, "240")
            except Exception as e:  # noqa: BLE001 - reported with the run
                drained["error"] = str(e)
        threading.Thread(target=drain, daemon=True).start()
        s2 = local.wait("a new master after the drain",
                        lambda st: (st.get("status") or {}).get("currentMaster") not in (None, master)
                        and not st["status"].get("failover")
                        and st["status"].get("phase") == "Running", args.recover_timeout)
    t1 = time.perf_counter()
    time.sleep(args.settle)
    writer.halt()
    if host:
        deadline = time.time() + 240
        while not drained and time.time() < deadline:
            time.sleep(0.2)
        if "error" in drained:
            raise RunFailed(f"drain of {host}: {drained['error']}")
        local.cli("uncordon", host)
    gaps = pauses(writer.acked_at, t0 - 1, t1 + args.settle, args.gap_ms / 1000)
    c = Client(*rw, timeout=5, password=password)
    try:
        lost = verify(c, writer.acked)
    finally:
        c.close()
    moves = [h for h in (s2["status"].get("failoverHistory") or [])
             if h.get("from") == master and h.get("outcome") == "Completed"]
    return {
        "case": case, "run": run, "from": master, "to": s2["status"].get("currentMaster"),
        "reason": moves[-1].get("reason") if moves else None,
        "seconds": round(t1 - t0, 1), "acked": len(writer.acked), "lost": len(lost),
        "pauses": len(gaps), "pause_sum_ms": round(sum(gaps) * 1000),
        "longest_pause_ms": round(max(gaps) * 1000) if gaps else 0,
        "errors": dict(writer.errors),
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--cases", default="rolling-update,drain")
    ap.add_argument("--file", default=DEFAULT_FILE, help="StoreCluster for `banyan local up`")
    ap.add_argument("--cli", default=os.path.join(ROOT, "bin", "banyan"))
    ap.add_argument("--attach", action="store_true", help="use a `banyan local up` that runs")
    ap.add_argument("--log")
    ap.add_argument("--control", choices=("socket", "cli"), default="socket")
    ap.add_argument("--local-home")
    ap.add_argument("--local-port", type=int, default=17420)
    ap.add_argument("--local-network", default="0.39")
    ap.add_argument("--password")
    ap.add_argument("--rate", type=int, default=500, help="writer's writes per second")
    ap.add_argument("--gap-ms", type=float, default=100, help="a longer gap is a pause (ms)")
    ap.add_argument("--retry-ms", type=float, default=10)
    ap.add_argument("--set-timeout", type=float, default=0.5)
    ap.add_argument("--wait-timeout", type=float, default=1.5)
    ap.add_argument("--warmup", type=float, default=2)
    ap.add_argument("--settle", type=float, default=1)
    ap.add_argument("--recover-timeout", type=float, default=600)
    ap.add_argument("--stable", type=float, default=3)
    ap.add_argument("--poll", type=float, default=0.5)
    ap.add_argument("--json")
    args = ap.parse_args()
    args.file = os.path.abspath(args.file)
    local = Local(args)
    results = []
    try:
        local.up()
        for case in args.cases.split(","):
            for run in range(1, args.runs + 1):
                try:
                    r = run_case(local, case, run, args)
                except RunFailed as e:
                    local.failed = True
                    r = {"case": case, "run": run, "failed": str(e)[:2000]}
                results.append(r)
                print(json.dumps(r), flush=True)
    finally:
        local.down()
    print()
    print(f"{'case':16} {'runs':>4} {'pause sum ms (median/max)':>26} "
          f"{'longest pause ms (median/max)':>30} {'lost':>5}")
    for case in args.cases.split(","):
        ok = [r for r in results if r["case"] == case and "failed" not in r]
        if not ok:
            print(f"{case:16} no successful run")
            continue
        sums = [r["pause_sum_ms"] for r in ok]
        longest = [r["longest_pause_ms"] for r in ok]
        print(f"{case:16} {len(ok):>4} {statistics.median(sums):>14.0f} / {max(sums):<9} "
              f"{statistics.median(longest):>17.0f} / {max(longest):<10} "
              f"{sum(r['lost'] for r in ok):>5}")
    if args.json:
        with open(args.json, "w") as f:
            json.dump(results, f, indent=1)


if __name__ == "__main__":
    main()
