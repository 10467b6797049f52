#!/usr/bin/python3
"""sequence_stress.py - sequences under concurrency and crashes (storage/sequence/README.md).

Scenario "concurrency": 8 sessions call nextval on shared sequences (CACHE 1 and CACHE 10)
and insert into a table with a serial primary key, all at once (a barrier releases them
together); every value handed out must be distinct, and the serial keys must be exactly the
rows inserted.

Scenario "crash": sessions call nextval in a loop (a side session runs CHECKPOINT) until a
quota of values has been acknowledged, then the server is killed with SIGKILL and
restarted; the first nextval after recovery must be greater than every value acknowledged
before the crash, in each of several rounds.

Usage: sequence_stress.py --binary build/hyrax --scenario concurrency|crash [--rounds 4]
Prints one line per check and "N passed, M failed".
"""
import argparse
import os
import random
import sys
import threading

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
from hyrax_server import HyraxServer  # noqa: E402

import psycopg2  # noqa: E402

SESSIONS = 8


def connect(srv):
    c = psycopg2.connect(host="127.0.0.1", port=srv.port, user=srv.user, dbname="postgres",
                         connect_timeout=10)
    c.autocommit = True
    return c


def run_sessions(target, count):
    """Runs target(session_index, barrier) in `count` threads; returns their results."""
    barrier = threading.Barrier(count)
    results = [None] * count
    errors = []

    def body(i):
        try:
            results[i] = target(i, barrier)
        except Exception as e:  # reported by the caller
            errors.append(repr(e))

    threads = [threading.Thread(target=body, args=(i,)) for i in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(300)
    return results, errors


def concurrency(srv, args):
    checks = []
    conn = connect(srv)
    cur = conn.cursor()
    cur.execute("CREATE SEQUENCE st_plain")
    cur.execute("CREATE SEQUENCE st_cached CACHE 10")
    cur.execute("CREATE TABLE st_rows (id serial PRIMARY KEY, session int NOT NULL)")
    per_session = args.calls

    def worker(i, barrier):
        c = connect(srv)
        k = c.cursor()
        seen = {"st_plain": [], "st_cached": [], "st_rows": []}
        barrier.wait()
        for _ in range(per_session):
            for seq in ("st_plain", "st_cached"):
                k.execute("SELECT nextval(%s)", (seq,))
                seen[seq].append(k.fetchone()[0])
            k.execute("INSERT INTO st_rows (session) VALUES (%s) RETURNING id", (i,))
            seen["st_rows"].append(k.fetchone()[0])
        c.close()
        return seen

    results, errors = run_sessions(worker, SESSIONS)
    checks.append(("no session failed", not errors, "; ".join(errors[:3])))
    for name in ("st_plain", "st_cached", "st_rows"):
        values = [v for r in results if r for v in r[name]]
        dupes = len(values) - len(set(values))
        checks.append(("%s: %d values, all distinct" % (name, len(values)),
                       dupes == 0 and len(values) == SESSIONS * per_session,
                       "%d duplicates" % dupes))
    cur.execute("SELECT count(*), max(id) FROM st_rows")
    n, top = cur.fetchone()
    cur.execute("SELECT count(*) FROM (SELECT id FROM st_rows GROUP BY id) ids")
    distinct = cur.fetchone()[0]
    checks.append(("st_rows: %d rows, ids distinct, max id = rows" % n,
                   n == distinct == top == SESSIONS * per_session, "got %s" % ((n, distinct, top),)))
    cur.execute("SELECT last_value FROM st_plain")
    checks.append(("st_plain last_value = number of calls",
                   cur.fetchone()[0] == SESSIONS * per_session, ""))
    conn.close()
    return checks


def crash(srv, args):
    checks = []
    rng = random.Random(args.seed)
    conn = connect(srv)
    conn.cursor().execute("CREATE SEQUENCE st_crash")
    conn.cursor().execute("CREATE SEQUENCE st_crash_cached CACHE 20")
    conn.close()
    for rnd in range(args.rounds):
        quota = rng.randint(50, 400)
        acked = {"st_crash": [], "st_crash_cached": []}
        lock = threading.Lock()
        enough = threading.Event()

        def caller(i, barrier):
            c = connect(srv)
            k = c.cursor()
            barrier.wait()
            try:
                while True:
                    if i == 0 and rng.random() < 0.05:
                        k.execute("CHECKPOINT")
                    for seq in acked:
                        k.execute("SELECT nextval(%s)", (seq,))
                        v = k.fetchone()[0]
                        with lock:
                            acked[seq].append(v)
                            if len(acked["st_crash"]) >= quota:
                                enough.set()
            except psycopg2.Error:
                return None  # the server went away

        threads = threading.Thread(target=lambda: run_sessions(caller, 4))
        threads.start()
        enough.wait(300)
        srv.kill9()
        threads.join(300)
        srv.start()
        c = connect(srv)
        k = c.cursor()
        for seq, values in acked.items():
            k.execute("SELECT nextval(%s)", (seq,))
            after = k.fetchone()[0]
            top = max(values) if values else 0
            checks.append(("round %d %s: %d values acknowledged, max %d, next after crash %d" % (
                rnd + 1, seq, len(values), top, after), bool(values) and after > top, ""))
        c.close()
    return checks


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary", required=True)
    ap.add_argument("--scenario", choices=["concurrency", "crash"], required=True)
    ap.add_argument("--rounds", type=int, default=4)
    ap.add_argument("--calls", type=int, default=200)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    srv = HyraxServer(args.binary)
    srv.start()
    failed = 0
    checks = []
    try:
        checks = concurrency(srv, args) if args.scenario == "concurrency" else crash(srv, args)
        for name, ok, detail in checks:
            print("%s %s%s" % ("PASS" if ok else "FAIL", name, "" if ok or not detail
                                else " (" + detail + ")"))
            failed += not ok
    finally:
        srv.stop()
        if failed == 0:
            srv.__exit__(None, None, None)
        else:
            print("data directory kept: %s (log %s)" % (srv.datadir, srv.log_path))
    print("%d passed, %d failed" % (len(checks) - failed, failed))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
