#!/usr/bin/python3
"""sqltest.py - runs Hyrax's SQL test files (tests/sql/**/*.slt) through the wire protocol.

The format is sqllogictest's, with result rows written one per line (values joined by
" | ", NULL as NULL, '' as (empty)) and a few additions for sessions and errors:

    # comment                       (the file starts with "# name:" and "# purpose:" lines)
    statement ok [TAG]              SQL follows, up to a blank line; with TAG, the command
                                    tag must match (e.g. "statement ok INSERT 0 3")
    statement error [SQLSTATE] [message]
                                    the statement must fail (with that SQLSTATE and, when
                                    given, exactly that primary message)
    query [rowsort|nosort]          SQL, then "----", then the expected rows
    connection NAME                 switch to session NAME (opened on first use)
    disconnect NAME
    statement async LABEL           send the SQL on the current session without waiting
    await LABEL [ok|error SQLSTATE] wait for the async statement and check its outcome
    backend_pid_differs A B         sessions A and B are served by different processes
    skipif ENGINE / onlyif ENGINE   applies to the next record (engines: hyrax, pg)

Every session is a psycopg2 connection in autocommit mode, so BEGIN/COMMIT are plain SQL
as in psql. Values are compared as the text the server sent.

Usage: sqltest.py --host H --port P --user U [--db D] [--engine hyrax|pg] FILE_OR_DIR...
Prints "PASS|FAIL file (k/n)" per file and ends with "N passed, M failed" (records).
"""
import argparse
import os
import sys
import threading
import time

try:
    import psycopg2
    import psycopg2.extensions
except ImportError:
    if os.path.exists("/usr/bin/python3") and sys.executable != "/usr/bin/python3":
        os.execv("/usr/bin/python3", ["/usr/bin/python3"] + sys.argv)
    sys.exit("sqltest.py: psycopg2 is missing (apt-get install python3-psycopg2)")

ASYNC_TIMEOUT_S = 60

RAW = psycopg2.extensions.new_type(tuple(psycopg2.extensions.string_types.keys()), "RAW",
                                   lambda value, cur: value)


def render(value):
    if value is None:
        return "NULL"
    if value == "":
        return "(empty)"
    return str(value)


class Record:
    def __init__(self, kind, args, sql, expected, line):
        self.kind, self.args, self.sql, self.expected, self.line = kind, args, sql, expected, line
        self.skipif, self.onlyif = [], []


def parse(path):
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    records, i = [], 0
    skipif, onlyif = [], []
    while i < len(lines):
        line = lines[i].rstrip()
        if not line or line.startswith("#"):
            i += 1
            continue
        start = i + 1
        words = line.split()
        kind = words[0]
        if kind in ("skipif", "onlyif"):
            (skipif if kind == "skipif" else onlyif).append(words[1])
            i += 1
            continue
        if kind in ("connection", "disconnect", "await", "backend_pid_differs"):
            rec = Record(kind, words[1:], None, None, start)
            rec.skipif, rec.onlyif, skipif, onlyif = skipif, onlyif, [], []
            records.append(rec)
            i += 1
            continue
        if kind not in ("statement", "query"):
            raise SyntaxError("%s:%d: unknown record %r" % (path, start, line))
        i += 1
        sql_lines = []
        while i < len(lines) and lines[i].strip() and lines[i].strip() != "----":
            sql_lines.append(lines[i])
            i += 1
        expected = None
        if kind == "query":
            expected = []
            if i < len(lines) and lines[i].strip() == "----":
                i += 1
                while i < len(lines) and lines[i].strip():
                    expected.append(lines[i].rstrip())
                    i += 1
        rec = Record(kind, words[1:], "\n".join(sql_lines), expected, start)
        rec.skipif, rec.onlyif, skipif, onlyif = skipif, onlyif, [], []
        records.append(rec)
    return records


class Session:
    def __init__(self, args):
        self.conn = psycopg2.connect(host=args.host, port=args.port, user=args.user,
                                     dbname=args.db, password=args.password)
        self.conn.autocommit = True
        self.pending = {}

    def run(self, sql):
        cur = self.conn.cursor()
        psycopg2.extensions.register_type(RAW, cur)
        cur.execute(sql)
        rows = cur.fetchall() if cur.description is not None else None
        self.last_tag = cur.statusmessage
        cur.close()
        return rows


def close_and_wait_for_exit(sessions):
    """Closes the sessions and waits until their backend processes have exited, so that the
    next file never starts while this file's backends are still going (their snapshots
    would hold back the xmin horizon, and tests that count pages after pruning would see
    dead rows kept). The server runs on this machine; waits on a condition with a deadline."""
    pids = []
    for s in sessions.values():
        try:
            pids.append(int(s.run("SELECT pg_backend_pid()")[0][0]))
        except psycopg2.Error:
            pass
        s.conn.close()
    deadline = time.monotonic() + ASYNC_TIMEOUT_S
    for pid in pids:
        while os.path.exists("/proc/%d" % pid) and time.monotonic() < deadline:
            time.sleep(0.01)


def run_file(path, args):
    records = parse(path)
    sessions = {}
    current = ["main"]
    failures = []

    def session(name=None):
        name = name or current[0]
        if name not in sessions:
            sessions[name] = Session(args)
        return sessions[name]

    def fail(rec, msg):
        failures.append("%s:%d: %s" % (path, rec.line, msg))

    passed = 0
    records = [r for r in records
               if args.engine not in r.skipif and (not r.onlyif or args.engine in r.onlyif)]
    for rec in records:
        try:
            ok = run_record(rec, session, current, sessions, fail)
        except psycopg2.OperationalError as e:
            fail(rec, "connection error: %s" % str(e).strip())
            ok = False
            for name in list(sessions):
                try:
                    sessions[name].conn.close()
                except Exception:
                    pass
                del sessions[name]
        passed += 1 if ok else 0
    for s in sessions.values():
        for t in s.pending.values():
            t.join(ASYNC_TIMEOUT_S)
    close_and_wait_for_exit(sessions)
    return passed, len(records), failures


def check_error(rec, err, fail):
    want_state = rec.args[1] if len(rec.args) > 1 else None
    want_msg = " ".join(rec.args[2:]) if len(rec.args) > 2 else None
    if err is None:
        fail(rec, "expected an error, statement succeeded")
        return False
    if want_state and err.pgcode != want_state:
        fail(rec, "expected SQLSTATE %s, got %s (%s)" % (want_state, err.pgcode,
                                                         (err.pgerror or "").strip()))
        return False
    got_msg = err.diag.message_primary if err.diag else None
    if want_msg and got_msg != want_msg:
        fail(rec, "expected message %r, got %r" % (want_msg, got_msg))
        return False
    return True


def run_record(rec, session, current, sessions, fail):
    if rec.kind == "connection":
        current[0] = rec.args[0]
        session()
        return True
    if rec.kind == "disconnect":
        s = sessions.pop(rec.args[0], None)
        if s:
            s.conn.close()
        if current[0] == rec.args[0]:
            current[0] = "main"
        return True
    if rec.kind == "backend_pid_differs":
        pids = [session(n).run("SELECT pg_backend_pid()")[0][0] for n in rec.args]
        if len(set(pids)) != len(pids):
            fail(rec, "sessions share a backend process: %s" % pids)
            return False
        return True
    if rec.kind == "statement" and rec.args and rec.args[0] == "async":
        s = session()
        result = {}

        def work():
            try:
                s.run(rec.sql)
                result["error"] = None
            except psycopg2.Error as e:
                result["error"] = e
        t = threading.Thread(target=work, daemon=True)
        t.result = result
        s.pending[rec.args[1]] = t
        t.start()
        return True
    if rec.kind == "await":
        label = rec.args[0]
        for s in sessions.values():
            if label in s.pending:
                t = s.pending.pop(label)
                t.join(ASYNC_TIMEOUT_S)
                if t.is_alive():
                    fail(rec, "async statement %s did not finish" % label)
                    return False
                err = t.result.get("error")
                if len(rec.args) > 1 and rec.args[1] == "error":
                    fake = Record("statement", ["error"] + rec.args[2:], None, None, rec.line)
                    return check_error(fake, err, fail)
                if err is not None:
                    fail(rec, "async statement failed: %s" % str(err).strip())
                    return False
                return True
        fail(rec, "no pending async statement %s" % label)
        return False
    s = session()
    if rec.kind == "statement":
        expect_error = rec.args and rec.args[0] == "error"
        try:
            s.run(rec.sql)
            err = None
        except psycopg2.Error as e:
            err = e
        if expect_error:
            return check_error(rec, err, fail)
        if err is not None:
            fail(rec, "statement failed: %s %s" % (err.pgcode, str(err).strip()))
            return False
        want_tag = " ".join(rec.args[1:]) if rec.args and rec.args[0] == "ok" else ""
        if want_tag and s.last_tag != want_tag:
            fail(rec, "expected command tag %r, got %r" % (want_tag, s.last_tag))
            return False
        return True
    # query
    try:
        rows = s.run(rec.sql)
    except psycopg2.Error as e:
        fail(rec, "query failed: %s %s" % (e.pgcode, str(e).strip()))
        return False
    got = [" | ".join(render(v) for v in row) for row in (rows or [])]
    want = list(rec.expected)
    if "rowsort" in rec.args:
        got.sort()
        want.sort()
    if got != want:
        fail(rec, "result mismatch\n  expected:\n    %s\n  got:\n    %s" % (
            "\n    ".join(want) or "(no rows)", "\n    ".join(got) or "(no rows)"))
        return False
    return True


def collect(paths):
    files = []
    for p in paths:
        if os.path.isdir(p):
            for root, _, names in os.walk(p):
                files += [os.path.join(root, n) for n in names if n.endswith(".slt")]
        else:
            files.append(p)
    return sorted(files)


def main():
    ap = argparse.ArgumentParser(description="Run Hyrax SQL test files.")
    ap.add_argument("--host", default=os.environ.get("HYRAX_HOST", "127.0.0.1"))
    ap.add_argument("--port", type=int, default=int(os.environ.get("HYRAX_PORT", "5432")))
    ap.add_argument("--user", default=os.environ.get("HYRAX_USER", "postgres"))
    ap.add_argument("--password", default=os.environ.get("PGPASSWORD"))
    ap.add_argument("--db", default="postgres")
    ap.add_argument("--engine", default="hyrax", choices=["hyrax", "pg"],
                    help="engine name for skipif/onlyif (pg when checking against PostgreSQL)")
    ap.add_argument("paths", nargs="+")
    args = ap.parse_args()
    total_pass = total_fail = 0
    for path in collect(args.paths):
        try:
            passed, n, failures = run_file(path, args)
        except SyntaxError as e:
            print("FAIL %s (parse error: %s)" % (path, e))
            total_fail += 1
            continue
        total_pass += passed
        total_fail += n - passed
        print("%s %s (%d/%d)" % ("PASS" if passed == n else "FAIL", path, passed, n))
        for f in failures:
            print("  " + f.replace("\n", "\n  "))
    print("%d passed, %d failed" % (total_pass, total_fail))
    sys.exit(0 if total_fail == 0 else 1)


if __name__ == "__main__":
    main()
