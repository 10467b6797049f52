#!/usr/bin/python3
"""regress.py - pg_regress-style tests: run tests/regress/sql/NAME.sql through psql and
compare the output with tests/regress/expected/NAME.out, for cases where the exact text
matters (error messages with LINE/caret positions, NOTICEs, EXPLAIN layout).

psql runs as pg_regress runs it: `psql -X -a -q -d DB < NAME.sql` with stderr merged.
Expected files are generated from PostgreSQL 15 where the behaviour is the same
(`hyrax_server.py --pg -- regress.py --regenerate ...`); the diff is reviewed like code.

Usage: regress.py [--host H --port P --user U] [--regenerate] [NAME...]
Ends with "N passed, M failed".
"""
import argparse
import difflib
import os
import subprocess
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "regress")


def run_psql(args, sql_path):
    env = dict(os.environ, PGTZ="UTC", PGDATESTYLE="ISO, MDY", PGOPTIONS="")
    with open(sql_path, "rb") as f:
        out = subprocess.run(["psql", "-X", "-a", "-q", "-h", args.host, "-p", str(args.port),
                              "-U", args.user, "-d", args.db],
                             stdin=f, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env,
                             timeout=300)
    return out.stdout.decode("utf-8", "replace")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--host", default=os.environ.get("HYRAX_HOST", "127.0.0.1"))
    ap.add_argument("--port", type=int, default=int(os.environ.get("HYRAX_PORT", "5432")))
    ap.add_argument("--user", default=os.environ.get("HYRAX_USER", "postgres"))
    ap.add_argument("--db", default="postgres")
    ap.add_argument("--regenerate", action="store_true", help="write the expected files")
    ap.add_argument("names", nargs="*")
    args = ap.parse_args()
    names = args.names or sorted(n[:-4] for n in os.listdir(os.path.join(ROOT, "sql"))
                                 if n.endswith(".sql"))
    passed = failed = 0
    for name in names:
        got = run_psql(args, os.path.join(ROOT, "sql", name + ".sql"))
        exp_path = os.path.join(ROOT, "expected", name + ".out")
        if args.regenerate:
            with open(exp_path, "w") as f:
                f.write(got)
            print("WROTE %s" % exp_path)
            passed += 1
            continue
        want = open(exp_path).read() if os.path.exists(exp_path) else ""
        if got == want:
            print("PASS %s" % name)
            passed += 1
        else:
            print("FAIL %s" % name)
            sys.stdout.writelines(difflib.unified_diff(
                want.splitlines(True), got.splitlines(True), "expected/" + name + ".out",
                "actual", n=2))
            failed += 1
    print("%d passed, %d failed" % (passed, failed))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
