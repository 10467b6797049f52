#!/usr/bin/python3
"""Test fixture: a Hyrax server on a free port with a temporary data directory.

Used by the SQL, regress, crash and conformance runners. As a library:

    with HyraxServer(binary) as srv:
        srv.port, srv.user, srv.datadir ...

As a command: `hyrax_server.py --binary build/hyrax -- CMD ARGS...` starts a server, runs
CMD with HYRAX_HOST/HYRAX_PORT/HYRAX_USER/PGHOST/PGPORT/PGUSER set in its environment, stops
the server, and exits with CMD's status (so ctest can wrap any runner).

`--pg` instead starts a throw-away PostgreSQL 15 cluster (initdb + postgres from
/usr/lib/postgresql/15/bin, run as the postgres user when we are root), which is how the
test expectations are checked against the reference.
"""
import argparse
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

PG_BIN = "/usr/lib/postgresql/15/bin"


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_ready(port, proc, timeout=60.0, log_path=None, user=None):
    """Polls until the server accepts a real session (not only a startup packet: during
    crash recovery the postmaster answers with 57P03 "the database system is starting
    up"), the process dies, or timeout."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError("server exited during start-up (code %s)%s" % (
                proc.returncode, tail(log_path)))
        try:
            import psycopg2
        except ImportError:  # a Python without psycopg2: fall back to the startup probe
            psycopg2 = None
        if user is None or psycopg2 is None:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1.0) as s:
                    # SSLRequest: any server that answers 'S' or 'N' accepts connections.
                    s.sendall(b"\x00\x00\x00\x08\x04\xd2\x16\x2f")
                    if s.recv(1) in (b"N", b"S"):
                        return
            except OSError:
                pass
        else:
            try:
                psycopg2.connect(host="127.0.0.1", port=port, user=user, dbname="postgres",
                                 connect_timeout=2, sslmode="disable").close()
                return
            except Exception:
                pass
        time.sleep(0.05)  # polling interval while waiting for a condition, not synchronisation
    raise RuntimeError("server did not become ready within %.0fs%s" % (timeout, tail(log_path)))


def tail(path, lines=30):
    if not path or not os.path.exists(path):
        return ""
    with open(path, errors="replace") as f:
        return "\n--- server log tail ---\n" + "".join(f.readlines()[-lines:])


class HyraxServer:
    def __init__(self, binary, user="postgres", extra_conf=None, keep=False, datadir=None):
        self.binary = os.path.abspath(binary)
        self.user = user
        self.extra_conf = extra_conf or []
        self.keep = keep
        self.own_dir = datadir is None
        self.datadir = datadir or tempfile.mkdtemp(prefix="hyrax-test-")
        if self.own_dir:
            os.rmdir(self.datadir)  # init wants to create it
        self.port = free_port()
        self.proc = None
        self.log_path = self.datadir + ".log"

    def init(self):
        subprocess.run([self.binary, "init", "-D", self.datadir, "-U", self.user],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    def start(self):
        if not os.path.exists(os.path.join(self.datadir, "hyrax.conf")):
            self.init()
        args = [self.binary, "start", "-D", self.datadir, "-p", str(self.port)]
        for kv in self.extra_conf:
            args += ["-c", kv]
        self.log = open(self.log_path, "ab")
        self.proc = subprocess.Popen(args, stdout=self.log, stderr=subprocess.STDOUT,
                                     start_new_session=True)
        wait_ready(self.port, self.proc, log_path=self.log_path, user=self.user)
        return self

    def stop(self, sig=signal.SIGINT, timeout=60):
        if self.proc is None:
            return
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                self.proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        self.proc = None
        self.log.close()

    def kill9(self):
        """Kills the postmaster and every child at once (a crash)."""
        if self.proc is None:
            return
        os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait()
        self.proc = None
        self.log.close()

    def env(self):
        e = dict(os.environ)
        e.update(HYRAX_HOST="127.0.0.1", HYRAX_PORT=str(self.port), HYRAX_USER=self.user,
                 PGHOST="127.0.0.1", PGPORT=str(self.port), PGUSER=self.user,
                 PGDATABASE="postgres", HYRAX_DATADIR=self.datadir)
        return e

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()
        if self.own_dir and not self.keep:
            shutil.rmtree(self.datadir, ignore_errors=True)
            try:
                os.remove(self.log_path)
            except OSError:
                pass


class PostgresServer(HyraxServer):
    """A throw-away PostgreSQL 15 cluster, for checking expectations against the reference."""

    def __init__(self, user="postgres", extra_conf=None, keep=False):
        super().__init__(PG_BIN + "/postgres", user=user, extra_conf=extra_conf, keep=keep)
        self.run_as = None
        if os.geteuid() == 0:
            self.run_as = pwd.getpwnam("postgres")

    def _demote(self):
        if self.run_as:
            os.setgid(self.run_as.pw_gid)
            os.setuid(self.run_as.pw_uid)

    def start(self):
        os.makedirs(self.datadir, exist_ok=True)
        if self.run_as:
            os.chown(self.datadir, self.run_as.pw_uid, self.run_as.pw_gid)
        if not os.path.exists(os.path.join(self.datadir, "PG_VERSION")):  # else a restart
            subprocess.run([PG_BIN + "/initdb", "-D", self.datadir, "-U", self.user,
                            "--no-locale", "-E", "UTF8", "-A", "trust"], check=True,
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                           preexec_fn=self._demote)
        args = [PG_BIN + "/postgres", "-D", self.datadir, "-p", str(self.port), "-k", "/tmp",
                "-c", "listen_addresses=127.0.0.1", "-c", "timezone=UTC"]
        for kv in self.extra_conf:
            args += ["-c", kv]
        self.log = open(self.log_path, "ab")
        if self.run_as:
            os.chown(self.log_path, self.run_as.pw_uid, self.run_as.pw_gid)
        self.proc = subprocess.Popen(args, stdout=self.log, stderr=subprocess.STDOUT,
                                     start_new_session=True, preexec_fn=self._demote)
        wait_ready(self.port, self.proc, log_path=self.log_path, user=self.user)
        return self


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--binary", help="path to the hyrax binary")
    ap.add_argument("--pg", action="store_true", help="run against a throw-away PostgreSQL 15")
    ap.add_argument("--conf", action="append", default=[], help="extra name=value settings")
    ap.add_argument("cmd", nargs=argparse.REMAINDER)
    args = ap.parse_args()
    cmd = args.cmd[1:] if args.cmd and args.cmd[0] == "--" else args.cmd
    if not cmd:
        ap.error("no command given")
    server = PostgresServer(extra_conf=args.conf) if args.pg else HyraxServer(
        args.binary, extra_conf=args.conf)
    with server as srv:
        rc = subprocess.run(cmd, env=srv.env()).returncode
    sys.exit(rc)


if __name__ == "__main__":
    main()
