#!/usr/bin/env python3
"""SET throughput with the append-only file on: Banyan data node vs Debian's redis-server.

Both servers run on loopback with the same persistence settings (appendonly yes, the given
appendfsync, no RDB save points, each in its own temporary directory). For each appendfsync policy
and pipeline depth, redis-benchmark runs SET against each server, interleaved over several rounds
(alternating which goes first), and the table gives the medians and the ratio banyan/redis.

Usage: bench/aof.py [--rounds N] [--requests N] [--always-requests N] [--fsync everysec,always]
Needs: the data node built (./bin/run builds it, or mvn -pl data-node -am package -DskipTests),
redis-server, redis-benchmark.
"""
import argparse
import csv
import io
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from compare import stop, wait_port  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REDIS_PORT = 16342
BANYAN_PORT = 16343


def persistence_args(workdir, fsync):
    return ["--port", None, "--bind", "127.0.0.1", "--save", "", "--appendonly", "yes",
            "--appendfsync", fsync, "--dir", workdir]


def start(cmd, port, workdir, fsync):
    args = persistence_args(workdir, fsync)
    args[1] = str(port)
    p = subprocess.Popen(cmd + args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_port(port)
    return p


def benchmark_command(port, pipeline, requests):
    return ["redis-benchmark", "-h", "127.0.0.1", "-p", str(port), "-c", "50", "-P",
            str(pipeline), "-n", str(requests), "-r", "100000", "-t", "set", "--csv"]


def bench(port, pipeline, requests):
    out = subprocess.run(benchmark_command(port, pipeline, requests), check=True,
                         capture_output=True, text=True).stdout
    for row in csv.DictReader(io.StringIO(out)):
        if row["test"] == "SET":
            return float(row["rps"]), float(row["p50_latency_ms"]), float(row["p99_latency_ms"])
    raise SystemExit("redis-benchmark printed no SET row:\n" + out)


def run_policy(fsync, requests, rounds):
    launcher = os.path.join(ROOT, "data-node", "bin", "banyan-node")
    results = {(s, p): [] for s in ("redis", "banyan") for p in (1, 16)}
    with tempfile.TemporaryDirectory() as d1, tempfile.TemporaryDirectory() as d2:
        redis = start(["redis-server"], REDIS_PORT, d1, fsync)
        banyan = start([launcher], BANYAN_PORT, d2, fsync)
        servers = [("redis", REDIS_PORT), ("banyan", BANYAN_PORT)]
        try:
            # Warm-up: the JIT compiles the hot paths; redis gets the same treatment.
            for _, port in servers:
                bench(port, 16, requests)
            for r in range(rounds):
                order = servers if r % 2 == 0 else list(reversed(servers))
                for pipeline in (1, 16):
                    for name, port in order:
                        results[(name, pipeline)].append(bench(port, pipeline, requests))
        finally:
            stop(redis)
            stop(banyan)
    return results


def report(fsync, requests, rounds, results):
    print(f"\n## appendonly yes, appendfsync {fsync} (median of {rounds} interleaved rounds)\n")
    print("Command (port 16342 = redis-server, 16343 = banyan): `"
          + " ".join(benchmark_command("<port>", "<P>", requests)) + "`\n")
    print("| -P | redis rps | banyan rps | rps ratio | redis p50 ms | banyan p50 ms "
          "| redis p99 ms | banyan p99 ms |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for pipeline in (1, 16):
        def med(name, i):
            return statistics.median(run[i] for run in results[(name, pipeline)])
        rr, br = med("redis", 0), med("banyan", 0)
        print(f"| {pipeline} | {rr:,.0f} | {br:,.0f} | {br / rr:.2f} | {med('redis', 1):.3f} | "
              f"{med('banyan', 1):.3f} | {med('redis', 2):.3f} | {med('banyan', 2):.3f} |")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--requests", type=int, default=200_000,
                    help="requests per run with appendfsync everysec")
    ap.add_argument("--always-requests", type=int, default=50_000,
                    help="requests per run with appendfsync always (one fsync per batch)")
    ap.add_argument("--fsync", default="everysec,always")
    args = ap.parse_args()
    for tool in ("redis-server", "redis-benchmark"):
        if not shutil.which(tool):
            raise SystemExit(f"{tool} not found (apt-get install redis-server redis-tools)")
    if not os.path.exists(os.path.join(ROOT, "data-node", "target", "banyan-node.jar")):
        raise SystemExit("build the data node first: ./bin/run builds it "
                         "(or mvn -pl data-node -am package -DskipTests)")
    version = subprocess.run(["redis-server", "--version"], capture_output=True,
                             text=True).stdout.split()[2]
    print(f"# AOF write throughput: Banyan vs redis-server ({version}), {os.cpu_count()} cores, "
          f"{time.strftime('%Y-%m-%d %H:%M')}")
    for fsync in args.fsync.split(","):
        requests = args.always_requests if fsync == "always" else args.requests
        report(fsync, requests, args.rounds, run_policy(fsync, requests, args.rounds))


if __name__ == "__main__":
    sys.exit(main())
