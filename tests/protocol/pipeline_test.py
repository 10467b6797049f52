#!/usr/bin/python3
"""pipeline_test.py - the extended protocol's message flows (issue 3).

Several Parse/Bind/Execute before one Sync; an error mid-pipeline discards everything up
to Sync and rolls back the implicit transaction; Execute with a row limit answers
PortalSuspended and resumes; Flush sends what is pending without a Sync; Describe of
statements and portals (ParameterDescription, RowDescription, NoData); named statements
and portals (duplicates, Close, unknown names); explicit transaction blocks across Syncs
(ReadyForQuery status I/T/E); portals dropped at the end of the transaction; then libpq's
pipeline mode through psycopg 3. Expected message sequences are PostgreSQL 15's.
"""
import protocol_common as pc
from protocol_common import check_equal

import wire_client as w
from wire_client import bind, describe, execute, kinds, parse, sync


def tags(messages):
    return [w.command_tag(body) for kind, body in messages if kind == "C"]


def rows(messages):
    return [w.data_row(body) for kind, body in messages if kind == "D"]


def status(messages):
    return messages[-1][1].decode()


def test_three_statements_one_sync(target):
    with target.wire() as c:
        c.send(parse("select 1"), bind(), execute(),
               parse("select 'two'"), bind(), execute(),
               parse("select 3, 4"), bind(), execute(), sync())
        messages = c.read_until_ready()
        check_equal(kinds(messages), "12DC12DC12DCZ", "messages")
        check_equal(rows(messages), [[b"1"], [b"two"], [b"3", b"4"]], "rows")
        check_equal(status(messages), "I", "status")


def test_error_mid_pipeline_discards_until_sync(target):
    target.execute("drop table if exists pipe_t", "create table pipe_t (a int)")
    with target.wire() as c:
        c.send(parse("insert into pipe_t values (1)"), bind(), execute(),
               parse("select 1 / g from generate_series(0, 1) g"), bind(), execute(),
               parse("insert into pipe_t values (2)"), bind(), execute(), sync())
        messages = c.read_until_ready()
        check_equal(kinds(messages), "12C12EZ", "messages")
        check_equal(w.first_error(messages).sqlstate, "22012", "SQLSTATE")
        check_equal(status(messages), "I", "status")
        # the pipeline was one implicit transaction: the first INSERT is gone too
        messages = c.simple("select count(*) from pipe_t")
        check_equal(rows(messages), [[b"0"]], "rows after the failed pipeline")
        # and the next pipeline runs normally
        c.send(parse("insert into pipe_t values (3)"), bind(), execute(), sync())
        check_equal(kinds(c.read_until_ready()), "12CZ", "next pipeline")


def test_error_at_parse_discards_until_sync(target):
    with target.wire() as c:
        c.send(parse("selec 1"), bind(), execute(), parse("select 2"), bind(), execute(),
               sync())
        messages = c.read_until_ready()
        check_equal(kinds(messages), "EZ", "messages")
        check_equal(w.first_error(messages).sqlstate, "42601", "SQLSTATE")
        c.send(parse("select 1; select 2"), sync())
        err = w.first_error(c.read_until_ready())
        check_equal((err.sqlstate, err.message),
                    ("42601", "cannot insert multiple commands into a prepared statement"),
                    "two statements in one Parse")


def test_portal_suspended_with_max_rows(target):
    with target.wire() as c:
        c.send(parse("select g from generate_series(1, 5) g"), bind(), execute(max_rows=2),
               execute(max_rows=2), execute(max_rows=2), execute(max_rows=2), sync())
        messages = c.read_until_ready()
        check_equal(kinds(messages), "12DDsDDsDCCZ", "messages")
        check_equal(rows(messages), [[b"1"], [b"2"], [b"3"], [b"4"], [b"5"]], "rows")
        check_equal(tags(messages), ["SELECT 1", "SELECT 0"], "tags")


def test_named_portal_resumes_across_flush(target):
    with target.wire() as c:
        c.simple("begin")
        c.send(parse("select g from generate_series(1, 4) g", name="s"),
               bind(portal="p", statement="s"), execute("p", 3), w.flush())
        check_equal(kinds(c.read_until("s")), "12DDDs", "first batch after Flush")
        c.send(execute("p", 3), w.flush())
        check_equal(kinds(c.read_until("C")), "DC", "second batch")
        c.send(sync())
        check_equal(status(c.read_until_ready()), "T", "status inside BEGIN")
        c.simple("commit")


def test_flush_without_sync(target):
    with target.wire() as c:
        c.send(parse("select 42"), bind(), describe(b"P"), w.flush())
        check_equal(kinds(c.read_until("T")), "12T", "answers sent by Flush")
        c.send(execute(), sync())
        messages = c.read_until_ready()
        check_equal(kinds(messages), "DCZ", "the rest")


def test_describe_statement_and_portal(target):
    target.execute("drop table if exists pipe_d", "create table pipe_d (a int, b text)")
    with target.wire() as c:
        c.send(parse("select a, b from pipe_d where a = $1", name="q"), describe(b"S", "q"),
               parse("insert into pipe_d values ($1, $2)", name="i"), describe(b"S", "i"),
               bind([b"1", b"one"], portal="ip", statement="i"), describe(b"P", "ip"),
               execute("ip"), sync())
        messages = c.read_until_ready()
        check_equal(kinds(messages), "1tT1tn2nCZ", "messages")
        check_equal([col[0] for col in w.row_description(messages[2][1])], ["a", "b"],
                    "columns")
        check_equal(tags(messages), ["INSERT 0 1"], "tag")


def test_named_statement_errors_and_close(target):
    with target.wire() as c:
        c.send(parse("select 1", name="dup"), sync())
        check_equal(kinds(c.read_until_ready()), "1Z", "first Parse")
        c.send(parse("select 2", name="dup"), sync())
        err = w.first_error(c.read_until_ready())
        check_equal((err.sqlstate, err.message),
                    ("42P05", 'prepared statement "dup" already exists'), "duplicate")
        c.send(w.close(b"S", "dup"), parse("select 2", name="dup"), bind(statement="dup"),
               execute(), sync())
        messages = c.read_until_ready()
        check_equal(kinds(messages), "312DCZ", "Close then Parse again")
        check_equal(rows(messages), [[b"2"]], "rows")
        c.send(bind(statement="nope"), sync())
        err = w.first_error(c.read_until_ready())
        check_equal((err.sqlstate, err.message),
                    ("26000", 'prepared statement "nope" does not exist'), "unknown statement")
        c.send(execute("nope"), sync())
        err = w.first_error(c.read_until_ready())
        check_equal((err.sqlstate, err.message), ("34000", 'portal "nope" does not exist'),
                    "unknown portal")
        c.send(w.close(b"S", "never"), w.close(b"P", "never"), sync())
        check_equal(kinds(c.read_until_ready()), "33Z", "Close of unknown names")


def test_bind_parameter_count_mismatch(target):
    with target.wire() as c:
        c.send(parse("select $1::int", name="one"), bind([b"1", b"2"], statement="one"), sync())
        err = w.first_error(c.read_until_ready())
        check_equal((err.sqlstate, err.message),
                    ("08P01", 'bind message supplies 2 parameters, but prepared statement '
                     '"one" requires 1'), "error")


def test_transaction_status_across_syncs(target):
    target.execute("drop table if exists pipe_x", "create table pipe_x (a int)")
    with target.wire() as c:
        c.send(parse("begin"), bind(), execute(), parse("insert into pipe_x values (1)"), bind(),
               execute(), sync())
        messages = c.read_until_ready()
        check_equal((kinds(messages), status(messages)), ("12C12CZ", "T"), "after BEGIN")
        c.send(parse("select 1 / 0"), bind(), execute(), sync())
        check_equal(status(c.read_until_ready()), "E", "after an error in the block")
        c.send(parse("select 1"), bind(), execute(), sync())
        err = w.first_error(c.read_until_ready())
        check_equal(err.sqlstate, "25P02", "in the failed block")
        c.send(parse("rollback"), bind(), execute(), sync())
        messages = c.read_until_ready()
        check_equal((tags(messages), status(messages)), (["ROLLBACK"], "I"), "ROLLBACK")
        check_equal(rows(c.simple("select count(*) from pipe_x")), [[b"0"]], "rows")


def test_portals_end_with_the_transaction(target):
    with target.wire() as c:
        c.send(parse("select g from generate_series(1, 3) g"), bind(), execute(max_rows=1),
               sync())
        check_equal(kinds(c.read_until_ready()), "12DsZ", "first Sync")
        c.send(execute(), sync())
        err = w.first_error(c.read_until_ready())
        check_equal((err.sqlstate, err.message), ("34000", 'portal "" does not exist'),
                    "the unnamed portal after Sync")


def test_psycopg3_pipeline_mode(target):
    import psycopg
    with target.connect3() as conn:
        conn.execute("drop table if exists pipe_p")
        conn.execute("create table pipe_p (a int primary key, b text)")
        with conn.pipeline():
            for i in range(20):
                conn.execute("insert into pipe_p values (%s, %s)", (i, "v%d" % i))
            cur = conn.execute("select count(*), max(b) from pipe_p")
        check_equal(cur.fetchone(), (20, "v9"), "rows written in a pipeline")
        try:
            with conn.pipeline():
                conn.execute("insert into pipe_p values (100, 'x')")
                conn.execute("insert into pipe_p values (1, 'duplicate')")
                conn.execute("insert into pipe_p values (101, 'y')")
        except psycopg.errors.UniqueViolation:
            pass
        else:
            raise AssertionError("the duplicate key did not fail the pipeline")
        # psycopg sends one Sync at the end of the block: one implicit transaction
        check_equal(conn.execute("select count(*) from pipe_p where a >= 100").fetchone(), (0,),
                    "rows of the failed pipeline")


TESTS = [
    test_three_statements_one_sync,
    test_error_mid_pipeline_discards_until_sync,
    test_error_at_parse_discards_until_sync,
    test_portal_suspended_with_max_rows,
    test_named_portal_resumes_across_flush,
    test_flush_without_sync,
    test_describe_statement_and_portal,
    test_named_statement_errors_and_close,
    test_bind_parameter_count_mismatch,
    test_transaction_status_across_syncs,
    test_portals_end_with_the_transaction,
    test_psycopg3_pipeline_mode,
]

if __name__ == "__main__":
    pc.main(TESTS, __doc__.split("\n\n")[0])
