"""A small PostgreSQL v3 wire-protocol client for exact message-level checks.

The protocol tests (tests/protocol/*_test.py) use psycopg2 / psycopg 3 where a real driver
is the point, and this client where the driver hides what is being tested: pipelines of
Parse/Bind/Execute before one Sync, PortalSuspended, Flush, the bytes of binary values,
SQLSTATEs of refused connections, CancelRequest keys, COPY's CopyFail. Authentication:
trust, cleartext password, md5 and SCRAM-SHA-256 (no channel binding). Every socket read
has a timeout, so a server that does not answer fails the test instead of hanging it.
"""
import base64
import hashlib
import hmac
import os
import socket
import struct

PROTOCOL_3_0 = 196608
CANCEL_REQUEST_CODE = 80877102
SSL_REQUEST_CODE = 80877103


class ServerError(Exception):
    """An ErrorResponse: fields by their one-letter codes (C = SQLSTATE, M = message ...)."""

    def __init__(self, fields):
        self.fields = fields
        self.sqlstate = fields.get("C", "")
        self.message = fields.get("M", "")
        super().__init__("%s %s: %s" % (fields.get("V", fields.get("S", "")), self.sqlstate,
                                        self.message))


def cstr(s):
    return (s.encode() if isinstance(s, str) else s) + b"\0"


def message(kind, body=b""):
    return kind + struct.pack("!I", len(body) + 4) + body


# ---- frontend messages --------------------------------------------------------------------

def startup_packet(user, database, options=None):
    params = {"user": user, "database": database}
    if options:
        params["options"] = options
    body = struct.pack("!I", PROTOCOL_3_0)
    body += b"".join(cstr(k) + cstr(v) for k, v in params.items()) + b"\0"
    return struct.pack("!I", len(body) + 4) + body


def query(sql):
    return message(b"Q", cstr(sql))


def parse(sql, name="", param_types=()):
    body = cstr(name) + cstr(sql) + struct.pack("!H", len(param_types))
    body += b"".join(struct.pack("!I", t) for t in param_types)
    return message(b"P", body)


def bind(params=(), portal="", statement="", param_formats=(), result_formats=()):
    """params: bytes (already in the format the codes say) or None for NULL."""
    body = cstr(portal) + cstr(statement)
    body += struct.pack("!H", len(param_formats))
    body += b"".join(struct.pack("!h", f) for f in param_formats)
    body += struct.pack("!H", len(params))
    for p in params:
        body += struct.pack("!i", -1) if p is None else struct.pack("!i", len(p)) + p
    body += struct.pack("!H", len(result_formats))
    body += b"".join(struct.pack("!h", f) for f in result_formats)
    return message(b"B", body)


def describe(kind, name=""):
    """kind: b"S" (statement) or b"P" (portal)."""
    return message(b"D", kind + cstr(name))


def execute(portal="", max_rows=0):
    return message(b"E", cstr(portal) + struct.pack("!I", max_rows))


def close(kind, name=""):
    return message(b"C", kind + cstr(name))


def sync():
    return message(b"S")


def flush():
    return message(b"H")


def copy_data(data):
    return message(b"d", data)


def copy_done():
    return message(b"c")


def copy_fail(reason):
    return message(b"f", cstr(reason))


def terminate():
    return message(b"X")


# ---- backend message decoding -------------------------------------------------------------

def error_fields(body):
    fields = {}
    for part in body.split(b"\0"):
        if part:
            fields[chr(part[0])] = part[1:].decode()
    return fields


def data_row(body):
    """The column values of a DataRow: bytes, or None for NULL."""
    (count,) = struct.unpack_from("!H", body)
    pos, values = 2, []
    for _ in range(count):
        (length,) = struct.unpack_from("!i", body, pos)
        pos += 4
        if length < 0:
            values.append(None)
        else:
            values.append(body[pos:pos + length])
            pos += length
    return values


def row_description(body):
    """(name, table_oid, column, type_oid, typlen, typmod, format) per column."""
    (count,) = struct.unpack_from("!H", body)
    pos, columns = 2, []
    for _ in range(count):
        end = body.index(b"\0", pos)
        name = body[pos:end].decode()
        pos = end + 1
        fields = struct.unpack_from("!IhIhih", body, pos)
        pos += 18
        columns.append((name,) + fields)
    return columns


def command_tag(body):
    return body.rstrip(b"\0").decode()


# ---- the connection -----------------------------------------------------------------------

class WireClient:
    """One session. After connect(): pid, key (BackendKeyData), parameters."""

    def __init__(self, host, port, user, database="postgres", password=None, timeout=60.0,
                 options=None):
        self.host, self.port, self.user, self.database = host, port, user, database
        self.password = password
        self.timeout = timeout
        self.options = options
        self.sock = None
        self.pid = self.key = None
        self.parameters = {}
        self.auth_requests = []  # the Authentication codes the server sent, in order
        self._buf = b""

    # -- raw I/O --
    def open_socket(self):
        self.sock = open_socket(self.host, self.port, self.timeout)
        return self

    def send(self, *msgs):
        self.sock.sendall(b"".join(msgs))

    def _recv_exact(self, n):
        while len(self._buf) < n:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise ConnectionError("server closed the connection")
            self._buf += chunk
        out, self._buf = self._buf[:n], self._buf[n:]
        return out

    def read(self):
        """The next message as (type byte as str, body)."""
        head = self._recv_exact(5)
        kind, length = head[:1].decode(), struct.unpack("!I", head[1:])[0]
        return kind, self._recv_exact(length - 4)

    def at_eof(self):
        """True when the server has closed the connection (reads nothing else)."""
        try:
            return self.sock.recv(1) == b""
        except ConnectionResetError:
            return True

    def read_until(self, kinds):
        """Messages up to and including the first whose type is in `kinds`."""
        out = []
        while True:
            msg = self.read()
            if msg[0] in ("N", "S", "A"):  # notices, ParameterStatus, notifications
                continue
            out.append(msg)
            if msg[0] in kinds:
                return out

    def read_until_ready(self):
        return self.read_until("Z")

    # -- start-up --
    def connect(self):
        self.open_socket()
        self.sock.sendall(startup_packet(self.user, self.database, self.options))
        while True:
            kind, body = self.read()
            if kind == "E":
                raise ServerError(error_fields(body))
            if kind == "R":
                self._authenticate(body)
            elif kind == "S":
                name, value = body.split(b"\0")[:2]
                self.parameters[name.decode()] = value.decode()
            elif kind == "K":
                self.pid, self.key = struct.unpack("!ii", body)
            elif kind == "Z":
                return self

    def _authenticate(self, body):
        (code,) = struct.unpack_from("!I", body)
        self.auth_requests.append(code)
        if code == 0:
            return
        password = self.password or ""
        if code == 3:
            self.send(message(b"p", cstr(password)))
        elif code == 5:
            inner = hashlib.md5((password + self.user).encode()).hexdigest()
            outer = hashlib.md5(inner.encode() + body[4:8]).hexdigest()
            self.send(message(b"p", cstr("md5" + outer)))
        elif code == 10:
            self._scram_start(body[4:])
        elif code == 11:
            self._scram_continue(body[4:])
        elif code == 12:
            if body[4:].decode() != "v=" + self._server_signature:
                raise ConnectionError("bad SCRAM server signature")
        else:
            raise ConnectionError("unsupported authentication request %d" % code)

    def _scram_start(self, mechanisms):
        if b"SCRAM-SHA-256\0" not in mechanisms:
            raise ConnectionError("no SCRAM-SHA-256 offered")
        self._nonce = base64.b64encode(os.urandom(18)).decode()
        self._client_first_bare = "n=,r=" + self._nonce
        first = ("n,," + self._client_first_bare).encode()
        self.send(message(b"p", cstr("SCRAM-SHA-256") + struct.pack("!i", len(first)) + first))

    def _scram_continue(self, server_first):
        attrs = dict(kv.split("=", 1) for kv in server_first.decode().split(","))
        salted = hashlib.pbkdf2_hmac("sha256", (self.password or "").encode(),
                                     base64.b64decode(attrs["s"]), int(attrs["i"]))
        client_key = hmac.new(salted, b"Client Key", hashlib.sha256).digest()
        stored_key = hashlib.sha256(client_key).digest()
        final_bare = "c=biws,r=" + attrs["r"]
        auth_message = ",".join([self._client_first_bare, server_first.decode(), final_bare])
        signature = hmac.new(stored_key, auth_message.encode(), hashlib.sha256).digest()
        proof = bytes(a ^ b for a, b in zip(client_key, signature))
        server_key = hmac.new(salted, b"Server Key", hashlib.sha256).digest()
        self._server_signature = base64.b64encode(
            hmac.new(server_key, auth_message.encode(), hashlib.sha256).digest()).decode()
        final = final_bare + ",p=" + base64.b64encode(proof).decode()
        self.send(message(b"p", final.encode()))

    # -- conveniences --
    def simple(self, sql):
        """Runs a simple Query; returns its messages up to ReadyForQuery."""
        self.send(query(sql))
        return self.read_until_ready()

    def close(self):
        if self.sock is not None:
            try:
                self.sock.sendall(terminate())
            except OSError:
                pass
            self.sock.close()
            self.sock = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def open_socket(host, port, timeout):
    """TCP, or the Unix socket in directory `host` when it starts with '/' (as libpq)."""
    if host.startswith("/"):
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.settimeout(timeout)
        s.connect("%s/.s.PGSQL.%d" % (host, port))
        return s
    return socket.create_connection((host, port), timeout=timeout)


def send_cancel(host, port, pid, key, timeout=30.0):
    """Sends a CancelRequest and waits until the server closes that connection, i.e. until
    it has acted on the request (it never answers one)."""
    with open_socket(host, port, timeout) as s:
        s.sendall(struct.pack("!IIii", 16, CANCEL_REQUEST_CODE, pid, key))
        while s.recv(1024):
            pass


def first_error(messages):
    """The ServerError of the first ErrorResponse in `messages`, or None."""
    for kind, body in messages:
        if kind == "E":
            return ServerError(error_fields(body))
    return None


def kinds(messages):
    """The message types as one string, e.g. "12DCZ" (for comparing whole flows)."""
    return "".join(kind for kind, _ in messages)
