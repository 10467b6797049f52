#!/usr/bin/python3
"""crash_alter_table.py - ALTER TABLE's rewrites and catalog changes survive kill -9.

Table ca (id int PRIMARY KEY, n text, big text) gets rows with wide (TOASTed) values, then
committed ALTERs: ALTER COLUMN n TYPE int USING n::int (a rewrite into new files, indexes
rebuilt), ADD COLUMN d with a constant default (fast default), ADD COLUMN r with a
volatile default (a rewrite) and DROP COLUMN x; big is kept to check the TOAST copies. A
second session leaves ALTER COLUMN id TYPE bigint uncommitted. Then the
whole server is killed with SIGKILL (no checkpoint since the ALTERs, so recovery replays
them from the WAL), restarted, and checked:
  * the committed definition is there (types, dropped column gone, defaults) and the
    uncommitted ALTER is not;
  * every row holds its values (converted n, missing value d, per-row r, TOASTed big);
  * the primary key index finds every row and passes bt_index_parent_check;
  * new rows can be written and read.

Usage: crash_alter_table.py --binary build/hyrax
Prints "N passed, M failed".
"""
import argparse
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
from hyrax_server import HyraxServer  # noqa: E402
from crash_durability import connect  # noqa: E402

ROWS = 300


def big_value(i):
    return ("%05d" % i) * 2000  # 10000 bytes: compressed or moved to the TOAST table


def setup(srv):
    c = connect(srv)
    cur = c.cursor()
    cur.execute("CREATE TABLE ca (id int PRIMARY KEY, n text, big text, x int)")
    cur.execute("INSERT INTO ca SELECT g, (g * 10)::text, repeat(lpad(g::text, 5, '0'), 2000), g "
                "FROM generate_series(1, %d) g" % ROWS)
    cur.execute("CHECKPOINT")
    cur.execute("ALTER TABLE ca ALTER COLUMN n TYPE int USING n::int")
    cur.execute("ALTER TABLE ca ADD COLUMN d text DEFAULT 'fast', ADD COLUMN r float8 "
                "DEFAULT random()")
    cur.execute("ALTER TABLE ca DROP COLUMN x")
    cur.execute("INSERT INTO ca (id, n, big) VALUES (%d, 7, 'after')" % (ROWS + 1))
    # An ALTER that never commits.
    other = connect(srv)
    other.autocommit = False
    other.cursor().execute("ALTER TABLE ca ALTER COLUMN id TYPE bigint")
    return [c, other]


def verify(srv):
    problems = []
    c = connect(srv)
    cur = c.cursor()
    cur.execute("SELECT attname, format_type(atttypid, atttypmod) FROM pg_attribute "
                "WHERE attrelid = 'ca'::regclass AND attnum > 0 AND NOT attisdropped "
                "ORDER BY attnum")
    columns = cur.fetchall()
    expected = [("id", "integer"), ("n", "integer"), ("big", "text"), ("d", "text"),
                ("r", "double precision")]
    if columns != expected:
        problems.append("columns %r, expected %r" % (columns, expected))
    cur.execute("SELECT id, n, big, d, r FROM ca ORDER BY id")
    rows = cur.fetchall()
    if len(rows) != ROWS + 1:
        problems.append("%d rows, expected %d" % (len(rows), ROWS + 1))
    for (id_, n, big, d, r) in rows[:ROWS]:
        if n != id_ * 10 or big != big_value(id_) or d != "fast" or r is None:
            problems.append("row %d wrong: n=%r d=%r r=%r big ok=%s"
                            % (id_, n, d, r, big == big_value(id_)))
            break
    if rows and rows[-1][:4] != (ROWS + 1, 7, "after", "fast"):
        problems.append("last row %r" % (rows[-1][:4],))
    cur.execute("SET enable_seqscan = off")
    cur.execute("SELECT n FROM ca WHERE id = 150")
    found = cur.fetchall()
    if found != [(1500,)]:
        problems.append("index lookup of id 150: %r" % (found,))
    cur.execute("RESET enable_seqscan")
    cur.execute("SELECT bt_index_parent_check('ca_pkey', true, true)")
    cur.execute("INSERT INTO ca (id, n, big) VALUES (%d, 8, 'new')" % (ROWS + 2))
    cur.execute("SELECT n, d FROM ca WHERE id = %d" % (ROWS + 2))
    if cur.fetchall() != [(8, "fast")]:
        problems.append("new row not readable")
    return problems


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary", required=True)
    args = ap.parse_args()
    srv = HyraxServer(args.binary)
    failed = 0
    try:
        srv.start()
        sessions = setup(srv)
        srv.kill9()
        del sessions
        srv.start()
        problems = verify(srv)
        status = "PASS" if not problems else "FAIL"
        failed += bool(problems)
        print("%s ALTER TABLE after kill -9%s" % (status, "".join("\n  " + p for p in problems)))
    finally:
        srv.stop()
    print("%d passed, %d failed" % (1 - failed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
