#!/usr/bin/env python3
"""TLS throughput: Banyan (OpenSSL provider, and JDK provider) vs redis-server with TLS, same run.

Makes a throwaway CA and server certificate with the openssl CLI, starts redis-server and two
Banyan nodes (banyan-tls-provider openssl / jdk), each with a plain and a TLS port on loopback,
and runs redis-benchmark (--tls for the TLS ports) with identical parameters against every
target, -P 1 and -P 16, interleaved over rounds (the order rotates each round). Prints medians,
the ratio of each Banyan TLS target to redis-server TLS, and TLS vs plain for each server.

redis-benchmark shares the machine's cores with the server under test and does its own TLS work:
on a small machine the client's encryption weighs on every TLS number, Redis's included, which is
why only ratios measured in the same run are meaningful.

Usage: bench/tls.py [--rounds N] [--requests N] [--warmup N]
Needs: the data node built (mvn -pl data-node -am package -DskipTests), redis-server,
redis-benchmark, openssl.
"""
import argparse
import csv
import io
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from compare import stop, wait_port  # noqa: E402

TESTS = "ping_inline,set,get"
NAMES = ["PING_INLINE", "SET", "GET"]
CLIENTS = 50


def openssl(*args):
    subprocess.run(["openssl", *args], check=True, capture_output=True)


def make_certificates(d):
    """A CA and a server certificate for localhost/127.0.0.1, EC P-256 (fast handshakes)."""
    ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
    openssl("req", "-x509", *ec, "-keyout", f"{d}/ca.key", "-out", f"{d}/ca.crt",
            "-days", "2", "-subj", "/CN=bench CA")
    openssl("req", *ec, "-keyout", f"{d}/server.key", "-out", f"{d}/server.csr",
            "-subj", "/CN=localhost")
    with open(f"{d}/ext.cnf", "w") as f:
        f.write("subjectAltName=DNS:localhost,IP:127.0.0.1\n"
                "extendedKeyUsage=serverAuth,clientAuth\n")
    openssl("x509", "-req", "-in", f"{d}/server.csr", "-CA", f"{d}/ca.crt", "-CAkey",
            f"{d}/ca.key", "-CAcreateserial", "-out", f"{d}/server.crt", "-days", "2",
            "-extfile", f"{d}/ext.cnf")


def tls_options(d):
    # No client certificates: they only change the handshake, and redis-benchmark connects once.
    return ["--tls-cert-file", f"{d}/server.crt", "--tls-key-file", f"{d}/server.key",
            "--tls-ca-cert-file", f"{d}/ca.crt", "--tls-auth-clients", "no"]


def start(cmd, ports):
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for port in ports:
        wait_port(port, timeout=60)  # a JVM and a TLS context to build
    return p


def bench(port, tls, ca, pipeline, requests):
    cmd = ["redis-benchmark", "-h", "127.0.0.1", "-p", str(port), "-c", str(CLIENTS),
           "-P", str(pipeline), "-n", str(requests), "-r", "100000", "-t", TESTS, "--csv"]
    if tls:
        cmd += ["--tls", "--cacert", ca]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    return {row["test"]: float(row["rps"]) for row in csv.DictReader(io.StringIO(out))}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--requests", type=int, default=100_000)
    ap.add_argument("--warmup", type=int, default=1, help="warm-up passes over every target")
    args = ap.parse_args()
    for tool in ("redis-server", "redis-benchmark", "openssl"):
        if not shutil.which(tool):
            raise SystemExit(f"{tool} not found")
    launcher = os.path.join(ROOT, "data-node", "bin", "banyan-node")
    if not os.path.exists(os.path.join(ROOT, "data-node", "target", "banyan-node.jar")):
        raise SystemExit("build the data node first (mvn -pl data-node -am package -DskipTests)")

    with tempfile.TemporaryDirectory() as d:
        make_certificates(d)
        ca = f"{d}/ca.crt"
        common = ["--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
        servers = []
        try:
            os.makedirs(f"{d}/r")
            servers.append(start(["redis-server", "--port", "16601", "--tls-port", "16602",
                                  "--dir", f"{d}/r", *common, *tls_options(d)], [16601, 16602]))
            for provider, plain, tls in (("openssl", 16611, 16612), ("jdk", 16621, 16622)):
                os.makedirs(f"{d}/{provider}")
                servers.append(start([launcher, "--port", str(plain), "--tls-port", str(tls),
                                      "--banyan-tls-provider", provider,
                                      "--dir", f"{d}/{provider}", *common, *tls_options(d)],
                                     [plain, tls]))
            # name -> (port, over TLS)
            targets = {
                "redis plain": (16601, False),
                "redis TLS": (16602, True),
                "banyan plain": (16611, False),
                "banyan TLS openssl": (16612, True),
                "banyan TLS jdk": (16622, True),
            }
            results = {(t, p): [] for t in targets for p in (1, 16)}
            for _ in range(args.warmup):
                for port, tls in targets.values():
                    for pipeline in (16, 1):
                        bench(port, tls, ca, pipeline, args.requests)
            names = list(targets)
            for r in range(args.rounds):
                order = names[r % len(names):] + names[:r % len(names)]
                for pipeline in (1, 16):
                    for name in order:
                        port, tls = targets[name]
                        results[(name, pipeline)].append(
                            bench(port, tls, ca, pipeline, args.requests))
        finally:
            for p in servers:
                stop(p)

    version = subprocess.run(["redis-server", "--version"], capture_output=True,
                             text=True).stdout.split()[2]
    print(f"# TLS: Banyan vs redis-server ({version}), {os.cpu_count()} cores, "
          f"{time.strftime('%Y-%m-%d %H:%M')}")
    print(f"redis-benchmark -c {CLIENTS} -n {args.requests} -r 100000 -t {TESTS}, "
          f"median of {args.rounds} interleaved rounds (requests per second)")
    for pipeline in (1, 16):
        print(f"\n## -P {pipeline}\n")
        print("| test | redis plain | redis TLS | banyan plain | banyan TLS (OpenSSL) "
              "| banyan TLS (JDK) | OpenSSL / redis TLS | JDK / redis TLS "
              "| TLS/plain redis | TLS/plain banyan OpenSSL | TLS/plain banyan JDK |")
        print("| --- " + "| ---: " * 10 + "|")
        for test in NAMES:
            def med(name):
                return statistics.median(run[test] for run in results[(name, pipeline)])
            rp, rt = med("redis plain"), med("redis TLS")
            bp, bo, bj = med("banyan plain"), med("banyan TLS openssl"), med("banyan TLS jdk")
            print(f"| {test} | {rp:,.0f} | {rt:,.0f} | {bp:,.0f} | {bo:,.0f} | {bj:,.0f} "
                  f"| {bo / rt:.2f} | {bj / rt:.2f} | {rt / rp:.2f} | {bo / bp:.2f} "
                  f"| {bj / bp:.2f} |")


if __name__ == "__main__":
    sys.exit(main())
