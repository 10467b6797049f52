#!/usr/bin/python3
"""copy_test.py - COPY FROM STDIN / TO STDOUT end to end (issue 3).

Text, csv and binary: the output of a table with awkward values (tabs, newlines,
backslashes, quotes, commas, non-ASCII, NULLs, infinities, NaN, empty bytea) is exactly
PostgreSQL 15's, and feeding it back gives the same rows and byte-identical output again.
A bad row in the middle of the input fails with PostgreSQL's SQLSTATE, message and CONTEXT
line, inserts nothing, and leaves the connection usable. Also: CopyFail from the client
(57014), a failed COPY inside a transaction block (25P02 until ROLLBACK), COPY (query) TO,
column lists, and psycopg 3's copy API (text and binary rows).
"""
import io

import protocol_common as pc
from protocol_common import check_equal, expect_error

import wire_client

COLUMNS = "i int, t text, n numeric, b bytea, d date, f float8, ok bool, ts timestamptz, u uuid"
ROWS = """
(1, 'plain', 1.50, '\\x00ff', '2024-02-29', 1.5, true, '2024-01-02 03:04:05.123456+00',
 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'),
(2, E'tab\\there\\nnewline \\\\ backslash\\r', -0.001, '', '1999-12-31', -2.5e-10, false,
 '1970-01-01 00:00:00+00', '00000000-0000-0000-0000-000000000000'),
(3, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
(4, 'unicode \u00e9 \u2713 "quoted", comma', 123456789012345678901234567890.123, '\\x5c0a',
 'infinity', 'NaN', true, '-infinity', 'ffffffff-ffff-ffff-ffff-ffffffffffff'),
(5, '\\N', 0, '\\x', '2000-01-01', '-Infinity', false, '2000-01-01 00:00:00+00',
 '12345678-1234-5678-1234-567812345678')
"""

TEXT_OUT = (
    "1\tplain\t1.50\t\\\\x00ff\t2024-02-29\t1.5\tt\t2024-01-02 03:04:05.123456+00\t"
    "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11\n"
    "2\ttab\\there\\nnewline \\\\ backslash\\r\t-0.001\t\\\\x\t1999-12-31\t-2.5e-10\tf\t"
    "1970-01-01 00:00:00+00\t00000000-0000-0000-0000-000000000000\n"
    "3\t\\N\t\\N\t\\N\t\\N\t\\N\t\\N\t\\N\t\\N\n"
    "4\tunicode \u00e9 \u2713 \"quoted\", comma\t123456789012345678901234567890.123\t"
    "\\\\x5c0a\tinfinity\tNaN\tt\t-infinity\tffffffff-ffff-ffff-ffff-ffffffffffff\n"
    "5\t\\\\N\t0\t\\\\x\t2000-01-01\t-Infinity\tf\t2000-01-01 00:00:00+00\t"
    "12345678-1234-5678-1234-567812345678\n").encode()

CSV_OUT = (
    "i,t,n,b,d,f,ok,ts,u\n"
    "1,plain,1.50,\\x00ff,2024-02-29,1.5,t,2024-01-02 03:04:05.123456+00,"
    "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11\n"
    "2,\"tab\there\nnewline \\ backslash\r\",-0.001,\\x,1999-12-31,-2.5e-10,f,"
    "1970-01-01 00:00:00+00,00000000-0000-0000-0000-000000000000\n"
    "3,,,,,,,,\n"
    "4,\"unicode \u00e9 \u2713 \"\"quoted\"\", comma\",123456789012345678901234567890.123,"
    "\\x5c0a,infinity,NaN,t,-infinity,ffffffff-ffff-ffff-ffff-ffffffffffff\n"
    "5,\\N,0,\\x,2000-01-01,-Infinity,f,2000-01-01 00:00:00+00,"
    "12345678-1234-5678-1234-567812345678\n").encode()

BINARY_SIGNATURE = b"PGCOPY\n\xff\r\n\x00"


def session(target):
    conn = target.connect()
    cur = conn.cursor()
    cur.execute("set timezone = 'UTC'")
    return conn, cur


def fresh_tables(cur, *names):
    for name in names:
        cur.execute("drop table if exists %s" % name)
        cur.execute("create table %s (%s)" % (name, COLUMNS))


def copy_out(cur, sql):
    buf = io.BytesIO()
    cur.copy_expert(sql, buf)
    return buf.getvalue()


def copy_in(cur, sql, data):
    cur.copy_expert(sql, io.BytesIO(data))


def round_trip(cur, options, expected=None):
    """COPY copy_src TO, the result into copy_dst, COPY copy_dst TO: identical bytes."""
    fresh_tables(cur, "copy_src", "copy_dst")
    cur.execute("insert into copy_src values " + ROWS)
    first = copy_out(cur, "copy (select * from copy_src order by i) to stdout " + options)
    if expected is not None:
        check_equal(first, expected, "COPY TO output")
    copy_in(cur, "copy copy_dst from stdin " + options, first)
    check_equal(cur.rowcount, 5, "rows copied in")
    second = copy_out(cur, "copy (select * from copy_dst order by i) to stdout " + options)
    check_equal(second, first, "output after the round trip")
    cur.execute("select count(*) from (select * from copy_src except select * from copy_dst) x")
    check_equal(cur.fetchone(), (0,), "rows that differ")
    return first


def test_text_round_trip(target):
    conn, cur = session(target)
    round_trip(cur, "", TEXT_OUT)
    conn.close()


def test_csv_round_trip(target):
    conn, cur = session(target)
    round_trip(cur, "(format csv, header true)", CSV_OUT)
    round_trip(cur, "(format csv, delimiter ';', null 'NULL', quote '''')")
    conn.close()


def test_binary_round_trip(target):
    conn, cur = session(target)
    data = round_trip(cur, "(format binary)")
    check_equal(data[:11], BINARY_SIGNATURE, "signature")
    check_equal(data[-2:], b"\xff\xff", "trailer")
    conn.close()


def test_copy_query_and_column_list(target):
    conn, cur = session(target)
    fresh_tables(cur, "copy_dst")
    check_equal(copy_out(cur, "copy (select g, 'x' || g from generate_series(1, 3) g) to stdout"),
                b"1\tx1\n2\tx2\n3\tx3\n", "COPY (query) TO")
    copy_in(cur, "copy copy_dst (t, i) from stdin", b"a\t1\nb\t2\n")
    check_equal(copy_out(cur, "copy copy_dst (i, t, n) to stdout"), b"1\ta\t\\N\n2\tb\t\\N\n",
                "column list")
    conn.close()


def check_bad_copy(target, options, data, sqlstate, message, context, columns=""):
    conn, cur = session(target)
    fresh_tables(cur, "copy_dst")
    err = expect_error(sqlstate, copy_in, cur, "copy copy_dst %s from stdin %s" % (columns, options),
                       data, message=message)
    check_equal(err.diag.context, context, "CONTEXT")
    cur.execute("select count(*) from copy_dst")
    check_equal(cur.fetchone(), (0,), "rows inserted by the failed COPY")
    conn.close()


def test_bad_text_row_in_the_middle(target):
    check_bad_copy(target, "", b"1\ta\n2\tb\nzz\tc\n4\td\n", "22P02",
                   'invalid input syntax for type integer: "zz"',
                   'COPY copy_dst, line 3, column i: "zz"', columns="(i, t)")


def test_bad_date_in_the_middle(target):
    check_bad_copy(target, "(format csv)", b"1,a,2024-01-01\n2,b,2024-02-30\n3,c,\n",
                   "22008", 'date/time field value out of range: "2024-02-30"',
                   'COPY copy_dst, line 2, column d: "2024-02-30"', columns="(i, t, d)")


def test_missing_and_extra_columns(target):
    check_bad_copy(target, "(format csv)", b"1,a,1,,2024-01-01,1,t,,\n2\n", "22P04",
                   'missing data for column "t"', 'COPY copy_dst, line 2: "2"')
    check_bad_copy(target, "", b"1\ta\t1\t\\N\t\\N\t\\N\t\\N\t\\N\t\\N\textra\n", "22P04",
                   "extra data after last expected column",
                   'COPY copy_dst, line 1: "1\ta\t1\t\\N\t\\N\t\\N\t\\N\t\\N\t\\N\textra"')


def test_not_null_violation(target):
    conn, cur = session(target)
    cur.execute("drop table if exists copy_nn")
    cur.execute("create table copy_nn (a int not null, b text)")
    err = expect_error("23502", copy_in, cur, "copy copy_nn from stdin", b"1\tx\n\\N\ty\n",
                       message='null value in column "a" of relation "copy_nn" violates '
                       'not-null constraint')
    check_equal(err.diag.context, "COPY copy_nn, line 2: \"\\N\ty\"", "CONTEXT")
    cur.execute("select count(*) from copy_nn")
    check_equal(cur.fetchone(), (0,), "rows")
    conn.close()


def test_bad_binary_signature(target):
    check_bad_copy(target, "(format binary)", b"NOTCOPY\n\xff\r\n\x00" + b"\x00" * 8, "22P04",
                   "COPY file signature not recognized", None)


def test_connection_usable_after_copy_errors(target):
    conn, cur = session(target)
    fresh_tables(cur, "copy_dst")
    expect_error("22P02", copy_in, cur, "copy copy_dst from stdin", b"x\n")
    copy_in(cur, "copy copy_dst (i) from stdin", b"7\n")
    cur.execute("select i from copy_dst")
    check_equal(cur.fetchall(), [(7,)], "rows after a failed and a good COPY")
    conn.close()


def test_copy_error_in_transaction_block(target):
    conn, cur = session(target)
    fresh_tables(cur, "copy_dst")
    cur.execute("begin")
    copy_in(cur, "copy copy_dst (i) from stdin", b"1\n")
    expect_error("22P02", copy_in, cur, "copy copy_dst (i) from stdin", b"2\nx\n")
    expect_error("25P02", cur.execute, "select 1",
                 message="current transaction is aborted, commands ignored until end of "
                 "transaction block")
    cur.execute("rollback")
    cur.execute("select count(*) from copy_dst")
    check_equal(cur.fetchone(), (0,), "rows after ROLLBACK")
    conn.close()


def test_copy_fail_from_client(target):
    target.execute("drop table if exists copy_fail", "create table copy_fail (a int)")
    with target.wire() as client:
        client.send(wire_client.query("copy copy_fail from stdin"))
        check_equal(client.read()[0], "G", "CopyInResponse")
        client.send(wire_client.copy_data(b"1\n"), wire_client.copy_fail("client gave up"))
        err = wire_client.first_error(client.read_until_ready())
        check_equal((err.sqlstate, err.message), ("57014", "COPY from stdin failed: client gave up"),
                    "error")
        messages = client.simple("select count(*) from copy_fail")
        check_equal(wire_client.data_row(messages[1][1]), [b"0"], "rows")


def test_psycopg3_copy(target):
    with target.connect3() as conn:
        conn.execute("set timezone = 'UTC'")
        conn.execute("drop table if exists copy3")
        conn.execute("create table copy3 (a int, b text, c bytea)")
        rows = [(1, "one\ttab", b"\x00\x01"), (2, None, b""), (3, "three\n", None)]
        with conn.cursor() as cur:
            with cur.copy("copy copy3 from stdin") as copy:
                for row in rows:
                    copy.write_row(row)
            with cur.copy("copy copy3 from stdin (format binary)") as copy:
                copy.set_types(["int4", "text", "bytea"])
                for a, b, c in rows:
                    copy.write_row((a + 10, b, c))
            cur.execute("select a, b, c from copy3 order by a")
            got = [(a, b, bytes(c) if c is not None else None) for a, b, c in cur.fetchall()]
            check_equal(got, rows + [(a + 10, b, c) for a, b, c in rows], "rows")
            with cur.copy("copy (select a, b from copy3 order by a) to stdout (format binary)") \
                    as copy:
                copy.set_types(["int4", "text"])
                check_equal(list(copy.rows())[:3], [(1, "one\ttab"), (2, None), (3, "three\n")],
                            "binary rows out")


TESTS = [
    test_text_round_trip,
    test_csv_round_trip,
    test_binary_round_trip,
    test_copy_query_and_column_list,
    test_bad_text_row_in_the_middle,
    test_bad_date_in_the_middle,
    test_missing_and_extra_columns,
    test_not_null_violation,
    test_bad_binary_signature,
    test_connection_usable_after_copy_errors,
    test_copy_error_in_transaction_block,
    test_copy_fail_from_client,
    test_psycopg3_copy,
]

if __name__ == "__main__":
    pc.main(TESTS, __doc__.split("\n\n")[0])
