#!/usr/bin/env python3
"""Failover: Banyan (local mode) vs Redis Sentinel, measured on this machine in one run (issue 6).

What is measured, per run:
  * failover time: from the master's death (kill -9, or its zone stopped) to the first SET answered
    +OK by the new master, as seen by a writer that keeps writing. Only a SET sent after the fault
    counts, so the answer cannot come from the old master;
  * acknowledged writes: the writer sends SET <case><run>:k<i> v<i> then WAIT 1 1000 in a loop
    (paced at --rate per second, retrying every --retry-ms while nothing answers); acknowledged
    = WAIT returned >= 1. A refused write (NOREPLICAS, FENCED, READONLY, ...), a timeout or a
    connection error is not acknowledged; the writer reconnects after any error;
  * lost writes: after the writer has succeeded for ~1 s on the new master it stops, and every
    acknowledged key is read back (MGET) from the new master; missing or different = lost (must
    be 0). Banyan's are read once right away and once more after the cluster is Running again.

Systems and cases:
  * Banyan, through `bin/banyan local` (the operator + the process-backed kubelet + Service
    forwarders), on --file (default examples/three-datacenters.yaml). The writer goes through the
    rw endpoint. Cases: same-zone (`banyan local kill <status.currentMaster>`; the stand-in kubelet
    restarts the killed node; the next run kills the new master) and zone-loss (`banyan local
    stop-zone <the master's zone>`, then start-zone; the example's initial-master zone gets its
    master back by a planned switchover, which is reported but not counted) and partition
    (`banyan local partition <the master's zone>`: iptables drops every packet between that
    zone's pods and the rest, processes keep running; then `heal`; needs root) and freeze
    (`banyan local freeze <master>`: SIGSTOP, the process looks alive to the kernel but answers
    nothing — a long GC pause or a hung host; then `thaw`, and the old master must find itself
    demoted). In the partition and freeze
    case the fault time is when the CLI returned (nothing dies; the rules are in place by
    then, and a SET sent before may still reach the old master), and a second writer *inside* the zone
    (source address = the old master's pod address, so its packets stay inside the partition)
    writes SET + WAIT 1 to the old master directly: whatever it gets acknowledged after the new
    master's first write is split brain (reported in seconds; must be 0). Every run starts
    from phase Running with the same master for --stable seconds. Requests go to `up`'s control
    socket (what the CLI itself sends) unless --control cli, to keep a JVM start-up per request
    off the 2 cores while a failover is measured; `up` runs in its own BANYAN_LOCAL_HOME, ports
    and loopback network.
    The fault time is when the master's process (pid from `local status`) is seen dead or
    stopped (polled every 0.5 ms while the CLI runs); if it is not seen, the CLI's start time is
    used (a longer, conservative failover time) and the run says so. The operator's own failover
    durations (status.failoverHistory[].durationMillis) are reported alongside.
    Targets (issue 11; the detection timeout is read from the file): first write after a kill or a
    freeze < detection timeout + 2 s; after a zone loss or partition < detection timeout + 3 s.
  * Redis Sentinel: Debian's redis-server in sentinel mode. Master + 2 replicas + 3 sentinels
    (quorum 2) on loopback, rebuilt from scratch for every run; the master is killed with kill -9.
    The writer finds the master as a Sentinel client does: on every (re)connect it asks the next
    sentinel (round robin) SENTINEL get-master-addr-by-name, connects and checks ROLE.
    Two configurations: default (down-after-milliseconds 30000, failover-timeout 180000) and tuned
    (down-after-milliseconds = Banyan's detection timeout (5000), failover-timeout 10000, and
    repl-ping-replica-period 1 on the data nodes). Default runs take > 30 s each, so they are
    limited by --sentinel-default-runs (default 3); the output says how many ran.

Usage:
  bench/failover.py                       # all: 10 runs per case, 3 with Sentinel's defaults
  bench/failover.py --runs 10 --sentinel-default-runs 3 --json bench/results/failover.json
  bench/failover.py --skip-banyan         # Sentinel only (no CLI needed)
  bench/failover.py --skip-sentinel --cases same-zone --runs 5
  sudo bench/failover.py --skip-sentinel --cases partition --runs 5   # iptables needs root
  bench/failover.py --attach --log UP.LOG # use a `banyan local up` that already runs
Needs: redis-server (7.x, sentinel mode); for Banyan, bin/banyan (it builds what is missing).
Uses ports 17380-17392 (Sentinel), 17400-17404 (Banyan's endpoints) and 127.0.38.N:6379 (Banyan's
nodes). Results go to stdout as tables; --json FILE saves the raw numbers.
"""
import argparse
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from compare import ROOT, stop, wait_port  # noqa: E402
from persistence import Resp  # noqa: E402

MASTER_NAME = "bm"
REDIS_PORTS = [17380, 17381, 17382]
SENTINEL_PORTS = [17390, 17391, 17392]
DEFAULT_FILE = os.path.join(ROOT, "examples", "three-datacenters.yaml")


# ---- client ------------------------------------------------------------------------------------

class Client(Resp):
    """The benchmarks' RESP client (persistence.Resp) on any host, with short timeouts."""

    def __init__(self, host, port, timeout=1.0, password=None, source=None):
        # source: connect from this local address (a client "inside" a partitioned zone)
        self.sock = socket.create_connection((host, int(port)), timeout=timeout,
                                             source_address=(source, 0) if source else None)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.buf = b""
        self.addr = f"{host}:{port}"
        if password:
            self.call("AUTH", password)

    def timeout(self, seconds):
        self.sock.settimeout(seconds)
        return self


def split_addr(addr):
    host, port = addr.rsplit(":", 1)
    return host, int(port)


def error_kind(e):
    """A short name for an error, for the per-run error counts."""
    if isinstance(e, RuntimeError):
        return str(e).split(" ", 1)[0] or "ERR"
    if isinstance(e, socket.timeout):
        return "timeout"
    if isinstance(e, ConnectionRefusedError):
        return "refused"
    if isinstance(e, (ConnectionError, OSError)):
        return "conn"
    return type(e).__name__


class Writer(threading.Thread):
    """SET + WAIT 1 1000 in a loop against whatever connect() returns; see the docstring."""

    def __init__(self, connect, prefix, rate, retry_s, set_timeout, wait_timeout):
        super().__init__(daemon=True)
        self.connect = connect
        self.prefix = prefix
        self.period = 1.0 / rate
        self.retry_s = retry_s
        self.set_timeout = set_timeout
        self.wait_timeout = wait_timeout
        self.stop_flag = threading.Event()
        self.lock = threading.Lock()
        self.acked = {}        # key -> value, WAIT returned >= 1
        self.acked_at = []     # perf_counter() of every acknowledgement
        self.oks = []          # (send time, reply time) of every SET answered +OK
        self.errors = Counter()
        self.fatal = None      # an error that retrying cannot fix (NOAUTH, ...)
        self.sent = 0

    def first_ok_after(self, t):
        with self.lock:
            for sent, got in self.oks:
                if sent > t:
                    return got
        return None

    def acked_count(self):
        with self.lock:
            return len(self.acked)

    def run(self):
        conn = None
        i = 0
        next_t = time.perf_counter()
        while not self.stop_flag.is_set():
            if conn is None:
                try:
                    conn = self.connect()
                except Exception as e:  # noqa: BLE001 - any failure means: not reachable yet
                    self.note(e)
                    time.sleep(self.retry_s)
                    continue
            key, value = f"{self.prefix}:k{i}", f"v{i}"
            i += 1
            self.sent += 1
            t_send = time.perf_counter()
            try:
                conn.timeout(self.set_timeout)
                reply = conn.call("SET", key, value)
                t_ok = time.perf_counter()
                if reply != "OK":
                    raise RuntimeError(f"UNEXPECTED {reply!r}")
                with self.lock:
                    self.oks.append((t_send, t_ok))
                conn.timeout(self.wait_timeout)
                n = conn.call("WAIT", 1, 1000)
                if isinstance(n, int) and n >= 1:
                    with self.lock:
                        self.acked[key] = value
                        self.acked_at.append(time.perf_counter())
            except Exception as e:  # noqa: BLE001
                self.note(e)
                try:
                    conn.close()
                except OSError:
                    pass
                conn = None
                time.sleep(self.retry_s)
                continue
            next_t += self.period
            delay = next_t - time.perf_counter()
            if delay > 0:
                time.sleep(delay)
            else:
                next_t = time.perf_counter()
        if conn is not None:
            conn.close()

    def note(self, e):
        kind = error_kind(e)
        self.errors[kind] += 1
        if kind in ("NOAUTH", "WRONGPASS", "NOPERM"):
            self.fatal = f"{kind}: {e}"
            self.stop_flag.set()

    def halt(self):
        self.stop_flag.set()
        self.join(10)


def verify(client, acked, batch=500):
    """Acknowledged keys that are missing or hold another value on client's server."""
    keys = list(acked)
    lost = []
    for j in range(0, len(keys), batch):
        part = keys[j:j + batch]
        values = client.call("MGET", *part)
        lost += [k for k, v in zip(part, values) if v != acked[k]]
    return lost


def wait_first_ok(writer, t_fault, deadline_s):
    """Seconds from t_fault to the first +OK of a SET sent after it; None if none in time."""
    end = t_fault + deadline_s
    while time.perf_counter() < end:
        got = writer.first_ok_after(t_fault)
        if got is not None:
            return got - t_fault
        if writer.fatal:
            raise SystemExit(f"the writer cannot write: {writer.fatal}")
        time.sleep(0.01)
    return None


def warm_up(writer, seconds, what):
    writer.start()
    time.sleep(seconds)
    deadline = time.time() + 30
    while writer.acked_count() == 0 and time.time() < deadline:
        if writer.fatal:
            raise SystemExit(f"{what}: the writer cannot write: {writer.fatal}")
        time.sleep(0.1)
    if writer.acked_count() == 0:
        writer.halt()
        raise SystemExit(f"{what}: no write was acknowledged before the fault "
                         f"(errors: {dict(writer.errors)}); is a replica attached?")


# ---- Redis Sentinel ----------------------------------------------------------------------------

SENTINEL_CONFIGS = {
    "default": {"down_after": 30000, "failover_timeout": 180000, "node_args": []},
    "tuned": {"down_after": 5000, "failover_timeout": 10000,
              "node_args": ["--repl-ping-replica-period", "1"]},
}


class SentinelSetup:
    """Master + 2 replicas + 3 sentinels (quorum 2) on loopback, built from scratch."""

    def __init__(self, config):
        self.config = SENTINEL_CONFIGS[config]
        self.dir = tempfile.mkdtemp(prefix=f"bench-failover-sentinel-{config}-")
        self.nodes = {}
        self.sentinels = []
        self.next_sentinel = 0
        try:
            self._build()
        except BaseException:
            self.close()
            raise

    def _start_node(self, port, replica_of=None):
        d = os.path.join(self.dir, f"node-{port}")
        os.makedirs(d)
        cmd = ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
               "--appendonly", "no", "--dir", d, "--logfile", os.path.join(d, "redis.log")]
        cmd += self.config["node_args"]
        if replica_of:
            cmd += ["--replicaof", "127.0.0.1", str(replica_of)]
        p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.nodes[port] = p
        wait_port(port)

    def _start_sentinel(self, port):
        d = os.path.join(self.dir, f"sentinel-{port}")
        os.makedirs(d)
        conf = os.path.join(d, "sentinel.conf")
        with open(conf, "w") as f:
            f.write(f"port {port}\nbind 127.0.0.1\ndir {d}\n"
                    f"logfile {os.path.join(d, 'sentinel.log')}\n"
                    f"sentinel monitor {MASTER_NAME} 127.0.0.1 {REDIS_PORTS[0]} 2\n"
                    f"sentinel down-after-milliseconds {MASTER_NAME} {self.config['down_after']}\n"
                    f"sentinel failover-timeout {MASTER_NAME} {self.config['failover_timeout']}\n"
                    f"sentinel parallel-syncs {MASTER_NAME} 1\n")
        p = subprocess.Popen(["redis-server", conf, "--sentinel"],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.sentinels.append((port, p))
        wait_port(port)

    def _build(self):
        self._start_node(REDIS_PORTS[0])
        for port in REDIS_PORTS[1:]:
            self._start_node(port, REDIS_PORTS[0])
        deadline = time.time() + 30
        for port in REDIS_PORTS[1:]:
            c = Client("127.0.0.1", port)
            while c.info("replication").get("master_link_status") != "up":
                if time.time() > deadline:
                    raise SystemExit(f"sentinel setup: replica {port} did not attach")
                time.sleep(0.05)
            c.close()
        for port in SENTINEL_PORTS:
            self._start_sentinel(port)
        # Every sentinel must know both replicas and both other sentinels (hello messages every
        # 2 s), otherwise it could not reach quorum or would have nobody to promote.
        deadline = time.time() + 60
        for port in SENTINEL_PORTS:
            c = Client("127.0.0.1", port)
            while True:
                replicas = c.call("SENTINEL", "REPLICAS", MASTER_NAME)
                sentinels = c.call("SENTINEL", "SENTINELS", MASTER_NAME)
                if len(replicas) == 2 and len(sentinels) == 2:
                    break
                if time.time() > deadline:
                    raise SystemExit(f"sentinel setup: sentinel {port} sees {len(replicas)} "
                                     f"replicas and {len(sentinels)} sentinels")
                time.sleep(0.1)
            c.close()

    def master_addr(self):
        """Asks the next sentinel (round robin) for the master, as a Sentinel client does."""
        port = SENTINEL_PORTS[self.next_sentinel % len(SENTINEL_PORTS)]
        self.next_sentinel += 1
        s = Client("127.0.0.1", port, timeout=0.5)
        try:
            host, mport = s.call("SENTINEL", "GET-MASTER-ADDR-BY-NAME", MASTER_NAME)
        finally:
            s.close()
        return host, int(mport)

    def connect_master(self):
        host, port = self.master_addr()
        c = Client(host, port, timeout=0.5)
        role = c.call("ROLE")
        if role[0] != "master":
            c.close()
            raise RuntimeError(f"NOTMASTER {host}:{port} is a {role[0]}")
        return c

    def kill_master(self):
        p = self.nodes[REDIS_PORTS[0]]
        t = time.perf_counter()
        os.kill(p.pid, signal.SIGKILL)
        p.wait()
        return t

    def close(self):
        for _, p in self.sentinels:
            stop(p)
        for p in self.nodes.values():
            if p.poll() is None:
                stop(p)
        shutil.rmtree(self.dir, ignore_errors=True)


def sentinel_run(config, run, args):
    setup = SentinelSetup(config)
    try:
        writer = Writer(setup.connect_master, f"s{config}{run}", args.rate, args.retry_ms / 1000,
                        args.set_timeout, args.wait_timeout)
        warm_up(writer, args.warmup, f"sentinel {config}")
        t_kill = setup.kill_master()
        took = wait_first_ok(writer, t_kill, args.deadline)
        if took is not None:
            time.sleep(args.settle)
        writer.halt()
        result = {"failover_s": took, "acked": len(writer.acked), "sent": writer.sent,
                  "errors": dict(writer.errors), "lost": None, "new_master": None}
        if took is not None:
            host, port = setup.master_addr()
            c = Client(host, port, timeout=10)
            lost = verify(c, writer.acked)
            c.close()
            result.update(lost=len(lost), lost_sample=lost[:5], new_master=f"{host}:{port}")
        return result
    finally:
        setup.close()


def sentinel_case(config, runs, args):
    results = []
    for run in range(runs):
        r = sentinel_run(config, run, args)
        results.append(r)
        took = "none" if r["failover_s"] is None else f"{r['failover_s']:.2f} s"
        print(f"  sentinel {config} run {run + 1}/{runs}: failover {took}, acked {r['acked']}, "
              f"lost {r['lost']}, new master {r['new_master']}", flush=True)
    return results


# ---- Banyan local mode -------------------------------------------------------------------------

def pid_gone(pid):
    """True when the process is gone, a zombie, or stopped (SIGSTOP)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            stat = f.read()
    except (FileNotFoundError, ProcessLookupError):
        return True
    return stat[stat.rindex(")") + 2] in "ZXTt"


class DeathWatch(threading.Thread):
    """Polls a pid every 0.5 ms; .t is when it was first seen dead or stopped."""

    def __init__(self, pid):
        super().__init__(daemon=True)
        self.pid = pid
        self.t = None
        self.stop_flag = threading.Event()

    def run(self):
        while not self.stop_flag.is_set():
            if pid_gone(self.pid):
                self.t = time.perf_counter()
                return
            time.sleep(0.0005)


class CliError(Exception):
    """A `banyan local` request failed."""


class RunFailed(Exception):
    """The cluster did not get back to Running; carries what was measured before."""

    def __init__(self, message, result=None):
        super().__init__(message)
        self.result = result


class Local:
    """bin/banyan local: up (in the background, output to a log), status, faults, down.

    Requests go to up's control socket by default (--control socket), exactly what the CLI sends
    (`banyan local status -o json` = `status-json`), found through the state file: a JVM start-up
    per request would take a core of this small machine while the failover is being measured.
    --control cli runs bin/banyan for every request instead. Unless --attach, the cluster runs
    in its own BANYAN_LOCAL_HOME, endpoint ports and loopback network, away from anyone else's.
    """

    def __init__(self, args):
        self.args = args
        self.up_proc = None
        self.log = None
        self.failed = False
        self.env = dict(os.environ)
        self.own_home = None
        if not args.attach:
            self.own_home = args.local_home or tempfile.mkdtemp(prefix="bench-failover-home-")
            self.env.update(BANYAN_LOCAL_HOME=self.own_home,
                            BANYAN_LOCAL_PORT=str(args.local_port),
                            BANYAN_LOCAL_NETWORK=args.local_network)

    def home(self):
        return self.env.get("BANYAN_LOCAL_HOME") or os.path.expanduser("~/.banyan/local")

    def cli(self, *words, timeout=120):
        """One `banyan local` request; returns what it printed (the control reply's body)."""
        if self.args.control == "socket":
            return self.control(" ".join(words).replace("status -o json", "status-json"))
        p = subprocess.run([self.args.cli, "local", *words], capture_output=True, text=True,
                           timeout=timeout, env=self.env)
        if p.returncode != 0:
            raise CliError(f"`banyan local {' '.join(words)}` failed ({p.returncode}):\n"
                           f"{p.stdout}{p.stderr}")
        return p.stdout

    def control(self, request):
        try:
            with open(os.path.join(self.home(), "state.json")) as f:
                port = json.load(f)["controlPort"]
            with socket.create_connection(("127.0.0.1", port), timeout=60) as c:
                c.sendall((request + "\n").encode())
                chunks = []
                while True:
                    chunk = c.recv(65536)
                    if not chunk:
                        break
                    chunks.append(chunk)
        except (OSError, ValueError, KeyError) as e:
            raise CliError(f"control request {request!r}: {e}")
        reply = b"".join(chunks).decode()
        if not reply.startswith("OK\n"):
            raise CliError(f"control request {request!r}: {reply.strip()}")
        return reply[3:]

    def status(self):
        out = self.cli("status", "-o", "json")
        try:
            return json.loads(out[out.index("{"):])
        except ValueError:
            raise CliError(f"`banyan local status -o json` printed no JSON:\n{out}")

    def password(self):
        """The password `up` generated for the auth Secret (it prints it once, in its log)."""
        path = self.log.name if self.log else self.args.log
        if not path or not os.path.exists(path):
            return None
        with open(path, errors="replace") as f:
            m = re.search(r"^\s*password\s+(\S+)", f.read(), re.M)
        return m.group(1) if m else None

    def up(self):
        if self.args.attach:
            return
        log_path = self.args.log or os.path.join(tempfile.gettempdir(),
                                                  f"bench-failover-local-{os.getpid()}.log")
        print(f"  banyan local up {os.path.relpath(self.args.file, ROOT)} (log: {log_path}; "
              f"BANYAN_LOCAL_HOME={self.own_home}, BANYAN_LOCAL_PORT={self.args.local_port}, "
              f"BANYAN_LOCAL_NETWORK={self.args.local_network})", flush=True)
        self.log = open(log_path, "w")
        self.up_proc = subprocess.Popen([self.args.cli, "local", "up", self.args.file], cwd=ROOT,
                                        stdout=self.log, stderr=subprocess.STDOUT,
                                        stdin=subprocess.DEVNULL, env=self.env)

    def down(self):
        if self.args.attach or self.up_proc is None:
            return
        try:
            subprocess.run([self.args.cli, "local", "down"], capture_output=True, timeout=120,
                           env=self.env)
        except subprocess.TimeoutExpired:
            pass
        if self.up_proc.poll() is None:
            stop(self.up_proc)
        self.log.close()
        if self.failed:
            print(f"  kept {self.own_home} (data, pod logs) and {self.log.name} for a look",
                  flush=True)
        elif self.own_home and not self.args.local_home:
            shutil.rmtree(self.own_home, ignore_errors=True)

    def wait(self, what, pred, timeout):
        """Polls status until pred(status) is true; returns that status."""
        deadline = time.time() + timeout
        last = None
        while time.time() < deadline:
            if self.up_proc is not None and self.up_proc.poll() is not None:
                raise SystemExit(f"`banyan local up` exited ({self.up_proc.returncode}); "
                                 f"see {self.log.name}")
            try:
                last = self.status()
            except CliError as e:  # not up yet
                last = {"error": str(e)}
            else:
                if pred(last):
                    return last
            time.sleep(self.args.poll)
        raise RunFailed(f"timed out after {timeout:.0f} s waiting for {what}; last status: "
                        f"{brief(last)}")

    def wait_stable(self, timeout, epoch0=None):
        """Running, no failover in progress, and the same master for --stable seconds (a zone
        that comes back may get its master back by a planned switchover)."""
        deadline = time.time() + timeout
        while True:
            s = self.wait_running(max(1, deadline - time.time()), epoch0)
            since, master = time.time(), s["status"].get("currentMaster")
            while time.time() - since < self.args.stable:
                time.sleep(self.args.poll)
                s = self.status()
                st = s.get("status") or {}
                if (phase(s) != "Running" or st.get("failover")
                        or st.get("currentMaster") != master):
                    break
            else:
                return s
            if time.time() > deadline:
                raise RunFailed(f"no stable master within {timeout:.0f} s: {brief(s)}")

    def wait_running(self, timeout, epoch0=None):
        """Phase Running; with epoch0, also a failover recorded after that epoch."""
        what = "phase Running" + ("" if epoch0 is None else f" and a failover after epoch {epoch0}")
        return self.wait(what, lambda s: phase(s) == "Running" and (
            epoch0 is None or history_since(s, epoch0)), timeout)


def brief(s):
    """The parts of a status that say where a cluster is stuck."""
    st = (s or {}).get("status") or {}
    if not st:
        return json.dumps(s)[:500]
    keep = {k: st.get(k) for k in ("phase", "currentMaster", "targetMaster", "epoch",
                                   "readyNodes", "failover") if st.get(k) is not None}
    keep["conditions"] = [f"{c.get('type')}={c.get('status')} ({c.get('reason')}: "
                          f"{c.get('message')})" for c in st.get("conditions") or []]
    keep["fenced"] = [n.get("name") for n in st.get("nodes") or [] if n.get("fenced")]
    return json.dumps(keep, indent=1)


def phase(s):
    return (s.get("status") or {}).get("phase")


def history(s):
    return (s.get("status") or {}).get("failoverHistory") or []


def history_since(s, epoch0):
    """Failover records of epochs after epoch0 (the operator keeps only the newest 20)."""
    return [h for h in history(s) if (h.get("epoch") or 0) > epoch0]


def node_info(s, name):
    for n in s.get("nodes") or []:
        if n.get("name") == name:
            return n
    for n in (s.get("status") or {}).get("nodes") or []:
        if n.get("name") == name:
            return n
    return {}


def zone_of(s, name):
    return node_info(s, name).get("zone")


def password_of(args, local):
    if args.password is not None:
        return args.password
    if os.environ.get("BANYAN_PASSWORD"):
        return os.environ["BANYAN_PASSWORD"]
    return local.password()


def detection_timeout_ms(path):
    with open(path) as f:
        m = re.search(r"^\s*detectionTimeoutMillis:\s*(\d+)", f.read(), re.M)
    return int(m.group(1)) if m else 5000


def banyan_run(local, case, run, args):
    s = local.wait_stable(args.recover_timeout)
    master = s["status"]["currentMaster"]
    zone = zone_of(s, master)
    pid = node_info(s, master).get("pid")
    epoch0 = s["status"].get("epoch") or 0
    rw = split_addr(s["endpoints"]["rw"])
    password = password_of(args, local)

    def connect():
        return Client(*rw, timeout=0.5, password=password)

    writer = Writer(connect, f"b{case}{run}", args.rate, args.retry_ms / 1000,
                    args.set_timeout, args.wait_timeout)
    warm_up(writer, args.warmup, f"banyan {case}")

    inside = None
    if case in ("partition", "freeze"):
        # A client in the partitioned zone (its source address is the old master's own pod
        # address, inside the partition), or one connected to the frozen master straight: what it
        # gets acknowledged by the old master after the new master's first write is split brain.
        host, port = split_addr(node_info(s, master)["address"])
        inside = Writer(lambda: Client(host, port, timeout=0.5, password=password, source=host),
                        f"b{case}{run}in", args.rate, args.retry_ms / 1000, args.set_timeout,
                        args.wait_timeout)
        inside.start()

    watch = DeathWatch(pid) if pid and case != "partition" else None
    if watch:
        watch.start()
    t_cli = time.perf_counter()
    if case == "same-zone":
        local.cli("kill", master)
    elif case == "freeze":
        local.cli("freeze", master)
    elif case == "partition":
        local.cli("partition", zone)  # the processes keep running: no death to watch
    else:
        local.cli("stop-zone", zone)
    t_cli_done = time.perf_counter()
    if watch:
        watch.join(2)
        watch.stop_flag.set()
    if case == "partition":
        # The rules are in place somewhere between the CLI's start and its reply; a SET sent
        # before the reply may still reach the old master, so only what is sent after it counts
        # (the time is then short by at most the CLI's own duration, reported as cli_s).
        t_fault, fault_source = t_cli_done, "cli-done"
    elif watch and watch.t is not None:
        t_fault, fault_source = watch.t, "pid"
    else:
        t_fault, fault_source = t_cli, "cli-start"

    took = wait_first_ok(writer, t_fault, args.deadline)
    if took is not None:
        time.sleep(args.settle)
    writer.halt()
    result = {"failover_s": took, "fault_time_from": fault_source, "killed": master,
              "zone": zone, "cli_s": t_cli_done - t_cli, "acked": len(writer.acked),
              "sent": writer.sent, "errors": dict(writer.errors), "lost": None}
    if inside is not None and case != "freeze":
        # The partition's inside client stops before the heal. The frozen master's keeps trying
        # until the thawed node has been seen Running again (below): what the old master
        # acknowledges once it runs again counts as well.
        result.update(split_brain(inside, writer, t_fault))
    lost = set()
    if took is not None:
        c = connect_retrying(rw, password)
        lost |= set(verify(c, writer.acked))
        c.close()

    # Recovery: the operator records the failover; zone loss: the zone comes back first.
    try:
        if case in ("zone-loss", "partition", "freeze"):
            try:
                local.wait(f"a failover away from {master}",
                           lambda st: history_since(st, epoch0),
                           args.recover_timeout if took is not None else 1)
            finally:
                undo = {"zone-loss": ("start-zone", zone), "partition": ("heal", zone),
                        "freeze": ("thaw", master)}[case]
                local.cli(*undo)
        s2 = local.wait_stable(args.recover_timeout if took is not None else 30, epoch0)
        if inside is not None and case == "freeze":
            result.update(split_brain(inside, writer, t_fault))
    except RunFailed as e:
        if inside is not None:
            inside.halt()
        local.failed = True
        if took is not None:
            result.update(lost=len(lost), lost_sample=sorted(lost)[:5])
        result.update(new_master=None, new_zone=None, durations_ms=[], switchovers_ms=[])
        raise RunFailed(str(e), result)
    new = history_since(s2, epoch0)
    failovers = [h for h in new if h.get("reason") != "Switchover"]
    promoted = failovers[0].get("to") if failovers else None
    result.update(new_master=promoted, new_zone=zone_of(s2, promoted),
                  master_after=s2["status"]["currentMaster"], history=new,
                  durations_ms=[h.get("durationMillis") for h in failovers],
                  switchovers_ms=[h.get("durationMillis") for h in new
                                  if h.get("reason") == "Switchover"])
    if took is not None:
        rw2 = split_addr(s2["endpoints"]["rw"])
        c = connect_retrying(rw2, password)
        lost |= set(verify(c, writer.acked))
        c.close()
        result.update(lost=len(lost), lost_sample=sorted(lost)[:5])
    return result


def split_brain(inside, writer, t_fault):
    """Stops the writer talking to the old master straight; what it got acknowledged after the
    new master's first write is split brain."""
    inside.halt()
    with inside.lock:
        after = [t for t in inside.acked_at if t > t_fault]
    first_new = writer.first_ok_after(t_fault)
    return dict(
        inside_acked_after_fault=len(after),
        # how long the old master went on acknowledging after the new master's first write
        split_brain_s=(max(after) - first_new) if after and first_new and max(after) > first_new
        else 0.0,
        inside_acked_after_new_master=len([t for t in after if first_new and t > first_new]))


def connect_retrying(addr, password, seconds=30):
    """A client for reading back, retried while the Service has no ready endpoint (the forwarder
    resets the connection then, as kube-proxy rejects it) or points at a node going away."""
    end = time.perf_counter() + seconds
    while True:
        try:
            return Client(*addr, timeout=10, password=password)
        except (ConnectionError, OSError):
            if time.perf_counter() > end:
                raise
            time.sleep(0.2)


def banyan_case(local, case, runs, args, results):
    """Appends each run's result to results; stops the case when the cluster does not recover."""
    for run in range(runs):
        try:
            r = banyan_run(local, case, run, args)
        except RunFailed as e:
            print(f"  banyan {case} run {run + 1}/{runs}: {e}\n  (stopping this case)", flush=True)
            if e.result:
                results.append(e.result)
            return False
        results.append(r)
        took = "none" if r["failover_s"] is None else f"{r['failover_s']:.2f} s"
        back = (f", then switchover to {r['master_after']} {r['switchovers_ms']} ms"
                if r["switchovers_ms"] else "")
        split = (f", old master acked {r['inside_acked_after_new_master']} writes for "
                 f"{r['split_brain_s']:.2f} s after the new master's first"
                 if "split_brain_s" in r else "")
        print(f"  banyan {case} run {run + 1}/{runs}: {r['killed']} ({r['zone']}) -> "
              f"{r['new_master']} ({r['new_zone']}): failover {took} "
              f"(fault time from {r['fault_time_from']}), operator {r['durations_ms']} ms"
              f"{back}, acked {r['acked']}, lost {r['lost']}{split}", flush=True)
    return True


# ---- report ------------------------------------------------------------------------------------

def summary(results):
    times = [r["failover_s"] for r in results if r["failover_s"] is not None]
    lost = [r["lost"] for r in results if r["lost"] is not None]
    return {
        "runs": len(results),
        "failed": len(results) - len(times),
        "median": statistics.median(times) if times else None,
        "max": max(times) if times else None,
        "min": min(times) if times else None,
        "acked": sum(r["acked"] for r in results),
        "lost": sum(lost) if lost else None,
    }


def fmt(x):
    return "-" if x is None else f"{x:.2f}"


def uptime():
    return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()


def report(cases, args, load_before):
    print()
    print("command: " + " ".join([sys.argv[0]] + sys.argv[1:]))
    print(f"machine: {os.cpu_count()} cores; load before: {load_before}")
    print(f"         load after:  {uptime()}")
    print()
    print("| system / case | runs | median (s) | max (s) | min (s) | no failover | "
          "acked writes | lost writes |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for name, results in cases.items():
        s = summary(results)
        print(f"| {name} | {s['runs']} | {fmt(s['median'])} | {fmt(s['max'])} | {fmt(s['min'])} "
              f"| {s['failed']} | {s['acked']:,} | {'-' if s['lost'] is None else s['lost']} |")
    print()
    print(f"failover time = fault (kill -9 / zone stopped) -> first SET answered +OK by the new "
          f"master (freeze: SIGSTOP); a run with no successful write within {args.deadline:.0f} s counts under "
          f"'no failover'.")
    if any(k.startswith("sentinel default") for k in cases):
        n = len(cases.get("sentinel default", []))
        print(f"sentinel default: {n} run(s) only (--sentinel-default-runs "
              f"{args.sentinel_default_runs}; each run waits out down-after-milliseconds 30000).")
    for name, results in cases.items():
        if not name.startswith("banyan"):
            continue
        s = summary(results)
        ops = [d for r in results for d in r.get("durations_ms") or [] if d is not None]
        if ops:
            print(f"{name}: operator-recorded failover durations (failoverHistory) median "
                  f"{statistics.median(ops) / 1000:.2f} s, max {max(ops) / 1000:.2f} s")
        if any(r["fault_time_from"] == "cli-start" for r in results):
            print(f"{name}: some runs timed from the CLI's start (the pid was not seen dying).")
        target_s = args.detection_s + (3 if any(c in name for c in ("zone-loss", "partition"))
                                       else 2)
        verdict = ("met" if s["median"] is not None and s["median"] < target_s and not s["failed"]
                   else "MISSED")
        lost = ("not checked" if s["lost"] is None
                else "0, as required" if s["lost"] == 0 else f"{s['lost']}: MUST BE 0")
        if any(r.get("switchovers_ms") for r in results):
            print(f"{name}: the returning zone got its master back by a planned switchover "
                  f"(not counted as a failover).")
        print(f"{name}: target median < detection timeout + {target_s - args.detection_s:g} s "
              f"= {target_s:g} s: {verdict} (median {fmt(s['median'])} s, detection timeout + "
              f"{fmt(None if s['median'] is None else s['median'] - args.detection_s)} s); "
              f"lost acknowledged writes: {lost}")
        splits = [r["split_brain_s"] for r in results if "split_brain_s" in r]
        if splits:
            print(f"{name}: split brain (a client of the old master, inside its zone, still "
                  f"acknowledged after the new master's first write) in {sum(1 for x in splits if x > 0)} of "
                  f"{len(splits)} runs, longest {max(splits):.2f} s (must be 0)")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=10, help="runs per case (default 10)")
    ap.add_argument("--sentinel-default-runs", type=int, default=3,
                    help="runs with Sentinel's default timeouts (> 30 s each; default 3)")
    ap.add_argument("--cases", default="same-zone,zone-loss",
                    help="Banyan cases to run: same-zone, freeze, zone-loss, partition (iptables: root)")
    ap.add_argument("--skip-banyan", action="store_true")
    ap.add_argument("--skip-sentinel", action="store_true")
    ap.add_argument("--file", default=DEFAULT_FILE, help="StoreCluster for `banyan local up`")
    ap.add_argument("--cli", default=os.path.join(ROOT, "bin", "banyan"),
                    help="the banyan CLI (default bin/banyan)")
    ap.add_argument("--attach", action="store_true",
                    help="use a `banyan local up` that is already running (no up/down)")
    ap.add_argument("--log", help="log file for `banyan local up` (default in $TMPDIR); with "
                    "--attach, the running up's output, to find the generated password")
    ap.add_argument("--control", choices=("socket", "cli"), default="socket",
                    help="send requests to up's control socket (default) or run bin/banyan")
    ap.add_argument("--local-home", help="BANYAN_LOCAL_HOME for up (default: a temporary dir)")
    ap.add_argument("--local-port", type=int, default=17400,
                    help="BANYAN_LOCAL_PORT: first endpoint port (default 17400)")
    ap.add_argument("--local-network", default="0.38",
                    help="BANYAN_LOCAL_NETWORK: nodes on 127.<a.b>.N (default 0.38)")
    ap.add_argument("--password", help="AUTH password for the rw endpoint (also $BANYAN_PASSWORD;"
                    " default: the one `local up` generated, from its log)")
    ap.add_argument("--rate", type=int, default=1000, help="writer's writes per second")
    ap.add_argument("--retry-ms", type=float, default=10, help="writer's pause after an error")
    ap.add_argument("--set-timeout", type=float, default=0.5, help="SET reply timeout (s)")
    ap.add_argument("--wait-timeout", type=float, default=1.5, help="WAIT reply timeout (s)")
    ap.add_argument("--warmup", type=float, default=2, help="writing before the fault (s)")
    ap.add_argument("--settle", type=float, default=1,
                    help="writing after the first success before stopping (s)")
    ap.add_argument("--deadline", type=float, default=120,
                    help="no successful write this long after the fault = no failover (s)")
    ap.add_argument("--recover-timeout", type=float, default=300,
                    help="waiting for Running between Banyan runs (s)")
    ap.add_argument("--stable", type=float, default=3,
                    help="before a Banyan run: Running with the same master this long (s)")
    ap.add_argument("--poll", type=float, default=0.5, help="`local status` polling period (s)")
    ap.add_argument("--json", help="save the raw numbers to this file")
    args = ap.parse_args()
    args.file = os.path.abspath(args.file)

    if not args.skip_sentinel and not shutil.which("redis-server"):
        raise SystemExit("redis-server not found (apt-get install redis-server)")
    cases_wanted = [c for c in args.cases.split(",") if c]
    for c in cases_wanted:
        if c not in ("same-zone", "freeze", "zone-loss", "partition"):
            raise SystemExit(f"unknown case {c!r} (same-zone, freeze, zone-loss, partition)")
    if not args.skip_banyan and not os.access(args.cli, os.X_OK):
        raise SystemExit(f"{args.cli} not found: the Banyan part needs the local mode CLI "
                         "(`bin/banyan local up|status|kill|stop-zone|start-zone|down`). "
                         "Run with --skip-banyan for the Sentinel part only.")

    args.detection_s = detection_timeout_ms(args.file) / 1000
    targets = {"kill, freeze": args.detection_s + 2, "zone loss, partition": args.detection_s + 3}
    load_before = uptime()
    version = subprocess.run(["redis-server", "--version"], capture_output=True,
                             text=True).stdout.split()[2]
    print(f"# Failover: Banyan local mode vs Redis Sentinel ({version}), {os.cpu_count()} cores, "
          f"{time.strftime('%Y-%m-%d %H:%M')}", flush=True)
    print(f"  {load_before}", flush=True)
    cases = {}
    try:
        if not args.skip_banyan:
            local = Local(args)
            local.up()
            try:
                try:
                    local.wait_stable(args.recover_timeout)
                except RunFailed as e:
                    raise SystemExit(f"banyan local up: {e}")
                for case in cases_wanted:
                    cases[f"banyan {case}"] = []
                    if not banyan_case(local, case, args.runs, args, cases[f"banyan {case}"]):
                        print("  the cluster did not recover: skipping the remaining Banyan "
                              "cases", flush=True)
                        break
            finally:
                local.down()
        if not args.skip_sentinel:
            cases["sentinel tuned"] = sentinel_case("tuned", args.runs, args)
            if args.sentinel_default_runs > 0:
                cases["sentinel default"] = sentinel_case("default", args.sentinel_default_runs,
                                                          args)
    finally:
        if args.json and cases:
            os.makedirs(os.path.dirname(os.path.abspath(args.json)), exist_ok=True)
            with open(args.json, "w") as f:
                json.dump({"command": sys.argv, "cores": os.cpu_count(),
                           "load_before": load_before, "load_after": uptime(),
                           "targets_s": targets, "sentinel_configs": SENTINEL_CONFIGS,
                           "cases": cases}, f, indent=1)
    report(cases, args, load_before)


if __name__ == "__main__":
    main()
