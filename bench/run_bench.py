#!/usr/bin/python3
"""run_bench.py - Hyrax against PostgreSQL 15 on the same machine, in the same run.

Starts a throw-away PostgreSQL 15 cluster and a Hyrax server with equivalent settings
(fsync on, synchronous_commit on, the same shared_buffers), then runs each workload on
both, alternating PostgreSQL and Hyrax for every repetition so machine noise hits both
alike, and prints (and writes to bench/results/) a table of throughput and latency per
workload with the ratio Hyrax/PostgreSQL.

Workloads (pgbench at scale --scale, default 10):
  init          pgbench -i -s N (load time, seconds: lower is better)
  tpcb-1/8      built-in tpcb-like, 1 and 8 clients, -M simple and -M prepared
  select-1/8    built-in select-only, 1 and 8 clients, -M simple and -M prepared
  copy-1m       COPY of 1,000,000 rows from STDIN into a 3-column table (seconds)

Usage: bench/run_bench.py --binary build/hyrax [--scale 10] [--seconds 30] [--reps 1]
       [--only init,tpcb-1-simple,...]
"""
import argparse
import datetime
import os
import platform
import re
import statistics
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests",
                                "support"))
from hyrax_server import HyraxServer, PostgresServer  # noqa: E402

PGBENCH = "/usr/lib/postgresql/15/bin/pgbench"
PSQL = "psql"
# ssl=off on both: `hyrax init` turns TLS on with a generated certificate and libpq's default
# sslmode=prefer would then encrypt Hyrax's traffic only (a fresh initdb has ssl off).
SETTINGS = ["shared_buffers=128MB", "fsync=on", "synchronous_commit=on",
            "max_connections=50", "ssl=off"]


def pgbench(srv, args, timeout):
    cmd = [PGBENCH, "-h", "127.0.0.1", "-p", str(srv.port), "-U", srv.user] + args + ["postgres"]
    t0 = time.monotonic()
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    elapsed = time.monotonic() - t0
    if out.returncode != 0:
        raise RuntimeError("pgbench failed (%s): %s" % (" ".join(args), out.stderr[-2000:]))
    return out.stdout + out.stderr, elapsed


def parse_run(text):
    tps = float(re.search(r"tps = ([0-9.]+) \(without initial connection time\)", text).group(1))
    lat = float(re.search(r"latency average = ([0-9.]+) ms", text).group(1))
    failed = re.search(r"number of failed transactions: (\d+)", text)
    return {"tps": tps, "latency_ms": lat, "failed": int(failed.group(1)) if failed else 0}


def workload_init(srv, args):
    _, elapsed = pgbench(srv, ["-i", "-s", str(args.scale), "-q"], timeout=3600)
    return {"seconds": elapsed}


def make_run(script, clients, mode):
    def run(srv, args):
        text, _ = pgbench(srv, ["-b", script, "-c", str(clients), "-j", str(min(clients, 2)),
                                "-T", str(args.seconds), "-M", mode], timeout=args.seconds + 600)
        return parse_run(text)
    return run


def workload_copy(srv, args):
    rows = 1_000_000
    sql = ("DROP TABLE IF EXISTS bench_copy; CREATE TABLE bench_copy (id int, v int, s text);")
    subprocess.run([PSQL, "-h", "127.0.0.1", "-p", str(srv.port), "-U", srv.user, "-d",
                    "postgres", "-q", "-c", sql], check=True, capture_output=True)
    data = "".join("%d\t%d\tpayload-%d\n" % (i, i % 1000, i) for i in range(rows)).encode()
    t0 = time.monotonic()
    subprocess.run([PSQL, "-h", "127.0.0.1", "-p", str(srv.port), "-U", srv.user, "-d",
                    "postgres", "-q", "-c", "COPY bench_copy FROM STDIN"], input=data,
                   check=True, capture_output=True)
    return {"seconds": time.monotonic() - t0}


def workloads():
    w = [("init", workload_init, "seconds")]
    for script, short in (("tpcb-like", "tpcb"), ("select-only", "select")):
        for clients in (1, 8):
            for mode in ("simple", "prepared"):
                w.append(("%s-%d-%s" % (short, clients, mode), make_run(script, clients, mode),
                          "tps"))
    w.append(("copy-1m", workload_copy, "seconds"))
    return w


def machine():
    cpu = "?"
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return "%s, %d cores, %.0f GiB RAM, %s" % (cpu, os.cpu_count(), mem, platform.platform())


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary", required=True)
    ap.add_argument("--scale", type=int, default=10)
    ap.add_argument("--seconds", type=int, default=30)
    ap.add_argument("--reps", type=int, default=1)
    ap.add_argument("--only", default="")
    ap.add_argument("--out", default=os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                                  "results"))
    args = ap.parse_args()
    only = set(filter(None, args.only.split(",")))
    chosen = [w for w in workloads() if not only or w[0] in only]
    results = {name: {"pg": [], "hyrax": []} for name, _, _ in chosen}
    servers = {"pg": PostgresServer(extra_conf=SETTINGS),
               "hyrax": HyraxServer(args.binary, extra_conf=SETTINGS)}
    for s in servers.values():
        s.start()
    try:
        # The run workloads need pgbench's tables: initialise both first (also measured).
        for rep in range(args.reps):
            for name, fn, metric in chosen:
                for engine in ("pg", "hyrax"):
                    r = fn(servers[engine], args)
                    results[name][engine].append(r)
                    print("%-20s %-6s %s" % (name, engine, r), flush=True)
    finally:
        for s in servers.values():
            s.__exit__(None, None, None)

    lines = ["# Hyrax vs PostgreSQL 15 — %s" % datetime.datetime.now().isoformat(timespec="seconds"),
             "", "Machine: %s" % machine(),
             "Command: `%s`" % " ".join(sys.argv), "",
             "| workload | metric | PostgreSQL 15 | Hyrax | Hyrax/PG |", "|---|---|---|---|---|"]
    for name, _, metric in chosen:
        pg = statistics.median(r[metric] for r in results[name]["pg"])
        hx = statistics.median(r[metric] for r in results[name]["hyrax"])
        # For times, the ratio is inverted so that > 1.0 always means Hyrax is better.
        ratio = (hx / pg) if metric == "tps" else (pg / hx if hx else 0)
        unit = "tps" if metric == "tps" else "s (lower is better)"
        extra = ""
        if metric == "tps":
            lat_pg = statistics.median(r["latency_ms"] for r in results[name]["pg"])
            lat_hx = statistics.median(r["latency_ms"] for r in results[name]["hyrax"])
            extra = " (lat %.2f / %.2f ms)" % (lat_pg, lat_hx)
        lines.append("| %s | %s | %.2f | %.2f | %.2fx%s |" % (name, unit, pg, hx, ratio, extra))
    lines.append("")
    lines.append("Ratio > 1.0 means Hyrax is faster (for load times: took less time).")
    report = "\n".join(lines)
    print(report)
    os.makedirs(args.out, exist_ok=True)
    path = os.path.join(args.out, "bench-%s.md" % datetime.datetime.now().strftime("%Y%m%d-%H%M%S"))
    with open(path, "w") as f:
        f.write(report + "\n")
    print("written to %s" % path)


if __name__ == "__main__":
    main()
