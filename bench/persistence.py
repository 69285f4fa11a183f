#!/usr/bin/env python3
"""RDB persistence of the Banyan data node vs Debian's redis-server, on this machine, same run.

For each server (interleaved over rounds, alternating which goes first), with 1,000,000 keys of
100-byte values loaded through redis-cli --pipe:

  1. SAVE time (round trip of the command).
  2. BGSAVE time without load (command until INFO shows it finished), and the peak extra memory
     meanwhile.
  3. Load time at restart: from starting the process until PING answers PONG and INFO shows
     loading:0 (JVM start-up included for banyan), and the server's own "DB loaded from disk" time.
  4. Under write load — three redis-benchmark runs (SET, INCR, LPUSH; -c 16 -P 16 -r 1000000) in
     back-to-back bursts around the BGSAVE — the BGSAVE time, the longest round trip of a probe
     client sending PING every ~1 ms while the save runs, redis-benchmark's max latency in the
     bursts that overlapped the save, and the peak extra memory.

The same load's longest PING round trip in an equal window just before the BGSAVE is reported
too: it separates what the save costs from what the load alone costs (scheduling on a busy machine,
and for the JVM its garbage collector).

Memory is PSS from /proc/<pid>/smaps_rollup, summed over redis-server and its forked child (found
with pgrep -P): plain RSS would count the pages parent and child share copy-on-write twice. Extra
memory = peak of the sum during the save minus the value just before BGSAVE.

Usage: bench/persistence.py [--rounds N] [--keys N]
Needs: the data node built (./bin/run builds it), redis-server, redis-benchmark, redis-cli, pgrep.
"""
import argparse
import datetime
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from compare import ROOT, load_keys, stop, wait_port  # noqa: E402

PORTS = {"redis": 16331, "banyan": 16332}


# ---- a minimal RESP client -------------------------------------------------------------------

class Resp:
    def __init__(self, port, timeout=600):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=timeout)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.buf = b""

    def close(self):
        self.sock.close()

    def _line(self):
        while b"\r\n" not in self.buf:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise ConnectionError("closed")
            self.buf += chunk
        line, self.buf = self.buf.split(b"\r\n", 1)
        return line

    def _read(self):
        line = self._line()
        kind, rest = line[:1], line[1:]
        if kind == b"+":
            return rest.decode()
        if kind == b"-":
            return RuntimeError(rest.decode())
        if kind == b":":
            return int(rest)
        if kind == b"$":
            n = int(rest)
            if n < 0:
                return None
            while len(self.buf) < n + 2:
                chunk = self.sock.recv(65536)
                if not chunk:
                    raise ConnectionError("closed")
                self.buf += chunk
            data, self.buf = self.buf[:n], self.buf[n + 2:]
            return data.decode(errors="replace")
        if kind == b"*":
            return [self._read() for _ in range(int(rest))]
        raise ValueError(f"unexpected reply {line!r}")

    def call(self, *args):
        out = [f"*{len(args)}\r\n".encode()]
        for a in args:
            b = str(a).encode()
            out.append(b"$%d\r\n%s\r\n" % (len(b), b))
        self.sock.sendall(b"".join(out))
        reply = self._read()
        if isinstance(reply, RuntimeError):
            raise reply
        return reply

    def info(self, section="persistence"):
        fields = {}
        for line in self.call("INFO", section).splitlines():
            if ":" in line:
                k, v = line.split(":", 1)
                fields[k] = v
        return fields


# ---- processes and memory --------------------------------------------------------------------

def start(name, port, workdir):
    log = os.path.join(workdir, f"{name}.log")
    common = ["--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
              "--dir", workdir, "--dbfilename", "dump.rdb", "--logfile", log]
    env = dict(os.environ)
    gc = None
    if name == "redis":
        cmd = ["redis-server"] + common
    else:
        cmd = [os.path.join(ROOT, "data-node", "bin", "banyan-node")] + common
        # GC pauses with wall-clock stamps, to tell the collector's pauses from the save's.
        gc = os.path.join(workdir, f"gc-{time.monotonic_ns()}.log")
        env["BANYAN_JAVA_OPTS"] = (env.get("BANYAN_JAVA_OPTS", "") + f" -Xlog:gc:file={gc}:utctime")
    t0 = time.monotonic()
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    p.gc_log = gc
    return p, t0, log


def wait_ready(port, t0, timeout=300):
    """Seconds from t0 until PING answers PONG and INFO reports loading:0."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            c = Resp(port, timeout=5)
            try:
                if c.call("PING") == "PONG" and c.info()["loading"] == "0":
                    return time.monotonic() - t0
            except RuntimeError:
                pass  # -LOADING while redis loads
            finally:
                c.close()
        except OSError:
            pass
        time.sleep(0.005)
    raise SystemExit(f"server on port {port} not ready after {timeout}s")


def pss_kib(pid):
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def children(pid):
    out = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout
    return [int(x) for x in out.split()]


def server_pid(p):
    """The server's pid: banyan-node execs java, so the launcher's pid is the JVM's."""
    return p.pid


class MemorySampler(threading.Thread):
    """Samples PSS of the server plus its children (redis's fork) until stopped."""

    def __init__(self, pid):
        super().__init__(daemon=True)
        self.pid = pid
        self.peak = 0
        self.running = True

    def sample(self):
        return pss_kib(self.pid) + sum(pss_kib(c) for c in children(self.pid))

    def run(self):
        while self.running:
            self.peak = max(self.peak, self.sample())
            time.sleep(0.05)

    def stop(self):
        self.running = False
        self.join()
        return self.peak


class Prober(threading.Thread):
    """PING every ~1 ms on its own connection; records (send time, round trip)."""

    def __init__(self, port):
        super().__init__(daemon=True)
        self.client = Resp(port, timeout=60)
        self.samples = []
        self.running = True

    def run(self):
        while self.running:
            t = time.monotonic()
            self.client.call("PING")
            self.samples.append((t, time.monotonic() - t))
            time.sleep(0.001)

    def stop(self):
        self.running = False
        self.join()
        self.client.close()

    def during(self, start, end):
        return [rtt for t, rtt in self.samples if start <= t <= end]


class LoadBursts(threading.Thread):
    """Back-to-back redis-benchmark bursts of one test; keeps each burst's window and max latency."""

    def __init__(self, port, test, requests):
        super().__init__(daemon=True)
        self.port, self.test, self.requests = port, test, requests
        self.bursts = []  # (start, end, rps, max latency ms)
        self.running = True

    def run(self):
        while self.running:
            t0 = time.monotonic()
            out = subprocess.run(
                ["redis-benchmark", "-h", "127.0.0.1", "-p", str(self.port), "-c", "16",
                 "-P", "16", "-n", str(self.requests), "-r", "1000000", "-t", self.test, "--csv"],
                capture_output=True, text=True).stdout
            t1 = time.monotonic()
            rows = [line.split('","') for line in out.splitlines()[1:] if line.startswith('"')]
            if rows:
                row = [x.strip('"') for x in rows[0]]
                self.bursts.append((t0, t1, float(row[1]), float(row[7])))

    def stop(self):
        self.running = False
        self.join()

    def overlapping(self, start, end):
        return [b for b in self.bursts if b[0] <= end and b[1] >= start]


# ---- the measurements ------------------------------------------------------------------------

def wait_bgsave(c, timeout=600):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        i = c.info()
        if i["rdb_bgsave_in_progress"] == "0":
            if i["rdb_last_bgsave_status"] != "ok":
                raise SystemExit("BGSAVE failed")
            return
        time.sleep(0.005)
    raise SystemExit("BGSAVE did not finish")


def bgsave(port, pid, under_load):
    c = Resp(port)
    sampler = MemorySampler(pid)
    before = sampler.sample()
    sampler.start()
    saves = int(c.info()["rdb_saves"])
    t0 = time.monotonic()
    reply = c.call("BGSAVE")
    assert reply == "Background saving started", reply
    wait_bgsave(c)
    t1 = time.monotonic()
    peak = sampler.stop()
    assert int(c.info()["rdb_saves"]) == saves + 1
    c.close()
    return t0, t1, max(0, peak - before)


def longest_gc_pause_ms(gc_log, start, end):
    """Longest JVM pause overlapping [start, end] (time.monotonic() values); nan without a log."""
    if not gc_log or not os.path.exists(gc_log):
        return float("nan")
    offset = time.time() - time.monotonic()
    longest = 0.0
    with open(gc_log) as f:
        for line in f:
            m = re.match(r"\[([^\]]+)\].*Pause.* ([0-9.]+)ms$", line.strip())
            if not m:
                continue
            stamp = datetime.datetime.strptime(m.group(1), "%Y-%m-%dT%H:%M:%S.%f%z").timestamp()
            ended = stamp - offset
            began = ended - float(m.group(2)) / 1000
            if began <= end and ended >= start:
                longest = max(longest, float(m.group(2)))
    return longest


def loaded_seconds(log):
    with open(log, errors="replace") as f:
        times = re.findall(r"DB loaded from disk: ([0-9.]+) seconds", f.read())
    return float(times[-1]) if times else float("nan")


def measure(name, keys, workdir):
    port = PORTS[name]
    r = {}
    p, t0, log = start(name, port, workdir)
    wait_port(port)
    wait_ready(port, t0)
    try:
        load_keys(port, keys, 100)
        c = Resp(port)
        assert c.call("DBSIZE") == keys
        t = time.monotonic()
        assert c.call("SAVE") == "OK"
        r["save"] = time.monotonic() - t
        c.close()
        r["file_mib"] = os.path.getsize(os.path.join(workdir, "dump.rdb")) / 2**20
        s, e, extra = bgsave(port, server_pid(p), False)
        r["bgsave"] = e - s
        r["bgsave_extra_mib"] = extra / 1024
    finally:
        stop(p)

    p, t0, log = start(name, port, workdir)
    r["ready"] = wait_ready(port, t0)
    r["loaded_log"] = loaded_seconds(log)
    try:
        c = Resp(port)
        assert c.call("DBSIZE") == keys, "restart lost keys"
        c.close()
        loads = [LoadBursts(port, t, 200_000) for t in ("set", "incr", "lpush")]
        prober = Prober(port)
        for x in loads:
            x.start()
        prober.start()
        time.sleep(3)  # load running, list and counters exist before the save starts
        s, e, extra = bgsave(port, server_pid(p), True)
        time.sleep(0.5)
        prober.stop()
        for x in loads:
            x.stop()
        rtts = prober.during(s, e)
        before = prober.during(s - min(e - s, 2.5), s)
        r["probe_max_ms_nosave"] = max(before) * 1000 if before else float("nan")
        r["probe_p99_ms_nosave"] = (statistics.quantiles(before, n=100)[98] * 1000
                                    if len(before) >= 100 else float("nan"))
        r["gc_max_ms"] = longest_gc_pause_ms(p.gc_log, s, e)
        r["gc_max_ms_nosave"] = longest_gc_pause_ms(p.gc_log, s - min(e - s, 2.5), s)
        r["load_bgsave"] = e - s
        r["probe_max_ms"] = max(rtts) * 1000 if rtts else float("nan")
        r["probe_p99_ms"] = (statistics.quantiles(rtts, n=100)[98] * 1000
                             if len(rtts) >= 100 else float("nan"))
        r["probes"] = len(rtts)
        overlapping = [b for x in loads for b in x.overlapping(s, e)]
        r["bench_max_ms"] = max(b[3] for b in overlapping) if overlapping else float("nan")
        r["bench_rps"] = sum(statistics.mean(b[2] for b in x.overlapping(s, e)) if x.overlapping(s, e) else 0
                             for x in loads)
        r["load_extra_mib"] = extra / 1024
    finally:
        stop(p)
    return r


ROWS = [
    ("save", "SAVE time (s)", "{:.2f}"),
    ("bgsave", "BGSAVE time, idle (s)", "{:.2f}"),
    ("bgsave_extra_mib", "peak extra memory during BGSAVE, idle (MiB PSS)", "{:.1f}"),
    ("file_mib", "RDB file size (MiB)", "{:.1f}"),
    ("ready", "restart: process start to PONG + loading:0 (s)", "{:.2f}"),
    ("loaded_log", "restart: 'DB loaded from disk' as logged (s)", "{:.2f}"),
    ("load_bgsave", "under write load: BGSAVE time (s)", "{:.2f}"),
    ("probe_max_ms", "under write load: longest PING round trip during BGSAVE (ms)", "{:.1f}"),
    ("probe_p99_ms", "under write load: p99 PING round trip during BGSAVE (ms)", "{:.2f}"),
    ("probe_max_ms_nosave",
     "under write load, no save: longest PING round trip, equal window just before (ms)",
     "{:.1f}"),
    ("probe_p99_ms_nosave", "under write load, no save: p99 PING round trip, same window (ms)",
     "{:.2f}"),
    ("gc_max_ms", "under write load: longest JVM GC pause during BGSAVE (ms)", "{:.1f}"),
    ("gc_max_ms_nosave", "under write load, no save: longest JVM GC pause, same window (ms)",
     "{:.1f}"),
    ("bench_max_ms", "under write load: redis-benchmark max latency, bursts during BGSAVE (ms)",
     "{:.1f}"),
    ("bench_rps", "under write load: SET+INCR+LPUSH requests/s during BGSAVE", "{:,.0f}"),
    ("load_extra_mib", "under write load: peak extra memory during BGSAVE (MiB PSS)", "{:.1f}"),
]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--keys", type=int, default=1_000_000)
    args = ap.parse_args()
    for tool in ("redis-server", "redis-benchmark", "redis-cli", "pgrep"):
        if not shutil.which(tool):
            raise SystemExit(f"{tool} not found")
    if not os.path.exists(os.path.join(ROOT, "data-node", "target", "banyan-node.jar")):
        raise SystemExit("build the data node first: ./bin/run builds it "
                         "(or mvn -pl data-node -am package -DskipTests)")
    version = subprocess.run(["redis-server", "--version"], capture_output=True,
                             text=True).stdout.split()[2]
    results = {"redis": [], "banyan": []}
    for rnd in range(args.rounds):
        order = ["redis", "banyan"] if rnd % 2 == 0 else ["banyan", "redis"]
        for name in order:
            with tempfile.TemporaryDirectory(prefix=f"persist-{name}-") as d:
                results[name].append(measure(name, args.keys, d))
                print(f"round {rnd + 1} {name}: " + ", ".join(
                    f"{k}={v:.3f}" for k, v in results[name][-1].items()), file=sys.stderr)

    print(f"# RDB persistence: Banyan vs redis-server ({version}), {os.cpu_count()} cores, "
          f"{time.strftime('%Y-%m-%d %H:%M')}\n")
    print(f"Command: `bench/persistence.py --rounds {args.rounds} --keys {args.keys}` "
          f"({args.keys:,} keys, 100-byte values; medians of {args.rounds} interleaved rounds)\n")
    print("| measure | redis | banyan | banyan/redis |")
    print("| --- | ---: | ---: | ---: |")
    for key, label, fmt in ROWS:
        rv = statistics.median(x[key] for x in results["redis"])
        bv = statistics.median(x[key] for x in results["banyan"])
        ratio = f"{bv / rv:.2f}" if rv and rv == rv else "n/a"

        def show(v):
            return fmt.format(v) if v == v else "n/a"
        print(f"| {label} | {show(rv)} | {show(bv)} | {ratio} |")
    worst = max(x["probe_max_ms"] for x in results["banyan"])
    print(f"\nTarget: no client-visible pause over 10 ms during BGSAVE — banyan's worst PING round "
          f"trip over all rounds: {worst:.1f} ms; redis's: "
          f"{max(x['probe_max_ms'] for x in results['redis']):.1f} ms.")


if __name__ == "__main__":
    sys.exit(main())
