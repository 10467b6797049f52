#!/usr/bin/python3
"""binary_test.py - binary parameters and results of the extended protocol (issue 3).

For bool, int2/4/8, float4/8, numeric, text, varchar, bytea, date, timestamp, timestamptz
and uuid: a value sent as a binary parameter reads back as the right text, a text
parameter comes back in exactly PostgreSQL's binary encoding when the result format code
asks for it, and binary in gives the same bytes out. Format codes are honoured per column
(none = all text, one = all columns, one per column), RowDescription reports them, and bad
binary input / format codes get PostgreSQL's errors. Then the same types through psycopg 3
with binary parameters and results.
"""
import datetime
import decimal
import struct
import uuid

import protocol_common as pc
from protocol_common import check_equal

import wire_client as w

EPOCH_2000 = datetime.datetime(2000, 1, 1)
TS = datetime.datetime(2024, 1, 2, 3, 4, 5, 123456)
TS_MICROS = (TS - EPOCH_2000) // datetime.timedelta(microseconds=1)
DATE = datetime.date(2024, 2, 29)
UUID = uuid.UUID("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11")


def numeric_bytes(ndigits, weight, sign, dscale, digits):
    return struct.pack("!hhHh", ndigits, weight, sign, dscale) + b"".join(
        struct.pack("!h", d) for d in digits)


# (type name, type oid, text form, binary form)
VALUES = [
    ("bool", 16, "t", b"\x01"),
    ("bool", 16, "f", b"\x00"),
    ("int2", 21, "-2", struct.pack("!h", -2)),
    ("int4", 23, "123456", struct.pack("!i", 123456)),
    ("int8", 20, "-9007199254740993", struct.pack("!q", -9007199254740993)),
    ("float4", 700, "1.5", struct.pack("!f", 1.5)),
    ("float8", 701, "-0.1", struct.pack("!d", -0.1)),
    ("float8", 701, "Infinity", struct.pack("!d", float("inf"))),
    ("numeric", 1700, "12.345", numeric_bytes(2, 0, 0, 3, [12, 3450])),
    ("numeric", 1700, "-0.00123", numeric_bytes(2, -1, 0x4000, 5, [12, 3000])),
    ("numeric", 1700, "1000000", numeric_bytes(1, 1, 0, 0, [100])),
    ("numeric", 1700, "0", numeric_bytes(0, 0, 0, 0, [])),
    ("numeric", 1700, "NaN", numeric_bytes(0, 0, 0xC000, 0, [])),
    ("text", 25, "h\u00e9llo", "h\u00e9llo".encode()),
    ("varchar", 1043, "abc", b"abc"),
    ("bytea", 17, "\\x00ff6162", b"\x00\xffab"),
    ("date", 1082, "2024-02-29", struct.pack("!i", (DATE - EPOCH_2000.date()).days)),
    ("timestamp", 1114, "2024-01-02 03:04:05.123456", struct.pack("!q", TS_MICROS)),
    ("timestamptz", 1184, "2024-01-02 03:04:05.123456+00", struct.pack("!q", TS_MICROS)),
    ("uuid", 2950, str(UUID), UUID.bytes),
]


def session(target):
    client = target.wire()
    client.simple("set timezone = 'UTC'")
    return client


def run_extended(client, sql, params=(), param_types=(), param_formats=(), result_formats=()):
    """Parse/Bind/Describe portal/Execute/Sync; returns (row description, first row, error)."""
    client.send(w.parse(sql, param_types=param_types),
                w.bind(params, param_formats=param_formats, result_formats=result_formats),
                w.describe(b"P"), w.execute(), w.sync())
    messages = client.read_until_ready()
    err = w.first_error(messages)
    desc = row = None
    for kind, body in messages:
        if kind == "T":
            desc = w.row_description(body)
        elif kind == "D" and row is None:
            row = w.data_row(body)
    return desc, row, err


def expect_ok(result, what):
    desc, row, err = result
    assert err is None, "%s: %s" % (what, err)
    return desc, row


def test_binary_results_from_text_parameters(target):
    with session(target) as client:
        for name, oid, text, binary in VALUES:
            desc, row = expect_ok(run_extended(client, "select $1::%s" % name, [text.encode()],
                                               result_formats=[1]), name)
            check_equal(desc[0][3], oid, "%s type oid" % name)
            check_equal(desc[0][6], 1, "%s format in RowDescription" % name)
            check_equal(row, [binary], "%s %s in binary" % (name, text))


def test_binary_parameters_read_as_text(target):
    with session(target) as client:
        for name, oid, text, binary in VALUES:
            desc, row = expect_ok(run_extended(client, "select $1", [binary], param_types=[oid],
                                               param_formats=[1]), name)
            check_equal(desc[0][6], 0, "%s format in RowDescription" % name)
            check_equal(row, [text.encode()], "%s from binary" % name)


def test_binary_in_binary_out(target):
    with session(target) as client:
        for name, oid, text, binary in VALUES:
            _, row = expect_ok(run_extended(client, "select $1::%s" % name, [binary],
                                            param_types=[oid], param_formats=[1],
                                            result_formats=[1]), name)
            check_equal(row, [binary], "%s round trip" % name)


def test_null_in_both_formats(target):
    with session(target) as client:
        _, row = expect_ok(run_extended(client, "select $1::int4, $2::text", [None, None],
                                        param_types=[23, 25], param_formats=[1],
                                        result_formats=[1]), "nulls")
        check_equal(row, [None, None], "nulls")


def test_format_codes_per_column(target):
    with session(target) as client:
        sql = "select $1::int4, $2::text, $3::int8"
        params = [struct.pack("!i", 7), b"seven", b"8"]
        # one code per parameter and per column
        desc, row = expect_ok(run_extended(client, sql, params, param_types=[23, 25, 20],
                                           param_formats=[1, 0, 0], result_formats=[0, 1, 1]),
                              "per column")
        check_equal([c[6] for c in desc], [0, 1, 1], "formats")
        check_equal(row, [b"7", b"seven", struct.pack("!q", 8)], "values")
        # a single code applies to every parameter / column
        desc, row = expect_ok(run_extended(client, sql, [struct.pack("!i", 1), b"one",
                                                         struct.pack("!q", 2)],
                                           param_types=[23, 25, 20], param_formats=[1],
                                           result_formats=[1]), "single code")
        check_equal([c[6] for c in desc], [1, 1, 1], "formats")
        check_equal(row, [struct.pack("!i", 1), b"one", struct.pack("!q", 2)], "values")
        # no codes: text
        desc, row = expect_ok(run_extended(client, sql, [b"1", b"one", b"2"]), "no codes")
        check_equal([c[6] for c in desc], [0, 0, 0], "formats")
        check_equal(row, [b"1", b"one", b"2"], "values")


def test_statement_describe_reports_parameter_types(target):
    with session(target) as client:
        client.send(w.parse("select $1::int8 + $2", param_types=[0, 23]), w.describe(b"S"),
                    w.sync())
        messages = client.read_until_ready()
        check_equal(w.kinds(messages), "1tTZ", "messages")
        body = messages[1][1]
        (count,) = struct.unpack_from("!H", body)
        check_equal(struct.unpack_from("!%dI" % count, body, 2), (20, 23), "parameter types")
        check_equal(w.row_description(messages[2][1])[0][6], 0, "format before Bind")


def test_bad_binary_parameters(target):
    with session(target) as client:
        _, _, err = run_extended(client, "select $1", [b"\x00\x01\x02\x03\x04"],
                                 param_types=[23], param_formats=[1])
        check_equal((err.sqlstate, err.message, err.fields.get("W")),
                    ("22P03", "incorrect binary data format in bind parameter 1",
                     "unnamed portal parameter $1"), "long int4")
        client.send(w.parse("select $1::int4", name="bad_text"),
                    w.bind([b"zz"], portal="bad_portal", statement="bad_text"),
                    w.execute("bad_portal"), w.sync())
        err = w.first_error(client.read_until_ready())
        check_equal((err.sqlstate, err.fields.get("W")),
                    ("22P02", "portal \"bad_portal\" parameter $1 = '...'"), "bad text")
        _, _, err = run_extended(client, "select $1", [b"\x00\x01\x02"], param_types=[23],
                                 param_formats=[1])
        check_equal((err.sqlstate, err.message), ("08P01", "insufficient data left in message"),
                    "short int4")
        _, row = expect_ok(run_extended(client, "select $1", [b"\x02"], param_types=[16],
                                        param_formats=[1]), "bool 2")
        check_equal(row, [b"t"], "any non-zero byte is a true bool (PostgreSQL's boolrecv)")
        _, _, err = run_extended(client, "select $1", [b"1"], param_types=[23],
                                 param_formats=[2])
        check_equal((err.sqlstate, err.message), ("22023", "unsupported format code: 2"),
                    "parameter format code 2")
        _, _, err = run_extended(client, "select 1", result_formats=[3])
        check_equal((err.sqlstate, err.message), ("22023", "unsupported format code: 3"),
                    "result format code 3")
        _, _, err = run_extended(client, "select $1, $2", [b"1", b"2"], param_types=[23, 23],
                                 param_formats=[0, 1, 0])
        check_equal(err.sqlstate, "08P01", "3 format codes for 2 parameters")
        check_equal(w.kinds(client.simple("select 1")), "TDCZ", "session still usable")


PY_VALUES = [
    ("bool", True), ("int2", 12), ("int4", -123456), ("int8", 2 ** 62), ("float4", 0.25),
    ("float8", -1e300), ("numeric", decimal.Decimal("-123456789.000123")),
    ("text", "t\u00eaxt \u2713"), ("varchar", "var"), ("bytea", b"\x00\x01\xfe"),
    ("date", DATE), ("timestamp", TS),
    ("timestamptz", TS.replace(tzinfo=datetime.timezone.utc)), ("uuid", UUID),
]


def test_psycopg3_binary_round_trip(target):
    from psycopg.types.numeric import Float4, Int2, Int4, Int8
    wrap = {"int2": Int2, "int4": Int4, "int8": Int8, "float4": Float4}
    with target.connect3() as conn:
        conn.execute("set timezone = 'UTC'")
        cur = conn.cursor(binary=True)
        for name, value in PY_VALUES:
            param = wrap[name](value) if name in wrap else value
            cur.execute("select %%b::%s, pg_typeof(%%b::%s)::text" % (name, name), [param, param])
            got, typname = cur.fetchone()
            check_equal(cur.pgresult.fformat(0), 1, "%s result format" % name)
            if isinstance(got, memoryview):
                got = bytes(got)
            check_equal(got, value, name)
            assert typname in (name, {"int2": "smallint", "int4": "integer", "int8": "bigint",
                                      "float4": "real", "float8": "double precision",
                                      "varchar": "character varying",
                                      "timestamp": "timestamp without time zone",
                                      "timestamptz": "timestamp with time zone",
                                      "bool": "boolean"}.get(name)), typname
        # text results from binary parameters, in the same session
        cur = conn.cursor(binary=False)
        cur.execute("select %b::int8 + 1, %b::text || '!'", [Int8(41), "hi"])
        check_equal(cur.fetchone(), (42, "hi!"), "text results")
        check_equal(cur.pgresult.fformat(0), 0, "text result format")


TESTS = [
    test_binary_results_from_text_parameters,
    test_binary_parameters_read_as_text,
    test_binary_in_binary_out,
    test_null_in_both_formats,
    test_format_codes_per_column,
    test_statement_describe_reports_parameter_types,
    test_bad_binary_parameters,
    test_psycopg3_binary_round_trip,
]

if __name__ == "__main__":
    pc.main(TESTS, __doc__.split("\n\n")[0])
