#!/usr/bin/env python3
"""Replication: Banyan data node vs Debian's redis-server, measured on this machine in one run.

For each server kind (master and replicas of the same kind, on loopback):
  1. full sync: N keys with 100-byte values (DEBUG POPULATE) on the master; time from REPLICAOF to
     master_link_status:up on the replica with an equal DBSIZE;
  2. master SET throughput (redis-benchmark -t set -P 16 -c 50) with 0, 1 and 3 replicas attached;
  3. replication lag at a fixed write rate (a writer pipelining SETs at --rate per second) with one
     replica: every 10 ms the master's master_repl_offset and then the replica's slave_repl_offset
     are read; the byte lag is turned into time with the stream's measured byte rate; p50/p99.
     (The replica's own offset is used: the offset a master reports for a replica is its last
     REPLCONF ACK, sent once a second by both servers, which would measure the ACK period.)

Usage: bench/replication.py [--keys N] [--requests N] [--rate N] [--lag-seconds S]
Needs: the data node built (mvn -pl data-node -am package -DskipTests), redis-server,
redis-benchmark. Uses ports 16380-16399.
"""
import argparse
import csv
import io
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from compare import stop, wait_port  # noqa: E402
from persistence import Resp  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BASE_PORT = 16380


class Conn(Resp):
    """The benchmarks' RESP client, plus encoding for the lag run's pipelined SETs."""

    def __init__(self, port):
        super().__init__(port)

    @staticmethod
    def encode(*args):
        out = [b"*%d\r\n" % len(args)]
        for a in args:
            a = a if isinstance(a, bytes) else str(a).encode()
            out.append(b"$%d\r\n%s\r\n" % (len(a), a))
        return b"".join(out)

    def read(self):
        """One reply (the lag run's writer reads its pipelined replies with it)."""
        return self._read()

    def info(self, section="replication"):
        return super().info(section)


def start(kind, port, workdir):
    args = ["--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
            "--dir", workdir, "--repl-diskless-sync", "yes", "--repl-diskless-sync-delay", "0",
            "--repl-backlog-size", "64mb", "--client-output-buffer-limit",
            "replica", "0", "0", "0", "--enable-debug-command", "yes"]
    if kind == "redis":
        cmd = ["redis-server"] + args
    else:
        cmd = [os.path.join(ROOT, "data-node", "bin", "banyan-node")] + args
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_port(port)
    return p


class Cluster:
    """A master and its replicas of one kind."""

    def __init__(self, kind, replicas):
        self.kind = kind
        self.dir = tempfile.mkdtemp(prefix=f"bench-repl-{kind}-")
        self.procs = []
        for i in range(replicas + 1):
            node_dir = os.path.join(self.dir, str(i))
            os.makedirs(node_dir)
            self.procs.append(start(kind, BASE_PORT + i, node_dir))
        self.master = Conn(BASE_PORT)

    def attach_all(self):
        for i in range(1, len(self.procs)):
            Conn(BASE_PORT + i).call("REPLICAOF", "127.0.0.1", BASE_PORT)
        for i in range(1, len(self.procs)):
            wait_link_up(Conn(BASE_PORT + i), self.master.call("DBSIZE"))

    def close(self):
        for p in self.procs:
            stop(p)


def wait_link_up(replica, dbsize, timeout=600):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if replica.info().get("master_link_status") == "up" and replica.call("DBSIZE") == dbsize:
            return
        time.sleep(0.005)
    raise SystemExit("replica did not sync in time")


def full_sync(kind, keys):
    c = Cluster(kind, 1)
    try:
        c.master.call("DEBUG", "POPULATE", keys, "key", 100)
        size = c.master.call("DBSIZE")
        replica = Conn(BASE_PORT + 1)
        t0 = time.perf_counter()
        replica.call("REPLICAOF", "127.0.0.1", BASE_PORT)
        wait_link_up(replica, size)
        return time.perf_counter() - t0
    finally:
        c.close()


def set_throughput(kind, replicas, requests):
    c = Cluster(kind, replicas)
    try:
        c.attach_all()
        out = subprocess.run(
            ["redis-benchmark", "-h", "127.0.0.1", "-p", str(BASE_PORT), "-c", "50", "-P", "16",
             "-n", str(requests), "-r", "100000", "-t", "set", "--csv"],
            check=True, capture_output=True, text=True).stdout
        row = next(csv.DictReader(io.StringIO(out)))
        # Everything written reached every replica (the stream kept up, nothing was dropped).
        off = c.master.info()["master_repl_offset"]
        for i in range(1, replicas + 1):
            r = Conn(BASE_PORT + i)
            deadline = time.time() + 60
            while r.info().get("slave_repl_offset") != off and time.time() < deadline:
                time.sleep(0.01)
        return float(row["rps"])
    finally:
        c.close()


def lag(kind, rate, seconds):
    c = Cluster(kind, 1)
    try:
        c.attach_all()
        replica = Conn(BASE_PORT + 1)
        stop_flag = threading.Event()

        def writer():
            w = Conn(BASE_PORT)
            batch = max(1, rate // 100)
            payload = b"x" * 100
            i = 0
            next_t = time.perf_counter()
            while not stop_flag.is_set():
                w.sock.sendall(b"".join(Conn.encode("SET", f"k{(i + j) % 100000}", payload)
                                        for j in range(batch)))
                for _ in range(batch):
                    w.read()
                i += batch
                next_t += 0.01
                delay = next_t - time.perf_counter()
                if delay > 0:
                    time.sleep(delay)

        t = threading.Thread(target=writer, daemon=True)
        t.start()
        time.sleep(1)  # warm up
        samples = []
        first = None
        t_end = time.perf_counter() + seconds
        while time.perf_counter() < t_end:
            now = time.perf_counter()
            m_off = int(c.master.info()["master_repl_offset"])
            r_off = int(replica.info()["slave_repl_offset"])
            if first is None:
                first = (now, m_off)
            samples.append(max(0, m_off - r_off))
            last = (now, m_off)
            time.sleep(max(0.0, 0.01 - (time.perf_counter() - now)))
        stop_flag.set()
        t.join()
        byte_rate = (last[1] - first[1]) / (last[0] - first[0])
        ms = sorted(s / byte_rate * 1000 for s in samples)
        return (statistics.median(ms), ms[int(len(ms) * 0.99) - 1], byte_rate / 1e6)
    finally:
        c.close()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--keys", type=int, default=1_000_000)
    ap.add_argument("--requests", type=int, default=1_000_000)
    ap.add_argument("--rate", type=int, default=20_000)
    ap.add_argument("--lag-seconds", type=float, default=10)
    args = ap.parse_args()
    if not os.path.exists(os.path.join(ROOT, "data-node", "target", "banyan-node.jar")):
        raise SystemExit("build the data node first")

    kinds = ["banyan", "redis"]
    sync = {k: full_sync(k, args.keys) for k in kinds}
    rps = {(k, n): set_throughput(k, n, args.requests) for n in (0, 1, 3) for k in kinds}
    lags = {k: lag(k, args.rate, args.lag_seconds) for k in kinds}

    print("command: " + " ".join([sys.argv[0]] + sys.argv[1:]))
    print()
    print(f"| measure | banyan | redis-server | banyan/redis |")
    print("|---|---|---|---|")
    print(f"| full sync, {args.keys:,} keys x 100 B (s) | {sync['banyan']:.2f} | "
          f"{sync['redis']:.2f} | {sync['banyan'] / sync['redis']:.2f} |")
    for n in (0, 1, 3):
        b, r = rps[("banyan", n)], rps[("redis", n)]
        print(f"| SET rps, -P 16 -c 50, {n} replicas | {b:,.0f} | {r:,.0f} | {b / r:.2f} |")
    b3 = rps[("banyan", 3)] / rps[("banyan", 0)]
    r3 = rps[("redis", 3)] / rps[("redis", 0)]
    print(f"| SET rps with 3 replicas / with 0 | {b3:.2f} | {r3:.2f} | |")
    bl, rl = lags["banyan"], lags["redis"]
    print(f"| lag p50 at {args.rate:,} SET/s, 1 replica (ms) | {bl[0]:.2f} | {rl[0]:.2f} | |")
    print(f"| lag p99 at {args.rate:,} SET/s, 1 replica (ms) | {bl[1]:.2f} | {rl[1]:.2f} | |")
    print(f"| stream rate during the lag run (MB/s) | {bl[2]:.2f} | {rl[2]:.2f} | |")


if __name__ == "__main__":
    main()
