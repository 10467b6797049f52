#!/usr/bin/python3
"""crash_index.py - kill -9 the whole server during index-heavy writes, restart, and check
that every index agrees with the heap and with the acknowledged commits.

Table ci (id int8 PRIMARY KEY, a int, b text, c int) has two more indexes: ci_a_b on
(a, b) (multi-column, wide random text) and ci_c_desc on (c DESC, id). W clients each own
the ids with id % W == client and run transactions of 1-3 operations on random ids —
insert, update of every column (new entries in all three indexes), delete — ending in
COMMIT, or ROLLBACK about 10% of the time. Random keys split pages all over each tree; a
side session runs CHECKPOINT now and then. Each round kills the server's process group with
SIGKILL after a random delay, restarts it (crash recovery replays the splits) and checks:
  * the heap (sequential scan) holds exactly the acknowledged state of every client;
    transactions whose COMMIT got no answer must be all there or not at all;
  * each index, scanned in its own order with sequential scans off, returns exactly the
    heap's rows, correctly ordered (EXPLAIN must show that index), and point lookups
    through the primary key find acknowledged ids;
  * bt_index_check(idx, true) and bt_index_parent_check(idx, true, true) pass on all three;
  * a new transaction commits.

Usage: crash_index.py --binary build/hyrax [--rounds 4] [--seconds 3] [--clients 4]
Prints one line per round and "N passed, M failed".
"""
import argparse
import os
import random
import string
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
from hyrax_server import HyraxServer  # noqa: E402
from crash_durability import checkpointer, connect  # noqa: E402

import psycopg2  # noqa: E402

ID_SPACE = 1 << 20
INDEXES = ["ci_pkey", "ci_a_b", "ci_c_desc"]
# Each index's own order, the query that reads the table in it, and the Python sort key.
INDEX_ORDERS = {
    "ci_pkey": ("SELECT id, a, b, c FROM ci WHERE id >= 0 ORDER BY id",
                lambda r: r[0]),
    "ci_a_b": ("SELECT id, a, b, c FROM ci WHERE a >= 0 ORDER BY a, b",
               lambda r: (r[1], r[2])),
    "ci_c_desc": ("SELECT id, a, b, c FROM ci WHERE c >= 0 ORDER BY c DESC, id",
                  lambda r: (-r[3], r[0])),
}


def random_row(rng):
    b = "".join(rng.choice(string.ascii_letters) for _ in range(rng.randint(10, 300)))
    return (rng.randint(0, 200), b, rng.randint(0, 100000))


class Client:
    """One client's acknowledged rows (id -> (a, b, c)) and its uncertain transactions."""

    def __init__(self, number, clients):
        self.number, self.clients = number, clients
        self.rows = {}
        self.uncertain = []  # [{id: post-state or None}] of transactions without an answer
        self.committed = 0

    def new_id(self, rng):
        while True:
            i = rng.randrange(ID_SPACE) * self.clients + self.number
            if i not in self.rows:
                return i


def run_transaction(cur, client, rng):
    """Returns (changes, rollback): changes maps id -> new row or None (deleted)."""
    changes = {}
    cur.execute("BEGIN")
    for _ in range(rng.randint(1, 3)):
        known = [i for i in client.rows if i not in changes]
        op = rng.random()
        if op < 0.5 or len(known) < 20:
            i, row = client.new_id(rng), random_row(rng)
            if i in changes:
                continue
            cur.execute("INSERT INTO ci VALUES (%s, %s, %s, %s)", (i,) + row)
            changes[i] = row
        elif op < 0.8:
            i, row = rng.choice(known), random_row(rng)
            cur.execute("UPDATE ci SET a = %s, b = %s, c = %s WHERE id = %s", row + (i,))
            changes[i] = row
        else:
            i = rng.choice(known)
            cur.execute("DELETE FROM ci WHERE id = %s", (i,))
            changes[i] = None
    return changes, rng.random() < 0.1


def apply(client, changes):
    for i, row in changes.items():
        if row is None:
            client.rows.pop(i, None)
        else:
            client.rows[i] = row


def worker(srv, client, stop, rng):
    try:
        conn = connect(srv)
    except psycopg2.Error:
        return
    cur = conn.cursor()
    while not stop.is_set():
        try:
            changes, rollback = run_transaction(cur, client, rng)
        except psycopg2.Error:
            return  # the crash: nothing of this transaction was committed
        try:
            cur.execute("ROLLBACK" if rollback else "COMMIT")
        except psycopg2.Error:
            if not rollback:
                client.uncertain.append(changes)
            return
        if not rollback:
            apply(client, changes)
            client.committed += 1


def resolve_uncertain(client, heap, problems):
    """A transaction without an answer must be wholly present or wholly absent."""
    for changes in client.uncertain:
        present = all(heap.get(i) == row for i, row in changes.items())
        absent = all(heap.get(i) == client.rows.get(i) for i in changes)
        if present:
            apply(client, changes)
        elif not absent:
            problems.append("client %d: a transaction is partly committed: %s" % (
                client.number, sorted(changes)[:5]))
    client.uncertain = []


def read_rows(cur, sql):
    cur.execute(sql)
    return [(i, a, b, c) for i, a, b, c in cur.fetchall()]


def verify_heap(cur, clients, problems):
    cur.execute("SET enable_indexscan = off")
    cur.execute("SET enable_indexonlyscan = off")
    rows = read_rows(cur, "SELECT id, a, b, c FROM ci")
    cur.execute("RESET enable_indexscan")
    cur.execute("RESET enable_indexonlyscan")
    heap = {}
    for i, a, b, c in rows:
        if i in heap:
            problems.append("heap: id %d twice" % i)
        heap[i] = (a, b, c)
    for client in clients:
        resolve_uncertain(client, heap, problems)
    want = {}
    for client in clients:
        want.update(client.rows)
    lost = [i for i in want if heap.get(i) != want[i]]
    ghosts = [i for i in heap if i not in want]
    if lost:
        problems.append("heap: %d acknowledged rows missing or stale, e.g. %s" % (
            len(lost), lost[:5]))
    if ghosts:
        problems.append("heap: %d rows nobody committed, e.g. %s" % (len(ghosts), ghosts[:5]))
    return sorted(rows)


def verify_indexes(cur, heap_rows, clients, problems):
    cur.execute("SET enable_seqscan = off")
    for index, (sql, order) in INDEX_ORDERS.items():
        cur.execute("EXPLAIN (COSTS OFF) " + sql)
        plan = "\n".join(r[0] for r in cur.fetchall())
        if index not in plan:
            problems.append("%s: the plan does not use it:\n%s" % (index, plan))
            continue
        rows = read_rows(cur, sql)
        if any(order(x) > order(y) for x, y in zip(rows, rows[1:])):
            problems.append("%s: index scan out of order" % index)
        if sorted(rows) != heap_rows:
            problems.append("%s: index scan (%d rows) differs from the heap (%d rows)" % (
                index, len(rows), len(heap_rows)))
    acked = [i for client in clients for i in client.rows]
    for i in random.Random(len(acked)).sample(acked, min(100, len(acked))):
        cur.execute("SELECT count(*) FROM ci WHERE id = %s", (i,))
        if cur.fetchone()[0] != 1:
            problems.append("ci_pkey: point lookup misses acknowledged id %d" % i)
    cur.execute("RESET enable_seqscan")
    for index in INDEXES:
        for check in ("bt_index_check(%s::regclass, true)",
                      "bt_index_parent_check(%s::regclass, true, true)"):
            try:
                cur.execute("SELECT " + check, (index,))
            except psycopg2.Error as e:
                problems.append("%s: %s %s %s" % (index, e.pgcode, e.diag.message_primary,
                                                  e.diag.message_detail or ""))


def verify(srv, clients):
    conn = connect(srv)
    cur = conn.cursor()
    problems = []
    heap_rows = verify_heap(cur, clients, problems)
    verify_indexes(cur, heap_rows, clients, problems)
    cur.execute("BEGIN")
    cur.execute("UPDATE ci SET a = a WHERE id = -1")
    cur.execute("COMMIT")
    conn.close()
    return problems, len(heap_rows)


def crash_round(srv, clients, args, rng):
    stop = threading.Event()
    threads = [threading.Thread(target=worker, args=(srv, c, stop, random.Random(rng.random())))
               for c in clients]
    threads.append(threading.Thread(target=checkpointer, args=(srv, stop)))
    for t in threads:
        t.start()
    time.sleep(rng.uniform(args.seconds / 2, args.seconds))  # load duration; not synchronisation
    srv.kill9()
    stop.set()
    for t in threads:
        t.join(60)
    srv.start()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary", required=True)
    ap.add_argument("--rounds", type=int, default=4)
    ap.add_argument("--seconds", type=float, default=3.0)
    ap.add_argument("--clients", type=int, default=4)
    ap.add_argument("--seed", type=int, default=int(time.time()))
    args = ap.parse_args()
    rng = random.Random(args.seed)
    print("seed %d" % args.seed)
    clients = [Client(n, args.clients) for n in range(args.clients)]
    passed = failed = 0
    srv = HyraxServer(args.binary)
    srv.start()
    try:
        conn = connect(srv)
        cur = conn.cursor()
        cur.execute("DROP TABLE IF EXISTS ci")
        cur.execute("CREATE TABLE ci (id int8 PRIMARY KEY, a int NOT NULL, b text NOT NULL, "
                    "c int NOT NULL)")
        cur.execute("CREATE INDEX ci_a_b ON ci (a, b)")
        cur.execute("CREATE INDEX ci_c_desc ON ci (c DESC, id)")
        conn.close()
        for r in range(args.rounds):
            crash_round(srv, clients, args, rng)
            problems, n = verify(srv, clients)
            committed = sum(c.committed for c in clients)
            if committed == 0:
                problems.append("no acknowledged commit: the round tested nothing")
            status = "PASS" if not problems else "FAIL"
            print("%s round %d: %d rows, %d transactions acknowledged so far%s" % (
                status, r + 1, n, committed, "".join("\n  " + p for p in problems)))
            sys.stdout.flush()
            passed, failed = passed + (not problems), failed + bool(problems)
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
