#!/usr/bin/env python3
"""Banyan data node vs Debian's redis-server, measured on this machine in the same run.

Starts both servers on loopback, runs redis-benchmark with identical parameters against each,
interleaved over several rounds (alternating which goes first), and prints per test the ratio
banyan/redis of requests per second and of p50/p99 latency (medians over rounds). Then loads
1,000,000 keys with 100-byte values into each through redis-cli --pipe and compares RSS.

Usage: bench/compare.py [--rounds N] [--requests N] [--skip-memory] [--only-memory]
Needs: the data node built (./bin/run builds it), redis-server, redis-benchmark, redis-cli.
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

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TESTS = "ping_inline,set,get,incr,lpush,rpop,sadd,hset,zadd,mset"
REDIS_NAMES = ["PING_INLINE", "SET", "GET", "INCR", "LPUSH", "RPOP", "SADD", "HSET", "ZADD",
               "MSET (10 keys)"]


def wait_port(port, timeout=30):
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"server on port {port} did not start")


def start_redis(port, workdir):
    p = subprocess.Popen(["redis-server", "--port", str(port), "--bind", "127.0.0.1",
                          "--save", "", "--appendonly", "no", "--dir", workdir],
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_port(port)
    return p


def start_banyan(port, workdir):
    launcher = os.path.join(ROOT, "data-node", "bin", "banyan-node")
    p = subprocess.Popen([launcher, "--port", str(port), "--bind", "127.0.0.1",
                          "--save", "", "--appendonly", "no", "--dir", workdir],
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_port(port)
    return p


def stop(p):
    p.send_signal(signal.SIGTERM)
    try:
        p.wait(10)
    except subprocess.TimeoutExpired:
        p.kill()
        p.wait()


def bench(port, pipeline, requests):
    out = subprocess.run(
        ["redis-benchmark", "-h", "127.0.0.1", "-p", str(port), "-c", "50", "-P", str(pipeline),
         "-n", str(requests), "-r", "100000", "-t", TESTS, "--csv"],
        check=True, capture_output=True, text=True).stdout
    rows = {}
    for row in csv.DictReader(io.StringIO(out)):
        rows[row["test"]] = (float(row["rps"]), float(row["p50_latency_ms"]),
                             float(row["p99_latency_ms"]))
    return rows


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def load_keys(port, count, size):
    value = "v" * size
    proc = subprocess.Popen(["redis-cli", "-p", str(port), "--pipe"], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    chunk = []
    for i in range(count):
        key = f"key:{i:012d}"
        chunk.append(f"*3\r\n$3\r\nSET\r\n${len(key)}\r\n{key}\r\n${size}\r\n{value}\r\n")
        if len(chunk) == 10000:
            proc.stdin.write("".join(chunk).encode())
            chunk = []
    proc.stdin.write("".join(chunk).encode())
    proc.stdin.close()
    out = proc.stdout.read().decode()
    proc.wait()
    if "errors: 0" not in out:
        raise SystemExit("loading failed: " + out)


def dbsize(port):
    return int(subprocess.run(["redis-cli", "-p", str(port), "dbsize"], capture_output=True,
                              text=True, check=True).stdout.strip())


def memory(args):
    print("\n## Memory: RSS after loading 1,000,000 keys with 100-byte values\n")
    results = {}
    for name, starter, port in (("redis", start_redis, 16501), ("banyan", start_banyan, 16502)):
        with tempfile.TemporaryDirectory() as d:
            p = starter(port, d)
            try:
                before = rss_kib(p.pid)
                load_keys(port, 1_000_000, 100)
                assert dbsize(port) == 1_000_000
                time.sleep(3)  # let the JVM's periodic heap sizing settle; not a test sync
                after = rss_kib(p.pid)
                results[name] = (before, after)
            finally:
                stop(p)
    print("| server | RSS idle (MiB) | RSS with 1M keys (MiB) |")
    print("| --- | ---: | ---: |")
    for name, (b, a) in results.items():
        print(f"| {name} | {b / 1024:.1f} | {a / 1024:.1f} |")
    ratio = results["banyan"][1] / results["redis"][1]
    print(f"\nRSS ratio banyan/redis with 1M keys: **{ratio:.2f}**")


def throughput(args):
    with tempfile.TemporaryDirectory() as d1, tempfile.TemporaryDirectory() as d2:
        redis = start_redis(16511, d1)
        banyan = start_banyan(16512, d2)
        servers = {"redis": 16511, "banyan": 16512}
        results = {(s, p): [] for s in servers for p in (1, 16)}
        try:
            # Warm-up until the JIT has compiled the hot paths (a long-running server is past this;
            # measured while C2 still compiles, the compiler threads take CPU from the benchmark
            # client on a small machine). Redis gets the same treatment.
            for _ in range(args.warmup):
                for port in servers.values():
                    for pipeline in (16, 1):
                        bench(port, pipeline, args.requests)
            for r in range(args.rounds):
                order = list(servers.items()) if r % 2 == 0 else list(reversed(servers.items()))
                for pipeline in (1, 16):
                    for name, port in order:
                        results[(name, pipeline)].append(bench(port, pipeline, args.requests))
        finally:
            stop(redis)
            stop(banyan)
    print(f"\n## Throughput and latency (redis-benchmark -c 50, -n {args.requests}, "
          f"-r 100000, median of {args.rounds} interleaved rounds)\n")
    for pipeline in (1, 16):
        print(f"\n### -P {pipeline}\n")
        print("| test | redis rps | banyan rps | rps ratio | p50 ratio | p99 ratio |")
        print("| --- | ---: | ---: | ---: | ---: | ---: |")
        for test in REDIS_NAMES:
            def med(name, i):
                return statistics.median(run[test][i] for run in results[(name, pipeline)])
            rr, br = med("redis", 0), med("banyan", 0)
            r50, b50 = med("redis", 1), med("banyan", 1)
            r99, b99 = med("redis", 2), med("banyan", 2)
            print(f"| {test} | {rr:,.0f} | {br:,.0f} | {br / rr:.2f} | "
                  f"{b50 / r50 if r50 else float('nan'):.2f} | "
                  f"{b99 / r99 if r99 else float('nan'):.2f} |")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--requests", type=int, default=200_000)
    ap.add_argument("--warmup", type=int, default=2, help="warm-up passes over every test")
    ap.add_argument("--skip-memory", action="store_true")
    ap.add_argument("--only-memory", action="store_true")
    args = ap.parse_args()
    for tool in ("redis-server", "redis-benchmark", "redis-cli"):
        if not shutil.which(tool):
            raise SystemExit(f"{tool} not found (apt-get install redis-server redis-tools)")
    if not os.path.exists(os.path.join(ROOT, "data-node", "target", "banyan-node.jar")):
        raise SystemExit("build the data node first: ./bin/run builds it "
                         "(or mvn -pl data-node -am package -DskipTests)")
    print(f"# Banyan vs redis-server ({subprocess.run(['redis-server', '--version'], capture_output=True, text=True).stdout.split()[2]}), "
          f"{os.cpu_count()} cores, {time.strftime('%Y-%m-%d %H:%M')}")
    if not args.only_memory:
        throughput(args)
    if not args.skip_memory:
        memory(args)


if __name__ == "__main__":
    sys.exit(main())
