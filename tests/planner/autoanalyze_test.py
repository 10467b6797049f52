#!/usr/bin/python3
"""Automatic ANALYZE (ctest planner_autoanalyze): the autovacuum launcher and worker analyze
a table once more rows changed than autovacuum_analyze_threshold (50) +
autovacuum_analyze_scale_factor (0.1) * reltuples, leave smaller changes alone, and skip a
table another transaction holds locked (ANALYZE (SKIP_LOCKED)) until the lock is gone.

ctest starts the server with autovacuum_naptime = 1s (tests/CMakeLists.txt). The worker runs
on its own schedule, so the test waits for the event it causes (last_autoanalyze becoming
set, polled with a generous deadline) instead of sleeping a fixed time; the checks after it
are deterministic: the worker's pass over the database saw the small table's committed
changes, which were under the threshold.
"""
import os
import sys
import threading
import time

import psycopg2

DEADLINE_S = 120


def connect():
    conn = psycopg2.connect(host=os.environ.get("PGHOST", "127.0.0.1"),
                            port=int(os.environ.get("PGPORT", "5432")),
                            user=os.environ.get("PGUSER", "postgres"),
                            dbname=os.environ.get("PGDATABASE", "postgres"))
    conn.autocommit = True
    return conn


def one(cur, sql):
    cur.execute(sql)
    return cur.fetchone()[0]


def wait_for(cur, sql):
    """Polls until `sql` returns true; False at the deadline."""
    deadline = time.monotonic() + DEADLINE_S
    while time.monotonic() < deadline:
        if one(cur, sql):
            return True
        time.sleep(0.2)
    return False


def main():
    failures = []

    def check(name, got, want):
        if got != want:
            failures.append("%s: got %r, want %r" % (name, got, want))

    conn = connect()
    cur = conn.cursor()
    check("autovacuum", one(cur, "SHOW autovacuum"), "on")
    check("autovacuum_naptime", one(cur, "SHOW autovacuum_naptime"), "1s")
    check("autovacuum_analyze_threshold", one(cur, "SHOW autovacuum_analyze_threshold"), "50")
    check("autovacuum_analyze_scale_factor",
          one(cur, "SHOW autovacuum_analyze_scale_factor"), "0.1")
    cur.execute("DROP TABLE IF EXISTS aa_locked, aa_wait, aa_small, aa_t")
    # A table the worker reaches first (lowest OID) but cannot lock: a transaction of another
    # session holds its ShareUpdateExclusiveLock (an ANALYZE in a transaction block), so the
    # worker must skip it rather than wait and hold up the other tables.
    cur.execute("CREATE TABLE aa_locked (v int)")
    # aa_wait: a manual ANALYZE queued behind the locker's must read the pg_class and
    # pg_statistic rows the locker's ANALYZE committed while it waited (it used to fail with
    # "concurrent update of a catalog row").
    cur.execute("CREATE TABLE aa_wait (v int)")
    cur.execute("INSERT INTO aa_wait SELECT g FROM generate_series(1, 10) g")
    locker = connect()
    locker.autocommit = False
    locker_cur = locker.cursor()
    locker_cur.execute("ANALYZE aa_locked")
    locker_cur.execute("ANALYZE aa_wait")
    waiter_errors = []

    def waiter_body():
        try:
            waiter = connect()
            waiter.cursor().execute("ANALYZE aa_wait")  # waits for the locker's commit
            waiter.close()
        except psycopg2.Error as e:
            waiter_errors.append(str(e).strip())

    waiter_thread = threading.Thread(target=waiter_body)
    waiter_thread.start()
    cur.execute("INSERT INTO aa_locked SELECT g FROM generate_series(1, 100) g")
    # The same skip by hand, with PostgreSQL's warning.
    del conn.notices[:]
    cur.execute("ANALYZE (SKIP_LOCKED) aa_locked")
    check("ANALYZE (SKIP_LOCKED) warning", [n.strip() for n in conn.notices],
          ['WARNING:  skipping analyze of "aa_locked" --- lock not available'])
    check("aa_locked analyze_count while locked",
          one(cur, "SELECT pg_stat_get_analyze_count('aa_locked'::regclass)"), 1)
    # 40 changes: under the threshold of 50 for a never-analyzed table.
    cur.execute("CREATE TABLE aa_small (v int)")
    cur.execute("INSERT INTO aa_small SELECT g FROM generate_series(1, 40) g")
    check("aa_small n_mod_since_analyze",
          one(cur, "SELECT pg_stat_get_mod_since_analyze('aa_small'::regclass)"), 40)
    # 5,000 rows: over it.
    cur.execute("CREATE TABLE aa_t (id int, v int)")
    cur.execute("INSERT INTO aa_t SELECT g, g % 100 FROM generate_series(1, 5000) g")
    if not wait_for(cur, "SELECT pg_stat_get_last_autoanalyze_time('aa_t'::regclass) IS NOT NULL"):
        failures.append("aa_t was not analyzed automatically within %d s" % DEADLINE_S)
    else:
        check("aa_t reltuples", one(cur, "SELECT reltuples FROM pg_class WHERE relname = 'aa_t'"),
              5000.0)
        check("aa_t pg_stats rows",
              one(cur, "SELECT count(*) FROM pg_stats WHERE tablename = 'aa_t'"), 2)
        check("aa_t n_distinct of v",
              one(cur, "SELECT n_distinct FROM pg_stats WHERE tablename = 'aa_t' "
                       "AND attname = 'v'"), 100.0)
        check("aa_t autoanalyze_count",
              one(cur, "SELECT pg_stat_get_autoanalyze_count('aa_t'::regclass)"), 1)
        check("aa_t n_mod_since_analyze",
              one(cur, "SELECT pg_stat_get_mod_since_analyze('aa_t'::regclass)"), 0)
        check("aa_t last_analyze (manual)",
              one(cur, "SELECT pg_stat_get_last_analyze_time('aa_t'::regclass)"), None)
        # The planner uses what the worker gathered: v = 7 is 1% of the rows.
        cur.execute("EXPLAIN (FORMAT JSON) SELECT * FROM aa_t WHERE v = 7")
        doc = cur.fetchone()[0]
        check("aa_t estimate for v = 7", doc[0]["Plan"]["Plan Rows"], 50)
        # The same pass saw aa_small's 40 committed changes and left it alone.
        check("aa_small last_autoanalyze",
              one(cur, "SELECT pg_stat_get_last_autoanalyze_time('aa_small'::regclass)"), None)
        check("aa_small pg_stats rows",
              one(cur, "SELECT count(*) FROM pg_stats WHERE tablename = 'aa_small'"), 0)
        # aa_locked was skipped, its changes still count; once the lock goes, it is analyzed.
        check("aa_locked last_autoanalyze while locked",
              one(cur, "SELECT pg_stat_get_last_autoanalyze_time('aa_locked'::regclass)"), None)
        check("aa_locked n_mod_since_analyze while locked",
              one(cur, "SELECT pg_stat_get_mod_since_analyze('aa_locked'::regclass)"), 100)
    locker.commit()
    locker.close()
    waiter_thread.join(DEADLINE_S)
    check("ANALYZE behind another ANALYZE of the table", waiter_errors, [])
    check("aa_wait pg_stats rows", one(cur, "SELECT count(*) FROM pg_stats "
                                            "WHERE tablename = 'aa_wait'"), 1)
    check("aa_wait analyze_count", one(cur, "SELECT pg_stat_get_analyze_count('aa_wait'::regclass)"),
          2)
    if not wait_for(cur, "SELECT pg_stat_get_last_autoanalyze_time('aa_locked'::regclass) "
                         "IS NOT NULL"):
        failures.append("aa_locked was not analyzed automatically within %d s of its lock "
                        "going away" % DEADLINE_S)
    else:
        check("aa_locked pg_stats n_distinct",
              one(cur, "SELECT n_distinct FROM pg_stats WHERE tablename = 'aa_locked'"), -1.0)
    # A manual ANALYZE is counted apart from the automatic ones.
    cur.execute("ANALYZE aa_small")
    check("aa_small analyze_count",
          one(cur, "SELECT pg_stat_get_analyze_count('aa_small'::regclass)"), 1)
    check("aa_small last_analyze set",
          one(cur, "SELECT pg_stat_get_last_analyze_time('aa_small'::regclass) IS NOT NULL"),
          True)
    check("aa_small n_mod_since_analyze after ANALYZE",
          one(cur, "SELECT pg_stat_get_mod_since_analyze('aa_small'::regclass)"), 0)
    # ANALYZE of some columns counts as an analyze but keeps the changes (PostgreSQL's rule).
    cur.execute("INSERT INTO aa_small VALUES (41)")
    cur.execute("ANALYZE aa_small (v)")
    check("aa_small n_mod_since_analyze after a column-list ANALYZE",
          one(cur, "SELECT pg_stat_get_mod_since_analyze('aa_small'::regclass)"), 1)
    cur.execute("DROP TABLE aa_locked, aa_wait, aa_small, aa_t")
    conn.close()
    for f in failures:
        print("FAIL " + f)
    print("autoanalyze: %s" % ("ok" if not failures else "%d failures" % len(failures)))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
