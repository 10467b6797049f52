#!/usr/bin/python3
"""limits_test.py - server limits and timeouts as a client sees them (issue 3).

statement_timeout (57014, the session goes on), idle_in_transaction_session_timeout
(FATAL 25P03), authentication_timeout (a client that stalls mid-exchange is dropped),
max_connections (FATAL 53300 "sorry, too many clients already") and
superuser_reserved_connections (53300 for ordinary roles while superusers still get in).
The last two restart the server with small limits, so they need a server this script
started (--binary or --pg). Nothing here measures time: the tests wait for the server's
answer, however long the timeout takes.
"""
import protocol_common as pc
from protocol_common import check_equal, expect_error

import wire_client as w


def test_statement_timeout(target):
    conn = target.connect()
    cur = conn.cursor()
    cur.execute("set statement_timeout = '200ms'")
    expect_error("57014", cur.execute, "select pg_sleep(30)",
                 message="canceling statement due to statement timeout")
    cur.execute("select 1")
    check_equal(cur.fetchone(), (1,), "the session goes on")
    conn.close()


def test_statement_timeout_in_transaction_block(target):
    conn = target.connect(autocommit=False)
    cur = conn.cursor()
    cur.execute("set local statement_timeout = '200ms'")
    expect_error("57014", cur.execute, "select pg_sleep(30)")
    expect_error("25P02", cur.execute, "select 1")
    conn.rollback()
    conn.close()


def test_idle_in_transaction_timeout(target):
    with target.wire() as c:
        c.simple("set idle_in_transaction_session_timeout = '200ms'")
        c.simple("begin")
        kind, body = c.read()  # the server's FATAL, whenever the timeout fires
        check_equal(kind, "E", "message")
        fields = w.error_fields(body)
        check_equal((fields["S"], fields["C"], fields["M"]),
                    ("FATAL", "25P03",
                     "terminating connection due to idle-in-transaction timeout"), "error")
        assert c.at_eof(), "connection still open"


def restart_with(target, settings):
    if target.kind == "pg":
        settings = settings + ["max_wal_senders=0"]  # must stay below max_connections
    target.restart(settings)


def test_authentication_timeout(target):
    target.require_own()
    target.execute("drop role if exists slow_user",
                   "create role slow_user login password 'pw'")
    target.write_hba(["host all slow_user 127.0.0.1/32 scram-sha-256"])
    restart_with(target, ["authentication_timeout=1s"])
    try:
        client = w.WireClient(target.host, target.port, "slow_user").open_socket()
        client.send(w.startup_packet("slow_user", "postgres"))
        kind, body = client.read()
        check_equal((kind, body[:4]), ("R", b"\x00\x00\x00\x0a"), "AuthenticationSASL")
        # ... and the client never answers. The server gives up and closes.
        try:
            kind, body = client.read()
            check_equal(kind, "E", "message before the close")
            fields = w.error_fields(body)
            check_equal((fields["C"], fields["M"]),
                        ("57014", "canceling authentication due to timeout"), "error")
            assert client.at_eof()
        except ConnectionError:
            print("  (closed without a message)")
        client.sock.close()
    finally:
        target.write_hba(["host all all 127.0.0.1/32 trust"])
        restart_with(target, [])


def test_max_connections_and_reserved_slots(target):
    target.require_own()
    target.execute("drop role if exists plain_login", "create role plain_login login")
    restart_with(target, ["max_connections=5", "superuser_reserved_connections=2"])
    held = []
    try:
        for _ in range(3):
            held.append(target.wire(user="plain_login"))
        err = expect_error("53300", target.wire, user="plain_login")
        check_equal((err.fields["S"], err.message),
                    ("FATAL", "remaining connection slots are reserved for non-replication "
                     "superuser connections"), "ordinary role beyond the free slots")
        # Superusers use the reserved slots (once the refused backend has exited: a
        # session gives its slot back when its process ends, after the client has seen
        # the FATAL).
        for _ in range(2):
            held.append(connect_when_free(target))
        err = expect_error("53300", target.wire)
        check_equal(err.message, "sorry, too many clients already", "message")
        held.pop().close()
        held.append(connect_when_free(target))
    finally:
        for client in held:
            client.close()
        restart_with(target, [])


def connect_when_free(target):
    """A superuser session, retried while every slot is still taken (53300)."""
    session = []

    def attempt():
        try:
            session.append(target.wire())
            return True
        except w.ServerError as e:
            if e.sqlstate != "53300":
                raise
            return False

    pc.wait_for(attempt, "a free connection slot")
    return session[0]


TESTS = [
    test_statement_timeout,
    test_statement_timeout_in_transaction_block,
    test_idle_in_transaction_timeout,
    test_authentication_timeout,
    test_max_connections_and_reserved_slots,
]

if __name__ == "__main__":
    pc.main(TESTS, __doc__.split("\n\n")[0])
