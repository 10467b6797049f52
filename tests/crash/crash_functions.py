#!/usr/bin/python3
"""crash_functions.py - user-defined functions and aggregates survive restarts.

CREATE FUNCTION / CREATE AGGREGATE write pg_proc, pg_aggregate and pg_depend rows through
the WAL like other DDL. This test creates a SQL function with a default argument, a
SQL-standard (RETURN) function that calls it, a SETOF function, an aggregate with a SQL
transition function and a view over the first function, then:
  1. stops the server cleanly and starts it again;
  2. kills it with SIGKILL (no checkpoint since the last DDL, so recovery replays it from
     the WAL) after one more committed CREATE FUNCTION and an uncommitted one, and starts
     it again;
and each time checks that the committed functions give the same results, the uncommitted
one is absent, and DROP FUNCTION still refuses to drop a function the view uses (2BP01).

Usage: crash_functions.py --binary build/hyrax
Prints "N passed, M failed".
"""
import argparse
import os
import sys

import psycopg2

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
from hyrax_server import HyraxServer  # noqa: E402
from crash_durability import connect  # noqa: E402

SETUP = [
    "CREATE TABLE cf (g int, v int)",
    "INSERT INTO cf VALUES (1, 2), (1, 3), (2, 5)",
    "CREATE FUNCTION cf_scale(x int, k int DEFAULT 10) RETURNS int LANGUAGE sql "
    "AS 'SELECT x * k'",
    "CREATE FUNCTION cf_plus_one(x int) RETURNS int LANGUAGE sql RETURN cf_scale(x, 1) + 1",
    "CREATE FUNCTION cf_values(grp int) RETURNS SETOF int LANGUAGE sql "
    "AS 'SELECT v FROM cf WHERE g = grp ORDER BY v'",
    "CREATE FUNCTION cf_mul(s int, x int) RETURNS int LANGUAGE sql AS 'SELECT s * x'",
    "CREATE AGGREGATE cf_product(int) (SFUNC = cf_mul, STYPE = int, INITCOND = '1')",
    "CREATE VIEW cf_view AS SELECT g, cf_scale(v) AS s FROM cf",
]

CHECKS = [
    ("SELECT cf_scale(2), cf_scale(2, 3), cf_plus_one(4)", [(20, 6, 5)]),
    ("SELECT * FROM cf_values(1)", [(2,), (3,)]),
    ("SELECT g, cf_product(v) FROM cf GROUP BY g ORDER BY g", [(1, 6), (2, 5)]),
    ("SELECT g, s FROM cf_view ORDER BY g, s", [(1, 20), (1, 30), (2, 50)]),
]


def verify(srv, late_function):
    problems = []
    c = connect(srv)
    cur = c.cursor()
    for sql, expected in CHECKS:
        try:
            cur.execute(sql)
            got = cur.fetchall()
        except psycopg2.Error as e:
            got = "error %s %s" % (e.pgcode, e.pgerror)
        if got != expected:
            problems.append("%s: got %r, expected %r" % (sql, got, expected))
    if late_function:
        cur.execute("SELECT cf_late()")
        if cur.fetchall() != [("late",)]:
            problems.append("cf_late() lost")
    cur.execute("SELECT count(*) FROM pg_proc WHERE proname = 'cf_uncommitted'")
    if cur.fetchall() != [(0,)]:
        problems.append("uncommitted function is visible")
    try:
        cur.execute("DROP FUNCTION cf_scale(int, int)")
        problems.append("DROP FUNCTION of a function a view uses succeeded")
    except psycopg2.Error as e:
        if e.pgcode != "2BP01":
            problems.append("DROP FUNCTION: %s %s" % (e.pgcode, e.pgerror))
    return problems


def report(name, problems):
    print("%s %s%s" % ("FAIL" if problems else "PASS", name,
                       "".join("\n  " + p for p in problems)))
    return 1 if problems else 0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary", required=True)
    args = ap.parse_args()
    srv = HyraxServer(args.binary)
    failed = 0
    try:
        srv.start()
        cur = connect(srv).cursor()
        for sql in SETUP:
            cur.execute(sql)
        srv.stop()
        srv.start()
        failed += report("functions after a clean restart", verify(srv, False))

        cur = connect(srv).cursor()
        cur.execute("CREATE FUNCTION cf_late() RETURNS text LANGUAGE sql AS $$SELECT 'late'$$")
        other = connect(srv)
        other.autocommit = False
        other.cursor().execute("CREATE FUNCTION cf_uncommitted() RETURNS int LANGUAGE sql "
                               "AS 'SELECT 1'")
        srv.kill9()
        del other
        srv.start()
        failed += report("functions after kill -9", verify(srv, True))
    finally:
        srv.stop()
    print("%d passed, %d failed" % (2 - failed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
