#!/usr/bin/python3
"""cursor_test.py - SQL cursors end to end (issue 3).

DECLARE / FETCH n / FETCH ALL / FETCH NEXT, ABSOLUTE and RELATIVE forward / MOVE / CLOSE
and CLOSE ALL with PostgreSQL's rows and command tags; the cursor's snapshot; errors: DECLARE
outside a transaction block (25P01), unknown cursors (34000), duplicate names (42P03), FETCH
in a failed transaction (25P02), cursors gone after COMMIT and ROLLBACK; BINARY cursors;
psycopg2 and psycopg 3 server-side cursors.

SCROLL cursors read backward and WITH HOLD cursors are checked against PostgreSQL's results;
a server that answers them with 0A000 (not supported yet) makes those tests "skip".
"""
import struct

import protocol_common as pc
from protocol_common import Skip, check_equal, expect_error


def transaction(target):
    conn = target.connect(autocommit=False)
    return conn, conn.cursor()


def fetch(cur, sql):
    cur.execute(sql)
    rows = [r[0] for r in cur.fetchall()] if cur.description else None
    return rows, cur.statusmessage


def test_declare_fetch_move_close(target):
    conn, cur = transaction(target)
    cur.execute("declare c cursor for select g from generate_series(1, 10) g")
    check_equal(cur.statusmessage, "DECLARE CURSOR", "tag")
    check_equal(fetch(cur, "fetch 3 from c"), ([1, 2, 3], "FETCH 3"), "FETCH 3")
    check_equal(fetch(cur, "fetch next from c"), ([4], "FETCH 1"), "FETCH NEXT")
    check_equal(fetch(cur, "move 2 in c")[1], "MOVE 2", "MOVE 2")
    check_equal(fetch(cur, "fetch forward 2 from c"), ([7, 8], "FETCH 2"), "FETCH FORWARD 2")
    check_equal(fetch(cur, "fetch all from c"), ([9, 10], "FETCH 2"), "FETCH ALL")
    check_equal(fetch(cur, "fetch from c"), ([], "FETCH 0"), "FETCH past the end")
    check_equal(fetch(cur, "move all in c")[1], "MOVE 0", "MOVE ALL at the end")
    cur.execute("close c")
    check_equal(cur.statusmessage, "CLOSE CURSOR", "tag")
    expect_error("34000", cur.execute, "fetch from c", message='cursor "c" does not exist')
    conn.rollback()
    conn.close()


def test_absolute_relative_forward(target):
    conn, cur = transaction(target)
    cur.execute("declare c cursor for select g from generate_series(1, 10) g")
    check_equal(fetch(cur, "fetch absolute 3 from c"), ([3], "FETCH 1"), "ABSOLUTE 3")
    check_equal(fetch(cur, "fetch relative 2 from c"), ([5], "FETCH 1"), "RELATIVE 2")
    check_equal(fetch(cur, "move forward all in c")[1], "MOVE 5", "MOVE FORWARD ALL")
    conn.rollback()
    conn.close()


def test_cursor_keeps_its_snapshot(target):
    target.execute("drop table if exists cur_snap", "create table cur_snap (a int)",
                   "insert into cur_snap values (1), (2)")
    conn, cur = transaction(target)
    cur.execute("declare c cursor for select a from cur_snap order by a")
    cur.execute("insert into cur_snap values (3)")
    check_equal(fetch(cur, "fetch all from c")[0], [1, 2], "rows as of DECLARE")
    conn.rollback()
    conn.close()


def test_close_all(target):
    conn, cur = transaction(target)
    cur.execute("declare a cursor for select 1")
    cur.execute("declare b cursor for select 2")
    cur.execute("close all")
    check_equal(cur.statusmessage, "CLOSE CURSOR ALL", "tag")
    expect_error("34000", cur.execute, "fetch from b")
    conn.rollback()
    conn.close()


def test_cursor_errors_outside_transaction_block(target):
    conn = target.connect()
    cur = conn.cursor()
    expect_error("25P01", cur.execute, "declare c cursor for select 1",
                 message="DECLARE CURSOR can only be used in transaction blocks")
    expect_error("34000", cur.execute, "fetch from nosuch", message='cursor "nosuch" does not exist')
    expect_error("34000", cur.execute, "move nosuch", message='cursor "nosuch" does not exist')
    expect_error("34000", cur.execute, "close nosuch", message='cursor "nosuch" does not exist')
    cur.execute("select 1")
    conn.close()


def test_duplicate_cursor_name(target):
    conn, cur = transaction(target)
    cur.execute("declare c cursor for select 1")
    expect_error("42P03", cur.execute, "declare c cursor for select 2",
                 message='cursor "c" already exists')
    conn.rollback()
    conn.close()


def test_fetch_in_failed_transaction(target):
    conn, cur = transaction(target)
    cur.execute("declare c cursor for select g from generate_series(1, 3) g")
    expect_error("22012", cur.execute, "select 1 / 0")
    expect_error("25P02", cur.execute, "fetch from c",
                 message="current transaction is aborted, commands ignored until end of "
                 "transaction block")
    conn.rollback()
    cur.execute("select 1")
    conn.close()


def test_cursors_end_with_the_transaction(target):
    conn, cur = transaction(target)
    cur.execute("declare c cursor for select 1")
    conn.commit()
    expect_error("34000", cur.execute, "fetch from c")
    conn.rollback()
    cur.execute("declare c cursor for select 1")
    conn.rollback()
    expect_error("34000", cur.execute, "fetch from c")
    conn.rollback()
    conn.close()


def test_binary_cursor(target):
    with target.wire() as client:
        client.simple("begin")
        client.simple("declare c binary cursor for select 7::int4, 'x'::text")
        messages = client.simple("fetch all from c")
        import wire_client as w
        desc = w.row_description(messages[0][1])
        check_equal([c[6] for c in desc], [1, 1], "formats")
        check_equal(w.data_row(messages[1][1]), [struct.pack("!i", 7), b"x"], "row")
        client.simple("rollback")


def test_psycopg2_named_cursor(target):
    conn = target.connect(autocommit=False)
    cur = conn.cursor(name="big")
    cur.itersize = 100
    cur.execute("select g from generate_series(1, 2500) g")
    check_equal(sum(1 for _ in cur), 2500, "rows through a named cursor")
    cur.close()
    conn.rollback()
    conn.close()


def test_psycopg3_server_side_cursor(target):
    with target.connect3(autocommit=False) as conn:
        with conn.cursor(name="srv") as cur:
            cur.itersize = 7
            cur.execute("select g, g * 2 from generate_series(1, 50) g")
            check_equal(cur.fetchmany(3), [(1, 2), (2, 4), (3, 6)], "fetchmany")
            check_equal(len(cur.fetchall()), 47, "the rest")


def unsupported(err):
    return pc.sqlstate_of(err) == "0A000"


def test_scroll_cursor_backward(target):
    conn, cur = transaction(target)
    cur.execute("declare s scroll cursor for select g from generate_series(1, 10) g")
    cur.execute("fetch 4 from s")
    try:
        got = fetch(cur, "fetch backward 2 from s")
    except Exception as e:
        if unsupported(e):
            raise Skip("backward fetch: %s" % pc.primary_message(e))
        raise
    check_equal(got, ([3, 2], "FETCH 2"), "FETCH BACKWARD 2")
    check_equal(fetch(cur, "fetch prior from s"), ([1], "FETCH 1"), "PRIOR")
    check_equal(fetch(cur, "fetch last from s"), ([10], "FETCH 1"), "LAST")
    check_equal(fetch(cur, "fetch absolute 5 from s"), ([5], "FETCH 1"), "ABSOLUTE 5")
    check_equal(fetch(cur, "fetch first from s"), ([1], "FETCH 1"), "FIRST")
    check_equal(fetch(cur, "fetch absolute -2 from s"), ([9], "FETCH 1"), "ABSOLUTE -2")
    check_equal(fetch(cur, "fetch backward all from s"), ([8, 7, 6, 5, 4, 3, 2, 1], "FETCH 8"),
                "BACKWARD ALL")
    conn.rollback()
    conn.close()


def test_no_scroll_cursor_refuses_backward(target):
    conn, cur = transaction(target)
    cur.execute("declare n no scroll cursor for select g from generate_series(1, 10) g")
    cur.execute("fetch 2 from n")
    err = expect_error("55000", cur.execute, "fetch backward 1 from n",
                       message="cursor can only scan forward")
    check_equal(err.diag.message_hint, "Declare it with SCROLL option to enable backward scan.",
                "hint")
    conn.rollback()
    conn.close()


def test_with_hold_cursor(target):
    conn, cur = transaction(target)
    try:
        cur.execute("declare h cursor with hold for select g from generate_series(1, 5) g")
    except Exception as e:
        if unsupported(e):
            conn.rollback()
            raise Skip("WITH HOLD: %s" % pc.primary_message(e))
        raise
    check_equal(fetch(cur, "fetch 2 from h")[0], [1, 2], "before COMMIT")
    conn.commit()
    check_equal(fetch(cur, "fetch all from h")[0], [3, 4, 5], "after COMMIT")
    conn.commit()
    cur.execute("close h")
    conn.commit()
    conn.close()


TESTS = [
    test_declare_fetch_move_close,
    test_absolute_relative_forward,
    test_cursor_keeps_its_snapshot,
    test_close_all,
    test_cursor_errors_outside_transaction_block,
    test_duplicate_cursor_name,
    test_fetch_in_failed_transaction,
    test_cursors_end_with_the_transaction,
    test_binary_cursor,
    test_psycopg2_named_cursor,
    test_psycopg3_server_side_cursor,
    test_scroll_cursor_backward,
    test_no_scroll_cursor_refuses_backward,
    test_with_hold_cursor,
]

if __name__ == "__main__":
    pc.main(TESTS, __doc__.split("\n\n")[0])
