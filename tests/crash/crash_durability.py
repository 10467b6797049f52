#!/usr/bin/python3
"""crash_durability.py - kill -9 the whole server while sessions commit in a loop, restart,
and check that every acknowledged commit is present and no rolled-back row is.

Each round: W writer sessions run transactions that insert a unique id into crash_ledger
and add its amount to their own row of crash_accounts; about 15% end in ROLLBACK. Only ids
whose COMMIT returned are "acknowledged"; ids whose COMMIT got no answer are "uncertain"
and resolved at the next check (present = committed, must stay; absent = must never
appear). A side session runs CHECKPOINT now and then. After a random delay the server's
process group is killed with SIGKILL, restarted, and verified:
  * every acknowledged id of all rounds is present, exactly once;
  * no rolled-back id and no id nobody wrote is present;
  * each account's balance equals the sum of its ledger rows (atomicity);
  * a new transaction commits.
A second scenario kills one backend with SIGKILL: the postmaster must crash-restart, keep
every committed row, and accept new connections.

Usage: crash_durability.py --binary build/hyrax [--rounds 5] [--seconds 3]
Prints one line per round and "N passed, M failed".
"""
import argparse
import os
import random
import signal
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
from hyrax_server import HyraxServer, wait_ready  # noqa: E402

import psycopg2  # noqa: E402


def connect(srv):
    c = psycopg2.connect(host="127.0.0.1", port=srv.port, user=srv.user, dbname="postgres",
                         connect_timeout=10)
    c.autocommit = True
    return c


class State:
    def __init__(self):
        self.lock = threading.Lock()
        self.acked = {}        # id -> (writer, amount)
        self.rolled_back = set()
        self.uncertain = {}    # id -> (writer, amount)
        self.next_id = 1

    def new_id(self):
        with self.lock:
            i = self.next_id
            self.next_id += 1
            return i


def writer(srv, state, w, stop, rng):
    try:
        conn = connect(srv)
    except psycopg2.Error:
        return
    cur = conn.cursor()
    while not stop.is_set():
        i = state.new_id()
        amount = rng.randint(1, 100)
        rollback = rng.random() < 0.15
        try:
            cur.execute("BEGIN")
            cur.execute("INSERT INTO crash_ledger (id, writer, amount) VALUES (%s, %s, %s)",
                        (i, w, amount))
            cur.execute("UPDATE crash_accounts SET balance = balance + %s WHERE writer = %s",
                        (amount, w))
        except psycopg2.Error:
            with state.lock:
                state.rolled_back.add(i)  # never committed
            return
        try:
            cur.execute("ROLLBACK" if rollback else "COMMIT")
        except psycopg2.Error:
            with state.lock:
                if rollback:
                    state.rolled_back.add(i)
                else:
                    state.uncertain[i] = (w, amount)
            return
        with state.lock:
            if rollback:
                state.rolled_back.add(i)
            else:
                state.acked[i] = (w, amount)


def checkpointer(srv, stop):
    try:
        conn = connect(srv)
        while not stop.wait(0.7):
            conn.cursor().execute("CHECKPOINT")
    except psycopg2.Error:
        pass


def verify(srv, state, writers):
    conn = connect(srv)
    cur = conn.cursor()
    cur.execute("SELECT id, writer, amount FROM crash_ledger")
    rows = cur.fetchall()
    present = {}
    problems = []
    for i, w, amount in rows:
        if i in present:
            problems.append("duplicate id %d" % i)
        present[i] = (w, amount)
    with state.lock:
        for i, v in list(state.uncertain.items()):
            if i in present:
                state.acked[i] = v
            else:
                state.rolled_back.add(i)
            del state.uncertain[i]
        lost = [i for i in state.acked if i not in present]
        ghosts = [i for i in present if i in state.rolled_back]
        unknown = [i for i in present if i not in state.acked and i not in state.rolled_back]
    if lost:
        problems.append("LOST %d acknowledged commits, e.g. %s" % (len(lost), lost[:5]))
    if ghosts:
        problems.append("%d rolled-back ids present, e.g. %s" % (len(ghosts), ghosts[:5]))
    if unknown:
        problems.append("%d ids nobody committed, e.g. %s" % (len(unknown), unknown[:5]))
    cur.execute("SELECT writer, balance FROM crash_accounts ORDER BY writer")
    balances = dict(cur.fetchall())
    for w in range(writers):
        want = sum(a for (ww, a) in present.values() if ww == w)
        if balances.get(w) != want:
            problems.append("writer %d balance %s != ledger sum %d" % (w, balances.get(w), want))
    cur.execute("BEGIN")
    cur.execute("UPDATE crash_accounts SET balance = balance WHERE writer = 0")
    cur.execute("COMMIT")
    conn.close()
    return problems, len(present)


def crash_round(srv, state, args, rng):
    stop = threading.Event()
    threads = [threading.Thread(target=writer, args=(srv, state, w, stop, random.Random(rng.random())))
               for w in range(args.writers)]
    threads.append(threading.Thread(target=checkpointer, args=(srv, stop)))
    for t in threads:
        t.start()
    delay = rng.uniform(args.seconds / 2, args.seconds)
    time.sleep(delay)  # let the load run for a random while; not synchronisation
    srv.kill9()
    stop.set()
    for t in threads:
        t.join(60)
    srv.start()


def backend_kill(srv, state):
    conn = connect(srv)
    cur = conn.cursor()
    cur.execute("SELECT pg_backend_pid()")
    pid = cur.fetchone()[0]
    i = state.new_id()
    cur.execute("BEGIN")
    cur.execute("INSERT INTO crash_ledger (id, writer, amount) VALUES (%s, 0, 5)", (i,))
    cur.execute("UPDATE crash_accounts SET balance = balance + 5 WHERE writer = 0")
    cur.execute("COMMIT")
    with state.lock:
        state.acked[i] = (0, 5)
    os.kill(pid, signal.SIGKILL)
    # The postmaster resets shared memory and recovers; poll until it accepts again.
    wait_ready(srv.port, srv.proc, log_path=srv.log_path)
    deadline = time.monotonic() + 60
    while True:
        try:
            return verify(srv, state, 1)
        except psycopg2.OperationalError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)  # polling interval while the server recovers


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary", required=True)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--seconds", type=float, default=3.0)
    ap.add_argument("--writers", type=int, default=4)
    ap.add_argument("--seed", type=int, default=int(time.time()))
    args = ap.parse_args()
    rng = random.Random(args.seed)
    print("seed %d" % args.seed)
    state = State()
    passed = failed = 0
    srv = HyraxServer(args.binary)
    srv.start()
    try:
        conn = connect(srv)
        cur = conn.cursor()
        cur.execute("DROP TABLE IF EXISTS crash_ledger")
        cur.execute("DROP TABLE IF EXISTS crash_accounts")
        cur.execute("CREATE TABLE crash_ledger (id int8 NOT NULL, writer int NOT NULL, "
                    "amount int NOT NULL)")
        cur.execute("CREATE TABLE crash_accounts (writer int NOT NULL, balance int8 NOT NULL)")
        for w in range(args.writers):
            cur.execute("INSERT INTO crash_accounts VALUES (%s, 0)", (w,))
        conn.close()
        for r in range(args.rounds):
            crash_round(srv, state, args, rng)
            problems, n = verify(srv, state, args.writers)
            with state.lock:
                acked = len(state.acked)
            if acked == 0:
                problems.append("no acknowledged commit: the round tested nothing")
            status = "PASS" if not problems else "FAIL"
            print("%s round %d: %d rows, %d acknowledged so far%s" % (
                status, r + 1, n, acked, "".join("\n  " + p for p in problems)))
            passed, failed = passed + (not problems), failed + bool(problems)
        problems, n = backend_kill(srv, state)
        status = "PASS" if not problems else "FAIL"
        print("%s backend SIGKILL: %d rows%s" % (status, n, "".join("\n  " + p for p in problems)))
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
