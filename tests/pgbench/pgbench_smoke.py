#!/usr/bin/python3
"""pgbench_smoke.py - pgbench end to end against a fresh Hyrax server (issue 4).

Runs `pgbench -i -s 1 --foreign-keys` (which includes VACUUM ANALYZE of the pgbench tables
and adds pgbench's 5 foreign keys with ALTER TABLE, each validated and then checked by every
history insert), then for each
query mode (simple, extended, prepared) a tpcb-like run of 200 transactions per client with
4 clients, and checks after each run that pgbench reported 0 failed transactions, that every
transaction was processed, and that the balance invariant holds:
  sum(abalance) = sum(bbalance) = sum(tbalance) = sum(delta of pgbench_history).
A last run has 8 clients increment random rows of a 10-row table (-t 1000 each) with
single-statement UPDATEs, which exercises READ COMMITTED's re-check of concurrently
updated rows: every UPDATE must count (no lost updates). No timing is asserted. Skips (passing) when pgbench is not installed.

Usage: pgbench_smoke.py --binary build/hyrax
"""
import argparse
import os
import re
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
from hyrax_server import HyraxServer  # noqa: E402

import psycopg2  # noqa: E402

CLIENTS = 4
TRANSACTIONS = 200


def run(cmd, env):
    proc = subprocess.run(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          text=True, timeout=600)
    return proc.returncode, proc.stdout


def balances(srv):
    conn = psycopg2.connect(host="127.0.0.1", port=srv.port, user=srv.user, dbname="postgres")
    try:
        cur = conn.cursor()
        cur.execute("select (select coalesce(sum(abalance), 0) from pgbench_accounts),"
                    " (select coalesce(sum(bbalance), 0) from pgbench_branches),"
                    " (select coalesce(sum(tbalance), 0) from pgbench_tellers),"
                    " (select coalesce(sum(delta), 0) from pgbench_history),"
                    " (select count(*) from pgbench_history)")
        return cur.fetchone()
    finally:
        conn.close()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary", required=True)
    args = ap.parse_args()
    pgbench = shutil.which("pgbench")
    if pgbench is None:
        print("pgbench not installed: skipped")
        return 0
    failures = []
    with HyraxServer(args.binary) as srv:
        env = srv.env()
        base = [pgbench, "-h", "127.0.0.1", "-p", str(srv.port), "-U", srv.user]
        rc, out = run(base + ["-i", "-s", "1", "--foreign-keys", "postgres"], env)
        if rc != 0:
            print(out)
            print("pgbench -i failed")
            return 1
        conn = psycopg2.connect(host="127.0.0.1", port=srv.port, user=srv.user,
                                dbname="postgres")
        cur = conn.cursor()
        cur.execute("SELECT count(*) FROM pg_constraint WHERE contype = 'f'")
        foreign_keys = cur.fetchone()[0]
        conn.close()
        if foreign_keys != 5:
            print(f"pgbench -i --foreign-keys made {foreign_keys} foreign keys, expected 5")
            return 1
        print("pgbench -i -s 1 --foreign-keys: ok")
        history_rows = 0
        for mode in ("simple", "extended", "prepared"):
            rc, out = run(base + ["-n", "-b", "tpcb-like", "-M", mode, "-c", str(CLIENTS),
                                  "-t", str(TRANSACTIONS), "postgres"], env)
            failed = re.search(r"number of failed transactions: (\d+)", out)
            processed = re.search(r"number of transactions actually processed: (\d+)", out)
            a, b, t, h, count = balances(srv)
            history_rows += CLIENTS * TRANSACTIONS
            problems = []
            if rc != 0:
                problems.append(f"exit code {rc}")
            if failed is None or int(failed.group(1)) != 0:
                problems.append("failed transactions: " + (failed.group(1) if failed else "?"))
            if processed is None or int(processed.group(1)) != CLIENTS * TRANSACTIONS:
                problems.append("processed: " + (processed.group(1) if processed else "?"))
            if not (a == b == t == h):
                problems.append(f"balances differ: accounts {a}, branches {b}, tellers {t}, "
                                f"history {h}")
            if count != history_rows:
                problems.append(f"pgbench_history has {count} rows, expected {history_rows}")
            if problems:
                print(out)
                failures.append(mode)
                print(f"-M {mode}: FAILED: " + "; ".join(problems))
            else:
                print(f"-M {mode}: ok (balance sum {a})")
        # Hot rows: lost updates show up as a sum below the number of transactions.
        conn = psycopg2.connect(host="127.0.0.1", port=srv.port, user=srv.user,
                                dbname="postgres")
        conn.autocommit = True
        cur = conn.cursor()
        cur.execute("DROP TABLE IF EXISTS smoke_hot")
        cur.execute("CREATE TABLE smoke_hot (id int PRIMARY KEY, n bigint NOT NULL)")
        cur.execute("INSERT INTO smoke_hot SELECT g, 0 FROM generate_series(1, 10) g")
        script = os.path.join(srv.datadir, "hot.sql")
        with open(script, "w") as f:
            f.write("\\set id random(1, 10)\nUPDATE smoke_hot SET n = n + 1 WHERE id = :id;\n")
        rc, out = run(base + ["-n", "-f", script, "-c", "8", "-j", "2", "-t", "1000",
                              "postgres"], env)
        cur.execute("SELECT sum(n) FROM smoke_hot")
        total = cur.fetchone()[0]
        conn.close()
        if rc != 0 or total != 8000:
            print(out)
            failures.append("hot rows")
            print(f"hot rows: FAILED: exit code {rc}, sum {total}, expected 8000")
        else:
            print("hot rows: ok (8000 updates counted)")
    print(f"{4 - len(failures)} passed, {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
