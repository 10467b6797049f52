#!/usr/bin/python3
"""tls_test.py - TLS end to end (issue 3): sslmode=require, verify-ca and verify-full with
the CA `hyrax init` generates (root.crt), for host names localhost and 127.0.0.1.

Also: the SSLRequest answer, GSSENCRequest refused with 'N', verification failing with an
unrelated CA and with a host name the certificate does not name, and plaintext pipelined
behind an SSLRequest (CVE-2021-23214) refused with 08P01 after the handshake.

Against a running server, pass --sslrootcert for the verify checks (skipped otherwise).
"""
import socket
import ssl
import struct
import tempfile

import protocol_common as pc
from protocol_common import Skip, check_equal

import wire_client


def need_root_cert(target):
    target.enable_tls()
    if not target.root_cert:
        raise Skip("no CA certificate for this server (--sslrootcert)")
    return target.root_cert


def check_encrypted(conn):
    check_equal(conn.info.ssl_in_use, True, "ssl_in_use")
    assert conn.info.ssl_attribute("protocol") in ("TLSv1.2", "TLSv1.3"), \
        conn.info.ssl_attribute("protocol")
    cur = conn.cursor()
    cur.execute("select 1")
    check_equal(cur.fetchone(), (1,), "query over TLS")


def test_ssl_request_is_answered_s(target):
    target.enable_tls()
    with socket.create_connection((target.host, target.port), timeout=30) as s:
        s.sendall(struct.pack("!II", 8, wire_client.SSL_REQUEST_CODE))
        check_equal(s.recv(1), b"S", "answer to SSLRequest")


def test_gssenc_request_is_refused(target):
    with socket.create_connection((target.host, target.port), timeout=30) as s:
        s.sendall(struct.pack("!II", 8, 80877104))
        answer = s.recv(1)
    # Hyrax has no GSSAPI; a PostgreSQL built with it (Debian's) answers 'G'.
    check_equal(answer, b"G" if target.kind == "pg" and answer == b"G" else b"N",
                "answer to GSSENCRequest")


def test_sslmode_require(target):
    target.enable_tls()
    conn = target.connect(sslmode="require")
    check_encrypted(conn)
    conn.close()


def test_sslmode_disable_still_works(target):
    conn = target.connect(sslmode="disable")
    check_equal(conn.info.ssl_in_use, False, "ssl_in_use")
    conn.close()


def test_verify_full_with_generated_ca(target):
    root = need_root_cert(target)
    for host in ("localhost", "127.0.0.1"):
        conn = target.connect(sslmode="verify-full", sslrootcert=root, host=host)
        check_encrypted(conn)
        conn.close()


def test_verify_ca_with_generated_ca(target):
    root = need_root_cert(target)
    conn = target.connect(sslmode="verify-ca", sslrootcert=root)
    check_encrypted(conn)
    conn.close()


def test_verify_full_with_psycopg3(target):
    root = need_root_cert(target)
    with target.connect3(sslmode="verify-full", sslrootcert=root, host="localhost") as conn:
        check_equal(conn.execute("select 'tls'").fetchone(), ("tls",), "query")
        check_equal(conn.pgconn.ssl_in_use, True, "ssl_in_use")


def test_verify_fails_with_an_unrelated_ca(target):
    need_root_cert(target)
    with tempfile.TemporaryDirectory(prefix="hyrax-proto-") as directory:
        other = pc.make_other_ca(directory)
        try:
            target.connect(sslmode="verify-ca", sslrootcert=other)
        except Exception as e:
            assert "certificate verify failed" in str(e), str(e)
        else:
            raise AssertionError("verify-ca accepted a certificate from another CA")


def test_verify_full_fails_for_another_host_name(target):
    root = need_root_cert(target)
    try:
        target.connect(sslmode="verify-full", sslrootcert=root, host="wrong-name.invalid",
                       hostaddr="127.0.0.1")
    except Exception as e:
        assert 'does not match host name "wrong-name.invalid"' in str(e), str(e)
    else:
        raise AssertionError("verify-full accepted a certificate for another host name")


def test_plaintext_after_ssl_request_is_refused(target):
    """Bytes sent behind the SSLRequest, before the answer, must never be read as the
    startup packet: after the handshake the server says 08P01 and closes."""
    target.enable_tls()
    startup = struct.pack("!I", wire_client.PROTOCOL_3_0) + b"user\0%s\0\0" % target.user.encode()
    startup = struct.pack("!I", len(startup) + 4) + startup
    with socket.create_connection((target.host, target.port), timeout=30) as raw:
        raw.sendall(struct.pack("!II", 8, wire_client.SSL_REQUEST_CODE) + startup)
        check_equal(raw.recv(1), b"S", "answer to SSLRequest")
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        with context.wrap_socket(raw, server_hostname="localhost") as tls:
            head = tls.recv(5)
            check_equal(head[:1], b"E", "message type")
            (length,) = struct.unpack("!I", head[1:5])
            body = b""
            while len(body) < length - 4:
                body += tls.recv(length - 4 - len(body))
            fields = wire_client.error_fields(body)
            check_equal(fields["C"], "08P01", "SQLSTATE")
            check_equal(fields["M"], "received unencrypted data after SSL request", "message")


TESTS = [
    test_ssl_request_is_answered_s,
    test_gssenc_request_is_refused,
    test_sslmode_require,
    test_sslmode_disable_still_works,
    test_verify_full_with_generated_ca,
    test_verify_ca_with_generated_ca,
    test_verify_full_with_psycopg3,
    test_verify_fails_with_an_unrelated_ca,
    test_verify_full_fails_for_another_host_name,
    test_plaintext_after_ssl_request_is_refused,
]

if __name__ == "__main__":
    pc.main(TESTS, __doc__.split("\n\n")[0])
