#!/usr/bin/python3
"""upsert_concurrency.py - INSERT ... ON CONFLICT under concurrent sessions, through the server.

Scenarios against one fresh server (tests/support/hyrax_server.py):

  storm       8 sessions upsert overlapping keys (each session goes through the same 300
              keys in its own shuffled order, several times): DO UPDATE SET n = n + 1 on
              one table, DO NOTHING ... RETURNING on another, single rows and multi-row
              statements with sorted keys. No statement may fail (in particular no 23505);
              afterwards every key is stored once, sum(n) equals the number of DO UPDATE
              rows sent, exactly one DO NOTHING per key returned its row, and
              bt_index_check / bt_index_parent_check pass on both primary keys.
  race        8 sessions meet at a barrier before each of 300 fresh keys and upsert it at
              once (DO NOTHING ... RETURNING for even keys, DO UPDATE SET n = n + 1
              RETURNING for odd ones), so speculative insertions really collide and are
              killed and retried: no errors, each even key returned by exactly one session,
              each odd key's n is 8, every DO UPDATE statement returned one row.
  wait        A inserts key 1 in an open transaction; B's upsert of key 1 blocks until A
              ends. After A's COMMIT, B's DO NOTHING inserts nothing ("INSERT 0 0") and
              B's DO UPDATE updates A's row; after A's ROLLBACK, B inserts its own row.

No sleeps or timing thresholds decide anything: "B is blocked" is observed as B's backend
sleeping on a futex while running its INSERT (/proc/<pid>/syscall, as btree_concurrency.py),
polled with a deadline only against hangs.

Usage: upsert_concurrency.py --binary build/hyrax [--scenario NAME ...]
Prints one line per scenario and "N passed, M failed".
"""
import argparse
import os
import random
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from hyrax_server import HyraxServer  # noqa: E402
from btree_concurrency import (HANG_DEADLINE_S, Failure, backend_blocked, check_indexes,  # noqa: E402
                               connect, run_threads)

import psycopg2  # noqa: E402

SESSIONS = 8
KEYS = 300
ROUNDS = 3


# ---- storm ----

def storm_session(srv, w, tally, lock):
    conn = connect(srv)
    cur = conn.cursor()
    rng = random.Random(w)
    updates = 0
    returned = []
    for _ in range(ROUNDS):
        keys = list(range(KEYS))
        rng.shuffle(keys)
        i = 0
        while i < len(keys):
            if rng.random() < 0.2:
                batch = sorted(keys[i:i + 4])  # sorted: sessions lock rows in one order
                i += 4
            else:
                batch = [keys[i]]
                i += 1
            values = ", ".join("(%d, 1)" % k for k in batch)
            try:
                cur.execute("INSERT INTO ups_count VALUES %s ON CONFLICT (k) DO UPDATE "
                            "SET n = ups_count.n + excluded.n" % values)
                updates += len(batch)
                cur.execute("INSERT INTO ups_once VALUES %s ON CONFLICT DO NOTHING "
                            "RETURNING k" % ", ".join("(%d, %d)" % (k, w) for k in batch))
                returned.extend(row[0] for row in cur.fetchall())
            except psycopg2.Error as e:
                raise Failure("session %d keys %s: %s %s" % (w, batch, e.pgcode, e))
    with lock:
        tally["updates"] += updates
        tally["returned"].extend(returned)
    conn.close()


def scenario_storm(srv):
    conn = connect(srv)
    cur = conn.cursor()
    cur.execute("DROP TABLE IF EXISTS ups_count, ups_once")
    cur.execute("CREATE TABLE ups_count (k int PRIMARY KEY, n int NOT NULL)")
    cur.execute("CREATE TABLE ups_once (k int PRIMARY KEY, w int NOT NULL)")
    tally = {"updates": 0, "returned": []}
    lock = threading.Lock()
    run_threads([(storm_session, (srv, w, tally, lock)) for w in range(SESSIONS)])
    cur.execute("SELECT count(*), count(DISTINCT k), sum(n) FROM ups_count")
    count, distinct, total = cur.fetchone()
    if count != KEYS or distinct != KEYS:
        raise Failure("ups_count holds %d rows (%d keys), want %d" % (count, distinct, KEYS))
    if total != tally["updates"]:
        raise Failure("sum(n) = %d, want %d upserts" % (total, tally["updates"]))
    cur.execute("SELECT count(*), count(DISTINCT k) FROM ups_once")
    count, distinct = cur.fetchone()
    if count != KEYS or distinct != KEYS:
        raise Failure("ups_once holds %d rows (%d keys), want %d" % (count, distinct, KEYS))
    returned = sorted(tally["returned"])
    if returned != list(range(KEYS)):
        raise Failure("DO NOTHING ... RETURNING returned %d rows, want each key once"
                      % len(returned))
    check_indexes(cur, ["ups_count_pkey", "ups_once_pkey"])
    conn.close()
    return "%d sessions, %d upserts, %d keys, no errors" % (SESSIONS, tally["updates"], KEYS)


# ---- race ----

RACE_KEYS = 300


def race_session(srv, barrier, counts, lock):
    conn = connect(srv)
    cur = conn.cursor()
    for k in range(RACE_KEYS):
        barrier.wait()  # every session sends its upsert of key k at the same moment
        if k % 2 == 0:
            sql = "INSERT INTO ups_race VALUES (%s, 1, %s) ON CONFLICT DO NOTHING RETURNING n"
        else:
            sql = ("INSERT INTO ups_race VALUES (%s, 1, %s) ON CONFLICT (k) "
                   "DO UPDATE SET n = ups_race.n + 1 RETURNING n")
        try:
            cur.execute(sql, (k, k % 7))
        except psycopg2.Error as e:
            barrier.abort()
            raise Failure("key %d: %s %s" % (k, e.pgcode, e))
        rows = cur.fetchall()
        with lock:
            counts[k] = counts.get(k, 0) + len(rows)
    conn.close()


def scenario_race(srv):
    conn = connect(srv)
    cur = conn.cursor()
    cur.execute("DROP TABLE IF EXISTS ups_race")
    cur.execute("CREATE TABLE ups_race (k int PRIMARY KEY, n int NOT NULL, g int)")
    cur.execute("CREATE INDEX ups_race_g ON ups_race (g)")  # a non-unique index as well
    barrier = threading.Barrier(SESSIONS)
    counts = {}
    lock = threading.Lock()
    run_threads([(race_session, (srv, barrier, counts, lock)) for _ in range(SESSIONS)])
    for k in range(RACE_KEYS):
        want = 1 if k % 2 == 0 else SESSIONS
        if counts.get(k) != want:
            raise Failure("key %d returned %s rows in all, want %d" % (k, counts.get(k), want))
    cur.execute("SELECT count(*) FROM ups_race")
    if cur.fetchone()[0] != RACE_KEYS:
        raise Failure("ups_race does not hold %d rows" % RACE_KEYS)
    cur.execute("SELECT count(*) FROM ups_race WHERE n <> CASE WHEN k %% 2 = 0 THEN 1 ELSE %s END",
                (SESSIONS,))
    if cur.fetchone()[0] != 0:
        raise Failure("some key's n is not the number of upserts that reached it")
    check_indexes(cur, ["ups_race_pkey", "ups_race_g"])
    conn.close()
    return "%d keys upserted by %d sessions at once, no errors" % (RACE_KEYS, SESSIONS)


# ---- wait ----

def wait_case(srv, action, first_ends_with):
    a, b = connect(srv), connect(srv)
    ca, cb = a.cursor(), b.cursor()
    ca.execute("DROP TABLE IF EXISTS ups_wait")
    ca.execute("CREATE TABLE ups_wait (id int PRIMARY KEY, who text)")
    cb.execute("SELECT pg_backend_pid()")
    b_pid = cb.fetchone()[0]
    ca.execute("BEGIN")
    ca.execute("INSERT INTO ups_wait VALUES (1, 'a')")
    outcome = {}
    b_returned = threading.Event()
    sql = "INSERT INTO ups_wait VALUES (1, 'b') ON CONFLICT (id) " + (
        "DO NOTHING" if action == "nothing" else "DO UPDATE SET who = ups_wait.who || excluded.who")

    def b_upsert():
        try:
            cb.execute(sql)
            outcome["tag"] = cb.statusmessage
        except psycopg2.Error as e:
            outcome["error"] = e
        b_returned.set()

    t = threading.Thread(target=b_upsert)
    t.start()
    deadline = time.monotonic() + HANG_DEADLINE_S
    while not backend_blocked(b_pid):
        if b_returned.is_set():
            raise Failure("B's upsert returned while A's transaction was open: %s" % outcome)
        if time.monotonic() > deadline:
            raise Failure("B never blocked")
        time.sleep(0.01)  # polling interval for the condition above, not synchronisation
    if b_returned.is_set():
        raise Failure("B's upsert returned while A's transaction was open")
    ca.execute(first_ends_with)
    t.join(HANG_DEADLINE_S)
    if not b_returned.is_set():
        raise Failure("B still waits after A's %s" % first_ends_with)
    if "error" in outcome:
        raise Failure("B failed: %s %s" % (outcome["error"].pgcode, outcome["error"]))
    if first_ends_with == "ROLLBACK":
        want_tag, want = "INSERT 0 1", [(1, "b")]
    elif action == "nothing":
        want_tag, want = "INSERT 0 0", [(1, "a")]
    else:
        want_tag, want = "INSERT 0 1", [(1, "ab")]
    if outcome["tag"] != want_tag:
        raise Failure("B's tag %r, want %r" % (outcome["tag"], want_tag))
    ca.execute("SELECT id, who FROM ups_wait")
    rows = ca.fetchall()
    if rows != want:
        raise Failure("%s/%s: table holds %s, want %s" % (action, first_ends_with, rows, want))
    check_indexes(ca, ["ups_wait_pkey"])
    a.close()
    b.close()


def scenario_wait(srv):
    for action in ("nothing", "update"):
        for end in ("COMMIT", "ROLLBACK"):
            wait_case(srv, action, end)
    return "DO NOTHING / DO UPDATE after COMMIT and ROLLBACK"


SCENARIOS = {
    "storm": scenario_storm,
    "race": scenario_race,
    "wait": scenario_wait,
}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary", required=True)
    ap.add_argument("--scenario", action="append", choices=sorted(SCENARIOS))
    args = ap.parse_args()
    passed = failed = 0
    srv = HyraxServer(args.binary)
    srv.start()
    try:
        for name in args.scenario or list(SCENARIOS):
            started = time.monotonic()
            try:
                info = SCENARIOS[name](srv)
                print("PASS %s: %s (%.1fs)" % (name, info, time.monotonic() - started))
                passed += 1
            except (Failure, psycopg2.Error) as e:
                print("FAIL %s: %s" % (name, e))
                failed += 1
            sys.stdout.flush()
    finally:
        srv.stop()
        if failed == 0:
            srv.__exit__(None, None, None)
        else:
            print("data directory kept: %s (log %s)" % (srv.datadir, srv.log_path))
    print("%d passed, %d failed" % (passed, failed))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
