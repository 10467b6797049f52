#!/usr/bin/python3
"""hba_test.py - hba.conf methods end to end (issue 3): trust, password, md5,
scram-sha-256 and reject, with roles made by CREATE ROLE ... LOGIN PASSWORD.

For each method: the right password connects (libpq through psycopg2), a wrong one is
FATAL 28P01 `password authentication failed for user "..."`, and an unknown user gets the
same exchange and byte-identical error fields as a wrong password. Also: the first matching
line wins, no matching line is 28000, hostssl/hostnossl see the connection's encryption,
NOLOGIN and expired (VALID UNTIL) roles, ALTER ROLE ... PASSWORD, md5 lines with SCRAM
secrets (PostgreSQL answers with SCRAM), SCRAM channel binding over TLS. The raw client
(wire_client.py) checks SQLSTATEs and which Authentication request each method sends.

Needs a server it starts (it rewrites the hba file and restarts): --binary or --pg.
"""
import protocol_common as pc
from protocol_common import check_equal, expect_error

import wire_client

# (role, how its password is stored, hba method of its line)
ROLES = [
    ("trust_user", "scram-sha-256", "trust"),
    ("pw_user", "scram-sha-256", "password"),
    ("pw_md5_user", "md5", "password"),
    ("md5_user", "md5", "md5"),
    ("md5_scram_user", "scram-sha-256", "md5"),
    ("scram_user", "scram-sha-256", "scram-sha-256"),
    ("reject_user", "scram-sha-256", "reject"),
]
PASSWORD = "s3cret pass"
AUTH_OK, AUTH_CLEARTEXT, AUTH_MD5, AUTH_SASL = 0, 3, 5, 10
EXCHANGE = {"trust": [AUTH_OK], "password": [AUTH_CLEARTEXT, AUTH_OK], "md5": [AUTH_MD5, AUTH_OK],
            "scram-sha-256": [AUTH_SASL, 11, 12, AUTH_OK]}


def setup(target):
    """Creates the roles and the hba file once per run, then restarts the server."""
    if getattr(target, "hba_ready", False):
        return
    target.require_own()
    statements = ["set password_encryption = 'scram-sha-256'"]
    for role, storage, _ in ROLES:
        statements += ["set password_encryption = '%s'" % storage,
                       "create role %s login password '%s'" % (role, PASSWORD)]
    statements += [
        "reset password_encryption",
        "create role first_user login password '%s'" % PASSWORD,
        "create role tls_user login password '%s'" % PASSWORD,
        "create role nologin_user password '%s'" % PASSWORD,
        "create role expired_user login password '%s' valid until '2001-02-03'" % PASSWORD,
        "create role changing_user login password 'old password'",
    ]
    target.execute(*statements)
    lines = ["host all %s 127.0.0.1/32 %s" % (role, method) for role, _, method in ROLES]
    lines += [
        "host all first_user 127.0.0.1/32 reject",
        "host all first_user 127.0.0.1/32 trust",
        "hostnossl all tls_user 127.0.0.1/32 reject",
        "hostssl all tls_user 127.0.0.1/32 scram-sha-256",
        "host all nologin_user 127.0.0.1/32 trust",
        "host postgres ghost_pw 127.0.0.1/32 password",
        "host postgres ghost_md5 127.0.0.1/32 md5",
        "host postgres all 127.0.0.1/32 scram-sha-256",
    ]
    target.write_hba(lines)
    target.enable_tls()
    target.restart(target.server.extra_conf)
    target.hba_ready = True


def wire_login(target, user, password, database="postgres"):
    client = wire_client.WireClient(target.host, target.port, user, database, password=password)
    try:
        client.connect()
    finally:
        client.close()
    return client.auth_requests


def wire_failure(target, user, password, database="postgres", sqlstate="28P01"):
    """Logs in with the raw client, which must fail with `sqlstate`; returns (auth
    requests, error). (libpq does not expose the SQLSTATE of a refused connection.)"""
    client = wire_client.WireClient(target.host, target.port, user, database, password=password)
    try:
        err = expect_error(sqlstate, client.connect)
    finally:
        client.close()
    return client.auth_requests, err


def public_fields(err):
    """The fields a client may compare (not PostgreSQL's source file/line/routine)."""
    return {k: v for k, v in err.fields.items() if k in "SVCMDH"}


def test_right_password_connects_with_each_method(target):
    setup(target)
    for role, _, method in ROLES:
        if method == "reject":
            continue
        conn = target.connect(user=role, password=PASSWORD)
        cur = conn.cursor()
        cur.execute("select current_user")
        check_equal(cur.fetchone()[0], role, "current_user")
        conn.close()


def test_each_method_sends_its_exchange(target):
    setup(target)
    check_equal(wire_login(target, "trust_user", None), EXCHANGE["trust"], "trust")
    check_equal(wire_login(target, "pw_user", PASSWORD), EXCHANGE["password"], "password")
    check_equal(wire_login(target, "pw_md5_user", PASSWORD), EXCHANGE["password"], "password")
    check_equal(wire_login(target, "md5_user", PASSWORD), EXCHANGE["md5"], "md5")
    # An md5 line for a role with a SCRAM secret runs SCRAM (PostgreSQL's rule).
    check_equal(wire_login(target, "md5_scram_user", PASSWORD), EXCHANGE["scram-sha-256"],
                "md5 line, SCRAM secret")
    check_equal(wire_login(target, "scram_user", PASSWORD), EXCHANGE["scram-sha-256"], "scram")


def test_wrong_password_is_28P01(target):
    setup(target)
    for role, _, method in ROLES:
        if method in ("trust", "reject"):
            continue
        _, err = wire_failure(target, role, "wrong")
        check_equal(err.message, 'password authentication failed for user "%s"' % role, role)
        check_equal(err.fields.get("S"), "FATAL", "severity")
    # trust ignores the password altogether
    target.connect(user="trust_user", password="wrong").close()


def test_wrong_password_through_libpq(target):
    setup(target)
    for role in ("pw_user", "md5_user", "scram_user"):
        try:
            target.connect(user=role, password="wrong")
        except Exception as e:
            assert 'password authentication failed for user "%s"' % role in str(e), str(e)
        else:
            raise AssertionError("%s connected with a wrong password" % role)


def test_unknown_user_looks_like_wrong_password(target):
    setup(target)
    # SCRAM line: the same exchange up to the proof, the same error fields.
    known_auth, known = wire_failure(target, "scram_user", "wrong")
    ghost_auth, ghost = wire_failure(target, "ghost", "wrong")
    check_equal(ghost_auth, known_auth, "SCRAM exchange of an unknown user")
    expected = public_fields(known)
    expected["M"] = expected["M"].replace("scram_user", "ghost")
    check_equal(public_fields(ghost), expected, "error fields of an unknown user")
    # password line and md5 line (an unknown user gets the exchange password_encryption
    # suggests: SCRAM)
    pw_auth, pw = wire_failure(target, "ghost_pw", "wrong")
    check_equal(pw_auth, [AUTH_CLEARTEXT], "password exchange of an unknown user")
    check_equal(pw.message, 'password authentication failed for user "ghost_pw"', "message")
    md5_auth, md5 = wire_failure(target, "ghost_md5", "wrong")
    check_equal(md5_auth, [AUTH_SASL, 11], "md5 line, unknown user")
    check_equal(md5.sqlstate, "28P01", "sqlstate")


def test_reject_line(target):
    setup(target)
    _, err = wire_failure(target, "reject_user", PASSWORD, database="template1",
                          sqlstate="28000")
    check_equal(err.message, 'pg_hba.conf rejects connection for host "127.0.0.1", user '
                '"reject_user", database "template1", no encryption', "message")


def test_first_matching_line_wins(target):
    setup(target)
    _, err = wire_failure(target, "first_user", PASSWORD, database="template1",
                          sqlstate="28000")
    assert err.message.startswith("pg_hba.conf rejects connection"), err.message


def test_no_matching_line_is_28000(target):
    setup(target)
    _, err = wire_failure(target, "ghost", "x", database="template1",
                          sqlstate="28000")
    check_equal(err.message, 'no pg_hba.conf entry for host "127.0.0.1", user "ghost", '
                'database "template1", no encryption', "message")


def test_hostssl_and_hostnossl(target):
    setup(target)
    _, err = wire_failure(target, "tls_user", PASSWORD, database="template1",
                          sqlstate="28000")
    assert err.message.startswith("pg_hba.conf rejects connection") and \
        err.message.endswith("no encryption"), err.message
    conn = target.connect(user="tls_user", password=PASSWORD, sslmode="require",
                          dbname="template1")
    check_equal(conn.info.ssl_in_use, True, "ssl_in_use")
    conn.close()


def test_scram_channel_binding_over_tls(target):
    setup(target)
    conn = target.connect(user="tls_user", password=PASSWORD, sslmode="require",
                          channel_binding="require")
    conn.close()
    # Without TLS there is nothing to bind to: libpq refuses before it sends a password.
    try:
        target.connect(user="scram_user", password=PASSWORD, channel_binding="require")
    except Exception as e:
        assert "channel binding" in str(e), str(e)
    else:
        raise AssertionError("channel_binding=require succeeded without TLS")


def test_nologin_role(target):
    setup(target)
    _, err = wire_failure(target, "nologin_user", None, database="template1",
                          sqlstate="28000")
    check_equal(err.message, 'role "nologin_user" is not permitted to log in', "message")


def test_expired_password(target):
    setup(target)
    _, err = wire_failure(target, "expired_user", PASSWORD)
    check_equal(err.message, 'password authentication failed for user "expired_user"', "message")


def test_alter_role_password_applies_to_new_connections(target):
    setup(target)
    target.connect(user="changing_user", password="old password").close()
    conn = target.connect(user="changing_user", password="old password")
    conn.cursor().execute("alter role changing_user password 'new password'")  # own password
    conn.close()
    wire_failure(target, "changing_user", "old password")
    target.connect(user="changing_user", password="new password").close()
    target.execute("alter role changing_user valid until 'infinity'")
    target.connect(user="changing_user", password="new password").close()
    target.execute("alter role changing_user password null")
    wire_failure(target, "changing_user", "new password")


def test_role_ddl_errors(target):
    conn = target.connect()
    cur = conn.cursor()
    cur.execute("create role ddl_role")
    expect_error("42710", cur.execute, "create role ddl_role",
                 message='role "ddl_role" already exists')
    expect_error("42939", cur.execute, "create role pg_mine",
                 message='role name "pg_mine" is reserved')
    expect_error("42601", cur.execute, "create role r login nologin",
                 message="conflicting or redundant options")
    expect_error("22023", cur.execute, "create role r connection limit -2",
                 message="invalid connection limit: -2")
    expect_error("42704", cur.execute, "alter role no_such_role login",
                 message='role "no_such_role" does not exist')
    expect_error("42704", cur.execute, "drop role no_such_role",
                 message='role "no_such_role" does not exist')
    cur.execute("drop role if exists no_such_role")
    expect_error("55006", cur.execute, "drop role %s" % target.user,
                 message="current user cannot be dropped")
    cur.execute("create role ddl_owner")
    cur.execute("create database ddl_owned_db owner ddl_owner")
    err = expect_error("2BP01", cur.execute, "drop role ddl_owner",
                       message='role "ddl_owner" cannot be dropped because some objects '
                       'depend on it')
    check_equal(err.diag.message_detail, "owner of database ddl_owned_db", "detail")
    cur.execute("drop database ddl_owned_db")
    cur.execute("drop role ddl_owner, ddl_role")
    conn.close()


def test_non_superuser_role_permissions(target):
    target.execute("create role plain_user login", "create role creator login createrole")
    conn = target.connect(user="plain_user")
    cur = conn.cursor()
    expect_error("42501", cur.execute, "create role x", message="permission denied to create role")
    expect_error("42501", cur.execute, "alter role plain_user createdb",
                 message="permission denied")
    expect_error("42501", cur.execute, "drop role creator", message="permission denied to drop role")
    cur.execute("alter role plain_user password 'mine'")
    conn.close()
    conn = target.connect(user="creator")
    cur = conn.cursor()
    expect_error("42501", cur.execute, "create role x superuser",
                 message="must be superuser to create superusers")
    expect_error("42501", cur.execute, "alter role %s nologin" % target.user,
                 message="must be superuser to alter superuser roles or change superuser "
                 "attribute")
    cur.execute("create role made_by_creator")
    cur.execute("drop role made_by_creator")
    conn.close()
    target.execute("drop role plain_user, creator")


TESTS = [
    test_role_ddl_errors,
    test_non_superuser_role_permissions,
    test_right_password_connects_with_each_method,
    test_each_method_sends_its_exchange,
    test_wrong_password_is_28P01,
    test_wrong_password_through_libpq,
    test_unknown_user_looks_like_wrong_password,
    test_reject_line,
    test_first_matching_line_wins,
    test_no_matching_line_is_28000,
    test_hostssl_and_hostnossl,
    test_scram_channel_binding_over_tls,
    test_nologin_role,
    test_expired_password,
    test_alter_role_password_applies_to_new_connections,
]

if __name__ == "__main__":
    pc.main(TESTS, __doc__.split("\n\n")[0])
