#!/usr/bin/python3
"""activity_test.py - pg_stat_activity, pg_stat_get_activity, pg_cancel_backend and
pg_terminate_backend across sessions, as PostgreSQL 15 shows and does them.

Sessions see each other (pid = the other's pg_backend_pid(), application_name, query
text, states active / idle / idle in transaction / idle in transaction (aborted)); a
session waiting for a row lock shows wait_event_type 'Lock'; pg_cancel_backend ends
another session's pg_sleep with 57014 and pg_terminate_backend ends the session with
57P01; PostgreSQL's permission rules (42501) and warnings. Run with --pg to check the
expectations against PostgreSQL 15 itself.

No timing: tests poll pg_stat_activity (with a deadline) until the other session has
reached the state they need.
"""
import threading

import psycopg2

import protocol_common as pc
from protocol_common import check_equal, expect_error

import wire_client

CANCELED = "canceling statement due to user request"
TERMINATED = "terminating connection due to administrator command"

VIEW_COLUMNS = [
    "datid", "datname", "pid", "leader_pid", "usesysid", "usename", "application_name",
    "client_addr", "client_hostname", "client_port", "backend_start", "xact_start",
    "query_start", "state_change", "wait_event_type", "wait_event", "state", "backend_xid",
    "backend_xmin", "query_id", "query", "backend_type"]

FUNCTION_COLUMNS = [
    "datid", "pid", "usesysid", "application_name", "state", "query", "wait_event_type",
    "wait_event", "xact_start", "query_start", "backend_start", "state_change", "client_addr",
    "client_hostname", "client_port", "backend_xid", "backend_xmin", "backend_type", "ssl",
    "sslversion", "sslcipher", "sslbits", "ssl_client_dn", "ssl_client_serial",
    "ssl_issuer_dn", "gss_auth", "gss_princ", "gss_enc", "leader_pid", "query_id"]


def query_all(conn, sql, params=()):
    cur = conn.cursor()
    cur.execute(sql, params)
    return cur.fetchall()


def query_one(conn, sql, params=()):
    rows = query_all(conn, sql, params)
    assert len(rows) == 1, "expected one row from %r, got %r" % (sql, rows)
    return rows[0]


def backend_pid(conn):
    return query_one(conn, "select pg_backend_pid()")[0]


def activity_of(observer, pid, columns):
    rows = query_all(observer, "select %s from pg_stat_activity where pid = %%s" % columns,
                     (pid,))
    return rows[0] if rows else None


def wait_for_activity(observer, pid, columns, expected):
    """Polls until pg_stat_activity's `columns` of `pid` equal `expected`."""
    seen = []

    def reached():
        seen[:] = [activity_of(observer, pid, columns)]
        return seen[0] == expected

    try:
        pc.wait_for(reached, "backend %d to show %r" % (pid, expected))
    except AssertionError:
        raise AssertionError("backend %d shows %r, expected %r" % (pid, seen[0], expected))


class Background:
    """Runs one statement on `conn` in a thread; join() returns its error (or None)."""

    def __init__(self, conn, sql):
        self.error = None
        self.thread = threading.Thread(target=self._run, args=(conn, sql), daemon=True)
        self.thread.start()

    def _run(self, conn, sql):
        try:
            conn.cursor().execute(sql)
        except psycopg2.Error as e:
            self.error = e

    def join(self):
        self.thread.join(60)
        assert not self.thread.is_alive(), "background statement did not finish"
        return self.error


def test_view_and_function_columns(target):
    with target.connect() as conn:
        cur = conn.cursor()
        cur.execute("select * from pg_stat_activity where false")
        check_equal([d.name for d in cur.description], VIEW_COLUMNS, "view columns")
        cur.execute("select * from pg_stat_get_activity(pg_backend_pid())")
        check_equal([d.name for d in cur.description], FUNCTION_COLUMNS, "function columns")
        row = dict(zip(FUNCTION_COLUMNS, cur.fetchone()))
        check_equal((row["pid"], row["state"], row["backend_type"], row["ssl"],
                     row["gss_auth"], row["gss_enc"], row["leader_pid"], row["query_id"]),
                    (backend_pid(conn), "active", "client backend", False, False, False,
                     None, None), "own row")
        check_equal(query_one(conn, "select count(*) from pg_stat_get_activity(0)"), (0,),
                    "rows for a pid that is no backend")
        check_equal(query_one(conn, "select count(*) = (select count(*) from pg_stat_activity)"
                                    " from pg_stat_get_activity(-1)"), (True,), "-1 means all")
        check_equal(query_one(conn, "select count(*) = count(distinct pid) from "
                                    "pg_stat_activity where backend_type = 'client backend'"),
                    (True,), "one row per client backend")


def test_sessions_see_each_other(target):
    a = target.connect(application_name="activity_a")
    b = target.connect(application_name="activity_b")
    try:
        a_pid, b_pid = backend_pid(a), backend_pid(b)
        check_equal(a_pid != b_pid, True, "different backends")
        check_equal(activity_of(a, b_pid, "pid, datname, usename, application_name, state, "
                                          "query, backend_type, xact_start"),
                    (b_pid, "postgres", "postgres", "activity_b", "idle",
                     "select pg_backend_pid()", "client backend", None),
                    "the other, idle session")
        own = "select state, query, application_name from pg_stat_activity where pid = %d" % (
            a_pid)
        check_equal(query_one(a, own), ("active", own, "activity_a"), "the querying session")
        check_equal(query_one(a, "select backend_start <= xact_start, xact_start <= query_start,"
                                 " query_start <= state_change, query_start = current_timestamp from "
                                 "pg_stat_activity where pid = pg_backend_pid()"),
                    (True, True, True, True), "timestamps of the querying session")
        check_equal(query_one(a, "select client_addr, client_hostname, client_port > 0, datid ="
                                 " (select oid from pg_database where datname = 'postgres') "
                                 "from pg_stat_activity where pid = %s", (b_pid,)),
                    ("127.0.0.1", None, True, True), "client address, port and database")
        b.cursor().execute("set application_name = 'renamed_b'")
        check_equal(activity_of(a, b_pid, "application_name"), ("renamed_b",),
                    "application_name after SET")
    finally:
        a.close()
        b.close()


def test_transaction_states(target):
    observer = target.connect()
    b = target.connect(autocommit=False)
    try:
        target.execute("drop table if exists activity_t", "create table activity_t (a int)",
                       "insert into activity_t values (1)")
        b_pid = backend_pid(b)  # psycopg2 has opened a transaction block with it
        check_equal(activity_of(observer, b_pid, "state, query, backend_xid"),
                    ("idle in transaction", "select pg_backend_pid()", None),
                    "idle in transaction")
        check_equal(query_one(observer, "select xact_start is not null, xact_start <= "
                                        "query_start from pg_stat_activity where pid = %s",
                              (b_pid,)), (True, True), "xact_start of an open block")
        b.cursor().execute("update activity_t set a = 2")
        check_equal(query_one(observer, "select state, backend_xid is not null from "
                                        "pg_stat_activity where pid = %s", (b_pid,)),
                    ("idle in transaction", True), "after a write")
        expect_error("22012", b.cursor().execute, "select 1/0")
        check_equal(activity_of(observer, b_pid, "state, query"),
                    ("idle in transaction (aborted)", "select 1/0"), "failed block")
        b.rollback()
        b.cursor().execute("select 2")  # opens a new block
        b.rollback()
        check_equal(activity_of(observer, b_pid, "state, query, backend_xid, xact_start"),
                    ("idle", "ROLLBACK", None, None), "after ROLLBACK")
    finally:
        observer.close()
        b.close()


def test_lock_wait_shows_wait_event(target):
    target.execute("drop table if exists activity_lock", "create table activity_lock (a int)",
                   "insert into activity_lock values (1)")
    observer = target.connect()
    locker = target.connect(autocommit=False)
    waiter = target.connect()
    try:
        locker.cursor().execute("update activity_lock set a = 2")
        waiter_pid = backend_pid(waiter)
        update = "update activity_lock set a = 3"
        job = Background(waiter, update)
        wait_for_activity(observer, waiter_pid, "state, wait_event_type, wait_event, query",
                          ("active", "Lock", "transactionid", update))
        locker.commit()
        check_equal(job.join(), None, "the waiting update")
        # (Idle, it may or may not wait in ClientRead yet: PostgreSQL sets that wait event
        # only once its socket read blocks.)
        check_equal(activity_of(observer, waiter_pid,
                                "state, coalesce(wait_event_type, '') <> 'Lock'"),
                    ("idle", True), "after the wait")
    finally:
        observer.close()
        locker.close()
        waiter.close()


def test_cancel_backend(target):
    admin = target.connect()
    victim = target.connect()
    try:
        victim_pid = backend_pid(victim)
        sleep = "select pg_sleep(60)"
        job = Background(victim, sleep)
        wait_for_activity(admin, victim_pid, "state, query", ("active", sleep))
        check_equal(query_one(admin, "select pg_cancel_backend(%s)", (victim_pid,)), (True,),
                    "pg_cancel_backend")
        err = job.join()
        assert err is not None, "the cancelled statement succeeded"
        check_equal((err.pgcode, err.diag.message_primary), ("57014", CANCELED), "error")
        check_equal(query_one(victim, "select 42"), (42,), "the session goes on")
    finally:
        admin.close()
        victim.close()


def test_terminate_backend(target):
    admin = target.connect()
    victim = target.wire()  # a raw client, to read the FATAL ErrorResponse as sent
    try:
        sleep = "select pg_sleep(60)"
        victim.send(wire_client.query(sleep))
        wait_for_activity(admin, victim.pid, "state, query", ("active", sleep))
        # A timeout makes the call wait until the process is gone.
        check_equal(query_one(admin, "select pg_terminate_backend(%s, 60000)", (victim.pid,)),
                    (True,), "pg_terminate_backend")
        err = wire_client.first_error(victim.read_until("E"))
        check_equal((err.sqlstate, err.message, err.fields.get("V")),
                    ("57P01", TERMINATED, "FATAL"), "error")
        check_equal(victim.at_eof(), True, "connection closed by the server")
        check_equal(activity_of(admin, victim.pid, "pid"), None, "row of the ended session")
    finally:
        admin.close()
        victim.close()


def test_signal_errors_and_warnings(target):
    admin = target.connect()
    try:
        notices_before = len(admin.notices)
        check_equal(query_one(admin, "select pg_cancel_backend(0)"), (False,), "pid 0")
        check_equal(query_one(admin, "select pg_terminate_backend(0)"), (False,), "pid 0")
        check_equal([n.strip() for n in admin.notices[notices_before:]],
                    ["WARNING:  PID 0 is not a PostgreSQL backend process"] * 2, "warnings")
        expect_error("22003", admin.cursor().execute, "select pg_terminate_backend(0, -1)",
                     message='"timeout" must not be negative')
    finally:
        admin.close()


def test_non_superuser_rules(target):
    target.execute("drop role if exists activity_alice",
                   "create role activity_alice login password 'secret'")
    admin = target.connect(application_name="activity_admin")
    alice = target.connect(user="activity_alice", password="secret")
    alice2 = target.connect(user="activity_alice", password="secret")
    try:
        admin_pid, alice2_pid = backend_pid(admin), backend_pid(alice2)
        check_equal(activity_of(alice, admin_pid, "usename, application_name, state, query, "
                                                  "backend_start, client_port, backend_type"),
                    ("postgres", "activity_admin", None, "<insufficient privilege>", None, None,
                     None),
                    "a superuser's session seen by another role")
        check_equal(activity_of(alice, alice2_pid, "usename, state, query"),
                    ("activity_alice", "idle", "select pg_backend_pid()"),
                    "a session of the same role")
        expect_error("42501", alice.cursor().execute, "select pg_cancel_backend(%d)" % admin_pid,
                     message="must be a superuser to cancel superuser query")
        expect_error("42501", alice.cursor().execute,
                     "select pg_terminate_backend(%d)" % admin_pid,
                     message="must be a superuser to terminate superuser process")
        check_equal(query_one(alice, "select pg_cancel_backend(%s)", (alice2_pid,)), (True,),
                    "cancel of an idle session of the same role")
        check_equal(query_one(alice2, "select 1"), (1,), "an idle session ignores a cancel")
    finally:
        admin.close()
        alice.close()
        alice2.close()
        target.execute("drop role activity_alice")


TESTS = [
    test_view_and_function_columns,
    test_sessions_see_each_other,
    test_transaction_states,
    test_lock_wait_shows_wait_event,
    test_cancel_backend,
    test_terminate_backend,
    test_signal_errors_and_warnings,
    test_non_superuser_rules,
]

if __name__ == "__main__":
    pc.main(TESTS, __doc__)
