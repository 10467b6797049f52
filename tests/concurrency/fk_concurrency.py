#!/usr/bin/python3
"""fk_concurrency.py - foreign keys under concurrent sessions, through the server.

"Insert a child of P" and "delete P" in two sessions must never both commit
(executor/ri/README.md "Concurrency"). Scenarios against one fresh server:

  child_first   A inserts a child of P in an open transaction; B's DELETE of P blocks
                until A ends. A COMMIT makes B fail with 23503 and PostgreSQL's message
                and detail; a ROLLBACK lets B delete P.
  parent_first  B deletes P in an open transaction; A's INSERT of a child of P blocks until
                B ends. B's COMMIT makes A fail with 23503 ("is not present"); a ROLLBACK
                lets A insert.
  cascade_wait  as child_first with ON DELETE CASCADE: after A's COMMIT, B's DELETE also
                deletes A's child.
  stress        4 sessions insert children of random parents while 2 delete and re-create
                parents, in small transactions; errors 23503, 23505 and 40P01 are expected.
                Afterwards no child references a missing parent.

No sleeps or timing thresholds decide anything: "B is blocked" is observed as B's backend
sleeping on a futex while running its statement (/proc/<pid>/syscall, as
btree_concurrency.py does), polled with a deadline only against hangs, and B's statement
must not have returned at that point.

Usage: fk_concurrency.py --binary build/hyrax [--scenario NAME ...]
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
from btree_concurrency import Failure, backend_blocked, connect  # noqa: E402

import psycopg2  # noqa: E402

HANG_DEADLINE_S = 60


def setup(cur, on_delete=""):
    cur.execute("DROP TABLE IF EXISTS fk_child, fk_parent")
    cur.execute("CREATE TABLE fk_parent (id int PRIMARY KEY)")
    cur.execute("CREATE TABLE fk_child (id int PRIMARY KEY, pid int REFERENCES fk_parent %s)"
                % on_delete)
    cur.execute("INSERT INTO fk_parent VALUES (1), (2)")


def run_blocked(cur, pid, verb, sql):
    """Runs `sql` on `cur` in a thread and returns once its backend waits on a lock; the
    thread's outcome lands in the returned dict after the returned event is set."""
    outcome = {}
    returned = threading.Event()

    def run():
        try:
            cur.execute(sql)
            outcome["ok"] = cur.statusmessage
        except psycopg2.Error as e:
            outcome["error"] = e
        returned.set()

    t = threading.Thread(target=run)
    t.start()
    deadline = time.monotonic() + HANG_DEADLINE_S
    while not backend_blocked(pid, verb):
        if returned.is_set():
            raise Failure("%s returned while the other transaction was open: %s" % (verb, outcome))
        if time.monotonic() > deadline:
            raise Failure("%s never blocked" % verb)
        time.sleep(0.01)  # polling interval for the condition above, not synchronisation
    if returned.is_set():
        raise Failure("%s returned while the other transaction was open" % verb)
    return t, returned, outcome


def finish(t, returned, outcome, what):
    t.join(HANG_DEADLINE_S)
    if not returned.is_set():
        raise Failure("%s still waits after the other transaction ended" % what)
    return outcome


def expect_fk_error(outcome, message, detail):
    e = outcome.get("error")
    if e is None or e.pgcode != "23503":
        raise Failure("got %s, want 23503" % outcome)
    if e.diag.message_primary != message:
        raise Failure("message %r" % e.diag.message_primary)
    if e.diag.message_detail != detail:
        raise Failure("detail %r" % e.diag.message_detail)


def child_first_case(srv, a_ends_with, on_delete=""):
    a, b = connect(srv), connect(srv)
    ca, cb = a.cursor(), b.cursor()
    setup(ca, on_delete)
    cb.execute("SELECT pg_backend_pid()")
    b_pid = cb.fetchone()[0]
    ca.execute("BEGIN")
    ca.execute("INSERT INTO fk_child VALUES (10, 1)")
    cb.execute("BEGIN")
    t, returned, outcome = run_blocked(cb, b_pid, "DELETE", "DELETE FROM fk_parent WHERE id = 1")
    ca.execute(a_ends_with)
    finish(t, returned, outcome, "B's DELETE")
    if a_ends_with == "COMMIT" and not on_delete:
        expect_fk_error(outcome,
                        'update or delete on table "fk_parent" violates foreign key constraint '
                        '"fk_child_pid_fkey" on table "fk_child"',
                        'Key (id)=(1) is still referenced from table "fk_child".')
        cb.execute("ROLLBACK")
        want_parents, want_children = [1, 2], [10]
    else:
        if outcome.get("ok") != "DELETE 1":
            raise Failure("after A's %s, B got %s, want DELETE 1" % (a_ends_with, outcome))
        cb.execute("COMMIT")
        want_parents, want_children = [2], []
    ca.execute("SELECT id FROM fk_parent ORDER BY id")
    parents = [r[0] for r in ca.fetchall()]
    ca.execute("SELECT id FROM fk_child ORDER BY id")
    children = [r[0] for r in ca.fetchall()]
    if parents != want_parents or children != want_children:
        raise Failure("parents %s children %s, want %s %s"
                      % (parents, children, want_parents, want_children))
    a.close()
    b.close()


def parent_first_case(srv, b_ends_with):
    a, b = connect(srv), connect(srv)
    ca, cb = a.cursor(), b.cursor()
    setup(ca)
    ca.execute("SELECT pg_backend_pid()")
    a_pid = ca.fetchone()[0]
    cb.execute("BEGIN")
    cb.execute("DELETE FROM fk_parent WHERE id = 1")
    t, returned, outcome = run_blocked(ca, a_pid, "INSERT", "INSERT INTO fk_child VALUES (10, 1)")
    cb.execute(b_ends_with)
    finish(t, returned, outcome, "A's INSERT")
    if b_ends_with == "COMMIT":
        expect_fk_error(outcome,
                        'insert or update on table "fk_child" violates foreign key constraint '
                        '"fk_child_pid_fkey"',
                        'Key (pid)=(1) is not present in table "fk_parent".')
        want_children = []
    else:
        if outcome.get("ok") != "INSERT 0 1":
            raise Failure("after B's ROLLBACK, A got %s, want INSERT 0 1" % outcome)
        want_children = [10]
    ca.execute("SELECT id FROM fk_child ORDER BY id")
    children = [r[0] for r in ca.fetchall()]
    if children != want_children:
        raise Failure("children %s, want %s" % (children, want_children))
    a.close()
    b.close()


def scenario_child_first(srv):
    child_first_case(srv, "COMMIT")
    child_first_case(srv, "ROLLBACK")
    return "commit -> 23503, rollback -> DELETE 1"


def scenario_parent_first(srv):
    parent_first_case(srv, "COMMIT")
    parent_first_case(srv, "ROLLBACK")
    return "commit -> 23503, rollback -> INSERT 0 1"


def scenario_cascade_wait(srv):
    child_first_case(srv, "COMMIT", "ON DELETE CASCADE")
    return "the committed child is deleted with its parent"


PARENTS = 20
EXPECTED = {"23503", "23505", "40P01"}


def stress_worker(srv, seed, deleter, rounds, errors, counts):
    rng = random.Random(seed)
    conn = connect(srv)
    cur = conn.cursor()
    for i in range(rounds):
        pid = rng.randrange(PARENTS)
        try:
            cur.execute("BEGIN")
            if deleter:
                # Half the time the children go first; otherwise the DELETE fails with
                # 23503 whenever a child is (or is being) inserted.
                if rng.random() < 0.5:
                    cur.execute("DELETE FROM fk_child WHERE pid = %s", (pid,))
                cur.execute("DELETE FROM fk_parent WHERE id = %s", (pid,))
                cur.execute("INSERT INTO fk_parent VALUES (%s)", (pid,))
            else:
                cur.execute("INSERT INTO fk_child VALUES (%s, %s)", (seed * 100000 + i, pid))
            cur.execute("COMMIT")
            counts["committed"] = counts.get("committed", 0) + 1
        except psycopg2.Error as e:
            cur.execute("ROLLBACK")
            counts[e.pgcode] = counts.get(e.pgcode, 0) + 1
            if e.pgcode not in EXPECTED:
                errors.append("%s: %s" % (e.pgcode, e))
    conn.close()


def scenario_stress(srv):
    conn = connect(srv)
    cur = conn.cursor()
    cur.execute("DROP TABLE IF EXISTS fk_child, fk_parent")
    cur.execute("CREATE TABLE fk_parent (id int PRIMARY KEY)")
    cur.execute("CREATE TABLE fk_child (id int PRIMARY KEY, pid int REFERENCES fk_parent)")
    cur.execute("INSERT INTO fk_parent SELECT g FROM generate_series(0, %s) g" % (PARENTS - 1))
    errors = []
    counts = {}
    threads = [threading.Thread(target=stress_worker,
                                args=(srv, w + 1, w >= 4, 150, errors, counts))
               for w in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(600)
    if errors:
        raise Failure("unexpected errors: %s" % errors[:3])
    cur.execute("SELECT count(*) FROM fk_child c "
                "WHERE NOT EXISTS (SELECT 1 FROM fk_parent p WHERE p.id = c.pid)")
    orphans = cur.fetchone()[0]
    cur.execute("SELECT count(*) FROM fk_child")
    children = cur.fetchone()[0]
    if orphans != 0:
        raise Failure("%d children reference missing parents" % orphans)
    conn.close()
    return "%d children, no orphans; outcomes %s" % (children, sorted(counts.items()))


SCENARIOS = {
    "child_first": scenario_child_first,
    "parent_first": scenario_parent_first,
    "cascade_wait": scenario_cascade_wait,
    "stress": scenario_stress,
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
