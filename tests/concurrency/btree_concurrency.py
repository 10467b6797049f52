#!/usr/bin/python3
"""btree_concurrency.py - B+tree behaviour under concurrent sessions, through the server.

Three scenarios against one fresh server (tests/support/hyrax_server.py):

  inserters   8 sessions insert disjoint unique keys, interleaved (session w owns keys
              k with k % 8 == w) and shuffled so they hit the same leaves and split them
              many times; wide text keys in a second unique index make splits frequent.
              Every session also tries a few keys all sessions try ("colliders"): each
              must end up stored once, the other attempts failing with 23505. Then:
              count(*) is what was acknowledged, no key twice, every key found by an index
              scan and by a sequential scan, bt_index_check(idx, true) and
              bt_index_parent_check(idx, true) pass on both indexes.
  readers     while 4 writers insert odd keys among pre-loaded even ones (the index is on
              (id, wide text), so leaves split often), 3 readers run
              REPEATABLE READ transactions of ordered range scans through the index
              (forward and backward, repeated): each scan returns strictly increasing keys
              (nothing twice, in order), includes every key whose commit was acknowledged
              before the transaction's snapshot, returns nothing nobody inserted, and
              repeats identically within the transaction. Now and then a reader runs
              bt_index_check(idx, true) while the writers split pages.
  unique_wait two open transactions insert the same key: the second blocks until the
              first ends; a COMMIT makes it fail with 23505 and PostgreSQL's detail
              "Key (id)=(1) already exists.", a ROLLBACK lets it succeed.

No sleeps or timing thresholds decide anything: "B is blocked" is observed as B's backend
sleeping on a futex while running its INSERT (/proc/<pid>/syscall; Hyrax has no pg_locks
or pg_stat_activity yet), polled with a deadline only against hangs, and B's statement must
not have returned at that point.

Usage: btree_concurrency.py --binary build/hyrax [--scenario NAME ...]
Prints one line per scenario and "N passed, M failed".
"""
import argparse
import os
import platform
import random
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
from hyrax_server import HyraxServer  # noqa: E402

import psycopg2  # noqa: E402

SESSIONS = 8
KEYS_PER_SESSION = 1500
COLLIDERS = list(range(-20, 0))  # keys every inserter session tries
# futex(2)'s number per architecture: a backend sleeping on a lock is inside it.
FUTEX_SYSCALL = {"x86_64": "202", "aarch64": "98"}.get(platform.machine())
HANG_DEADLINE_S = 60


class Failure(Exception):
    pass


def connect(srv):
    conn = psycopg2.connect(host="127.0.0.1", port=srv.port, user=srv.user, dbname="postgres",
                            connect_timeout=10)
    conn.autocommit = True
    return conn


def fetch_ids(cur, sql):
    cur.execute(sql)
    return [row[0] for row in cur.fetchall()]


def wide(key):
    """A wide text key (about 120 bytes) so the second index splits often."""
    return "k%+08d-" % key + "x" * 110


def run_threads(targets):
    """Runs each (function, args) in a thread; re-raises the first exception."""
    errors = []

    def wrap(fn, args):
        try:
            fn(*args)
        except Exception as e:  # reported below with its scenario
            errors.append(e)

    threads = [threading.Thread(target=wrap, args=(fn, args)) for fn, args in targets]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        raise errors[0]


def force_index_scans(cur):
    cur.execute("SET enable_seqscan = off")


def plan_of(cur, sql):
    cur.execute("EXPLAIN (COSTS OFF) " + sql)
    return "\n".join(row[0] for row in cur.fetchall())


def check_indexes(cur, indexes):
    for idx in indexes:
        cur.execute("SELECT bt_index_check(%s::regclass, true)", (idx,))
        cur.execute("SELECT bt_index_parent_check(%s::regclass, true, true)", (idx,))


# ---- inserters ----

def inserter(srv, w, stored, rejected, lock):
    conn = connect(srv)
    cur = conn.cursor()
    keys = [k * SESSIONS + w for k in range(KEYS_PER_SESSION)] + COLLIDERS
    random.Random(w).shuffle(keys)
    for key in keys:
        try:
            cur.execute("INSERT INTO bt_ins (id, w, pad) VALUES (%s, %s, %s)", (key, w, wide(key)))
        except psycopg2.Error as e:
            if e.pgcode != "23505" or key not in COLLIDERS:
                raise Failure("session %d key %d: %s %s" % (w, key, e.pgcode, e))
            with lock:
                rejected[key] = rejected.get(key, 0) + 1
            continue
        with lock:
            stored.append(key)
    conn.close()


def scenario_inserters(srv):
    conn = connect(srv)
    cur = conn.cursor()
    cur.execute("DROP TABLE IF EXISTS bt_ins")
    cur.execute("CREATE TABLE bt_ins (id int PRIMARY KEY, w int NOT NULL, pad text NOT NULL)")
    cur.execute("CREATE UNIQUE INDEX bt_ins_pad ON bt_ins (pad)")
    stored, rejected, lock = [], {}, threading.Lock()
    run_threads([(inserter, (srv, w, stored, rejected, lock)) for w in range(SESSIONS)])
    expected = sorted(stored)
    if len(expected) != len(set(expected)):
        raise Failure("a key was acknowledged twice")
    want = sorted([k * SESSIONS + w for w in range(SESSIONS) for k in range(KEYS_PER_SESSION)]
                  + COLLIDERS)
    if expected != want:
        raise Failure("acknowledged keys differ from the keys tried once each")
    for key in COLLIDERS:
        if rejected.get(key, 0) != SESSIONS - 1:
            raise Failure("collider %d rejected %d times, want %d" % (
                key, rejected.get(key, 0), SESSIONS - 1))
    cur.execute("SELECT count(*) FROM bt_ins")
    count = cur.fetchone()[0]
    if count != len(expected):
        raise Failure("count(*) %d, want %d" % (count, len(expected)))
    dups = fetch_ids(cur, "SELECT id FROM bt_ins GROUP BY id HAVING count(*) > 1")
    if dups:
        raise Failure("keys stored twice: %s" % dups[:5])
    force_index_scans(cur)
    if "Index" not in plan_of(cur, "SELECT id FROM bt_ins ORDER BY id"):
        raise Failure("no index scan with enable_seqscan = off")
    if fetch_ids(cur, "SELECT id FROM bt_ins ORDER BY id") != expected:
        raise Failure("primary-key index scan differs from the acknowledged keys")
    pads = fetch_ids(cur, "SELECT pad FROM bt_ins ORDER BY pad")
    if pads != sorted(wide(k) for k in expected):
        raise Failure("pad index scan differs from the acknowledged keys")
    missing = [k for k in random.Random(1).sample(expected, 200)
               if fetch_ids(cur, "SELECT id FROM bt_ins WHERE id = %d" % k) != [k]]
    if missing:
        raise Failure("index point lookups miss %s" % missing[:5])
    cur.execute("RESET enable_seqscan")
    cur.execute("SET enable_indexscan = off")
    cur.execute("SET enable_indexonlyscan = off")
    if "Seq Scan" not in plan_of(cur, "SELECT id FROM bt_ins"):
        raise Failure("no sequential scan with index scans off")
    if sorted(fetch_ids(cur, "SELECT id FROM bt_ins")) != expected:
        raise Failure("sequential scan differs from the acknowledged keys")
    check_indexes(cur, ["bt_ins_pkey", "bt_ins_pad"])
    conn.close()
    return "%d keys, %d colliders" % (len(expected), len(COLLIDERS))


# ---- readers ----

READERS_PRELOAD = 3000   # even keys 0, 2, ..., 2 * (READERS_PRELOAD - 1)
READERS_WRITERS = 4


class Ledger:
    """Keys whose INSERT commit was acknowledged, and every key anybody tried."""

    def __init__(self, preloaded):
        self.lock = threading.Lock()
        self.acked = set(preloaded)
        self.tried = set(preloaded)

    def acked_copy(self):
        with self.lock:
            return set(self.acked)


def odd_writer(srv, w, ledger, done):
    conn = connect(srv)
    cur = conn.cursor()
    keys = list(range(2 * w + 1, 2 * READERS_PRELOAD, 2 * READERS_WRITERS))
    random.Random(w).shuffle(keys)
    for key in keys:
        with ledger.lock:
            ledger.tried.add(key)
        cur.execute("INSERT INTO bt_read (id, tag) VALUES (%s, %s)", (key, wide(key)))
        with ledger.lock:
            ledger.acked.add(key)
    conn.close()
    done.release()


def check_scan(name, rows, acked_before, tried, lo, hi):
    if any(a >= b for a, b in zip(rows, rows[1:])):
        raise Failure("%s: keys out of order or repeated" % name)
    lost = sorted(k for k in acked_before if lo <= k < hi and k not in set(rows))
    if lost:
        raise Failure("%s: %d committed keys missing, e.g. %s" % (name, len(lost), lost[:5]))
    ghosts = [k for k in rows if k not in tried]
    if ghosts:
        raise Failure("%s: keys nobody inserted: %s" % (name, ghosts[:5]))


def reader(srv, r, ledger, writers_done, counts):
    conn = connect(srv)
    cur = conn.cursor()
    force_index_scans(cur)
    rng = random.Random(100 + r)
    rounds = 0
    while True:
        finished = writers_done.is_set()
        lo = rng.randrange(0, 2 * READERS_PRELOAD)
        hi = lo + rng.randrange(100, 1500)
        sql = "SELECT id FROM bt_read WHERE id >= %d AND id < %d ORDER BY id" % (lo, hi)
        acked_before = ledger.acked_copy()  # acknowledged before the snapshot below
        cur.execute("BEGIN ISOLATION LEVEL REPEATABLE READ")
        first = fetch_ids(cur, sql)
        with ledger.lock:
            tried = set(ledger.tried)
        check_scan("reader %d forward" % r, first, acked_before, tried, lo, hi)
        backward = fetch_ids(cur, sql + " DESC")
        if backward != first[::-1]:
            raise Failure("reader %d: backward scan differs from the forward one" % r)
        if fetch_ids(cur, sql) != first:
            raise Failure("reader %d: a repeated scan differs in REPEATABLE READ" % r)
        if rounds % 4 == 0:
            whole = fetch_ids(cur, "SELECT id FROM bt_read ORDER BY id")
            check_scan("reader %d full" % r, whole, acked_before, tried, -1, 1 << 30)
        cur.execute("COMMIT")
        if rounds % 8 == r:
            # The light check runs beside the writers' splits (AccessShareLock).
            cur.execute("SELECT bt_index_check('bt_read_pkey', true)")
        rounds += 1
        if finished:
            break
    counts[r] = rounds
    conn.close()


def scenario_readers(srv):
    conn = connect(srv)
    cur = conn.cursor()
    cur.execute("DROP TABLE IF EXISTS bt_read")
    # The wide second key column makes about 55 entries a leaf: the writers split often.
    cur.execute("CREATE TABLE bt_read (id int, tag text, PRIMARY KEY (id, tag))")
    preloaded = list(range(0, 2 * READERS_PRELOAD, 2))
    for start in range(0, len(preloaded), 500):
        chunk = preloaded[start:start + 500]
        cur.execute("INSERT INTO bt_read VALUES " + ", ".join(["(%s, %s)"] * len(chunk)),
                    [v for key in chunk for v in (key, wide(key))])
    force_index_scans(cur)
    if "Index" not in plan_of(cur, "SELECT id FROM bt_read WHERE id >= 1 AND id < 9 ORDER BY id"):
        raise Failure("no index scan for the readers' query")
    ledger = Ledger(preloaded)
    writers_left = threading.Semaphore(0)
    writers_done = threading.Event()
    counts = {}

    def watch_writers():
        for _ in range(READERS_WRITERS):
            writers_left.acquire()
        writers_done.set()

    targets = [(odd_writer, (srv, w, ledger, writers_left)) for w in range(READERS_WRITERS)]
    targets += [(reader, (srv, r, ledger, writers_done, counts)) for r in range(3)]
    targets.append((watch_writers, ()))
    run_threads(targets)
    if fetch_ids(cur, "SELECT count(*) FROM bt_read") != [2 * READERS_PRELOAD]:
        raise Failure("final count is wrong")
    check_indexes(cur, ["bt_read_pkey"])
    conn.close()
    return "reader transactions %s" % sorted(counts.values())


# ---- unique_wait ----

def backend_blocked(pid, verb="INSERT"):
    """True when the backend sleeps on a futex (a lock wait) while running a statement whose
    tag is `verb`. Where /proc/<pid>/syscall cannot be read (no ptrace access, unknown
    architecture), only the process title's verb is checked: B has started, which still
    orders the test. Also used by fk_concurrency.py."""
    try:
        with open("/proc/%d/cmdline" % pid) as f:
            if verb not in f.read():
                return False
    except OSError:
        return False
    try:
        with open("/proc/%d/syscall" % pid) as f:
            syscall = f.read().split()[0]
    except (OSError, IndexError):
        return True
    return FUTEX_SYSCALL is None or syscall == FUTEX_SYSCALL


def unique_wait_case(srv, first_ends_with):
    a, b = connect(srv), connect(srv)
    ca, cb = a.cursor(), b.cursor()
    ca.execute("DROP TABLE IF EXISTS bt_uw")
    ca.execute("CREATE TABLE bt_uw (id int PRIMARY KEY, who text)")
    cb.execute("SELECT pg_backend_pid()")
    b_pid = cb.fetchone()[0]
    ca.execute("BEGIN")
    ca.execute("INSERT INTO bt_uw VALUES (1, 'a')")
    cb.execute("BEGIN")
    outcome = {}
    b_returned = threading.Event()

    def b_insert():
        try:
            cb.execute("INSERT INTO bt_uw VALUES (1, 'b')")
            outcome["ok"] = True
        except psycopg2.Error as e:
            outcome["error"] = e
        b_returned.set()

    t = threading.Thread(target=b_insert)
    t.start()
    deadline = time.monotonic() + HANG_DEADLINE_S
    while not backend_blocked(b_pid):
        if b_returned.is_set():
            raise Failure("B's INSERT returned while A's transaction was open: %s" % outcome)
        if time.monotonic() > deadline:
            raise Failure("B never blocked")
        time.sleep(0.01)  # polling interval for the condition above, not synchronisation
    if b_returned.is_set():
        raise Failure("B's INSERT returned while A's transaction was open")
    ca.execute(first_ends_with)
    t.join(HANG_DEADLINE_S)
    if not b_returned.is_set():
        raise Failure("B still waits after A's %s" % first_ends_with)
    if first_ends_with == "COMMIT":
        e = outcome.get("error")
        if e is None or e.pgcode != "23505":
            raise Failure("after A's COMMIT, B got %s, want 23505" % outcome)
        if e.diag.message_detail != "Key (id)=(1) already exists.":
            raise Failure("detail %r" % e.diag.message_detail)
        if e.diag.message_primary != 'duplicate key value violates unique constraint "bt_uw_pkey"':
            raise Failure("message %r" % e.diag.message_primary)
        cb.execute("ROLLBACK")
        want = [(1, "a")]
    else:
        if not outcome.get("ok"):
            raise Failure("after A's ROLLBACK, B got %s, want success" % outcome)
        cb.execute("COMMIT")
        want = [(1, "b")]
    ca.execute("SELECT id, who FROM bt_uw")
    rows = ca.fetchall()
    if rows != want:
        raise Failure("table holds %s, want %s" % (rows, want))
    check_indexes(ca, ["bt_uw_pkey"])
    a.close()
    b.close()


def scenario_unique_wait(srv):
    unique_wait_case(srv, "COMMIT")
    unique_wait_case(srv, "ROLLBACK")
    return "commit -> 23505, rollback -> success"


SCENARIOS = {
    "inserters": scenario_inserters,
    "readers": scenario_readers,
    "unique_wait": scenario_unique_wait,
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
