"""Shared set-up of the end-to-end protocol tests (tests/protocol/*_test.py).

Each test script is a list of test functions taking a Target. The script either starts its
own server (`--binary build/hyrax`, which ctest uses; or `--pg`, a throw-away PostgreSQL
15, to check the test's expectations against the reference) or uses a running one
(`--host H --port P --user U [--sslrootcert CA]`). Tests that must change the server's
configuration (hba, TLS files, settings that need a restart) call target.require_own()
and are skipped against a server they did not start.

Output: one line per test ("ok", "FAIL" with the traceback, "skip" with the reason) and a
summary; the exit status is 1 when any test failed.
"""
import argparse
import os
import subprocess
import sys
import time
import traceback

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "support"))
from hyrax_server import HyraxServer, PostgresServer  # noqa: E402

import psycopg2  # noqa: E402

import wire_client  # noqa: E402


class Skip(Exception):
    """Raised by a test that cannot run against this target."""


class Target:
    """The server under test: where it is and, when we started it, how to reconfigure it."""

    def __init__(self, args):
        self.server = None
        self.host = args.host or "127.0.0.1"
        self.port = args.port
        self.user = args.user
        self.root_cert = args.sslrootcert
        if args.pg:
            self.kind = "pg"
            self.server = PostgresServer(user=self.user)
        elif args.binary:
            self.kind = "hyrax"
            self.server = HyraxServer(args.binary, user=self.user)
        else:
            self.kind = "external"
            if not self.port:
                raise SystemExit("give --binary, --pg or --port")

    # -- life cycle --
    def __enter__(self):
        if self.server is not None:
            self.server.__enter__()
            self.port = self.server.port
            if self.kind == "hyrax":
                self.root_cert = os.path.join(self.server.datadir, "root.crt")
        return self

    def __exit__(self, *exc):
        if self.server is not None:
            self.server.__exit__(*exc)

    def require_own(self):
        if self.server is None:
            raise Skip("needs a server this test started (--binary or --pg)")

    @property
    def datadir(self):
        return self.server.datadir

    @property
    def hba_path(self):
        self.require_own()
        return os.path.join(self.datadir, "pg_hba.conf" if self.kind == "pg" else "hba.conf")

    def restart(self, conf=()):
        """Restarts the server we own with `conf` (name=value settings) on the command line."""
        self.require_own()
        self.server.stop()
        self.server.extra_conf = list(conf)
        self.server.start()

    def write_hba(self, lines):
        """Replaces the hba file. The first line always lets the test's superuser in over
        TCP with trust, so set-up connections keep working. Takes effect at restart()."""
        path = self.hba_path
        with open(path, "w") as f:
            f.write("host all %s 127.0.0.1/32 trust\n" % self.user)
            f.write("local all all trust\n")
            for line in lines:
                f.write(line + "\n")
        if self.kind == "pg":
            os.chmod(path, 0o644)

    def enable_tls(self):
        """Makes the server answer SSLRequest; root_cert then verifies it. Hyrax's init has
        made the certificates already; a throw-away PostgreSQL gets a CA and a server
        certificate for localhost / 127.0.0.1 made with the openssl tool."""
        if self.kind == "hyrax" or self.kind == "external":
            return
        if self.root_cert is None:
            make_test_certificates(self.datadir)
            self.root_cert = os.path.join(self.datadir, "root.crt")
            self.restart(["ssl=on"])

    # -- clients --
    def dsn(self, **kw):
        params = dict(host=self.host, port=self.port, user=self.user, dbname="postgres",
                      sslmode="disable", connect_timeout=30)
        params.update(kw)
        return " ".join("%s='%s'" % (k, str(v).replace("'", "\\'")) for k, v in params.items())

    def connect(self, autocommit=True, **kw):
        """A psycopg2 connection (plain TCP unless sslmode is given)."""
        conn = psycopg2.connect(self.dsn(**kw))
        conn.autocommit = autocommit
        return conn

    def connect3(self, autocommit=True, **kw):
        """A psycopg 3 connection."""
        import psycopg
        return psycopg.connect(self.dsn(**kw), autocommit=autocommit)

    def wire(self, user=None, password=None, database="postgres"):
        """A connected raw protocol client."""
        return wire_client.WireClient(self.host, self.port, user or self.user, database,
                                      password=password).connect()

    def execute(self, *statements):
        """Runs statements as the superuser on a fresh connection."""
        conn = self.connect()
        try:
            cur = conn.cursor()
            for sql in statements:
                cur.execute(sql)
        finally:
            conn.close()


def make_test_certificates(datadir):
    """root.crt/root.key (a CA) and server.crt/server.key (CN=localhost with the SANs
    localhost, 127.0.0.1, ::1) in `datadir`, owned like the data directory."""
    def openssl(*args):
        subprocess.run(["openssl"] + list(args), cwd=datadir, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
    openssl("req", "-x509", *ec, "-days", "30", "-subj", "/CN=protocol test root",
            "-keyout", "root.key", "-out", "root.crt",
            "-addext", "basicConstraints=critical,CA:TRUE",
            "-addext", "keyUsage=keyCertSign,cRLSign")
    openssl("req", "-new", *ec, "-subj", "/CN=localhost", "-keyout", "server.key",
            "-out", "server.csr")
    with open(os.path.join(datadir, "san.ext"), "w") as f:
        f.write("subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1\n")
    openssl("x509", "-req", "-in", "server.csr", "-CA", "root.crt", "-CAkey", "root.key",
            "-CAcreateserial", "-days", "30", "-out", "server.crt", "-extfile", "san.ext")
    st = os.stat(datadir)
    for name in ("root.crt", "root.key", "server.crt", "server.key"):
        path = os.path.join(datadir, name)
        os.chown(path, st.st_uid, st.st_gid)
        os.chmod(path, 0o600 if name.endswith(".key") else 0o644)


def make_other_ca(directory):
    """A CA that signed nothing this server uses (for "verification must fail" checks)."""
    cert = os.path.join(directory, "other_root.crt")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                    "ec_paramgen_curve:prime256v1", "-nodes", "-days", "30", "-subj",
                    "/CN=unrelated root", "-keyout", os.path.join(directory, "other_root.key"),
                    "-out", cert], check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    return cert


# ---- assertions -----------------------------------------------------------------------------

def sqlstate_of(exc):
    for attr in ("sqlstate", "pgcode"):
        code = getattr(exc, attr, None)
        if code:
            return code
    return None


def expect_error(sqlstate, fn, *args, message=None, **kw):
    """Calls fn(*args, **kw), which must fail with `sqlstate` (and, if given, a primary
    message equal to `message`); returns the exception."""
    try:
        fn(*args, **kw)
    except (psycopg2.Error, wire_client.ServerError) as e:
        exc = e
    except Exception as e:  # psycopg 3 errors have their own base class
        if sqlstate_of(e) is None:
            raise
        exc = e
    else:
        raise AssertionError("expected SQLSTATE %s, but the call succeeded" % sqlstate)
    got = sqlstate_of(exc)
    assert got == sqlstate, "expected SQLSTATE %s, got %s: %s" % (sqlstate, got, exc)
    if message is not None:
        assert primary_message(exc) == message, "message %r, expected %r" % (
            primary_message(exc), message)
    return exc


def primary_message(exc):
    if isinstance(exc, wire_client.ServerError):
        return exc.message
    diag = getattr(exc, "diag", None)
    if diag is not None and diag.message_primary is not None:
        return diag.message_primary
    return str(exc).split("\n")[0]


def check_equal(got, expected, what="value"):
    assert got == expected, "%s: got %r, expected %r" % (what, got, expected)


def wait_until_busy(target, pid, timeout=60.0):
    """Polls until backend `pid` is running a statement (pg_stat_activity where there is
    one, else the process title `ps` shows), so a cancel cannot arrive before it starts."""
    deadline = time.monotonic() + timeout
    admin = target.connect()
    try:
        cur = admin.cursor()
        use_view = True
        while time.monotonic() < deadline:
            if use_view:
                try:
                    cur.execute("select state from pg_stat_activity where pid = %s", (pid,))
                    row = cur.fetchone()
                    if row and row[0] == "active":
                        return
                except psycopg2.Error:
                    use_view = False  # no pg_stat_activity: read the title instead
            if not use_view and process_title_busy(pid):
                return
            time.sleep(0.02)  # polling interval while waiting for a condition
    finally:
        admin.close()
    raise AssertionError("backend %d did not start its statement" % pid)


def wait_for(condition, what, timeout=60.0):
    """Polls `condition` until it returns true."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting for " + what)
        time.sleep(0.02)  # polling interval while waiting for a condition


def process_title_busy(pid):
    try:
        with open("/proc/%d/cmdline" % pid, "rb") as f:
            title = f.read().replace(b"\0", b" ").decode(errors="replace").strip()
    except OSError:
        return False
    return not (title.endswith("idle") or "idle in transaction" in title
                or title.endswith("authentication"))


# ---- running --------------------------------------------------------------------------------

def parse_args(description):
    ap = argparse.ArgumentParser(description=description)
    ap.add_argument("--binary", help="start a Hyrax server from this binary")
    ap.add_argument("--pg", action="store_true", help="start a throw-away PostgreSQL 15")
    ap.add_argument("--host", help="use a running server on this host")
    ap.add_argument("--port", type=int, help="... and port")
    ap.add_argument("--user", default="postgres", help="superuser name")
    ap.add_argument("--sslrootcert", help="CA of a running server's certificate")
    ap.add_argument("-k", dest="only", help="run only tests whose name contains this")
    return ap.parse_args()


def main(tests, description):
    args = parse_args(description)
    failed = skipped = passed = 0
    with Target(args) as target:
        for test in tests:
            if args.only and args.only not in test.__name__:
                continue
            try:
                test(target)
                passed += 1
                print("ok    %s" % test.__name__, flush=True)
            except Skip as s:
                skipped += 1
                print("skip  %s: %s" % (test.__name__, s), flush=True)
            except Exception:
                failed += 1
                print("FAIL  %s" % test.__name__, flush=True)
                traceback.print_exc()
                sys.stdout.flush()
    print("%d passed, %d failed, %d skipped (%s)" % (passed, failed, skipped, target.kind))
    sys.exit(1 if failed else 0)
