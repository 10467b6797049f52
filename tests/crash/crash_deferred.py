#!/usr/bin/python3
"""crash_deferred.py - commits decided by deferred unique checks survive kill -9.

A deferred unique constraint is checked at COMMIT, before the commit record
(executor/exec/constraint_deferral.h). Table cd (i int UNIQUE DEFERRABLE INITIALLY DEFERRED)
gets, in separate transactions: a swap of keys through a temporary duplicate that is resolved
before COMMIT (must commit), a duplicate left at COMMIT (the COMMIT must fail with 23505 and
leave nothing), and an open transaction holding a duplicate (never committed). Then the
server is killed with SIGKILL (recovery replays from the WAL), restarted, and checked:
  * exactly the committed rows are there, with their keys;
  * the unique index finds every row and passes bt_index_parent_check;
  * the constraint still works after the restart (a new duplicate fails at COMMIT).

Usage: crash_deferred.py --binary build/hyrax
Prints "N passed, M failed".
"""
import argparse
import os
import sys

import psycopg2

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
from hyrax_server import HyraxServer  # noqa: E402
from crash_durability import connect  # noqa: E402

ROWS = 200


def setup(srv):
    problems = []
    c = connect(srv)
    cur = c.cursor()
    cur.execute("CREATE TABLE cd (i int UNIQUE DEFERRABLE INITIALLY DEFERRED, t text)")
    cur.execute("INSERT INTO cd SELECT g, 'row ' || g FROM generate_series(1, %d) g" % ROWS)
    cur.execute("CHECKPOINT")
    # Every key moves up by one through duplicates resolved before COMMIT.
    cur.execute("BEGIN")
    cur.execute("UPDATE cd SET i = i + 1")
    cur.execute("COMMIT")
    # A duplicate left at COMMIT: the COMMIT fails and nothing of it stays.
    cur.execute("BEGIN")
    cur.execute("INSERT INTO cd VALUES (%d, 'bad')" % (ROWS + 1))
    cur.execute("INSERT INTO cd VALUES (%d, 'gone too')" % (ROWS + 5))
    try:
        cur.execute("COMMIT")
        problems.append("COMMIT with a duplicate succeeded")
    except psycopg2.Error as e:
        if e.pgcode != "23505":
            problems.append("COMMIT failed with %s, expected 23505" % e.pgcode)
    # A duplicate in a transaction that never ends.
    other = connect(srv)
    other.autocommit = False
    other.cursor().execute("INSERT INTO cd VALUES (2, 'uncommitted')")
    return [c, other], problems


def verify(srv):
    problems = []
    c = connect(srv)
    cur = c.cursor()
    cur.execute("SELECT i, t FROM cd ORDER BY i")
    rows = cur.fetchall()
    expected = [(g + 1, "row %d" % g) for g in range(1, ROWS + 1)]
    if rows != expected:
        problems.append("rows differ: %d rows, first %r, last %r"
                        % (len(rows), rows[:2], rows[-2:]))
    cur.execute("SET enable_seqscan = off")
    cur.execute("SELECT t FROM cd WHERE i = 101")
    if cur.fetchall() != [("row 100",)]:
        problems.append("index lookup of i = 101 failed")
    cur.execute("RESET enable_seqscan")
    cur.execute("SELECT bt_index_parent_check('cd_i_key', true, true)")
    cur.execute("BEGIN")
    cur.execute("INSERT INTO cd VALUES (2, 'dup after restart')")
    try:
        cur.execute("COMMIT")
        problems.append("COMMIT with a duplicate after the restart succeeded")
    except psycopg2.Error as e:
        if e.pgcode != "23505":
            problems.append("COMMIT after the restart failed with %s" % e.pgcode)
    return problems


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary", required=True)
    args = ap.parse_args()
    srv = HyraxServer(args.binary)
    failed = 0
    try:
        srv.start()
        sessions, problems = setup(srv)
        srv.kill9()
        del sessions
        srv.start()
        problems += verify(srv)
        status = "PASS" if not problems else "FAIL"
        failed += bool(problems)
        print("%s deferred unique commits after kill -9%s"
              % (status, "".join("\n  " + p for p in problems)))
    finally:
        srv.stop()
    print("%d passed, %d failed" % (1 - failed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
