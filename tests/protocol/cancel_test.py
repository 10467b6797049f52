#!/usr/bin/python3
"""cancel_test.py - CancelRequest end to end (issue 3).

A running pg_sleep(60) cancelled with the right key ends with 57014 "canceling statement
due to user request" and the session stays usable; a cancel with a wrong key (or another
backend's pid) is ignored; a cancel that reaches an idle session is ignored; cancelling
inside a transaction block leaves it failed (25P02) until ROLLBACK; psycopg2's
connection.cancel() (libpq's PQcancel) works; a COPY FROM STDIN in progress can be
cancelled.

No timing: the tests wait until the backend is running its statement (pg_stat_activity, or
the process title where there is none) before cancelling, and wait for the server to close
the cancel connection (it has acted on the request then) before looking at the result.
"""
import threading

import protocol_common as pc
from protocol_common import check_equal, expect_error

import wire_client
from wire_client import first_error, send_cancel

CANCELED = "canceling statement due to user request"


def start_query(client, sql):
    client.send(wire_client.query(sql))


def test_cancel_pg_sleep(target):
    with target.wire() as client:
        start_query(client, "select pg_sleep(60)")
        pc.wait_until_busy(target, client.pid)
        send_cancel(target.host, target.port, client.pid, client.key)
        messages = client.read_until_ready()
        err = first_error(messages)
        assert err is not None, wire_client.kinds(messages)
        check_equal((err.sqlstate, err.message), ("57014", CANCELED), "error")
        check_equal(messages[-1][1], b"I", "transaction status after the cancel")
        messages = client.simple("select 42")
        check_equal(wire_client.data_row(messages[1][1]), [b"42"], "next query")


def blocked_writer(target):
    """(locker connection whose open transaction has updated the row, raw client whose
    UPDATE of the same row waits for it)."""
    target.execute("drop table if exists cancel_lock", "create table cancel_lock (a int)",
                   "insert into cancel_lock values (1)")
    locker = target.connect(autocommit=False)
    locker.cursor().execute("update cancel_lock set a = 2")
    client = target.wire()
    start_query(client, "update cancel_lock set a = 3")
    pc.wait_until_busy(target, client.pid)
    return locker, client


def test_cancel_with_wrong_key_is_ignored(target):
    locker, client = blocked_writer(target)
    try:
        send_cancel(target.host, target.port, client.pid, client.key ^ 0x5a5a)
        with target.wire() as other:  # the right key of another backend
            send_cancel(target.host, target.port, client.pid, other.key)
        # Both requests have been handled (the server closed them): the reader is still
        # waiting, and finishes normally once the lock goes.
        locker.commit()
        messages = client.read_until_ready()
        check_equal(wire_client.kinds(messages), "CZ", "messages of the uncancelled query")
        check_equal(wire_client.command_tag(messages[0][1]), "UPDATE 1", "command tag")
    finally:
        locker.close()
        client.close()


def test_cancel_of_lock_wait(target):
    locker, client = blocked_writer(target)
    try:
        send_cancel(target.host, target.port, client.pid, client.key)
        err = first_error(client.read_until_ready())
        check_equal((err.sqlstate, err.message), ("57014", CANCELED), "error")
    finally:
        locker.close()
        client.close()


def test_cancel_of_idle_session_is_ignored(target):
    with target.wire() as client:
        send_cancel(target.host, target.port, client.pid, client.key)
        messages = client.simple("select 1")
        check_equal(wire_client.kinds(messages), "TDCZ", "the next query runs")


def test_cancel_in_transaction_block(target):
    with target.wire() as client:
        client.simple("begin")
        start_query(client, "select pg_sleep(60)")
        pc.wait_until_busy(target, client.pid)
        send_cancel(target.host, target.port, client.pid, client.key)
        messages = client.read_until_ready()
        check_equal(first_error(messages).sqlstate, "57014", "SQLSTATE")
        check_equal(messages[-1][1], b"E", "transaction status")
        err = first_error(client.simple("select 1"))
        check_equal(err.sqlstate, "25P02", "SQLSTATE in the failed block")
        client.simple("rollback")
        check_equal(wire_client.kinds(client.simple("select 1")), "TDCZ", "after ROLLBACK")


def test_psycopg2_cancel(target):
    conn = target.connect()
    pid = conn.info.backend_pid
    done = threading.Event()

    def canceller():
        pc.wait_until_busy(target, pid)
        conn.cancel()
        done.set()

    thread = threading.Thread(target=canceller)
    thread.start()
    cur = conn.cursor()
    expect_error("57014", cur.execute, "select pg_sleep(60)", message=CANCELED)
    thread.join()
    assert done.is_set()
    cur.execute("select 2")
    check_equal(cur.fetchone(), (2,), "next query")
    conn.close()


def test_cancel_copy_from_stdin(target):
    target.execute("drop table if exists cancel_copy", "create table cancel_copy (a int)")
    with target.wire() as client:
        client.send(wire_client.query("copy cancel_copy from stdin"))
        check_equal(client.read()[0], "G", "CopyInResponse")
        client.send(wire_client.copy_data(b"1\n2\n"))
        send_cancel(target.host, target.port, client.pid, client.key)
        client.send(wire_client.copy_data(b"3\n"), wire_client.copy_done())
        err = first_error(client.read_until_ready())
        check_equal(err.sqlstate, "57014", "SQLSTATE")
        messages = client.simple("select count(*) from cancel_copy")
        check_equal(wire_client.data_row(messages[1][1]), [b"0"], "rows after the cancel")


TESTS = [
    test_cancel_pg_sleep,
    test_cancel_with_wrong_key_is_ignored,
    test_cancel_of_lock_wait,
    test_cancel_of_idle_session_is_ignored,
    test_cancel_in_transaction_block,
    test_psycopg2_cancel,
    test_cancel_copy_from_stdin,
]

if __name__ == "__main__":
    pc.main(TESTS, __doc__.split("\n\n")[0])
