#!/usr/bin/python3
"""conformance.py - runs the shared conformance suites (../shared/tools, ../shared/corpus)
against a Hyrax server started for the run, and fails when a committed expectation regresses.

Sub-commands (each starts its own Hyrax on a free port and stops it):
  slt        sqllogictest files: every file in slt_passing.txt must pass completely (CI runs
             only those; --update runs the whole corpus and adds what newly passes).
             --update rewrites the list with every fully passing file (it may only grow:
             removing a file is refused unless --allow-shrink, which reviewers should reject).
  difftest   PostgreSQL regression scripts, each statement compared with a throw-away
             PostgreSQL 15; each file's match count must be >= its line in
             difftest_baseline.tsv (--update raises the baselines, never lowers them).
  clients    the client matrix (psql, psycopg2, psycopg3, node-pg, pgjdbc, pgx, ...); every
             client in clients_passing.txt must pass.
  protofuzz  hostile protocol input (2000 cases by default); every generator not listed in
             protofuzz_excluded.txt must pass.
  limits     resource limits and authentication checks; every check not listed in
             limits_excluded.txt must pass.

When ../shared is missing the command prints why it skipped and exits 0.
Usage: conformance.py SUBCOMMAND --binary build/hyrax [--update]
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
SHARED = os.path.normpath(os.path.join(ROOT, "..", "shared"))
TOOLS = os.path.join(SHARED, "tools")
CORPUS = os.path.join(SHARED, "corpus")
PY = "/usr/bin/python3"

sys.path.insert(0, os.path.join(ROOT, "tests", "support"))
from hyrax_server import HyraxServer, PostgresServer  # noqa: E402

SERVER_CONF = ["max_connections=40", "superuser_reserved_connections=3"]


def read_list(name):
    path = os.path.join(HERE, name)
    if not os.path.exists(path):
        return []
    with open(path) as f:
        return [l.strip() for l in f if l.strip() and not l.startswith("#")]


def write_list(name, header, items):
    with open(os.path.join(HERE, name), "w") as f:
        f.write(header.rstrip() + "\n")
        for item in items:
            f.write(item + "\n")


def run(cmd, env=None, timeout=3600):
    print("+ " + " ".join(cmd), flush=True)
    return subprocess.run(cmd, env=env, timeout=timeout, capture_output=True, text=True)


def cmd_slt(args):
    files = sorted(os.path.join(dp, f) for dp, _, fs in os.walk(os.path.join(CORPUS, "sqllogictest"))
                   for f in fs if f.endswith(".test"))
    listed = read_list("slt_passing.txt")
    if not args.update:
        # CI runs only the files known to pass (the whole corpus takes ~10 minutes on two
        # cores); --update runs everything and adds what newly passes.
        files = [os.path.join(CORPUS, f) for f in listed if os.path.exists(os.path.join(CORPUS, f))]
    with HyraxServer(args.binary, extra_conf=SERVER_CONF) as srv, \
            tempfile.NamedTemporaryFile(suffix=".json") as out:
        r = run([PY, os.path.join(TOOLS, "slt.py"), "--host", "127.0.0.1", "--port", str(srv.port),
                 "--user", srv.user, "--db", "postgres", "--known-failures",
                 os.path.join(CORPUS, "sqllogictest", "pg15_known_failures.txt"),
                 "--relative-to", CORPUS, "--json", out.name] + files)
        print(r.stdout[-4000:])
        report = json.load(open(out.name))
    passing = sorted(os.path.relpath(p, CORPUS) for p, v in report["files"].items()
                     if v.get("failed", 1) == 0 and not v.get("error"))
    print("slt: %d of %d files pass; %d records passed, %d failed" % (
        len(passing), len(files), report["passed"], report["failed"]))
    return check_list(args, "slt_passing.txt", listed, passing,
                      "# sqllogictest files (relative to ../shared/corpus) that pass completely.\n"
                      "# May only grow: tests/conformance/conformance.py slt --update")


def check_list(args, name, listed, passing, header):
    missing = [f for f in listed if f not in passing]
    if args.update:
        if missing and not args.allow_shrink:
            print("refusing to shrink %s: %s" % (name, missing))
            return 1
        write_list(name, header, sorted(set(passing) | (set() if args.allow_shrink else set(listed))))
        print("updated %s (%d entries)" % (name, len(set(passing) | set(listed))))
        return 0
    for f in missing:
        print("REGRESSION: %s no longer passes" % f)
    new = [f for f in passing if f not in listed]
    if new:
        print("note: %d more pass than listed (run with --update): %s" % (len(new), new[:10]))
    return 1 if missing else 0


def cmd_difftest(args):
    sql_dir = os.path.join(CORPUS, "pg_regress", "sql")
    files = sorted(os.path.join(sql_dir, f) for f in os.listdir(sql_dir)
                   if f.endswith(".sql") and f != "test_setup.sql")
    baseline = {}
    for line in read_list("difftest_baseline.tsv"):
        name, count, total = line.split("\t")
        baseline[name] = int(count)
    with PostgresServer() as ref, HyraxServer(args.binary, extra_conf=SERVER_CONF) as cand, \
            tempfile.NamedTemporaryFile(suffix=".json") as out:
        r = run([PY, os.path.join(TOOLS, "difftest.py"), "--ref", "%s@127.0.0.1:%d" % (ref.user, ref.port),
                 "--cand", "%s@127.0.0.1:%d" % (cand.user, cand.port), "--setup",
                 os.path.join(sql_dir, "test_setup.sql"), "--abs-srcdir",
                 os.path.join(CORPUS, "pg_regress"), "--json", out.name] + files, timeout=5400)
        print(r.stdout[-6000:])
        report = json.load(open(out.name))
    rows, status, total_match, total_all = [], 0, 0, 0
    for path, v in sorted(report.get("files", {}).items()):
        name = os.path.basename(path)
        matched, total = v.get("matched", 0), v.get("total", 0)
        total_match += matched
        total_all += total
        rows.append("%s\t%d\t%d" % (name, matched, total))
        if matched < baseline.get(name, 0):
            print("REGRESSION: %s matches %d statements, baseline %d" % (name, matched, baseline[name]))
            status = 1
    pct = 100.0 * total_match / total_all if total_all else 0.0
    print("difftest: %d of %d statements match (%.1f%%)" % (total_match, total_all, pct))
    if args.update and status == 0:
        merged = []
        for row in rows:
            name, matched, total = row.split("\t")
            merged.append("%s\t%d\t%s" % (name, max(int(matched), baseline.get(name, 0)), total))
        write_list("difftest_baseline.tsv",
                   "# file\tmatching statements (baseline, may only rise)\ttotal statements", merged)
    return status


def cmd_clients(args):
    listed = read_list("clients_passing.txt")
    install = run(["bash", os.path.join(TOOLS, "clients", "install.sh")], timeout=3600)
    if install.returncode != 0:
        print(install.stdout[-3000:], install.stderr[-3000:])
        return 1
    with HyraxServer(args.binary, extra_conf=SERVER_CONF) as srv:
        env = dict(os.environ, PGPASSWORD="")
        r = run(["bash", os.path.join(TOOLS, "clients", "run.sh"), "127.0.0.1", str(srv.port),
                 srv.user, "postgres"], env=env, timeout=1800)
    print(r.stdout[-4000:], r.stderr[-2000:])
    passing = [l.split(":")[0] for l in r.stdout.splitlines() if l.endswith(": PASS")]
    return check_list(args, "clients_passing.txt", listed, passing,
                      "# clients of ../shared/tools/clients/run.sh that pass against Hyrax.\n"
                      "# May only grow: tests/conformance/conformance.py clients --update")


def cmd_protofuzz(args):
    excluded = set(read_list("protofuzz_excluded.txt"))
    with HyraxServer(args.binary, extra_conf=SERVER_CONF) as srv, \
            tempfile.NamedTemporaryFile(suffix=".json") as out:
        r = run([PY, os.path.join(TOOLS, "crash", "protofuzz.py"), "--host", "127.0.0.1",
                 "--port", str(srv.port), "--user", srv.user, "--db", "postgres", "--cases",
                 str(args.cases), "--seed", "1", "--json-report", out.name], timeout=3600)
        print(r.stdout[-4000:])
        report = json.load(open(out.name))
    failing = {c.get("name") for c in report.get("failures", [])}
    bad = sorted(g for g in failing if g not in excluded)
    for g in bad:
        print("FAIL generator %s" % g)
    return 1 if bad or (r.returncode != 0 and not failing) else 0


def cmd_limits(args):
    excluded = set(read_list("limits_excluded.txt"))
    with HyraxServer(args.binary, extra_conf=SERVER_CONF) as srv:
        r = run([PY, os.path.join(TOOLS, "crash", "limits.py"), "--host", "127.0.0.1", "--port",
                 str(srv.port), "--user", srv.user, "--db", "postgres"], timeout=1800)
    print(r.stdout[-6000:])
    bad = [l for l in r.stdout.splitlines() if l.startswith("FAIL")
           and l.split()[1] not in excluded]
    return 1 if bad else 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("command", choices=["slt", "difftest", "clients", "protofuzz", "limits"])
    ap.add_argument("--binary", required=True)
    ap.add_argument("--update", action="store_true")
    ap.add_argument("--allow-shrink", action="store_true")
    ap.add_argument("--cases", type=int, default=2000)
    args = ap.parse_args()
    if not os.path.isdir(TOOLS) or not os.path.isdir(CORPUS):
        print("conformance %s: skipped, ../shared (tools and corpus) is not present" % args.command)
        return 0
    return {"slt": cmd_slt, "difftest": cmd_difftest, "clients": cmd_clients,
            "protofuzz": cmd_protofuzz, "limits": cmd_limits}[args.command](args)


if __name__ == "__main__":
    sys.exit(main())
